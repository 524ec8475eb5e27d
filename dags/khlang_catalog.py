"""Daily catalogue: scan every declared source, store a snapshot, rebuild the catalogue site.

Wiring only: the work is in khlang.catalog.tasks, imported inside each task.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import DAG, task

from khlang.assets import CATALOG_SNAPSHOT

with DAG(
    dag_id="khlang_catalog",
    description="สงพท.-11: data catalogue harvest, snapshot and site",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Bangkok"),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": pendulum.duration(minutes=5)},
    tags=["khlang", "catalog", "สงพท.-11"],
) as dag:

    @task
    def scan(run_id: str | None = None) -> str:
        from khlang.catalog import tasks

        return tasks.scan(run_id)

    @task(outlets=[CATALOG_SNAPSHOT])
    def sync(harvest_file: str, run_id: str | None = None) -> dict:
        from khlang.catalog import tasks

        return tasks.sync(run_id, harvest_file)

    @task
    def site(_summary: dict) -> str:
        from khlang.catalog import tasks

        return tasks.site()

    site(sync(scan()))
