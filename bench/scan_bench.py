"""Benchmark: `catalog scan` memory stays flat as the movements file grows (streaming, spill to disk).

Each size is profiled in a fresh process; prints JSON with seconds, rows/s, peak RSS and the RSS
ratio between the largest and the smallest file.

    python bench/scan_bench.py [--rows 1000000 10000000 100000000] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r'''
import json, sys, time
t0 = time.perf_counter()
from khlang.harvest.scan import scan_location
[p] = scan_location(sys.argv[1])
t1 = time.perf_counter()
print(json.dumps({"seconds": t1 - t0, "row_count": p.row_count, "distinct_exact": p.distinct_exact,
                  "pii": {c.name: c.pii for c in p.columns if c.pii},
                  "peak_rss_bytes": int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) * 1024}))
'''


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000, 100_000_000])
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    root = args.data or Path(tempfile.mkdtemp(prefix="khlang-scan-bench-"))
    runs = []
    for rows in args.rows:
        out = root / f"sample-{rows}"
        movements = out / "transactional" / "stock_movements.parquet"
        if not movements.exists():
            subprocess.run([sys.executable, "-m", "khlang.cli", "sample", "generate", "--rows", str(rows),
                            "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
        res = subprocess.run([sys.executable, "-c", CHILD, str(movements)], capture_output=True, text=True, check=True)
        run = json.loads([line for line in res.stdout.splitlines() if line.startswith("{")][-1])
        run["rows"] = rows
        run["file_gib"] = round(movements.stat().st_size / 2**30, 3)
        run["rows_per_second"] = round(rows / run["seconds"])
        run["peak_rss_gib"] = round(run["peak_rss_bytes"] / 2**30, 3)
        runs.append(run)
    print(json.dumps({"runs": runs, "rss_ratio_largest_to_smallest":
                      round(runs[-1]["peak_rss_bytes"] / runs[0]["peak_rss_bytes"], 2),
                      "rows_ratio_largest_to_smallest": runs[-1]["rows"] / runs[0]["rows"]}, indent=2))


if __name__ == "__main__":
    main()
