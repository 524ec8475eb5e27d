"""The weekly linkage DAG: wired as intended, and run end to end in real Airflow."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from test_dags import DAGS, airflow, airflow_env
from test_lineage import read_events, validate_event


def test_linkage_dag_structure(tmp_path, monkeypatch):
    for key, value in airflow_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAGS))
    assert not [f for f in bag.import_errors if f.endswith("khlang_linkage.py")]
    dag = bag.dags["khlang_linkage"]
    assert set(dag.task_ids) == {"validate", "check", "report"}
    assert dag.get_task("validate").downstream_task_ids == {"check"}
    assert dag.get_task("check").downstream_task_ids == {"report"}
    assert dag.timezone.name == "Asia/Bangkok"
    assert "สงพท.-08" in dag.tags
    assert dag.schedule == "0 7 * * 1"  # weekly: Mondays 07:00 in the DAG's time zone (Asia/Bangkok)
    assert dag.start_date.in_timezone("Asia/Bangkok").weekday() == 0
    assert dag.max_active_runs == 1 and not dag.catchup


@pytest.mark.airflow
def test_linkage_dag_runs_in_airflow(khlang_env, tmp_path):
    env = airflow_env(tmp_path, {k: v for k, v in os.environ.items() if k.startswith("KHLANG_")})
    migrate = airflow(["db", "migrate"], env)
    assert migrate.returncode == 0, migrate.stdout[-3000:] + migrate.stderr[-3000:]
    # 01:00 UTC on 25 Nov 2026 is 08:00 in Bangkok: the check is made as of 25 Nov 2569.
    run = airflow(["dags", "test", "khlang_linkage", "2026-11-25T01:00:00+00:00"], env)
    log = run.stdout + run.stderr
    assert run.returncode == 0, log[-6000:]
    assert "state=failed" not in log

    from sqlalchemy import select

    from khlang.linkage.records import LinkageCheck
    from khlang.store import open_store

    store = open_store(f"sqlite:///{khlang_env / 'var' / 'khlang.db'}")
    with store.reading() as session:
        checks = session.scalars(select(LinkageCheck)).all()
        assert len(checks) == 1
        check = checks[0]
        codes = sorted(f.code for f in check.findings)
    assert check.run_key.startswith("manual__") and check.as_of == dt.date(2026, 11, 25)
    assert check.linkage_count == 13
    assert codes == sorted(["agreement_expiring", "agreement_expired", "exchange_without_approval",
                            "exceeds_legal_basis", "exceeds_legal_basis", "step_overdue", "step_overdue",
                            "stale_exchange"])

    report = khlang_env / "reports" / "linkage" / "index.html"
    html = report.read_text(encoding="utf-8")
    assert "ทะเบียนการเชื่อมโยงข้อมูลกับหน่วยงานภายนอก" in html and "25 พ.ย. 2569" in html

    found = read_events(khlang_env / "lineage")
    assert [(e["job"]["name"], e["eventType"]) for e in found] == [
        ("khlang_linkage.validate", "START"), ("khlang_linkage.validate", "COMPLETE"),
        ("khlang_linkage.check", "START"), ("khlang_linkage.check", "COMPLETE"),
        ("khlang_linkage.report", "START"), ("khlang_linkage.report", "COMPLETE")]
    for event in found:
        validate_event(event)
    parents = {e["run"]["facets"]["parent"]["run"]["runId"] for e in found}
    assert len(parents) == 1, "every task reports the same DAG run as its parent"
    check_done = found[3]
    assert {d["name"] for d in check_done["outputs"]} == {"linkage_checks", "linkage_check_findings"}
    assert found[5]["outputs"][0]["name"] == str(report.resolve())

    # Another day through the DAG's parameter, in B.E.: the decision on LNK-2569-005 is then overdue too.
    rerun = airflow(["dags", "test", "khlang_linkage", "2026-11-26T01:00:00+00:00",
                     "--conf", json.dumps({"as_of": "2569-12-04"})], env)
    assert rerun.returncode == 0, (rerun.stdout + rerun.stderr)[-6000:]
    with store.reading() as session:
        latest = session.scalars(select(LinkageCheck).order_by(LinkageCheck.id.desc())).first()
        assert latest.as_of == dt.date(2026, 12, 4)
        assert ("LNK-2569-005", "step_overdue") in {(f.linkage_id, f.code) for f in latest.findings}
