"""Governance issues, policy compliance and the committee report, whenever quality results land.

sync (open, resolve, reopen issues; escalate overdue ones) → compliance (policy rules and the step-8
measures) → summary (the committee report and the Director's summary for the current quarter) → notify
(digests, escalations, decisions waiting for the Director, the published report; a mail server that is
down fails nothing: the unsent go out on the next run) → site (the catalogue site rebuilt with the issues and
the new committee report, the same task as khlang_catalog's).
Scheduled on the quality results Asset; triggered by hand it works on whatever the store holds.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import DAG, task

from khlang.assets import QUALITY_RESULTS


def _moment(dag_run) -> str | None:  # noqa: ANN001
    """When the run was due, as ISO text: the tasks take its Bangkok date as their as-of date."""
    when = getattr(dag_run, "run_after", None) or getattr(dag_run, "logical_date", None)
    return when.isoformat() if when else None


with DAG(
    dag_id="khlang_issues",
    description="สงพท.-11 steps 8, 10, 11: issues, root causes, policy compliance, report to the Director",
    schedule=[QUALITY_RESULTS],
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Bangkok"),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": pendulum.duration(minutes=5)},
    tags=["khlang", "governance", "สงพท.-11"],
) as dag:

    @task
    def sync(run_id: str | None = None, dag_run=None) -> dict:  # noqa: ANN001
        from khlang.governance import tasks

        return tasks.sync(run_id, _moment(dag_run))

    @task
    def compliance(_synced: dict, run_id: str | None = None, dag_run=None) -> dict:  # noqa: ANN001
        from khlang.governance import tasks

        return tasks.compliance(run_id, _moment(dag_run))

    @task
    def summary(_checked: dict, dag_run=None) -> dict:  # noqa: ANN001
        from khlang.governance import tasks

        return tasks.summary(_moment(dag_run))

    @task
    def notify(_summarised: dict, run_id: str | None = None, dag_run=None) -> dict:  # noqa: ANN001
        from khlang.notify import tasks

        return tasks.notify(run_id, _moment(dag_run))

    @task
    def site(_notified: dict) -> str:
        from khlang.catalog import tasks

        return tasks.site()

    site(notify(summary(compliance(sync()))))
