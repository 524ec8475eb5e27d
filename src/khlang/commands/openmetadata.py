"""`khlang openmetadata config|ingest`: the workflow config for OpenMetadata, and running it.

Nothing here imports the SDK at parse time: `ingest` loads it (~20-40 s) only when it runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from khlang.cli import command, emit


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang openmetadata config|ingest`"""
    om = groups.add_parser("openmetadata", help="send the catalogue, owners, tags, quality and lineage to OpenMetadata")
    sub = om.add_subparsers(dest="name", required=True)
    cfg = sub.add_parser("config", help="write the workflow config (the same file `metadata ingest -c` runs)")
    cfg.add_argument("--server", default=None, help="OpenMetadata API, default http://localhost:8585/api")
    cfg.add_argument("--out", type=Path, default=None, help="write here (e.g. khlang.yaml); default: print")
    cfg.add_argument("--file-sink", type=Path, default=None,
                     help="send records to this JSON file instead of the server (offline references)")
    run = sub.add_parser("ingest", help="run OpenMetadata's metadata workflow with Khlang's source")
    run.add_argument("-c", "--config", type=Path, default=None,
                     help="workflow config file; default: KHLANG_OPENMETADATA_CONFIG, else khlang.yaml")
    run.add_argument("--format", choices=["json", "table"], default="table")


@command("openmetadata", "config")
def openmetadata_config(args: argparse.Namespace) -> int:
    from khlang.atomic import write_text
    from khlang.openmetadata.config import DEFAULT_SERVER, to_yaml, workflow_config

    text = to_yaml(workflow_config(args.server or DEFAULT_SERVER, args.file_sink))
    if args.out is None:
        sys.stdout.write(text)
    else:
        write_text(args.out, text)
        sys.stdout.write(f"{args.out}: written (run it with `khlang openmetadata ingest -c {args.out}`)\n")
    return 0


@command("openmetadata", "ingest")
def openmetadata_ingest(args: argparse.Namespace) -> int:
    import os

    from khlang.openmetadata.tasks import CONFIG_VARIABLE, ingest

    path = args.config or Path(os.environ.get(CONFIG_VARIABLE) or "khlang.yaml")
    summary = ingest(path).to_dict()
    emit(summary, args.format, lambda s: "".join(f"{k}: {v}\n" for k, v in s.items()))
    return 0
