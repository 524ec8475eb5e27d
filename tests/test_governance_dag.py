"""The issues DAG: wired sync → compliance → summary on the quality results Asset, and it runs in Airflow."""

from __future__ import annotations

import json
import os

import pytest
from sqlalchemy import func, select

from tests.test_dags import DAGS, airflow, airflow_env, assert_every_task_succeeded


def test_issues_dag_structure(tmp_path, monkeypatch):
    for key, value in airflow_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAGS))
    assert bag.import_errors == {}
    dag = bag.dags["khlang_issues"]
    assert set(dag.task_ids) == {"sync", "compliance", "summary", "notify", "site"}
    assert dag.get_task("sync").downstream_task_ids == {"compliance"}
    assert dag.get_task("compliance").downstream_task_ids == {"summary"}
    assert dag.get_task("summary").downstream_task_ids == {"notify"}
    assert dag.get_task("notify").downstream_task_ids == {"site"}
    assert [a.name for a in dag.timetable.asset_condition.objects] == ["khlang_quality_results"]
    assert dag.timezone.name == "Asia/Bangkok"


@pytest.mark.airflow
def test_issues_dag_runs_in_airflow_after_quality(khlang_env, tmp_path, capsys):
    from khlang.cli import main

    assert main(["quality", "run", "--run-key", "q1"]) == 0
    assert main(["catalog", "sync", "--run-key", "c1"]) == 0
    capsys.readouterr()
    env = airflow_env(tmp_path, {k: v for k, v in os.environ.items() if k.startswith("KHLANG_")})
    migrate = airflow(["db", "migrate"], env)
    assert migrate.returncode == 0, migrate.stdout[-3000:] + migrate.stderr[-3000:]
    run = airflow(["dags", "test", "khlang_issues", "2026-11-25T02:00:00+00:00"], env)
    log = run.stdout + run.stderr
    assert run.returncode == 0, log[-6000:]
    assert_every_task_succeeded(env, "khlang_issues", {"sync", "compliance", "summary", "notify", "site"}, log)

    from khlang.governance.records import ComplianceRun, Issue, IssueEvent
    from khlang.governance.vocabulary import UNRESOLVED
    from khlang.store import open_store

    store = open_store(f"sqlite:///{khlang_env / 'var' / 'khlang.db'}")
    with store.reading() as s:
        issues = s.scalar(select(func.count()).select_from(Issue))
        keys = set(s.scalars(select(IssueEvent.run_key)))
        runs = s.scalars(select(ComplianceRun)).all()
    assert issues > 40
    assert len(keys) == 1 and next(iter(keys)).startswith("manual__")
    assert len(runs) == 1 and runs[0].run_key == next(iter(keys))
    report = khlang_env / "reports" / "committee" / "2026Q4"
    assert (report / "index.pdf").read_bytes()[:5] == b"%PDF-"
    summary = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    assert summary["open_issues"] == issues
    assert "รายงานต่อคณะกรรมการ" in (report / "index.html").read_text(encoding="utf-8")
    # the site task rebuilt the catalogue site after the issues: their count, each on its dataset's page,
    # and a link to the committee report just written
    site = khlang_env / "reports" / "catalog"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert f'id="count-issues">{issues}<' in index
    assert 'href="../committee/2026Q4/index.html"' in index
    with store.reading() as s:
        depositors = s.scalar(select(func.count()).select_from(Issue).where(
            Issue.dataset == "depositors", Issue.status.in_(UNRESOLVED)))
    page = (site / "datasets" / "depositors.html").read_text(encoding="utf-8")
    assert depositors > 0 and page.count('data-issue="') == depositors and "No gaps found" not in page

    # the scheduler may run it again: nothing is duplicated
    again = airflow(["dags", "test", "khlang_issues", "2026-11-25T02:00:00+00:00"], env)
    assert again.returncode == 0, (again.stdout + again.stderr)[-4000:]
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(Issue)) == issues
        assert s.scalar(select(func.count()).select_from(IssueEvent).where(IssueEvent.type == "opened")) == issues
