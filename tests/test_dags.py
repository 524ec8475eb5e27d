"""DAGs in three layers: they load, they are wired as intended, and they run in real Airflow."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DAGS = REPO / "dags"
HEAVY = ("great_expectations", "pandas", "duckdb", "pyarrow", "khlang.catalog", "khlang.harvest", "khlang.store")


def airflow_env(home: Path, extra: dict | None = None) -> dict:
    """Environment for an isolated Airflow on SQLite with Khlang's DAGs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update({
        "AIRFLOW_HOME": str(home / "airflow"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DEFAULT_TIMEZONE": "Asia/Bangkok",
        "PYTHONUTF8": "1",
    })
    env.update(extra or {})
    return env


def airflow(args: list[str], env: dict, timeout: int = 600) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("airflow")
    return subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, timeout=timeout)


def task_states(env: dict, dag_id: str) -> dict[str, str | None]:
    """Each task's final state in the DAG's latest run, read from Airflow's own metadata database.

    A mapped task has one row per map index: it counts as succeeded only when every one of them did.
    """
    import sqlite3

    with sqlite3.connect(Path(env["AIRFLOW_HOME"]) / "airflow.db") as con:
        run_id = con.execute("SELECT run_id FROM dag_run WHERE dag_id = ? ORDER BY id DESC LIMIT 1",
                             (dag_id,)).fetchone()
        assert run_id is not None, f"no run of {dag_id} in Airflow's database"
        rows = con.execute("SELECT task_id, state FROM task_instance WHERE dag_id = ? AND run_id = ?",
                           (dag_id, run_id[0])).fetchall()
    states: dict[str, str | None] = {}
    for task_id, state in rows:
        if states.get(task_id, "success") == "success":
            states[task_id] = state
    return states


def assert_every_task_succeeded(env: dict, dag_id: str, tasks: set[str], log: str) -> None:
    """Every task of the DAG ran and succeeded: not merely that the log said nothing bad."""
    states = task_states(env, dag_id)
    assert set(states) == tasks, log[-6000:]
    assert {t: s for t, s in states.items() if s != "success"} == {}, log[-6000:]


@pytest.mark.parametrize("dag_file", sorted(DAGS.glob("*.py")), ids=lambda p: p.name)
def test_dag_file_parses_without_heavy_imports(dag_file, tmp_path):
    code = (
        "import sys, runpy, json\n"
        "import airflow.sdk\n"
        f"before = set(sys.modules)\n"
        f"ns = runpy.run_path({str(dag_file)!r})\n"
        f"heavy = sorted(m for m in set(sys.modules) - before if m.split('.')[0] in {HEAVY!r} or m in {HEAVY!r}"
        f" or any(m.startswith(h + '.') or m == h for h in {HEAVY!r}))\n"
        "dags = [v.dag_id for v in ns.values() if type(v).__name__ == 'DAG']\n"
        "print(json.dumps({'heavy': heavy, 'dags': dags}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=airflow_env(tmp_path), timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["dags"], "the file defines no DAG"
    assert result["heavy"] == [], f"DAG file imports heavy modules at parse time: {result['heavy']}"


def test_dagbag_has_no_import_errors(tmp_path, monkeypatch):
    for key, value in airflow_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAGS))
    assert bag.import_errors == {}
    assert "khlang_catalog" in bag.dag_ids


def test_catalog_dag_structure(tmp_path, monkeypatch):
    for key, value in airflow_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    from airflow.dag_processing.dagbag import DagBag

    dag = DagBag(dag_folder=str(DAGS)).dags["khlang_catalog"]
    assert set(dag.task_ids) == {"scan", "sync", "site"}
    assert dag.get_task("scan").downstream_task_ids == {"sync"}
    assert dag.get_task("sync").downstream_task_ids == {"site"}
    outlets = dag.get_task("sync").outlets
    assert [o.name for o in outlets] == ["khlang_catalog_snapshot"]
    assert dag.timezone.name == "Asia/Bangkok"


def test_quality_dag_ends_by_rebuilding_the_site(tmp_path, monkeypatch):
    for key, value in airflow_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    from airflow.dag_processing.dagbag import DagBag

    dag = DagBag(dag_folder=str(DAGS)).dags["khlang_quality"]
    assert set(dag.task_ids) == {"datasets", "check", "security", "scores", "site"}
    assert dag.get_task("scores").downstream_task_ids == {"site"}
    assert dag.get_task("site").downstream_task_ids == set()
    assert [o.name for o in dag.get_task("scores").outlets] == ["khlang_quality_results"]


@pytest.mark.airflow
def test_catalog_dag_runs_in_airflow(khlang_env, tmp_path):
    env = airflow_env(tmp_path, {k: v for k, v in os.environ.items() if k.startswith("KHLANG_")})
    migrate = airflow(["db", "migrate"], env)
    assert migrate.returncode == 0, migrate.stdout[-3000:] + migrate.stderr[-3000:]
    run = airflow(["dags", "test", "khlang_catalog", "2026-11-25T01:00:00+00:00"], env)
    log = run.stdout + run.stderr
    assert run.returncode == 0, log[-6000:]
    assert_every_task_succeeded(env, "khlang_catalog", {"scan", "sync", "site"}, log)

    from sqlalchemy import select

    from khlang.store import open_store
    from khlang.store.models import CatalogSnapshot

    store = open_store(f"sqlite:///{khlang_env / 'var' / 'khlang.db'}")
    with store.reading() as session:
        snaps = session.scalars(select(CatalogSnapshot)).all()
    assert len(snaps) == 1 and snaps[0].run_key.startswith("manual__") and snaps[0].dataset_count >= 12
    site = khlang_env / "reports" / "catalog" / "index.html"
    assert site.is_file() and "ทะเบียนผู้ฝากสินค้า" in site.read_text(encoding="utf-8")
