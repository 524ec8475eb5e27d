"""The monthly EA DAG (สงพท.-10): wired as intended, and run end to end in real Airflow."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from test_dags import DAGS, airflow, airflow_env, assert_every_task_succeeded
from test_lineage import read_events, validate_event


def test_ea_dag_structure(tmp_path, monkeypatch):
    for key, value in airflow_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAGS))
    assert not [f for f in bag.import_errors if f.endswith("khlang_ea.py")]
    dag = bag.dags["khlang_ea"]
    assert set(dag.task_ids) == {"validate", "check", "book"}
    assert dag.get_task("validate").downstream_task_ids == {"check"}
    assert dag.get_task("check").downstream_task_ids == {"book"}
    assert dag.timezone.name == "Asia/Bangkok" and "สงพท.-10" in dag.tags
    assert dag.schedule == "0 6 1 * *"  # monthly: the 1st, 06:00 Asia/Bangkok
    assert dag.max_active_runs == 1 and not dag.catchup


@pytest.mark.airflow
def test_ea_dag_runs_in_airflow(khlang_env, tmp_path):
    env = airflow_env(tmp_path, {k: v for k, v in os.environ.items() if k.startswith("KHLANG_")})
    migrate = airflow(["db", "migrate"], env)
    assert migrate.returncode == 0, migrate.stdout[-3000:] + migrate.stderr[-3000:]
    # 01:00 UTC on 1 Dec 2026 is 08:00 in Bangkok: the EA is checked as of 1 Dec 2569.
    run = airflow(["dags", "test", "khlang_ea", "2026-12-01T01:00:00+00:00",
                   "--conf", json.dumps({"version": "EA2570"})], env)
    log = run.stdout + run.stderr
    assert run.returncode == 0, log[-6000:]
    assert_every_task_succeeded(env, "khlang_ea", {"validate", "check", "book"}, log)

    from khlang.ea.gaps_records import latest_ea_check
    from khlang.store import open_store

    stored = latest_ea_check(open_store(f"sqlite:///{khlang_env / 'var' / 'khlang.db'}"))
    assert stored is not None and stored["run_key"].startswith("manual__")
    assert stored["as_of"] == dt.date(2026, 12, 1).isoformat()
    assert {(f["subject"], f["finding"]) for f in stored["findings"]} >= {
        ("TRADING", "to_be_without_project"), ("TRADING.ONLINE", "element_without_project"),
        ("LEGACY_WMS", "retiring_holds_master"), ("WMS", "control_contradicted")}
    assert {g["code"] for g in stored["gaps"]} >= {"IF-05", "EDEPOSIT", "STORAGE.ONLINE"}

    book = khlang_env / "reports" / "ea" / "EA2570"
    assert (book / "index.pdf").read_bytes()[:5] == b"%PDF-"
    assert "1 ธ.ค. 2569" in (book / "index.html").read_text(encoding="utf-8")

    found = read_events(khlang_env / "lineage")
    assert [(e["job"]["name"], e["eventType"]) for e in found] == [
        ("khlang_ea.validate", "START"), ("khlang_ea.validate", "COMPLETE"),
        ("khlang_ea.check", "START"), ("khlang_ea.check", "COMPLETE"),
        ("khlang_ea.book", "START"), ("khlang_ea.book", "COMPLETE")]
    for event in found:
        validate_event(event)
    assert {d["name"] for d in found[3]["outputs"]} == {"ea_checks"}
