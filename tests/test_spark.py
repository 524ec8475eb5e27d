"""The Spark engine and Spark profiling, on a real standalone cluster (one master, two workers).

The cluster is started once per test session (tests/spark_support.py); the results are compared with the
DuckDB engine's on the same generated sample.
"""

from __future__ import annotations

import re

import pytest

from khlang.config import spark_conf, spark_master
from khlang.errors import KhlangError


def _shape(results):
    return [(r.check, r.type, r.column, r.success, r.element_count, r.unexpected_count, r.observed,
             r.details) for r in results]


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
def test_quality_on_spark_equals_duckdb(spark_cluster, khlang_env, sample_dir):
    from khlang.config import settings
    from khlang.declarations import load_catalog
    from khlang.quality.engines import ENGINES, Target
    from khlang.quality.relations import Relations
    from khlang.quality.runner import run_on, run_suite
    from khlang.quality.suite import suites_by_dataset

    cfg = settings()
    catalog = load_catalog(cfg.catalog_dir)
    suites = suites_by_dataset(cfg.expectations_dir)
    compared = 0
    with Relations(catalog, sample_dir) as rel:
        for name, suite in sorted(suites.items()):
            source = catalog.sources[catalog.datasets[name].source]
            if source.type not in ("files", "parquet", "csv"):
                continue
            duck = run_suite(suite, rel.con, rel.view(name), name)
            with ENGINES["spark"].open(Target(catalog, name, sample_dir)) as eng:
                on_spark = run_on(suite, eng, name)
            assert _shape(on_spark) == _shape(duck), name
            assert not [r for r in on_spark if "error" in r.details], name
            compared += len(duck)
    assert compared >= 30
    # The work ran on the cluster's executors, not in a local JVM.
    assert spark_cluster.status()["activeapps"][0]["name"] == "khlang"


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
