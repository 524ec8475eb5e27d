"""`khlang lineage …`: dataset-level lineage from the declarations, and the OpenLineage events written."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from khlang.cli import command, emit, render_table
from khlang.commands._common import load_declared_catalog as _catalog
from khlang.config import settings
from khlang.errors import KhlangError


class UnknownDataset(KhlangError):
    """A dataset name that the catalogue does not declare."""

    exit_code = 2


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang lineage graph|events`"""
    lin = groups.add_parser("lineage", help="data lineage").add_subparsers(dest="name", required=True)
    graph = lin.add_parser("graph", help="a dataset's upstream and downstream (systems, datasets, reports, agencies)")
    graph.add_argument("dataset")
    graph.add_argument("--format", choices=["json", "table"], default="table")
    ev = lin.add_parser("events", help="OpenLineage run events written to the lineage folder, newest last")
    ev.add_argument("--dir", type=Path, default=None, help="default: KHLANG_LINEAGE_DIR or lineage/")
    ev.add_argument("--job", default=None, help="only this job")
    ev.add_argument("--format", choices=["json", "table"], default="table")


@command("lineage", "graph")
def lineage_graph(args: argparse.Namespace) -> int:
    catalog = _catalog()
    if args.dataset not in catalog.datasets:
        raise UnknownDataset(f"{args.dataset}: not a declared dataset (see `khlang catalog list`)")
    from khlang.lineage.graph import load_index

    data = load_index(catalog).graph(args.dataset).to_dict()

    def table(d: dict) -> str:
        labels = {n["id"]: n for n in d["nodes"]}
        rows = [{"side": "upstream" if e["from"] in d["upstream"] else "downstream",
                 "from": e["from"], "to": e["to"], "to_label": labels[e["to"]]["label"]} for e in d["edges"]]
        rows.sort(key=lambda r: (r["side"] != "upstream", r["from"], r["to"]))
        return render_table(rows, ["side", "from", "to", "to_label"])

    emit(data, args.format, table)
    return 0


@command("lineage", "events")
def lineage_events(args: argparse.Namespace) -> int:
    directory = args.dir or settings().lineage_dir
    rows = []
    for path in sorted(directory.glob("*.json")) if directory.is_dir() else []:
        try:
            event = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise KhlangError(f"{path}: not an OpenLineage event file ({exc})") from None
        job = event.get("job", {}).get("name")
        if args.job and job != args.job:
            continue
        rows.append({"time": event.get("eventTime"), "job": job, "event": event.get("eventType"),
                     "run_id": event.get("run", {}).get("runId"),
                     "inputs": [f"{d['namespace']}/{d['name']}" for d in event.get("inputs") or []],
                     "outputs": [f"{d['namespace']}/{d['name']}" for d in event.get("outputs") or []],
                     "file": path.name})
    emit(rows, args.format, lambda rs: render_table(
        [dict(r, inputs=len(r["inputs"]), outputs=len(r["outputs"])) for r in rs],
        ["time", "job", "event", "run_id", "inputs", "outputs"]))
    return 0
