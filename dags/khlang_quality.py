"""Quality, consistency and security checks, run whenever the catalogue snapshot is updated.

One mapped task per dataset, so a failing dataset is isolated and retried on its own; the run ends by
rebuilding the catalogue site (the same task as khlang_catalog's), so its scores and failing checks are current.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import DAG, Param, task

from khlang.assets import CATALOG_SNAPSHOT, QUALITY_RESULTS

with DAG(
    dag_id="khlang_quality",
    description="สงพท.-11 step 9: quality, consistency and security checks and scores",
    schedule=[CATALOG_SNAPSHOT],
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Bangkok"),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": pendulum.duration(minutes=5)},
    tags=["khlang", "quality", "สงพท.-11"],
    # The quality engine for this run (duckdb, postgresql, mysql …); empty: each source's own engine.
    params={"engine": Param(None, type=["null", "string"], description="quality engine / เครื่องมือตรวจคุณภาพ"),
            # Values of the suites' {"$PARAMETER": NAME} kwargs, e.g. {"max_date": "2026-12-31"}.
            "suite_params": Param({}, type="object", description="suite parameters / พารามิเตอร์ของชุดตรวจ"),
            # Only these datasets (e.g. ["stock_movements"] to re-check one); empty: every declared dataset.
            "datasets": Param([], type="array", items={"type": "string"},
                              description="datasets to check (empty: all) / ชุดข้อมูลที่ตรวจ (ว่าง: ทั้งหมด)")},
) as dag:

    @task
    def datasets(params: dict | None = None) -> list[str]:
        from khlang.quality import tasks

        return tasks.datasets((params or {}).get("datasets") or None)

    @task(max_active_tis_per_dag=2)
    def check(dataset: str, run_id: str | None = None, params: dict | None = None) -> dict:
        from khlang.quality import tasks

        return tasks.check(dataset, run_id, (params or {}).get("engine"), (params or {}).get("suite_params") or None)

    @task
    def security(run_id: str | None = None) -> dict:
        from khlang.quality import tasks

        return tasks.security(run_id)

    @task(outlets=[QUALITY_RESULTS], trigger_rule="all_done")
    def scores(_checked: list[dict], _security: dict, chosen: list[str], run_id: str | None = None) -> dict:
        from khlang.quality import tasks

        return tasks.scores(run_id, chosen)

    @task
    def site(_scored: dict) -> str:
        from khlang.catalog import tasks

        return tasks.site()

    chosen = datasets()  # the run's datasets: checked one task each, then scored and the run completed
    site(scores(check.expand(dataset=chosen), security(), chosen))
