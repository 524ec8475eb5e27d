"""Great Expectations 1.24.1's own expectation tests, run against Khlang.

tests/fixtures/gx1_cases/ holds GX's `tests/integration/data_sources_and_expectations/expectations/test_expect_*.py`
(converted by scripts/gx1_cases.py: only their imports of GX's test harness changed, to tests/gx1_shim.py). Each GX
test function is one pytest test here (`test_<module>__<GX test name>`), with GX's own parametrize ids; the data
source axis is collapsed: each runs once, on Khlang's DuckDB engine (tests/gx1_shim.py: KhlangBatch).

Skipped, with the reason: the tests of types Khlang does not support (README), the tests GX runs on no SQL data
source (pandas or Spark only), those GX runs only on a backend whose column types need that backend's SQLAlchemy
dialect (not installed: no table can be made), GX's unit tests of its own classes (no batch: nothing of Khlang's
runs), and, at run time, a test that never validates. Where Khlang knowingly differs from GX, the case is
xfail(strict=True) with the reason in KNOWN below.
"""

from __future__ import annotations

import importlib.util
import inspect
import itertools
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from great_expectations.compatibility.not_imported import NotImported

from khlang.quality import expectations_gx  # noqa: F401  (registers the rest of GX's core types)
from khlang.quality.expectations import EXPECTATIONS
from tests.gx1_shim import BatchSpec, KhlangBatch

FIXTURES = Path(__file__).parent / "fixtures" / "gx1_cases"
# A module named after a type it does not test (GX's file name predates the type's rename).
MODULE_TYPE = {"expect_compound_column_values_to_be_unique": "expect_compound_columns_to_be_unique"}
NOT_SUPPORTED = "type not supported by Khlang (README)"
UNIT_TEST = "GX's unit test of its own classes: it takes no batch, so nothing of Khlang's runs"
NEVER_VALIDATES = "it never validates: it checks GX's own Expectation model (construction), not a result"

# Khlang reports counts, never the unexpected values or rows: where a GX test asserts those, that part cannot
# match (tests/gx1_shim.py gives GX's lists only where they are empty). In each case below the counts agree.
_COUNTS = "Khlang reports counts, not values (its counts agree here): "
VALUES = _COUNTS + "GX's unexpected-value lists (unexpected_list, partial_unexpected_list/_counts)"
QUERY = _COUNTS + "GX's unexpected_index_query (GX's SQL selecting the unexpected rows) has no Khlang counterpart"
VALUES_QUERY = _COUNTS + "GX's unexpected-value lists and its unexpected_index_query (GX's SQL for those rows)"
ROWS = _COUNTS + "GX's unexpected_rows (result_format include_unexpected_rows)"
INDEX = _COUNTS + "GX's unexpected_index_list (result_format unexpected_index_column_names)"
DIALECT = ("the test asserts the batch's SQLAlchemy dialect is one of snowflake, databricks, postgresql, mssql; "
           "Khlang's engine here is DuckDB")
MSSQL_LIKE = ("SQL Server's LIKE ([abc] character classes): GX runs it on SQL Server only; DuckDB's LIKE, like "
              "PostgreSQL's, has no bracket classes, so the pattern means something else")
MSSQL_REGEX = ("GX runs it on SQL Server only, which has no regex predicate (GX fails the check with that reason); "
               "DuckDB has one, and Khlang runs the check")
GX_ERROR = ("GX's own error (one metric error, 'ColumnValuesBetween metrics cannot be computed on column of type'); "
            "Khlang also fails the check, with its own reason ('min_value 0.0 cannot be compared with column strings')")


def _types(backend: str, duckdb_type: str) -> str:
    return (f"type names are each backend's own: the test names {backend}'s, Khlang on DuckDB compares DuckDB's "
            f"({duckdb_type}); tests/test_gx_types.py runs GX's PostgreSQL type cases on the server")


# Where Khlang knowingly differs from GX: "<module>::<GX test>[<GX param id>]" -> why. Each is xfail(strict=True).
KNOWN: dict[str, str] = {
    "expect_column_pair_values_a_to_be_greater_than_b::test_success_complete_sql": QUERY,
    "expect_column_pair_values_to_be_equal::test_include_unexpected_rows_sql": ROWS,
    "expect_column_pair_values_to_be_equal::test_success_complete_sql": QUERY,
    "expect_column_pair_values_to_be_in_set::test_success_complete_results": VALUES,
    "expect_column_type_to_be::test_case_insensitive_dialects": DIALECT,
    "expect_column_type_to_be::test_double_precision_matches_float_not_int": _types("PostgreSQL", "DOUBLE"),
    "expect_column_type_to_be::test_missing_column_raises": (
        "GX's own error text ('The column \"non_existent_column\" in BatchData does not exist'); Khlang also fails "
        "the check, with 'column not found: non_existent_column'"),
    "expect_column_type_to_be::test_observed_type_name_matches_sqlite[datetime-any-case]": _types("SQLite",
                                                                                                  "TIMESTAMP"),
    "expect_column_type_to_be::test_success_for_type__DECIMAL_38_0": _types("Snowflake", "INTEGER"),
    "expect_column_type_to_be::test_success_for_type__INT": _types("Databricks", "INTEGER"),
    "expect_column_value_lengths_to_be_between::test_include_unexpected_rows_sql": ROWS,
    "expect_column_value_lengths_to_equal::test_include_unexpected_rows_sql": ROWS,
    "expect_column_value_lengths_to_equal::test_success_complete__sql": VALUES_QUERY,
    "expect_column_value_z_scores_to_be_less_than::test_include_unexpected_rows_sql": ROWS,
    "expect_column_value_z_scores_to_be_less_than::test_success_complete__sql": QUERY,
    "expect_column_values_to_be_between::TestColumnValuesBetweenAgainstInvalidColumn::"
    "test_fails_when_run_against_invalid_column_type": GX_ERROR,
    "expect_column_values_to_be_between::TestColumnValuesBetweenAgainstInvalidColumn::"
    "test_other_expectations_pass_on_failure": GX_ERROR,
    "expect_column_values_to_be_between::test_include_unexpected_rows_sql": ROWS,
    "expect_column_values_to_be_between::test_infinite_decimal_is_unexpected_and_serializes": VALUES,
    "expect_column_values_to_be_between::test_success_complete_sql": QUERY,
    "expect_column_values_to_be_in_set::test_include_unexpected_rows_sql": ROWS,
    "expect_column_values_to_be_in_set::test_none_in_value_set_still_flags_values_outside_the_set": VALUES,
    "expect_column_values_to_be_in_set::test_none_only_value_set_flags_all_non_null_values": VALUES,
    "expect_column_values_to_be_in_set::test_success_complete_sql": QUERY,
    "expect_column_values_to_be_in_type_list::test_clickhouse_nullable_type": _types("ClickHouse", "INTEGER"),
    "expect_column_values_to_be_in_type_list::test_success_complete_postgres[CHAR]": _types("PostgreSQL", "VARCHAR"),
    "expect_column_values_to_be_in_type_list::test_success_complete_postgres[DOUBLE_PRECISION]": _types("PostgreSQL",
                                                                                                        "DOUBLE"),
    "expect_column_values_to_be_in_type_list::test_success_complete_postgres[NUMERIC]": _types(
        "PostgreSQL", "DOUBLE: DuckDB has no unbounded NUMERIC, so tests/gx1_shim.py makes NUMERIC a DOUBLE"),
    "expect_column_values_to_be_in_type_list::test_success_complete_postgres[TEXT]": _types("PostgreSQL", "VARCHAR"),
    "expect_column_values_to_be_null::test_include_unexpected_rows_sql": ROWS,
    "expect_column_values_to_be_null::test_success_complete_sql": QUERY,
    "expect_column_values_to_be_of_type::test_case_insensitive_dialects": DIALECT,
    "expect_column_values_to_be_of_type::test_clickhouse_nullable_type": _types("ClickHouse", "INTEGER"),
    "expect_column_values_to_be_of_type::test_success_for_type__Integer": _types("Databricks", "INTEGER"),
    "expect_column_values_to_be_of_type::test_success_for_type__Number": _types("Snowflake", "INTEGER"),
    "expect_column_values_to_be_unique::test_column_named_like_internal_count_label_sql": VALUES_QUERY,
    "expect_column_values_to_be_unique::test_complete_with_mixed_case_column_sql": VALUES,
    "expect_column_values_to_be_unique::test_complete_with_mixed_case_unexpected_index_column_names_sql": INDEX,
    "expect_column_values_to_be_unique::test_complete_with_row_condition_and_unexpected_index_column_names_sql":
        INDEX,
    "expect_column_values_to_be_unique::test_exclude_unexpected_values_returns_columnar_index_list_sql": INDEX,
    "expect_column_values_to_be_unique::test_include_unexpected_rows_sql": ROWS,
    "expect_column_values_to_be_unique::test_include_unexpected_rows_with_mixed_case_column_sql": ROWS,
    "expect_column_values_to_be_unique::test_include_unexpected_rows_with_row_condition_sql": ROWS,
    "expect_column_values_to_be_unique::test_success_complete_sql": QUERY,
    "expect_column_values_to_be_unique::test_unexpected_index_query_is_executable_sql": QUERY,
    "expect_column_values_to_match_like_pattern::test_complete_results_failure": VALUES_QUERY,
    "expect_column_values_to_match_like_pattern::test_escape_keeps_backslashes_literal[literal_backslash]": VALUES,
    "expect_column_values_to_match_like_pattern::"
    "test_escape_keeps_backslashes_literal[literal_backslash_then_escape]": VALUES,
    "expect_column_values_to_match_like_pattern::"
    "test_escape_matches_wildcard_characters_literally[a_different_escape_character]": VALUES,
    "expect_column_values_to_match_like_pattern::test_escape_matches_wildcard_characters_literally[literal_percent]":
        VALUES,
    "expect_column_values_to_match_like_pattern::"
    "test_escape_matches_wildcard_characters_literally[literal_underscore]": VALUES,
    "expect_column_values_to_match_like_pattern::test_include_unexpected_rows_sql": ROWS,
    "expect_column_values_to_match_like_pattern::test_msql_fancy_syntax[expectation0]": MSSQL_LIKE,
    "expect_column_values_to_match_like_pattern_list::test_complete_results_failure": VALUES_QUERY,
    "expect_column_values_to_match_like_pattern_list::test_escape_applies_to_every_pattern_in_the_list": VALUES,
    "expect_column_values_to_match_like_pattern_list::test_escape_applies_under_match_on_all": VALUES,
    "expect_column_values_to_match_like_pattern_list::test_include_unexpected_rows_postgres": ROWS,
    "expect_column_values_to_match_like_pattern_list::test_msql_fancy_syntax[expectation0]": MSSQL_LIKE,
    "expect_column_values_to_match_like_pattern_list::test_msql_fancy_syntax[expectation1]": MSSQL_LIKE,
    "expect_column_values_to_match_regex::test_include_unexpected_rows_sql": ROWS,
    "expect_column_values_to_match_regex::test_postgresql_complete_results_failure": VALUES_QUERY,
    "expect_column_values_to_match_regex::test_unsupported_dialect_states_the_reason": MSSQL_REGEX,
    "expect_column_values_to_match_regex_list::test_include_unexpected_rows_sql": ROWS,
    "expect_column_values_to_match_regex_list::test_postgresql_complete_results_failure": VALUES_QUERY,
    "expect_column_values_to_not_be_in_set::test_include_unexpected_rows_sql": ROWS,
    "expect_column_values_to_not_be_in_set::test_success_complete_sql": QUERY,
    "expect_column_values_to_not_be_null::test_failure_complete_sql": VALUES_QUERY,
    "expect_column_values_to_not_be_null::test_include_unexpected_rows_sql": ROWS,
    "expect_column_values_to_not_be_outliers::test_a_value_past_the_upper_fence_is_an_outlier": VALUES,
    "expect_column_values_to_not_be_outliers::test_a_zero_multiplier_admits_the_quartile_range": VALUES,
    "expect_column_values_to_not_be_outliers::test_a_zero_spread_leaves_the_center_alone": VALUES,
    "expect_column_values_to_not_be_outliers::test_decimal_columns_are_evaluated[iqr]": VALUES,
    "expect_column_values_to_not_be_outliers::test_decimal_columns_are_evaluated[standard_deviation]": VALUES,
    "expect_column_values_to_not_be_outliers::test_injected_outlier_fails_consistently_across_engines[iqr]": VALUES,
    "expect_column_values_to_not_be_outliers::test_injected_outlier_fails_consistently_across_engines[standard_deviation]":
        VALUES,
    "expect_column_values_to_not_be_outliers::test_nulls_are_excluded_from_statistics_and_evaluation": VALUES,
    "expect_column_values_to_not_be_outliers::test_quartiles_are_interpolated_consistently_across_engines": VALUES,
    "expect_column_values_to_not_be_outliers::test_values_on_the_fences_are_not_outliers[outside_the_fences]": VALUES,
    "expect_column_values_to_not_match_like_pattern::TestNormalSql::test_include_unexpected_rows_postgres": ROWS,
    "expect_column_values_to_not_match_like_pattern::TestSQLServer::test_failure[bracket_notation_fail]": MSSQL_LIKE,
    "expect_column_values_to_not_match_like_pattern_list::TestNormalSql::test_include_unexpected_rows_postgres": ROWS,
    "expect_column_values_to_not_match_like_pattern_list::TestSQLServer::"
    "test_failure[matches_one_pattern_but_not_all]": MSSQL_LIKE,
    "expect_column_values_to_not_match_like_pattern_list::TestSQLServer::test_failure[one_pattern]": MSSQL_LIKE,
    "expect_column_values_to_not_match_regex::test_include_unexpected_rows_sql": ROWS,
    "expect_column_values_to_not_match_regex_list::TestNormalSql::test_include_unexpected_rows_sql": ROWS,
    "expect_compound_column_values_to_be_unique::test_include_unexpected_rows_sql": ROWS,
    "expect_compound_column_values_to_be_unique::test_unexpected_index_query_sql[basic_with_flag]": QUERY,
    "expect_compound_column_values_to_be_unique::test_unexpected_index_query_sql[boolean_only_with_flag]": QUERY,
    "expect_compound_column_values_to_be_unique::test_unexpected_index_query_sql[complete_default]": QUERY,
    "expect_compound_column_values_to_be_unique::test_unexpected_index_query_sql[complete_with_flag]": QUERY,
    "expect_compound_column_values_to_be_unique::test_unexpected_index_query_sql[summary_with_flag]": QUERY,
    "expect_select_column_values_to_be_unique_within_record::test_include_unexpected_rows_sql": ROWS,
    "expect_table_columns_to_match_set::test_case_insensitive_failure": (
        "GX's rendering names which columns are missing and unexpected (details.mismatched); Khlang fails the "
        "check as GX does and reports the observed columns, not that breakdown"),
}


@dataclass
class Case:
    module: str  # the fixture's stem without "gx_": the GX expectation module
    name: str  # GX's test name ("Class::method" for a method)
    func: Callable[..., Any]
    cls: type | None
    spec: BatchSpec | None
    params: dict[str, Any] = field(default_factory=dict)
    param_id: str | None = None
    gx_marks: list[Any] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.module}::{self.name}" + (f"[{self.param_id}]" if self.param_id is not None else "")


def _load(path: Path) -> ModuleType:
    name = f"gx1_cases.{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _value_id(value: Any, argname: str, index: int) -> str:
    """pytest's id for a parameter value without an explicit id."""
    if isinstance(value, Enum):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool, complex)):
        return str(value).encode("unicode_escape").decode("ascii") if isinstance(value, str) else str(value)
    if isinstance(value, type) or inspect.isfunction(value):
        return value.__name__
    return f"{argname}{index}"


def _expand(mark: Any) -> list[tuple[str, dict[str, Any]]]:
    """(id, {argname: value}) of one pytest.mark.parametrize mark."""
    argnames, argvalues = mark.args[0], mark.args[1]
    names = [n.strip() for n in argnames.split(",")] if isinstance(argnames, str) else list(argnames)
    ids = mark.kwargs.get("ids")
    out: list[tuple[str, dict[str, Any]]] = []
    for i, item in enumerate(argvalues):
        explicit = None
        if isinstance(item, type(pytest.param(None))):
            values, explicit = item.values, item.id
        else:
            values = item if len(names) > 1 else (item,)
        if explicit is None and isinstance(ids, (list, tuple)):
            explicit = ids[i]
        pid = explicit if explicit is not None else \
            "-".join(_value_id(v, n, i) for n, v in zip(names, values))
        out.append((str(pid), dict(zip(names, values))))
    seen: dict[str, int] = {}
    dup = {pid for pid, _ in out if sum(1 for p, _ in out if p == pid) > 1}
    unique = []
    for pid, params in out:  # pytest's suffixes for ids that repeat
        if pid in dup:
            n = seen.get(pid, 0)
            seen[pid] = n + 1
            pid = f"{pid}{n}"
        unique.append((pid, params))
    return unique


def _cases_of(module: str, name: str, func: Callable[..., Any], cls: type | None) -> list[Case]:
    marks = list(getattr(func, "pytestmark", []))
    parametrize = [m for m in marks if m.name == "parametrize"]
    gx_marks = [m for m in marks if m.name in ("skip", "skipif", "xfail")]
    spec = getattr(func, "gx1_batch", None)
    if not parametrize:
        return [Case(module, name, func, cls, spec, gx_marks=gx_marks)]
    cases = []
    for combo in itertools.product(*[_expand(m) for m in parametrize]):
        params: dict[str, Any] = {}
        for _, values in combo:
            params.update(values)
        cases.append(Case(module, name, func, cls, spec, params, "-".join(pid for pid, _ in combo), gx_marks))
    return cases


def _module_cases(path: Path) -> list[Case]:
    module = _load(path)
    stem = path.stem.removeprefix("gx_")
    cases: list[Case] = []
    for attr, obj in vars(module).items():
        if inspect.isfunction(obj) and attr.startswith("test") and obj.__module__ == module.__name__:
            cases += _cases_of(stem, attr, obj, None)
        elif inspect.isclass(obj) and attr.startswith("Test") and obj.__module__ == module.__name__:
            for method, fn in vars(obj).items():
                if method.startswith("test") and inspect.isfunction(fn):
                    cases += _cases_of(stem, f"{attr}::{method}", fn, obj)
    return cases


def _why_not_run(case: Case) -> str | None:
    type_ = MODULE_TYPE.get(case.module, case.module)
    if type_ not in EXPECTATIONS:
        return NOT_SUPPORTED
    if case.spec is None:
        return UNIT_TEST
    config = case.spec.sql_config()
    if config is None:
        return f"GX runs it on no SQL data source, only on {', '.join(case.spec.labels)}"
    if any(isinstance(t, NotImported) for t in (config.column_types or {}).values()):
        return (f"GX runs it only on {', '.join(case.spec.labels)}, with column types of that backend's SQLAlchemy "
                "dialect, which is not installed here: its table cannot be created")
    return None


def _marks(case: Case) -> list[Any]:
    why = _why_not_run(case)
    if why:
        return [pytest.mark.skip(reason=why)]
    marks = list(case.gx_marks)
    if case.key in KNOWN:
        marks.append(pytest.mark.xfail(reason=KNOWN[case.key], strict=True))
    return marks


@pytest.fixture(scope="module")
def gx1_workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gx1_suites")


def run_case(case: Case, workdir: Path) -> None:
    """Run GX's test function with a KhlangBatch in place of GX's batch."""
    assert case.spec is not None
    batch = KhlangBatch(case.spec, workdir)
    try:
        kwargs = dict(case.params)
        for name in inspect.signature(case.func).parameters:
            if name == "batch_for_datasource":
                kwargs[name] = batch
            elif name == "extra_table_names_for_datasource":
                kwargs[name] = batch.extra_table_names
        if case.cls is not None:
            case.func(case.cls(), **kwargs)
        else:
            case.func(**kwargs)
    finally:
        batch.close()
    if batch.validations == 0:
        pytest.skip(NEVER_VALIDATES)


def _test_function(cases: list[Case]) -> Callable[..., None]:
    if len(cases) == 1 and cases[0].param_id is None:
        only = cases[0]

        def test(gx1_workdir: Path) -> None:
            run_case(only, gx1_workdir)

        for mark in _marks(only):
            test = mark(test)
        return test

    @pytest.mark.parametrize("case", [pytest.param(c, id=c.param_id, marks=_marks(c)) for c in cases])
    def test_param(case: Case, gx1_workdir: Path) -> None:
        run_case(case, gx1_workdir)

    return test_param


CASES: list[Case] = [c for path in sorted(FIXTURES.glob("gx_expect_*.py")) for c in _module_cases(path)]

for (_module, _name), _group in itertools.groupby(CASES, key=lambda c: (c.module, c.name)):
    _fn = _test_function(list(_group))
    _fn.__name__ = _fn.__qualname__ = f"test_{_module}__{_name.replace('::', '__')}"
    globals()[_fn.__name__] = _fn


def test_known_differences_name_cases() -> None:
    """Every KNOWN entry names a GX case that runs (not a stale or skipped one)."""
    runnable = {c.key for c in CASES if _why_not_run(c) is None}
    assert sorted(set(KNOWN) - runnable) == []
