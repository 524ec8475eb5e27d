"""Weekly linkage register: validate linkages.yaml, check it (findings kept in the store), rebuild the report.

สงพท.-08. Wiring only: the work is in khlang.linkage.tasks, imported inside each task. The check is made
as of the run's date in Asia/Bangkok (its data interval end), so re-running a run gives the same findings;
`--conf '{"as_of": "2569-11-25"}'` checks another day.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import DAG, Param, task

with DAG(
    dag_id="khlang_linkage",
    description="สงพท.-08: register of data linkages with external agencies",
    schedule="0 7 * * 1",  # Mondays 07:00 Asia/Bangkok, before the week's work starts
    start_date=pendulum.datetime(2026, 1, 5, tz="Asia/Bangkok"),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": pendulum.duration(minutes=5)},
    params={"as_of": Param(None, type=["null", "string"], description="date to check on (C.E. or B.E.)")},
    tags=["khlang", "linkage", "สงพท.-08"],
) as dag:

    @task
    def validate(run_id: str | None = None) -> dict:
        from khlang.linkage import tasks

        return tasks.validate(run_id)

    @task
    def check(_valid: dict, run_id: str | None = None, params: dict | None = None,
              data_interval_end=None, logical_date=None) -> dict:  # noqa: ANN001
        from khlang.dates import run_day
        from khlang.linkage import tasks

        return tasks.check(run_id, run_day(params, data_interval_end, logical_date))

    @task
    def report(_checked: dict, run_id: str | None = None, params: dict | None = None,
               data_interval_end=None, logical_date=None) -> str:  # noqa: ANN001
        from khlang.dates import run_day
        from khlang.linkage import tasks

        return tasks.report(run_id, run_day(params, data_interval_end, logical_date))

    report(check(validate()))
