"""The one SparkSession of a process, from configuration (KHLANG_SPARK_MASTER, KHLANG_SPARK_CONF).

PySpark is imported only when a session is asked for: parsing a DAG or starting the CLI never starts a JVM.
The driver binds to 127.0.0.1 unless KHLANG_SPARK_CONF says otherwise (spark.driver.host), so a local
standalone cluster reaches it; the workers run this interpreter for Python UDFs.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import TYPE_CHECKING

from khlang.config import spark_conf, spark_master

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

_lock = threading.Lock()
_session: SparkSession | None = None
_key: tuple[str, tuple[tuple[str, str], ...]] | None = None

DEFAULTS = {
    "spark.app.name": "khlang",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.sql.session.timeZone": "UTC",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.executor.memory": "512m",
}


SUBMITTED_ENV = "KHLANG_SPARK_SUBMITTED"  # "1" in a driver spark-submit started (khlang.quality.spark_submit)


def settings() -> dict[str, str]:
    """The Spark settings a session is built with: Khlang's defaults, then KHLANG_SPARK_CONF.

    In a driver spark-submit started, the master and the application's name are spark-submit's."""
    conf = {**DEFAULTS, "spark.master": spark_master(), **spark_conf()}
    if os.environ.get(SUBMITTED_ENV) == "1":
        del conf["spark.master"], conf["spark.app.name"]
    return conf


def session() -> SparkSession:
    """The process's SparkSession for the configured master and settings (a changed configuration: a new one)."""
    global _session, _key
    conf = settings()
    key = (conf.get("spark.master", "spark-submit"), tuple(sorted(conf.items())))
    with _lock:
        if _session is not None and _key == key:
            return _session
        if _session is not None:
            _session.stop()
            _session = None
        try:
            from pyspark.sql import SparkSession
        except ImportError:  # pragma: no cover - pyspark is in the dev extra
            from khlang.errors import KhlangError

            raise KhlangError("the Spark engine needs PySpark 4 (pip install 'pyspark>=4,<5') and Java 17") from None
        os.environ.setdefault("SPARK_LOCAL_IP", conf["spark.driver.bindAddress"])
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        builder = SparkSession.builder
        for name, value in conf.items():
            builder = builder.config(name, value)
        _session = builder.getOrCreate()
        _session.sparkContext.setLogLevel("ERROR")
        _key = key
        return _session


def stop() -> None:
    """Stop the process's session (its executors on the cluster end with it)."""
    global _session, _key
    with _lock:
        if _session is not None:
            _session.stop()
        _session, _key = None, None
