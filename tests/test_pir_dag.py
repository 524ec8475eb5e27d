"""The PIR DAG: wired as intended, and run in real Airflow on a logical date past a PIR's month of grace."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select, update
from test_dags import DAGS, airflow, airflow_env, assert_every_task_succeeded
from test_pir import EXAMPLE


def test_pir_dag_structure(tmp_path, monkeypatch):
    for key, value in airflow_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAGS))
    assert bag.import_errors == {}
    dag = bag.dags["khlang_pir"]
    assert set(dag.task_ids) == {"open_due", "remind_overdue", "score", "reports"}
    assert dag.get_task("open_due").downstream_task_ids == {"remind_overdue"}
    assert dag.get_task("remind_overdue").downstream_task_ids == {"score"}
    assert dag.get_task("score").downstream_task_ids == {"reports"}
    assert dag.timezone.name == "Asia/Bangkok"


@pytest.mark.airflow
def test_pir_dag_runs_in_airflow(khlang_env, tmp_path, capsys):
    from khlang.cli import main

    systems = khlang_env / "catalog" / "systems.yaml"
    text = systems.read_text(encoding="utf-8")
    systems.write_text(text.replace("    ea_state: to_be\n    project: โครงการพัฒนาบริการดิจิทัล",
                                    "    go_live: 15/05/2569\n    ea_state: to_be\n    project: โครงการพัฒนาบริการดิจิทัล"),
                       encoding="utf-8")
    assert main(["pir", "record", "DW", "--survey", str(EXAMPLE)]) == 0
    capsys.readouterr()

    from khlang.pir.records import PirEvent, PirReview, PirSurvey
    from khlang.store import open_store

    store = open_store(f"sqlite:///{khlang_env / 'var' / 'khlang.db'}")
    with store.transaction() as s:
        s.execute(update(PirSurvey).values(score=None))  # the DAG must score what is recorded

    env = airflow_env(tmp_path, {k: v for k, v in os.environ.items() if k.startswith("KHLANG_")})
    migrate = airflow(["db", "migrate"], env)
    assert migrate.returncode == 0, migrate.stdout[-3000:] + migrate.stderr[-3000:]
    run = airflow(["dags", "test", "khlang_pir", "2026-12-20T01:00:00+07:00"], env)
    log = run.stdout + run.stderr
    assert run.returncode == 0, log[-6000:]
    assert_every_task_succeeded(env, "khlang_pir", {"open_due", "remind_overdue", "score", "reports"}, log)
    assert "PIR reminder: EDEPOSIT" in log

    with store.reading() as s:
        reviews = {r.system: r for r in s.scalars(select(PirReview)).all()}
        events = [(e.review.system, e.kind) for e in s.scalars(select(PirEvent).order_by(PirEvent.id)).all()]
        survey = s.scalars(select(PirSurvey)).one()
    assert set(reviews) == {"DW", "EDEPOSIT"}
    assert str(reviews["EDEPOSIT"].due_on) == "2026-11-15" and reviews["EDEPOSIT"].opened_run_key.startswith("manual__")
    assert ("EDEPOSIT", "opened") in events and ("EDEPOSIT", "reminder") in events
    assert ("DW", "scored") in events and ("DW", "reminder") not in events
    assert survey.score["responses"] == 19 and survey.score["overall"]["n"] == 113

    dw = (khlang_env / "reports" / "pir" / "DW" / "index.html").read_text(encoding="utf-8")
    edeposit = (khlang_env / "reports" / "pir" / "EDEPOSIT" / "index.html").read_text(encoding="utf-8")
    assert "บันทึกผลแล้ว" in dw and "67.9%" in dw and "ฝ่ายคลังสินค้า" in dw
    assert "เกินกำหนด" in edeposit and "15 พ.ย. 2569" in edeposit and "แจ้งเตือนเกินกำหนด" in edeposit
    assert not (khlang_env / "reports" / "pir" / "LEGACY_WMS").exists(), "lapsed PIRs get no report"
