"""The quality DAG hands a dataset's Spark checks to Airflow's Spark provider (spark-submit) where it is set up.

When `apache-airflow-providers-apache-spark` is installed and the Airflow connection named by
`KHLANG_SPARK_CONN_ID` (default `spark_default`, e.g. `AIRFLOW_CONN_SPARK_DEFAULT=spark://host:7077`) exists,
a check task whose dataset runs on the Spark engine submits `spark_job.py` with the provider's
SparkSubmitHook: the cluster's master comes from the connection, the session's settings from Khlang's
(`KHLANG_SPARK_CONF`), and the driver writes the results to the store as an in-process run would. Without
the provider or the connection the task runs the suite itself on `KHLANG_SPARK_MASTER`. Nothing here is
imported at DAG-parse time.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import tempfile
from pathlib import Path

from khlang.spark import SUBMITTED_ENV  # set in the submitted driver: it runs the checks itself

CONN_ENV = "KHLANG_SPARK_CONN_ID"
JOB = Path(__file__).with_name("spark_job.py")


def connection_id() -> str:
    return os.environ.get(CONN_ENV) or "spark_default"


def hand_off() -> bool:
    """Whether Spark work goes to the provider: installed, its connection defined, not already submitted."""
    if os.environ.get(SUBMITTED_ENV) == "1":
        return False
    try:
        if importlib.util.find_spec("airflow.providers.apache.spark") is None:
            return False
    except ModuleNotFoundError:  # no airflow.providers at all
        return False
    from airflow.exceptions import AirflowNotFoundException
    from airflow.providers.apache.spark.hooks.spark_submit import SparkSubmitHook

    try:
        SparkSubmitHook.get_connection(connection_id())
    except AirflowNotFoundException:
        return False
    return True


def submit_check(dataset: str, run_key: str, suite_params: dict | None = None) -> dict:
    """Run one dataset's checks on the Spark engine through spark-submit; the driver's summary."""
    from airflow.providers.apache.spark.hooks.spark_submit import SparkSubmitHook

    from khlang import spark as sessions
    from khlang.errors import KhlangError

    conf = {k: v for k, v in sessions.settings().items() if k not in ("spark.master", "spark.app.name")}
    here = str(Path(sys.executable).parent)  # spark-submit comes with PySpark, beside this interpreter
    env = {"PATH": here + os.pathsep + os.environ.get("PATH", ""), "PYSPARK_PYTHON": sys.executable,
           "PYSPARK_DRIVER_PYTHON": sys.executable, "SPARK_LOCAL_IP": conf.get("spark.driver.bindAddress", "127.0.0.1"),
           SUBMITTED_ENV: "1"}
    with tempfile.TemporaryDirectory(prefix="khlang-spark-") as tmp:
        summary = Path(tmp) / "summary.json"
        hook = SparkSubmitHook(conf=conf, conn_id=connection_id(), name=f"khlang-{dataset}", env_vars=env,
                               application_args=[dataset, run_key, json.dumps(suite_params or {}), str(summary)])
        hook.submit(application=str(JOB))
        if not summary.exists():
            raise KhlangError(f"spark-submit of {dataset}'s checks ended without a summary")
        return {**json.loads(summary.read_text(encoding="utf-8")), "submitted_to": hook._connection["master"]}
