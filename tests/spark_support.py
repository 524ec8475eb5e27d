"""A real standalone Spark cluster on this machine: one master and N workers, from the scripts PySpark ships.

SPARK_HOME is the installed pyspark package (its bin/ and sbin/); the daemons are started with
sbin/spark-daemon.sh on free ports, logs and work folders under a temp folder, and the cluster counts as
up once the master's JSON status lists every worker ALIVE. Used by the session fixture `spark_cluster`
(tests/conftest.py) and by bench/engines_bench.py.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

MASTER = "org.apache.spark.deploy.master.Master"
WORKER = "org.apache.spark.deploy.worker.Worker"


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class StandaloneCluster:
    """Start with `start()`, stop with `stop()`; `url` is the spark:// master URL."""

    def __init__(self, root: Path, workers: int = 2, cores: int = 1, memory: str = "768m"):
        self.root = Path(root)
        self.workers = workers
        self.cores = cores
        self.memory = memory
        self.port = free_port()
        self.ui_port = free_port()
        self.url = f"spark://127.0.0.1:{self.port}"
        self.home = spark_home()
        self.env = dict(os.environ)
        conf_dir = self.root / "conf"
        conf_dir.mkdir(parents=True, exist_ok=True)
        self.env.update(SPARK_HOME=str(self.home), SPARK_CONF_DIR=str(conf_dir), SPARK_LOG_DIR=str(self.root / "logs"),
                        SPARK_PID_DIR=str(self.root / "pids"), SPARK_WORKER_DIR=str(self.root / "work"),
                        SPARK_LOCAL_IP="127.0.0.1", SPARK_LOCAL_DIRS=str(self.root / "local"),
                        SPARK_IDENT_STRING="khlang-test")
        self.env.setdefault("SPARK_DAEMON_MEMORY", "256m")

    def _daemon(self, action: str, cls: str, instance: int, *args: str) -> None:
        subprocess.run(["bash", str(self.home / "sbin" / "spark-daemon.sh"), action, cls, str(instance), *args],
                       env=self.env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)

    def status(self) -> dict:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.ui_port}/json/", timeout=5) as resp:
            return json.loads(resp.read())

    def alive_workers(self) -> int:
        try:
            return sum(1 for w in self.status().get("workers", []) if w.get("state") == "ALIVE")
        except OSError:
            return 0

    def start(self, timeout: float = 120) -> StandaloneCluster:
        self._daemon("start", MASTER, 1, "--host", "127.0.0.1", "--port", str(self.port),
                     "--webui-port", str(self.ui_port))
        for i in range(1, self.workers + 1):
            self._daemon("start", WORKER, i, "--host", "127.0.0.1", "--port", str(free_port()),
                         "--webui-port", str(free_port()), "--cores", str(self.cores), "--memory", self.memory,
                         self.url)
        deadline = time.monotonic() + timeout
        while self.alive_workers() < self.workers:
            if time.monotonic() > deadline:
                logs = "\n".join(p.read_text(errors="replace")[-2000:] for p in (self.root / "logs").glob("*.out"))
                self.stop()
                raise RuntimeError(f"the Spark cluster did not come up within {timeout}s:\n{logs}")
            time.sleep(0.5)
        return self

    def stop(self) -> None:
        for i in range(self.workers, 0, -1):
            self._daemon("stop", WORKER, i)
        self._daemon("stop", MASTER, 1)

    def __enter__(self) -> StandaloneCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@pytest.fixture(scope="session")
def spark_cluster(tmp_path_factory):
    """One standalone cluster (a master, two workers) for the whole test session; the Spark engine's session
    points at it through KHLANG_SPARK_MASTER. Stopped, with the session, at the end."""
    from khlang import spark as sessions

    cluster = StandaloneCluster(tmp_path_factory.mktemp("spark"), workers=2).start()
    saved = os.environ.get("KHLANG_SPARK_MASTER")
    os.environ["KHLANG_SPARK_MASTER"] = cluster.url
    try:
        yield cluster
    finally:
        sessions.stop()
        cluster.stop()
        if saved is None:
            os.environ.pop("KHLANG_SPARK_MASTER", None)
        else:
            os.environ["KHLANG_SPARK_MASTER"] = saved
