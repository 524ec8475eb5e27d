"""Benchmark: the movements suite on each quality engine, and the same counts from every run.

DuckDB over the Parquet file; Spark on a local standalone cluster (one master, 1 and 2 workers, started
from PySpark's own scripts as in the tests), and GX 1.x's own Spark datasource on the 2-worker cluster;
PostgreSQL by pushdown (the suite runs in the server, only counts come back) against pulling the table into
DuckDB and checking it there. Every measurement runs in
a fresh process; peak memory is that process's own peak RSS plus, for Spark, the peak summed RSS of the
cluster's JVMs (master, workers, executors) sampled every 0.2 s.

    python bench/engines_bench.py [--rows 10000000] [--pg-rows 10000000] [--data DIR] [--skip-pg]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from benchlib import child_script

REPO = Path(__file__).resolve().parents[1]
SUITE = REPO / "expectations" / "stock_movements.json"
PG_ADMIN_URL = os.environ.get("KHLANG_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
sys.path.insert(0, str(REPO / "tests"))

CHILD = r'''
import json, sys, time
t0 = time.perf_counter()
mode, data, suite_path = sys.argv[1], sys.argv[2], sys.argv[3]
from khlang.quality.runner import run_on, run_suite
from khlang.quality.suite import load_suite
suite = load_suite(suite_path)
t1 = time.perf_counter()
if mode == "duckdb":
    from pathlib import Path
    from khlang.harvest.readers import duckdb_connection
    con = duckdb_connection([Path(data).parent])
    con.execute("CREATE VIEW m AS SELECT * FROM read_parquet('" + data.replace("'", "''") + "')")
    results = run_suite(suite, con, "m", "stock_movements")
elif mode == "spark":
    from khlang import spark as sessions
    from khlang.quality.engines.spark import SparkEngine
    spark = sessions.session()
    t1 = time.perf_counter()  # the session (JVM, executors) is set-up, not the suite's work
    with SparkEngine(spark, spark.read.parquet(data)) as eng:
        results = run_on(suite, eng, "stock_movements")
    sessions.stop()
elif mode == "gx_spark":  # GX 1.x's own Spark datasource, on the same cluster
    import great_expectations as gx
    from khlang import spark as sessions
    spark = sessions.session()
    t1 = time.perf_counter()
    doc = json.load(open(suite_path, encoding="utf-8"))
    ctx = gx.get_context(mode="ephemeral")
    batch = (ctx.data_sources.add_spark("s").add_dataframe_asset("a").add_batch_definition_whole_dataframe("b")
             .get_batch(batch_parameters={"dataframe": spark.read.parquet(data)}))
    gx_suite = gx.ExpectationSuite(name="m", expectations=[{"type": e["type"], "kwargs": e["kwargs"]}
                                                           for e in doc["expectations"]])
    res = batch.validate(gx_suite, result_format="SUMMARY")
    t2 = time.perf_counter()
    # VmHWM: this process's own peak RSS (ru_maxrss keeps the parent's across exec)
    rss = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) * 1024
    # GX returns results in its own order: match each to the suite's entry (one per type and column here)
    by_key = {(r.expectation_config.type, r.expectation_config.kwargs.get("column")): r for r in res.results}
    got = [by_key[(e["type"], e["kwargs"].get("column"))] for e in doc["expectations"]]
    counts = [[suite.check_id(i), r.success, r.result.get("element_count"), r.result.get("unexpected_count")]
              for i, r in enumerate(got)]
    errors = [r.exception_info for r in res.results if r.exception_info.get("raised_exception")]
    sessions.stop()
    print(json.dumps({"seconds_total": t2 - t0, "seconds_work": t2 - t1, "peak_rss_bytes": rss, "counts": counts,
                      "gx_errors": len(errors)}))
    sys.exit(0)
elif mode == "pg_pushdown":
    from khlang.quality.engines.servers import PostgresEngine
    with PostgresEngine(data, "stock_movements") as eng:
        results = run_on(suite, eng, "stock_movements")
elif mode == "pg_pull_duckdb":
    from khlang.harvest.readers import duckdb_connection
    from khlang.quality.relations import Relations
    rel = Relations(None, "/", duckdb_connection())
    from khlang.harvest.readers import PostgresReader
    rel.load_arrow('"m"', rel.server_batches("postgres", PostgresReader, data, "stock_movements"))
    results = run_suite(suite, rel.con, '"m"', "stock_movements")
t2 = time.perf_counter()
# VmHWM: this process's own peak RSS (ru_maxrss keeps the parent's across exec)
rss = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) * 1024
counts = [[r.check, r.success, r.element_count, r.unexpected_count] for r in results]
print(json.dumps({"seconds_total": t2 - t0, "seconds_work": t2 - t1, "peak_rss_bytes": rss, "counts": counts}))
'''


class JvmMemory:
    """Samples the summed RSS of the Java processes whose command line names `marker` (a cluster's folder)."""

    def __init__(self, marker: str):
        self.marker = marker
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self) -> int:
        total = 0
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
                if b"java" not in cmd or self.marker.encode() not in cmd:
                    continue
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            except OSError:
                continue
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            time.sleep(0.2)

    def __enter__(self) -> JvmMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def measure(mode: str, data: str, rows: int, env: dict | None = None) -> dict:
    """One fresh-process run of `mode` over `data` (a file or a PostgreSQL URL)."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "PYTHONWARNINGS": "ignore", "TQDM_DISABLE": "1",
           **(env or {})}
    script = child_script("engines_bench", CHILD)
    out = subprocess.run([sys.executable, script, mode, data, str(SUITE)], capture_output=True, text=True,
                         env=env, check=False)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        raise SystemExit(f"{mode} failed (exit {out.returncode}):\n{out.stdout[-1000:]}{out.stderr[-3000:]}")
    result = json.loads(lines[-1])
    result["rows"] = rows
    result["peak_rss_gib"] = round(result["peak_rss_bytes"] / 2**30, 3)
    print(json.dumps({mode: _brief(result)}), file=sys.stderr, flush=True)  # each run as it ends
    return result


def on_cluster(workers: int, data: Path, rows: int, root: Path, mode: str = "spark") -> dict:
    """The suite (`mode`: Khlang's Spark engine, or GX's Spark datasource) on a fresh standalone cluster of
    `workers` workers (1 core, 1 GiB each)."""
    from spark_support import StandaloneCluster

    folder = root / f"spark-{workers}-{uuid.uuid4().hex[:6]}"
    with StandaloneCluster(folder, workers=workers, memory="1g") as cluster, JvmMemory(str(folder)) as jvm:
        conf = f"spark.executor.memory=768m,spark.local.dir={folder / 'local'}"
        result = measure(mode, str(data), rows, {"KHLANG_SPARK_MASTER": cluster.url, "KHLANG_SPARK_CONF": conf})
    result["cluster_jvm_peak_rss_gib"] = round(jvm.peak / 2**30, 3)
    result["peak_rss_gib"] = round((result["peak_rss_bytes"] + jvm.peak) / 2**30, 3)
    return result


def sample(rows: int, root: Path) -> Path:
    """Generate (or reuse) a sample with `rows` movements; return the movements file."""
    out = root / f"sample-{rows}"
    movements = out / "transactional" / "stock_movements.parquet"
    if not movements.exists():
        subprocess.run([sys.executable, "-m", "khlang.cli", "sample", "generate", "--rows", str(rows),
                        "--out", str(out)], check=True, stdout=subprocess.DEVNULL,
                       env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    return movements


def load_postgres(movements: Path, rows: int) -> tuple[str, str]:
    """A fresh PostgreSQL database holding the first `rows` movements; (its URL, its name)."""
    import duckdb
    import psycopg

    name = f"khlang_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    con = duckdb.connect()
    rel = con.sql(f"SELECT * FROM read_parquet('{movements}') LIMIT {int(rows)}")
    types = {"VARCHAR": "text", "BIGINT": "bigint", "INTEGER": "integer", "DOUBLE": "double precision",
             "DATE": "date", "TIMESTAMP": "timestamp", "BOOLEAN": "boolean"}
    cols = ", ".join(f'"{c}" {types.get(str(t).split("(")[0], "text" if "DECIMAL" not in str(t) else str(t))}'
                     for c, t in zip(rel.columns, rel.types))
    csv = movements.parent / f"{name}.csv"
    rel.write_csv(str(csv), header=False)
    with psycopg.connect(url, autocommit=True) as pg:
        pg.execute(f"CREATE TABLE stock_movements ({cols})")
        with pg.cursor().copy("COPY stock_movements FROM STDIN (FORMAT csv)") as copy, open(csv, "rb") as f:
            while chunk := f.read(1 << 20):
                copy.write(chunk)
        pg.execute("ANALYZE stock_movements")
    csv.unlink()
    return url, name


def drop_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _brief(r: dict) -> dict:
    return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in r.items() if k != "counts"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--pg-rows", type=int, default=None, help="rows loaded into PostgreSQL (default --rows)")
    parser.add_argument("--data", type=Path, default=None, help="where samples are generated and kept")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-spark", action="store_true")
    args = parser.parse_args()
    root = args.data or Path(tempfile.mkdtemp(prefix="khlang-bench-"))
    started = time.perf_counter()
    movements = sample(args.rows, root)
    runs: dict[str, dict] = {"duckdb": measure("duckdb", str(movements), args.rows)}
    if not args.skip_spark:
        runs["spark_1_worker"] = on_cluster(1, movements, args.rows, root)
        runs["spark_2_workers"] = on_cluster(2, movements, args.rows, root)
        runs["gx_on_spark_2_workers"] = on_cluster(2, movements, args.rows, root, "gx_spark")
    report: dict = {"suite": SUITE.name, "rows": args.rows, "machine": {"cpus": os.cpu_count()}}
    base = runs["duckdb"]
    report["file_engines"] = {k: _brief(v) for k, v in runs.items()}
    report["ratios_to_duckdb"] = {k: round(v["seconds_work"] / base["seconds_work"], 2) for k, v in runs.items()}
    report["same_counts"] = all(v["counts"] == base["counts"] for v in runs.values())
    if not args.skip_pg:
        pg_rows = args.pg_rows or args.rows
        url, name = load_postgres(movements, pg_rows)
        try:
            push = measure("pg_pushdown", url, pg_rows)
            pull = measure("pg_pull_duckdb", url, pg_rows)
        finally:
            drop_postgres(name)
        report["postgresql"] = {"rows": pg_rows, "pushdown": _brief(push), "pull_into_duckdb": _brief(pull),
                                "pull_over_pushdown_seconds": round(pull["seconds_work"] / push["seconds_work"], 2),
                                "same_counts": push["counts"] == pull["counts"]}
    report["bench_seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
