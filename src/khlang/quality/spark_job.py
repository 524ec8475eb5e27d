"""The driver spark-submit runs for one dataset's checks (see khlang.quality.spark_submit).

    spark-submit spark_job.py DATASET RUN_KEY SUITE_PARAMS_JSON SUMMARY_PATH
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    dataset, run_key, params, summary = argv
    from khlang import spark as sessions

    # The session takes the master (from the Airflow connection) and the name spark-submit was given.
    os.environ[sessions.SUBMITTED_ENV] = "1"
    from khlang.quality.tasks import run_checks

    try:
        out = run_checks(dataset, run_key, "spark", json.loads(params) or None)
    finally:
        sessions.stop()
    tmp = Path(summary).with_suffix(".tmp")
    tmp.write_text(json.dumps(out), encoding="utf-8")
    tmp.replace(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
