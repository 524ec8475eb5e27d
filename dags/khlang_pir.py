"""Monthly Post-Implementation Reviews (สงพท.-03): open PIRs as they fall due, remind when overdue,
score recorded satisfaction surveys and write each system's PIR report.

Wiring only: the work is in khlang.pir.tasks, imported inside each task. The run's logical date
(in Asia/Bangkok) is the day the schedule is judged on, so a re-run gives the same result.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import DAG, task

with DAG(
    dag_id="khlang_pir",
    description="สงพท.-03: post-implementation reviews six months after go-live",
    schedule="@monthly",
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Bangkok"),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": pendulum.duration(minutes=10)},
    tags=["khlang", "pir", "สงพท.-03"],
) as dag:

    @task
    def open_due(run_id: str | None = None, logical_date=None) -> dict:  # noqa: ANN001
        """Open a review (store row + event) for every system whose PIR has fallen due."""
        from khlang.pir import tasks

        return tasks.open_due(run_id, logical_date)

    @task
    def remind_overdue(_opened: dict, run_id: str | None = None, logical_date=None) -> dict:  # noqa: ANN001
        """Log and record a reminder for every open PIR past its month of grace."""
        from khlang.pir import tasks

        return tasks.remind(run_id, logical_date)

    @task
    def score(_reminded: dict, run_id: str | None = None) -> dict:
        """Score recorded surveys: mean and distribution per question, response rate per unit."""
        from khlang.pir import tasks

        return tasks.score(run_id)

    @task
    def reports(_scored: dict, logical_date=None) -> list[str]:  # noqa: ANN001
        """Write reports/pir/<system>/index.html for every open, due or recorded PIR."""
        from khlang.pir import tasks

        return tasks.reports(logical_date)

    reports(score(remind_overdue(open_due())))
