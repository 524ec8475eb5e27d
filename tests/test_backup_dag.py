"""The backup DAG: wired as intended, and run end to end in real Airflow over SQLite, DuckDB and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import subprocess

import pytest
from sqlalchemy import select
from test_dags import DAGS, airflow, airflow_env, assert_every_task_succeeded


def test_backup_dag_structure(tmp_path, monkeypatch):
    for key, value in airflow_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAGS))
    assert bag.import_errors == {}
    dag = bag.dags["khlang_backup"]
    assert set(dag.task_ids) == {"take_backups", "verify_databases", "restore_tests", "check_programs", "report"}
    assert dag.get_task("take_backups").downstream_task_ids == {"verify_databases", "check_programs"}
    assert dag.get_task("verify_databases").downstream_task_ids == {"restore_tests"}
    assert dag.get_task("restore_tests").downstream_task_ids == {"report"}
    assert dag.get_task("check_programs").downstream_task_ids == {"report"}
    assert dag.timezone.name == "Asia/Bangkok" and dag.max_active_runs == 1


@pytest.mark.airflow
def test_backup_dag_runs_in_airflow(khlang_env, tmp_path, monkeypatch, pg_url):
    import psycopg

    with psycopg.connect(pg_url) as conn:
        conn.execute("CREATE TABLE stock (wh text, commodity text, qty_kg numeric(14,2))")
        conn.execute("INSERT INTO stock SELECT 'WH' || (g % 40), 'ข้าวเปลือก', g * 10.5 FROM generate_series(1, 500) g")
    monkeypatch.setenv("KHLANG_BACKUP_PG_URL", pg_url)
    env = airflow_env(tmp_path, {k: v for k, v in os.environ.items() if k.startswith("KHLANG_")})
    migrate = airflow(["db", "migrate"], env)
    assert migrate.returncode == 0, migrate.stdout[-3000:] + migrate.stderr[-3000:]
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    run = airflow(["dags", "test", "khlang_backup", now.isoformat()], env)
    log = run.stdout + run.stderr
    assert run.returncode == 0, log[-6000:]
    assert_every_task_succeeded(
        env, "khlang_backup", {"take_backups", "verify_databases", "restore_tests", "check_programs", "report"}, log)

    from khlang.backup.records import BackupSnapshot, BackupVerification, RestoreTest
    from khlang.dates import BANGKOK
    from khlang.store import open_store

    store = open_store(f"sqlite:///{khlang_env / 'var' / 'khlang.db'}")
    with store.reading() as s:
        snaps = s.scalars(select(BackupSnapshot)).all()
        checks = s.scalars(select(BackupVerification)).all()
        tests = s.scalars(select(RestoreTest)).all()
        tables = {t.system: {x.name: (x.rows, x.matches) for x in t.tables} for t in tests}
    assert sorted((x.system, x.part) for x in snaps) == [
        ("DW", "database"), ("LEGACY_WMS", "database"), ("LEGACY_WMS", "programs"), ("WMS", "database")]
    assert all(x.run_key.startswith("manual__") for x in snaps + checks + tests)
    assert {(c.system, c.part): c.ok for c in checks} == {
        ("DW", "database"): True, ("LEGACY_WMS", "database"): True, ("WMS", "database"): True,
        ("LEGACY_WMS", "programs"): True}
    assert {t.system: t.ok for t in tests} == {"DW": True, "LEGACY_WMS": True, "WMS": True}, [t.reason for t in tests]
    assert tables["WMS"] == {"stock": (500, True)}
    assert tables["LEGACY_WMS"]["warehouse_master"] == (62, True)

    month = now.astimezone(BANGKOK)
    page = khlang_env / "reports" / "backup" / f"{month.year}-{month.month:02d}" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "การทดสอบกู้คืนข้อมูล" in html and html.count("manual__") >= 4
    quarter = khlang_env / "reports" / "backup" / f"{month.year}Q{(month.month - 1) // 3 + 1}" / "index.html"
    assert quarter.is_file()
    for folder in (page.parent, quarter.parent):  # the memos the procedures send up, printed under Airflow
        assert sorted(p.name for p in folder.glob("memo-*.pdf")) == [
            "memo-backup.pdf", "memo-programs.pdf", "memo-restore.pdf"]
    restore_memo = subprocess.run(["pdftotext", "-raw", str(page.parent / "memo-restore.pdf"), "-"],
                                  capture_output=True, text=True, check=True).stdout
    assert "สงบข.-05" in restore_memo and "warehouse_master" in restore_memo and "stock" in restore_memo
    assert len(list((khlang_env / "var" / "backups" / "WMS" / "database").glob("*.pgdump"))) == 1
