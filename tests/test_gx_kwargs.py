"""GX kwargs that are not expectation-specific: suite parameters, result_format, catch_exceptions,
row_condition, and the GX core types Khlang refuses (each with file:line)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from khlang.errors import DeclarationError, KhlangError
from khlang.quality.runner import run_suite
from khlang.quality.suite import load_suite, parse_param


def _suite(tmp_path: Path, *expectations: dict) -> Path:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"name": "s", "expectations": list(expectations)}, indent=1))
    return path


def _con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT * FROM (VALUES (1, 1, 'a'), (2, 2, 'b'), (3, 4, NULL)) v(x, y, s)")
    return con


def test_suite_parameters_are_supplied_by_the_run(tmp_path):
    path = _suite(tmp_path, {"type": "expect_column_max_to_be_between",
                             "kwargs": {"column": "x", "max_value": {"$PARAMETER": "top"}}})
    (ok,) = run_suite(load_suite(path, {"top": 3}), _con(), "t")
    (bad,) = run_suite(load_suite(path, dict([parse_param("top=2")])), _con(), "t")
    assert (ok.success, bad.success, bad.observed) == (True, False, 3)
    with pytest.raises(DeclarationError) as exc:
        load_suite(path, {})
    assert f"{path}:8" in str(exc.value) and "'top'" in str(exc.value) and "max_value" in str(exc.value)
    # Validation without a run leaves it unresolved; running it then is a failed check naming it.
    (unresolved,) = run_suite(load_suite(path), _con(), "t")
    assert not unresolved.success and "'top' is not supplied" in unresolved.details["error"]


def test_result_format_and_catch_exceptions(tmp_path):
    rows = {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "x", "value_set": [1, 2]}}
    only = {"type": "expect_column_values_to_be_in_set",
            "kwargs": {"column": "x", "value_set": [1, 2], "result_format": "BOOLEAN_ONLY"}}
    basic, boolean = run_suite(load_suite(_suite(tmp_path, rows, only)), _con(), "t")
    assert (basic.success, basic.unexpected_count, boolean.success, boolean.unexpected_count) == (False, 1, False, None)
    broken = {"type": "expect_column_mean_to_be_between", "kwargs": {"column": "s", "min_value": 0}}
    (caught,) = run_suite(load_suite(_suite(tmp_path, broken)), _con(), "t")
    assert not caught.success and "needs a numeric column" in caught.details["error"]
    broken["kwargs"]["catch_exceptions"] = False
    with pytest.raises(KhlangError, match="catch_exceptions is false"):
        run_suite(load_suite(_suite(tmp_path, broken)), _con(), "t")


def test_row_condition_and_unsupported_types_are_refused_with_file_and_line(tmp_path):
    path = _suite(tmp_path,
                  {"type": "expect_column_values_to_be_increasing", "kwargs": {"column": "x"}},
                  {"type": "expect_column_values_to_not_be_null",
                   "kwargs": {"column": "x", "row_condition": 'y > 1', "condition_parser": "pandas"}})
    with pytest.raises(DeclarationError) as exc:
        load_suite(path)
    text = str(exc.value)
    assert f"{path}:5" in text and "pandas and Spark only" in text
    assert "row_condition" in text and "condition_parser" in text


def test_pair_and_multicolumn_ignore_row_if(tmp_path):
    path = _suite(tmp_path,
                  {"type": "expect_column_pair_values_to_be_equal", "kwargs": {"column_A": "x", "column_B": "y"}},
                  {"type": "expect_multicolumn_values_to_be_equal", "kwargs": {"column_list": ["x", "y"]}},
                  {"type": "expect_column_pair_values_a_to_be_greater_than_b",
                   "kwargs": {"column_A": "y", "column_B": "x", "or_equal": True, "ignore_row_if": "neither"}})
    equal, multi, greater = run_suite(load_suite(path), _con(), "t")
    assert (equal.success, equal.unexpected_count, multi.unexpected_count) == (False, 1, 1)
    assert (greater.success, greater.unexpected_count) == (True, 0)
    bad = _suite(tmp_path, {"type": "expect_column_pair_values_to_be_equal",
                            "kwargs": {"column_A": "x", "column_B": "y", "ignore_row_if": "any_value_is_missing"}})
    with pytest.raises(DeclarationError, match="either_value_is_missing"):
        load_suite(bad)


def test_the_quality_dag_task_passes_its_suite_params(khlang_env):
    from khlang.quality import tasks

    path = khlang_env / "expectations" / "grades.json"
    suite = json.loads(path.read_text(encoding="utf-8"))
    suite["expectations"].append({"type": "expect_table_row_count_to_be_between",
                                  "kwargs": {"min_value": {"$PARAMETER": "min_rows"}}})
    path.write_text(json.dumps(suite, ensure_ascii=False), encoding="utf-8")
    few = tasks.check("grades", "rk-few", None, {"min_rows": 1})
    many = tasks.check("grades", "rk-many", None, {"min_rows": 10**9})
    assert many["checks"] == few["checks"] and many["failed"] == few["failed"] + 1
