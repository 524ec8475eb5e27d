"""The Spark engine and Spark profiling, on a real standalone cluster (one master, two workers).

The cluster is started once per test session (tests/spark_support.py); the results are compared with the
DuckDB engine's on the same generated sample.
"""

from __future__ import annotations

import re

import pytest

from khlang.config import spark_conf, spark_master
from khlang.errors import KhlangError


def test_spark_settings_from_the_environment(monkeypatch):
    monkeypatch.delenv("KHLANG_SPARK_MASTER", raising=False)
    assert spark_master() == "local[2]"
    monkeypatch.setenv("KHLANG_SPARK_CONF", "spark.executor.memory=1g, spark.sql.shuffle.partitions=8")
    assert spark_conf() == {"spark.executor.memory": "1g", "spark.sql.shuffle.partitions": "8"}
    monkeypatch.setenv("KHLANG_SPARK_CONF", "spark.executor.memory")
    with pytest.raises(KhlangError, match="not key=value"):
        spark_conf()


def test_no_pyspark_at_import():
    import subprocess
    import sys

    code = ("import sys, khlang.cli, khlang.quality.engines, khlang.spark, khlang.harvest.scan; "
            "sys.exit('pyspark' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.slow
def test_quality_run_on_spark_equals_duckdb(spark_cluster, khlang_env, capsys):
    """The done-when of issue 12: `khlang quality run --engine spark` on the sample, on the real cluster."""
    import json

    from khlang.cli import main

    def run(*extra):
        assert main(["quality", "run", "--format", "json", *extra]) == 0
        return json.loads(capsys.readouterr().out)

    on_spark = run("--engine", "spark", "--run-key", "spark1")
    duck = run("--engine", "duckdb", "--run-key", "duck1")
    assert on_spark["datasets"] == duck["datasets"]
    assert on_spark["scores"] == duck["scores"] and on_spark["unreadable"] == duck["unreadable"] == {}
    checked = [r for b in on_spark["datasets"] for r in b["results"] if r["kind"] == "expectation"]
    assert len(checked) >= 40
    # The suites of the file datasets ran on the cluster's executors, not in a local JVM.
    assert [a["name"] for a in spark_cluster.status()["activeapps"]] == ["khlang"]


@pytest.mark.slow
def test_python_regex_meaning_on_spark(spark_cluster):
    from khlang import spark as sessions
    from khlang.quality.engines.spark import to_java

    texts = ["abc\n", "abc", "a.b", "๑๒๓", "x\ry", "[&", "Ab", "a b\u3000c"]
    patterns = [r"^abc$", r"^\d+$", r"x.y", r"[[&]", r"(?i)ab", r"\w\s\w", r"^a\.b$", r"[]a]"]
    spark = sessions.session()
    frame = spark.createDataFrame([(t,) for t in texts], "t string")
    frame.createOrReplaceTempView("regex_texts")
    params = {f"p{i}": to_java(pat) for i, pat in enumerate(patterns)}
    sql = "SELECT t, " + ", ".join(f"t RLIKE :p{i}" for i in range(len(patterns))) + " FROM regex_texts"
    got = {row[0]: list(row[1:]) for row in spark.sql(sql, args=params).collect()}
    want = {t: [re.search(pat, t) is not None for pat in patterns] for t in texts}
    assert got == want


@pytest.mark.slow
def test_edge_suite_on_spark_equals_duckdb(spark_cluster, tmp_path):
    """The pushdown tests' edge rows and suite (Thai text, NULLs, ordered statistics, outliers) over Parquet."""
    from test_quality_pushdown import EDGE_ROWS as ROWS
    from test_quality_pushdown import _edge_suite, _edge_table, _shape

    from khlang import spark as sessions
    from khlang.quality.engines.spark import SparkEngine
    from khlang.quality.runner import run_on, run_suite
    from khlang.quality.suite import load_suite

    con, view = _edge_table(ROWS)
    parquet = tmp_path / "edge.parquet"
    con.execute(f"COPY {view} TO '{parquet}' (FORMAT parquet)")
    suite = load_suite(_edge_suite(tmp_path))
    spark = sessions.session()
    with SparkEngine(spark, spark.read.parquet(str(parquet))) as engine:
        on_spark = _shape(run_on(suite, engine, "t"))
    duck = _shape(run_suite(suite, con, view, "t"))
    assert on_spark == duck
    assert {r[0]: r[3] for r in duck}["expect_column_values_to_not_be_outliers:price"] == 1


@pytest.mark.slow
def test_catalog_scan_on_spark_equals_duckdb(spark_cluster, sample_dir):
    from khlang.harvest.scan import scan_location

    profiles = {}
    for folder in ("master", "transactional", "legacy"):
        duck = [p.to_dict() for p in scan_location(str(sample_dir / folder))]
        on_spark = [p.to_dict() for p in scan_location(str(sample_dir / folder), engine="spark")]
        assert duck and on_spark == duck, folder
        profiles[folder] = duck
    found = {c["pii"] for p in profiles["master"] for c in p["columns"] if c["pii"]}
    assert {"national_id", "email", "phone"} <= found


@pytest.mark.slow
def test_column_types_are_spark_types(spark_cluster, tmp_path):
    """GX on Spark: type names are pyspark.sql.types classes; a name that is no Spark type fails the check."""
    import json

    from khlang import spark as sessions
    from khlang.quality.engines.spark import SparkEngine
    from khlang.quality.runner import run_on
    from khlang.quality.suite import load_suite

    spark = sessions.session()
    frame = spark.createDataFrame([(1, "a", 1.5)], "i INT, s STRING, f DOUBLE")
    checks = [("expect_column_values_to_be_of_type", {"column": "i", "type_": "IntegerType"}),
              ("expect_column_values_to_be_in_type_list", {"column": "s", "type_list": ["IntegerType", "StringType"]}),
              ("expect_column_values_to_be_in_type_list", {"column": "f", "type_list": None}),
              ("expect_column_type_to_be", {"column": "f", "type_": "FloatType"}),
              ("expect_column_values_to_be_of_type", {"column": "i", "type_": "INTEGER"})]
    path = tmp_path / "types.json"
    path.write_text(json.dumps({"name": "types", "expectations": [{"type": t, "kwargs": k} for t, k in checks]}))
    with SparkEngine(spark, frame) as engine:
        results = run_on(load_suite(path), engine, "t")
    assert [(r.success, r.observed) for r in results[:4]] == [
        (True, "IntegerType"), (True, "StringType"), (True, "DoubleType"), (False, "DoubleType")]
    assert not results[4].success and "not a Spark type: INTEGER" in results[4].details["error"]


@pytest.mark.slow
def test_suite_over_a_file_on_spark_equals_duckdb(spark_cluster, sample_dir, tmp_path, capsys):
    """`khlang quality run --suite S --data FILE --engine spark`: a Parquet file and a legacy CSV, as on DuckDB."""
    import json
    from pathlib import Path

    from khlang.cli import main

    movements = Path(__file__).resolve().parents[1] / "expectations" / "stock_movements.json"
    legacy = tmp_path / "legacy.json"  # the Windows-874 export: Thai text read through its UTF-8 copy
    legacy.write_text(json.dumps({"name": "legacy", "expectations": [
        {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "phone", "regex": r"^0\d{9}$"}},
        {"type": "expect_column_values_to_not_match_regex", "kwargs": {"column": "name", "regex": "^นาย"}},
        {"type": "expect_column_value_lengths_to_be_between", "kwargs": {"column": "province", "max_value": 9}},
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "depositor_code"}}]}), encoding="utf-8")

    def run(suite: Path, data: Path, *extra: str) -> dict:
        assert main(["quality", "run", "--format", "json", "--suite", str(suite), "--data", str(data), *extra]) == 0
        return json.loads(capsys.readouterr().out)

    for suite, data in [(movements, sample_dir / "transactional" / "stock_movements.parquet"),
                        (legacy, sample_dir / "legacy" / "depositors_export.csv")]:
        on_spark, duck = run(suite, data, "--engine", "spark"), run(suite, data)
        assert on_spark == duck and any(not r["success"] for r in duck["results"]), suite
    # A database engine has no file to run on: refused, naming the engines that can.
    assert main(["quality", "run", "--suite", str(movements), "--data",
                 str(sample_dir / "transactional" / "stock_movements.parquet"), "--engine", "postgresql"]) != 0
    assert "duckdb or spark engine" in capsys.readouterr().err


@pytest.mark.slow
def test_quality_dag_hands_spark_work_to_the_airflow_provider(spark_cluster, khlang_env, tmp_path, capsys):
    """`airflow dags test khlang_quality` with engine=spark: with the Spark provider installed and its
    connection pointing at the cluster, each file dataset's checks are a spark-submit application there, and
    the stored results equal an in-process DuckDB run's."""
    import json
    import os

    from khlang import spark as sessions
    from khlang.cli import main
    from tests.test_dags import airflow, airflow_env, assert_every_task_succeeded

    pytest.importorskip("airflow.providers.apache.spark")
    sessions.stop()  # this process's application would hold the cluster's cores
    env = airflow_env(tmp_path, {**{k: v for k, v in os.environ.items() if k.startswith("KHLANG_")},
                                 "AIRFLOW_CONN_SPARK_DEFAULT": spark_cluster.url,
                                 # a core per application, so the DAG's two check tasks run side by side
                                 "KHLANG_SPARK_CONF": "spark.cores.max=1"})
    assert airflow(["db", "migrate"], env).returncode == 0
    checked = ["depositors", "stock_movements", "warehouses"]  # three file datasets: two run side by side
    result = airflow(["dags", "test", "khlang_quality", "2026-11-25T02:00:00+00:00", "--conf",
                      json.dumps({"engine": "spark", "datasets": checked})], env, timeout=1200)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-6000:]
    assert_every_task_succeeded(env, "khlang_quality", {"datasets", "check", "security", "scores", "site"}, log)
    apps = {a["name"] for a in spark_cluster.status()["completedapps"]}
    assert {f"khlang-{d}" for d in checked} <= apps, \
        (apps, [line for line in log.splitlines() if "spark" in line.lower()][-40:])

    from sqlalchemy import select

    from khlang.quality.records import CheckResultRow, QualityRun
    from khlang.store import open_store

    store = open_store(f"sqlite:///{khlang_env / 'var' / 'khlang.db'}")
    with store.reading() as s:
        on_spark = {(run.dataset, r.check): (r.success, r.element_count, r.unexpected_count)
                    for r, run in s.execute(select(CheckResultRow, QualityRun).join(QualityRun)
                                            .where(QualityRun.scope == "data"))}
    duck = {}
    for dataset in checked:
        assert main(["quality", "run", "--format", "json", "--engine", "duckdb", "--dataset", dataset,
                     "--run-key", f"duck-after-dag-{dataset}"]) == 0
        out = capsys.readouterr().out  # after Airflow's log lines (importing the provider set up its logging)
        block = json.loads(out[out.index("{\n"):])
        duck.update({(dataset, r["check"]): (r["success"], r["element_count"], r["unexpected_count"])
                     for r in block["results"]})
    assert on_spark == duck and len(duck) >= 20
