"""`khlang quality …`: run checks and read scores."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from khlang.cli import command, emit, render_table
from khlang.errors import KhlangError

RESULT_FIELDS = ("type", "column", "success", "element_count", "unexpected_count", "dimension")


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang quality run|scores`"""
    q = groups.add_parser("quality", help="quality, consistency and security checks").add_subparsers(
        dest="name", required=True)
    run = q.add_parser("run", help="run checks (all datasets, one dataset, or a suite on a file)")
    run.add_argument("--dataset", default=None, help="a declared dataset: its suite and consistency checks")
    run.add_argument("--suite", type=Path, default=None, help="a GX suite JSON file (with --data)")
    run.add_argument("--data", type=Path, default=None, help="a Parquet/CSV file to check (with --suite)")
    run.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                     help="a suite parameter ({\"$PARAMETER\": NAME} in a suite's kwargs); repeat for more")
    run.add_argument("--run-key", default=None, help="idempotency key (Airflow passes its run id)")
    run.add_argument("--engine", default=None,
                     help="quality engine for this run: duckdb, spark, postgresql, mysql (default: each source's "
                          "engine: in sources.yaml, else pushdown for PostgreSQL/MySQL sources, else duckdb)")
    run.add_argument("--format", choices=["json", "table"], default="table")
    sc = q.add_parser("scores", help="the newest scores per dataset and dimension")
    sc.add_argument("--dataset", default=None)
    sc.add_argument("--history", action="store_true", help="include the overall score of every run")
    sc.add_argument("--format", choices=["json", "table"], default="table")


def _shape(suite: str | None, dataset: str, results: list) -> dict:
    return {
        "suite": suite, "dataset": dataset, "success": all(r.success for r in results),
        "results": [{**{k: getattr(r, k) for k in RESULT_FIELDS}, "kind": r.kind, "check": r.check,
                     "severity": r.severity, "weight": r.weight, "observed": r.observed} for r in results],
    }


def _table(d: dict) -> str:
    blocks = d.get("datasets", [d])
    out = []
    for b in blocks:
        ok = "PASS" if b["success"] else "FAIL"
        out.append(f"{b['dataset']} ({b['suite'] or 'no suite'}): {ok}\n")
        rows = [{**r, "success": "ok" if r["success"] else "FAIL"} for r in b["results"]]
        out.append(render_table(rows, ["kind", "check", "dimension", "success", "element_count", "unexpected_count"]))
        out.append("\n")
    for name, reason in d.get("unreadable", {}).items():
        out.append(f"อ่านข้อมูลไม่ได้ / could not read {name}: {reason}\n")
    return "".join(out)


@command("quality", "run")
def quality_run(args: argparse.Namespace) -> int:
    from khlang.dates import utcnow
    from khlang.quality.suite import parse_param

    run_key = args.run_key or f"manual__{utcnow().isoformat()}"
    params = dict(parse_param(t) for t in args.param)
    if params and not (args.suite or args.dataset):
        raise KhlangError("--param goes with --dataset or --suite")
    if args.suite or args.data:
        if not (args.suite and args.data):
            raise KhlangError("--suite and --data go together")
        if _engine(args) not in (None, "duckdb", "spark"):
            raise KhlangError("--suite/--data checks a file: on the duckdb or spark engine (a declared dataset "
                              "in a database can use --engine postgresql or mysql)")
        data = _adhoc(args.suite, args.data, params, _engine(args) or "duckdb")
    elif args.dataset:
        from khlang.config import settings
        from khlang.quality.service import check_dataset
        from khlang.quality.suite import suites_by_dataset

        suites = suites_by_dataset(settings().expectations_dir, params)
        results = check_dataset(args.dataset, run_key, suites=suites, engine=_engine(args))
        suite = suites.get(args.dataset)
        data = _shape(suite.name if suite else None, args.dataset, results)
    else:
        from khlang.config import settings
        from khlang.quality.service import check_everything
        from khlang.quality.suite import suites_by_dataset

        everything = check_everything(run_key, engine=_engine(args))
        suites = suites_by_dataset(settings().expectations_dir)
        blocks = [_shape(suites[n].name if n in suites else None, n, rs) for n, rs in everything["datasets"].items()]
        security = everything["security"]
        blocks.append(_shape(None, "(security)", security))
        data = {"run_key": run_key, "success": all(b["success"] for b in blocks), "datasets": blocks,
                "unreadable": everything["unreadable"], "scores": everything["scores"]["organisation"]}
    emit(data, args.format, _table)
    return 0


def _engine(args: argparse.Namespace) -> str | None:
    """The run's --engine, checked against the registered engines (an unknown one lists the known)."""
    name = getattr(args, "engine", None)
    if name is not None:
        from khlang.quality.engines import ENGINES

        ENGINES[name]  # noqa: B018 - UnknownEntry names the known engines
    return name


def _adhoc(suite_path: Path, data_path: Path, params: dict | None = None, engine: str = "duckdb") -> dict:
    """A suite over one file, outside the catalogue, on DuckDB or Spark; nothing is stored."""
    from khlang.harvest.readers import FilesReader, literal
    from khlang.quality.runner import run_on, run_suite
    from khlang.quality.suite import load_suite

    suite = load_suite(suite_path, params or {})
    with FilesReader(data_path) as reader:
        tables = reader.tables()
        if not tables:
            raise KhlangError(f"{data_path}: not a Parquet or CSV file")
        [table] = tables
        if engine == "spark":  # Spark reads the file itself (a CSV with the column types DuckDB's sniffer finds)
            from khlang import spark as sessions
            from khlang.quality.engines.spark import SparkEngine, read_file

            spark = sessions.session()
            with SparkEngine(spark, read_file(spark, reader, table)) as eng:
                results = run_on(suite, eng, data_path.stem)
        else:
            sql, bound = reader.relation_sql(table)
            # A view cannot take a bound parameter.
            reader.con.execute(f"CREATE TEMP VIEW adhoc AS SELECT * FROM {sql.replace('$p', literal(bound['p']))}")
            results = run_suite(suite, reader.con, "adhoc", data_path.stem)
    return _shape(suite.name, data_path.stem, results)


@command("quality", "scores")
def quality_scores(args: argparse.Namespace) -> int:
    from khlang.commands._common import open_configured_store
    from khlang.quality.records import latest_results
    from khlang.quality.scores import compute, history, organisation

    store = open_configured_store()
    scores = compute(latest_results(store, args.dataset))
    data = {"organisation": organisation(scores), "datasets": scores}
    if args.history:
        data["history"] = history(store, args.dataset)
    if not scores:
        sys.stderr.write("khlang: no quality results yet (run `khlang quality run`)\n")

    def table(d: dict) -> str:
        dims = ["overall", "completeness", "validity", "uniqueness", "consistency", "timeliness", "accuracy",
                "security"]
        rows = [{"dataset": ds, **{k: (v[k]["score"] if k in v else "") for k in dims}}
                for ds, v in d["datasets"].items()]
        rows.append({"dataset": "(organisation)", **{k: d["organisation"].get(k) for k in dims}})
        return render_table(rows, ["dataset", *dims])

    emit(data, args.format, table)
    return 0
