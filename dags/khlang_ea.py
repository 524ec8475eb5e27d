"""Monthly EA checks (สงพท.-10): validate systems.yaml and ea.yaml, run the EA checks and the gap analysis
(kept in the store; the issue sync opens their issues, the committee report shows them), rebuild the EA book.

Wiring only: the work is in khlang.ea.gaps_tasks, imported inside each task. The check is made as of the
run's date in Asia/Bangkok (its data interval end); `--conf '{"as_of": "2569-12-01"}'` checks another day
and `{"version": "EA2570"}` names the book.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import DAG, Param, task

with DAG(
    dag_id="khlang_ea",
    description="สงพท.-10: enterprise architecture checks, gap analysis and the EA book",
    schedule="0 6 1 * *",  # the 1st of every month, 06:00 Asia/Bangkok
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Bangkok"),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": pendulum.duration(minutes=5)},
    params={"as_of": Param(None, type=["null", "string"], description="date to check on (C.E. or B.E.)"),
            "version": Param(None, type=["null", "string"], description="the EA version the book is of"),
            "pdf": Param(True, type="boolean", description="print the book's PDF")},
    tags=["khlang", "ea", "สงพท.-10"],
) as dag:

    @task
    def validate(run_id: str | None = None) -> dict:
        from khlang.ea import gaps_tasks

        return gaps_tasks.validate(run_id)

    @task
    def check(_valid: dict, run_id: str | None = None, params: dict | None = None,
              data_interval_end=None, logical_date=None) -> dict:  # noqa: ANN001
        from khlang.dates import run_day
        from khlang.ea import gaps_tasks

        return gaps_tasks.check(run_id, run_day(params, data_interval_end, logical_date))

    @task
    def book(_checked: dict, run_id: str | None = None, params: dict | None = None,
             data_interval_end=None, logical_date=None) -> str:  # noqa: ANN001
        from khlang.dates import run_day
        from khlang.ea import gaps_tasks

        chosen = params or {}
        return gaps_tasks.book(run_id, run_day(params, data_interval_end, logical_date), chosen.get("version"),
                               bool(chosen.get("pdf", True)))

    book(check(validate()))
