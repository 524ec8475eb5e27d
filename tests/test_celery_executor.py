"""The README's scale-out path, run: the catalogue and quality DAGs on Airflow's CeleryExecutor.

Two Celery workers (distinct hostnames, concurrency 1 each) take tasks from the Redis broker on this machine;
Airflow's metadata database and the Khlang store are throwaway PostgreSQL databases. The same two DAGs then run
on the LocalExecutor against a second pair of databases, and what each run left in its store (the catalogue
snapshot, every check result, every score) must be the same. Both runs go through the scheduler, the
dag-processor and the api-server (the execution API the task processes report to): `airflow dags test` would
run the tasks in its own process and prove nothing about an executor.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import PG_ADMIN_URL, REPO, _admin_engine
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from test_dags import DAGS, airflow, airflow_env

BROKER_URL = os.environ.get("KHLANG_TEST_BROKER_URL", "redis://127.0.0.1:6379/0")
DAG_IDS = ("khlang_catalog", "khlang_quality")
RUN_TIMEOUT = 900  # seconds for both DAGs, on a loaded 2-core machine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database() -> str:
    name = f"khlang_cel_{uuid.uuid4().hex[:10]}"
    with _admin_engine().connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return name


def _drop(name: str) -> None:
    with _admin_engine().connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _url(name: str, driver: str = "postgresql") -> str:
    return make_url(PG_ADMIN_URL).set(drivername=driver, database=name).render_as_string(hide_password=False)


class Deployment:
    """One Airflow installation: its databases, its processes and their logs."""

    def __init__(self, root: Path, executor: str, workers: int) -> None:
        self.root, self.executor, self.workers = root, executor, workers
        self.meta_db, self.store_db = _database(), _database()
        self.meta_url = _url(self.meta_db, "postgresql+psycopg")
        self.store_url = _url(self.store_db)
        self.procs: list[tuple[str, subprocess.Popen]] = []
        self.queue = f"khlang_test_{uuid.uuid4().hex[:8]}"
        dags = root / "dags"
        dags.mkdir(parents=True)
        for dag_id in DAG_IDS:  # only these two: the others' @daily schedules would start runs of their own
            shutil.copy(DAGS / f"{dag_id}.py", dags / f"{dag_id}.py")
        port = _free_port()
        khlang = {k: v for k, v in os.environ.items() if k.startswith("KHLANG_")}
        self.env = airflow_env(root, {
            **khlang,
            "KHLANG_STORE_URL": self.store_url,
            "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO / "tests")]),
            "AIRFLOW__CORE__DAGS_FOLDER": str(dags),
            "AIRFLOW__CORE__EXECUTOR": executor,
            "AIRFLOW__CORE__PARALLELISM": "2",
            "AIRFLOW__CORE__HOSTNAME_CALLABLE": "worker_hostname.hostname",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": self.meta_url,
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_ASYNC": self.meta_url,  # psycopg 3 is async too (no asyncpg)
            "AIRFLOW__API__PORT": str(port),
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__SECRET_KEY": uuid.uuid4().hex,
            "AIRFLOW__API_AUTH__JWT_SECRET": uuid.uuid4().hex + uuid.uuid4().hex,
            # A task process waits this long for the execution API; the 5 s default times out on a loaded
            # 2-core machine, and the retry then finds its own first request already done (HTTP 400).
            "AIRFLOW__WORKERS__EXECUTION_API_TIMEOUT": "120",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
            "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(_free_port()),
            "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "False",
            # The test's own queue on the shared broker: no other Airflow on this machine takes its tasks.
            "AIRFLOW__OPERATORS__DEFAULT_QUEUE": self.queue,
            "AIRFLOW__CELERY__BROKER_URL": BROKER_URL,
            "AIRFLOW__CELERY__RESULT_BACKEND": "db+" + self.meta_url,
            "AIRFLOW__CELERY__WORKER_CONCURRENCY": "1",
        })

    def start(self, name: str, args: list[str], extra: dict | None = None) -> None:
        log = open(self.root / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        exe = Path(sys.executable).with_name("airflow")
        proc = subprocess.Popen([str(exe), *args], env={**self.env, **(extra or {})}, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append((name, proc))

    def logs(self, tail: int = 3000) -> str:
        out = []
        for path in sorted(self.root.glob("*.log")):
            out.append(f"--- {path.name}\n{path.read_text(errors='replace')[-tail:]}")
        return "\n".join(out)

    def stop(self) -> None:
        for _, proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for _, proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)

    def drop(self) -> None:
        for name in (self.meta_db, self.store_db):
            _drop(name)

    def run(self) -> dict[tuple[str, str, int], tuple[str, str]]:
        """Both DAGs end to end; every task instance's (state, hostname), keyed by (dag, task, map index)."""
        migrate = airflow(["db", "migrate"], self.env)
        assert migrate.returncode == 0, migrate.stdout[-3000:] + migrate.stderr[-3000:]
        self.start("api-server", ["api-server"])
        self._wait_http(f"{self.env['AIRFLOW__CORE__EXECUTION_API_SERVER_URL']}health")
        self.start("dag-processor", ["dag-processor"])
        self.start("scheduler", ["scheduler"])
        for i in range(1, self.workers + 1):
            self.start(f"worker{i}", ["celery", "worker", "--celery-hostname", f"w{i}@%h", "--concurrency", "1",
                                      "--queues", self.queue, "--skip-serve-logs", "--without-mingle",
                                      "--without-gossip"], {"KHLANG_TEST_WORKER": f"celery-worker-{i}"})
        meta = create_engine(self.meta_url)
        try:
            self._wait(meta, "SELECT count(*) FROM dag WHERE dag_id IN ('khlang_catalog', 'khlang_quality')",
                       lambda n: n == 2, "the dag-processor to parse both DAGs")
            # Quality first: it runs on the catalogue snapshot asset, so the catalogue's run triggers it.
            # Unpausing the catalogue starts its scheduled run (catchup off: the latest day only).
            for dag_id in ("khlang_quality", "khlang_catalog"):
                out = airflow(["dags", "unpause", dag_id], self.env)
                assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
            deadline = time.monotonic() + RUN_TIMEOUT
            for dag_id in DAG_IDS:
                self._wait(meta, f"SELECT state FROM dag_run WHERE dag_id = '{dag_id}' ORDER BY id LIMIT 1",
                           lambda s: s in ("success", "failed"), f"{dag_id}'s run to finish", deadline)
            with meta.connect() as conn:
                runs = conn.execute(text("SELECT dag_id, state FROM dag_run")).all()
                rows = conn.execute(text("SELECT dag_id, task_id, map_index, state, hostname "
                                         "FROM task_instance")).all()
        finally:
            meta.dispose()
        assert sorted(runs) == [("khlang_catalog", "success"), ("khlang_quality", "success")], self.logs()
        return {(r.dag_id, r.task_id, r.map_index): (r.state, r.hostname) for r in rows}

    def _wait_http(self, url: str) -> None:
        import urllib.error
        import urllib.request

        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=60):
                    return
            except urllib.error.HTTPError:
                return  # it answers
            except OSError:
                assert self.procs[0][1].poll() is None, f"the api-server exited\n{self.logs()}"
                time.sleep(2)
        pytest.fail(f"the api-server did not answer at {url}\n{self.logs()}")

    def _wait(self, meta, sql: str, done, what: str, deadline: float | None = None) -> None:
        deadline = deadline or time.monotonic() + 300
        while time.monotonic() < deadline:
            dead = [name for name, proc in self.procs if proc.poll() is not None]
            assert not dead, f"{dead} exited while waiting for {what}\n{self.logs()}"
            with meta.connect() as conn:
                try:
                    value = conn.execute(text(sql)).scalar()
                except Exception:  # noqa: BLE001 (tables not there yet)
                    value = None
                stuck = conn.execute(text("SELECT dag_id, task_id, map_index, state FROM task_instance "
                                          "WHERE state IN ('failed', 'up_for_retry', 'upstream_failed')")).all()
            assert not stuck, f"tasks failed while waiting for {what}: {stuck}\n{self.logs()}"
            if value is not None and done(value):
                return
            time.sleep(2)
        pytest.fail(f"timed out waiting for {what}\n{self.logs()}")


def store_contents(url: str) -> dict:
    """What the two DAGs wrote, without what differs by construction (ids, run keys, clock times)."""
    from sqlalchemy import select

    from khlang.quality.records import CheckResultRow, QualityRun, QualityScore
    from khlang.store import open_store
    from khlang.store.models import CatalogFinding, CatalogSnapshot, ColumnSnapshot, DatasetSnapshot

    def rows(session, model, skip=()) -> list:
        cols = [c.name for c in model.__table__.columns if c.name not in {"id", *skip}]
        return sorted(repr([(c, getattr(obj, c)) for c in cols]) for obj in session.scalars(select(model)))

    store = open_store(url)
    with store.reading() as session:
        snapshots = session.scalars(select(CatalogSnapshot)).all()
        assert len(snapshots) == 1, [s.run_key for s in snapshots]
        runs = session.scalars(select(QualityRun)).all()
        assert runs and all(r.complete for r in runs), [(r.dataset, r.scope, r.complete) for r in runs]
        return {
            "snapshot": rows(session, CatalogSnapshot, {"run_key", "taken_at"}),
            "datasets": rows(session, DatasetSnapshot, {"snapshot_id"}),
            "columns": rows(session, ColumnSnapshot, {"dataset_snapshot_id"}),
            "findings": rows(session, CatalogFinding, {"snapshot_id"}),
            "quality_runs": rows(session, QualityRun, {"run_key", "finished_at"}),
            "check_results": rows(session, CheckResultRow, {"run_id"}),
            "scores": rows(session, QualityScore, {"run_key", "computed_at"}),
        }


@pytest.mark.slow
@pytest.mark.airflow
@pytest.mark.postgres
def test_catalog_and_quality_dags_on_two_celery_workers_match_the_local_executor(khlang_env, tmp_path):
    results = {}
    tasks = {}
    for executor, workers in (("CeleryExecutor", 2), ("LocalExecutor", 0)):
        deployment = Deployment(tmp_path / executor, executor, workers)
        try:
            tasks[executor] = deployment.run()
            results[executor] = store_contents(deployment.store_url)
        finally:
            deployment.stop()
            deployment.drop()

    celery, local = tasks["CeleryExecutor"], tasks["LocalExecutor"]
    assert set(celery) == set(local)
    assert {k: s for k, (s, _) in celery.items() if s != "success"} == {}
    # Every task ran on one of the two workers, and each worker ran some.
    hosts = {host for _, host in celery.values()}
    assert hosts == {"celery-worker-1", "celery-worker-2"}, sorted(celery.items())
    from khlang.quality.tasks import datasets

    checks = sorted(i for dag, task, i in celery if (dag, task) == ("khlang_quality", "check"))
    assert checks == list(range(len(datasets()))), checks  # one mapped check per declared dataset
    assert results["CeleryExecutor"]["check_results"], "no check results stored"
    for part, local_rows in results["LocalExecutor"].items():
        celery_rows = results["CeleryExecutor"][part]
        only_celery = sorted(set(celery_rows) - set(local_rows))[:3]
        only_local = sorted(set(local_rows) - set(celery_rows))[:3]
        assert celery_rows == local_rows, f"{part}: celery only {only_celery}; local only {only_local}"
