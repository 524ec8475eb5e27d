"""The column-type expectations (of type, in type list, column type to be): each engine's own type names, as
GX compares them on that backend — DuckDB's and PostgreSQL's names case-insensitively (PostgreSQL's as
SQLAlchemy compiles the reflected type, as GX 1.x does), MySQL's as SQLAlchemy's mysql classes (isinstance).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from khlang.errors import DeclarationError
from khlang.quality.engines.servers import MySQLEngine, PostgresEngine
from khlang.quality.runner import run_on, run_suite
from khlang.quality.suite import load_suite

OF, IN, TO_BE = ("expect_column_values_to_be_of_type", "expect_column_values_to_be_in_type_list",
                 "expect_column_type_to_be")


def _suite(tmp_path: Path, checks: list[tuple[str, dict]]) -> Path:
    path = tmp_path / "types.json"
    path.write_text(json.dumps({"name": "types", "expectations": [{"type": t, "kwargs": k} for t, k in checks]}))
    return path


CHECKS = [
    (OF, {"column": "i", "type_": "integer"}),         # case-insensitive
    (OF, {"column": "i", "type_": "TEXT"}),
    (IN, {"column": "s", "type_list": ["TEXT", "VARCHAR"]}),
    (IN, {"column": "s", "type_list": None}),          # GX: vacuously true, the type still observed
    (TO_BE, {"column": "f", "type_": "BIGINT"}),
]


def test_duckdb_compares_its_own_type_names_case_insensitively(tmp_path):
    con = duckdb.connect()
    con.execute("CREATE TABLE t (i INTEGER, s VARCHAR, f DOUBLE, d DECIMAL(18,3))")
    results = run_suite(load_suite(_suite(tmp_path, [*CHECKS, (TO_BE, {"column": "d", "type_": "decimal(18,3)"})])),
                        con, "t", "t")
    assert [(r.success, r.observed) for r in results] == [
        (True, "INTEGER"), (False, "INTEGER"), (True, "VARCHAR"), (True, "VARCHAR"), (False, "DOUBLE"),
        (True, "DECIMAL(18,3)")]


def test_a_type_check_with_a_row_condition_reads_no_rows(tmp_path):
    """A column's type does not depend on which rows a row_condition keeps: no query beyond the shared scan."""
    from khlang.quality.engines.duckdb import DuckDBEngine

    class Counting(DuckDBEngine):
        queries = 0

        def one_row(self, query):  # noqa: ANN001, ANN202
            Counting.queries += 1
            return super().one_row(query)

    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT 1 AS i, 'x' AS s")
    path = tmp_path / "types.json"
    path.write_text(json.dumps({"name": "types", "expectations": [
        {"type": OF, "kwargs": {"column": "i", "type_": "INTEGER", "row_condition": 'col("s")=="y"',
                                "condition_parser": "great_expectations"}}]}))
    [result] = run_on(load_suite(path), Counting(con, "t"), "t")
    assert (result.success, result.observed, Counting.queries) == (True, "INTEGER", 1)


@pytest.mark.parametrize("kwargs", [{"column": "i"}, {"column": "i", "type_": None}, {"column": "i", "type_": 3}])
def test_a_missing_or_wrong_type_name_is_refused_at_validation(tmp_path, kwargs):
    with pytest.raises(DeclarationError, match=r"types\.json:\d+.*type_"):
        load_suite(_suite(tmp_path, [(OF, kwargs)]))


@pytest.mark.postgres
def test_postgresql_compares_the_compiled_reflected_type(tmp_path, pg_url):
    import psycopg

    with psycopg.connect(pg_url) as conn:
        conn.execute("CREATE TABLE t (i integer, s varchar(20), f double precision, ts timestamp)")
    with PostgresEngine(pg_url, "t") as pg:
        results = run_on(load_suite(_suite(tmp_path, [
            *CHECKS, (OF, {"column": "s", "type_": "VARCHAR"}), (OF, {"column": "ts", "type_": "timestamp"}),
            (IN, {"column": "f", "type_list": ["DOUBLE_PRECISION", "double precision"]})])), pg, "t")
    assert [(r.success, r.observed) for r in results] == [
        (True, "INTEGER"), (False, "INTEGER"), (False, "VARCHAR(20)"), (True, "VARCHAR(20)"),
        (False, "DOUBLE PRECISION"), (False, "VARCHAR(20)"), (False, "TIMESTAMP WITHOUT TIME ZONE"),
        (True, "DOUBLE PRECISION")]


def test_mysql_matches_sqlalchemy_classes(tmp_path, mysql_url):
    from mysql_support import run_sql

    run_sql(mysql_url, "CREATE TABLE t (i int, s varchar(20), f double, b tinyint(1))")
    with MySQLEngine(mysql_url, "t") as my:
        results = run_on(load_suite(_suite(tmp_path, [
            *CHECKS, (OF, {"column": "b", "type_": "TINYINT"}), (OF, {"column": "f", "type_": "FLOAT"}),
            (TO_BE, {"column": "f", "type_": "double"})])), my, "t")
    # VARCHAR(20) is an instance of mysql.VARCHAR; GX's case: a MySQL boolean column is a TINYINT;
    # DOUBLE is not a FLOAT class in SQLAlchemy; column_type_to_be also matches the class's own name.
    assert [(r.success, r.observed) for r in results] == [
        (False, "INTEGER"), (False, "INTEGER"), (True, "VARCHAR"), (True, "VARCHAR"), (False, "DOUBLE"),
        (True, "TINYINT"), (False, "DOUBLE"), (True, "DOUBLE")]


def _pg_cases() -> list:
    from test_gx_conformance import CASES, TYPE_NAMES

    out = []
    for type_ in sorted(TYPE_NAMES):
        path = CASES / f"{type_}.json"
        if not path.exists():
            continue
        for d, dataset in enumerate(json.loads(path.read_text())["datasets"]):
            if "postgresql" not in (dataset.get("schemas") or {}):
                continue
            for case in dataset["tests"]:
                only, suppressed = set(case.get("only_for") or []), set(case.get("suppress_test_for") or [])
                if only & {"postgresql", "sqlalchemy"} and not suppressed & {"postgresql", "sqlalchemy"}:
                    out.append(pytest.param(type_, dataset, case, id=f"{type_}[{d}]:{case['title']}"))
    return out


# GX 0.18 matched PostgreSQL types by SQLAlchemy class; GX 1.x compares the compiled name ("DOUBLE PRECISION").
GX1_CHANGED = {(OF, "positive_test_postgres_floats"), (IN, "positive_test_float_values")}


@pytest.mark.postgres
@pytest.mark.parametrize(("type_", "dataset", "case"), _pg_cases())
def test_gx_cases_on_postgresql(type_, dataset, case, tmp_path, pg_url):
    import psycopg

    schema = dataset["schemas"]["postgresql"]
    ddl = ", ".join(f'"{c}" {t.replace("_", " ")}' for c, t in schema.items())
    with psycopg.connect(pg_url) as conn:
        conn.execute(f"CREATE TABLE t ({ddl})")
    with PostgresEngine(pg_url, "t") as pg:
        (result,) = run_on(load_suite(_suite(tmp_path, [(type_, case["in"])])), pg, "t")
    expected = case["out"]["success"] if (type_, case["title"]) not in GX1_CHANGED else not case["out"]["success"]
    assert result.success is expected, (result, case)
