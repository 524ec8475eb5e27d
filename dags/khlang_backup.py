"""Daily backup verification; monthly restore tests and program backup check; monthly/quarterly report.

สงบข.-04 (backup, size check, record the change in size), สงบข.-05 (restore test), สงพท.-06 (monthly
program backup with a file check). Wiring only: the work is in khlang.backup.tasks, imported inside
each task. The monthly duties run in the first daily run that finds them not yet done (or not yet
passed) this month, so a missed day is made up the next day.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import DAG, task

with DAG(
    dag_id="khlang_backup",
    description="สงบข.-04/-05, สงพท.-06: backup verification, restore tests, program backups, audit report",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Bangkok"),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": pendulum.duration(minutes=10)},
    tags=["khlang", "backup", "สงบข.-04", "สงบข.-05", "สงพท.-06"],
) as dag:

    @task
    def take_backups(run_id: str | None = None, logical_date=None) -> dict:  # noqa: ANN001
        """Make the backups Khlang is declared to take (taken_by: khlang) that are due."""
        from khlang.backup import tasks

        return tasks.take_backups(run_id, logical_date)

    @task
    def verify_databases(_taken: dict, run_id: str | None = None, logical_date=None) -> dict:  # noqa: ANN001
        """Daily: every database backup there, on time, the expected size, intact, kept as declared."""
        from khlang.backup import tasks

        result = tasks.verify_targets(run_id, logical_date, part="database")
        return {"ok": result["ok"], "findings": sum(len(t["findings"]) for t in result["targets"])}

    @task
    def restore_tests(_verified: dict, run_id: str | None = None, logical_date=None) -> dict:  # noqa: ANN001
        """Monthly: restore each database's latest backup into scratch space and compare it with its source."""
        from khlang.backup import tasks

        return tasks.restore_tests(run_id, logical_date)

    @task
    def check_programs(_taken: dict, run_id: str | None = None, logical_date=None) -> dict:  # noqa: ANN001
        """Monthly: re-hash every file of each program backup against its manifest."""
        from khlang.backup import tasks

        result = tasks.verify_targets(run_id, logical_date, part="programs", only_due_programs=True)
        return {"ok": result["ok"], "checked": [f"{t['system']}/{t['part']}" for t in result["targets"]]}

    @task
    def report(_tested: dict, _programs: dict, logical_date=None) -> list[str]:  # noqa: ANN001
        """The monthly and quarterly reports, kept as IT-audit evidence."""
        from khlang.backup import tasks

        return tasks.reports(logical_date)

    taken = take_backups()
    report(restore_tests(verify_databases(taken)), check_programs(taken))
