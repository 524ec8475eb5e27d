"""Benchmark: the movements suite on Khlang's DuckDB engine against the one-scan floor (and GX on pandas).

Prints one JSON document with the ratios measured in this run. Every measurement runs in a fresh
process, so seconds include imports and peak RSS is that process's own.

    python bench/quality_bench.py [--rows 10000000] [--gx-rows 1000000] [--rounds 3] [--data DIR]

The floor and Khlang runs are interleaved for `--rounds` rounds and each figure is the median run (by
seconds of work), so a burst of load from another tenant of a shared machine moves one round, not the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import child_script

REPO = Path(__file__).resolve().parents[1]
SUITE = REPO / "expectations" / "stock_movements.json"

CHILD = r'''
import json, sys, time
t0 = time.perf_counter()
mode, data, suite_path = sys.argv[1], sys.argv[2], sys.argv[3]
if mode == "floor":
    import duckdb
    from khlang.quality.suite import load_suite
    suite = load_suite(suite_path)
    cols = sorted({c for e in suite.expectations
                   for c in (e.kwargs.get("column_list") or [e.column] if e.column else [])})
    t1 = time.perf_counter()
    con = duckdb.connect(config={"threads": 2})
    con.execute("SET enable_progress_bar = false")
    sel = ", ".join(f'sum(hash("{c}"))' for c in cols)
    con.execute(f"SELECT count(*), {sel} FROM read_parquet(?)", [data]).fetchone()
    extra = {"columns": cols}
elif mode == "khlang":
    from pathlib import Path
    from khlang.harvest.readers import duckdb_connection
    from khlang.quality.runner import run_suite
    from khlang.quality.suite import load_suite
    t1 = time.perf_counter()
    con = duckdb_connection([Path(data).parent])  # it reaches only the folders it is given
    con.execute("CREATE VIEW m AS SELECT * FROM read_parquet('" + data.replace("'", "''") + "')")
    results = run_suite(load_suite(suite_path), con, "m", "stock_movements")
    extra = {"failed_checks": sum(not r.success for r in results), "checks": len(results)}
elif mode == "gx_pandas":
    import great_expectations as gx
    import pandas as pd
    import khlang.quality.gx_custom  # noqa: F401
    doc = json.load(open(suite_path, encoding="utf-8"))
    t1 = time.perf_counter()
    df = pd.read_parquet(data)
    ctx = gx.get_context(mode="ephemeral")
    batch = (ctx.data_sources.add_pandas("p").add_dataframe_asset("a")
             .add_batch_definition_whole_dataframe("b").get_batch(batch_parameters={"dataframe": df}))
    suite = gx.ExpectationSuite(name="m", expectations=[{"type": e["type"], "kwargs": e["kwargs"]}
                                                        for e in doc["expectations"]])
    res = batch.validate(suite, result_format="SUMMARY")
    extra = {"failed_checks": sum(not r.success for r in res.results), "checks": len(res.results)}
t2 = time.perf_counter()
# VmHWM: this process's own peak RSS (ru_maxrss keeps the parent's across exec)
rss = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) * 1024
print(json.dumps({"seconds_total": t2 - t0, "seconds_work": t2 - t1, "peak_rss_bytes": rss, **extra}))
'''


def measure(mode: str, data: Path, rows: int) -> dict:
    """One fresh-process run of `mode` over `data`."""
    env = {**os.environ, "TQDM_DISABLE": "1", "PYTHONWARNINGS": "ignore"}
    script = child_script("quality_bench", CHILD)
    out = subprocess.run([sys.executable, script, mode, str(data), str(SUITE)], capture_output=True,
                         text=True, env=env, check=False)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        raise SystemExit(f"{mode} failed (exit {out.returncode}):\n{out.stdout[-1000:]}{out.stderr[-3000:]}")
    result = json.loads(lines[-1])
    result["rows"] = rows
    result["rows_per_second"] = rows / result["seconds_work"]
    result["peak_rss_gib"] = round(result["peak_rss_bytes"] / 2**30, 3)
    return result


def median_runs(modes: list[str], data: Path, rows: int, rounds: int) -> dict[str, dict]:
    """Each mode measured `rounds` times, interleaved; per mode the run with the median seconds of work."""
    runs: dict[str, list[dict]] = {m: [] for m in modes}
    for _ in range(rounds):
        for mode in modes:
            runs[mode].append(measure(mode, data, rows))
    out = {}
    for mode, got in runs.items():
        got.sort(key=lambda r: r["seconds_work"])
        out[mode] = {**got[len(got) // 2], "rounds_seconds_work": [round(r["seconds_work"], 3) for r in got]}
    return out


def sample(rows: int, root: Path) -> Path:
    """Generate (or reuse) a sample with `rows` movements; return the movements file."""
    out = root / f"sample-{rows}"
    movements = out / "transactional" / "stock_movements.parquet"
    if not movements.exists():
        # In its own process, so the generator's memory never counts in the measured processes.
        subprocess.run([sys.executable, "-m", "khlang.cli", "sample", "generate", "--rows", str(rows),
                        "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
    return movements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--gx-rows", type=int, default=1_000_000, help="0 skips GX on pandas")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the median run is reported")
    parser.add_argument("--data", type=Path, default=None, help="where samples are generated and kept")
    args = parser.parse_args()
    root = args.data or Path(tempfile.mkdtemp(prefix="khlang-bench-"))
    started = time.perf_counter()
    report: dict = {"suite": SUITE.name, "machine": {"cpus": os.cpu_count()}, "rounds": args.rounds}

    big = sample(args.rows, root)
    runs = median_runs(["floor", "khlang"], big, args.rows, args.rounds)
    floor, ours = runs["floor"], runs["khlang"]
    report["at_rows"] = {
        "rows": args.rows, "floor": floor, "khlang_duckdb": ours,
        "ratio_to_scan_floor": round(ours["seconds_work"] / floor["seconds_work"], 2),
        "ratio_to_scan_floor_including_imports": round(ours["seconds_total"] / floor["seconds_total"], 2),
    }
    if args.gx_rows:
        small = sample(args.gx_rows, root)
        runs = median_runs(["gx_pandas", "khlang", "floor"], small, args.gx_rows, args.rounds)
        gx_run, ours_small, floor_small = runs["gx_pandas"], runs["khlang"], runs["floor"]
        report["at_gx_rows"] = {
            "rows": args.gx_rows, "floor": floor_small, "khlang_duckdb": ours_small, "gx_pandas": gx_run,
            "ratio_to_scan_floor": round(ours_small["seconds_work"] / floor_small["seconds_work"], 2),
            "gx_over_khlang_seconds": round(gx_run["seconds_total"] / ours_small["seconds_total"], 2),
            "gx_over_khlang_rss": round(gx_run["peak_rss_bytes"] / ours_small["peak_rss_bytes"], 2),
            "same_failed_checks": gx_run["failed_checks"] == ours_small["failed_checks"],
        }
    report["bench_seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
