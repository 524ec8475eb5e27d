"""What GX 1.x's own expectation tests import from GX's test infrastructure, re-implemented over Khlang.

`scripts/gx1_cases.py` copies Great Expectations' `tests/integration/data_sources_and_expectations/expectations/
test_expect_*.py` into `tests/fixtures/gx1_cases/` with their imports of GX's test harness (`tests.integration.
conftest`, `tests.integration.test_utils.data_source_config...`, the data-source lists) pointed at this module;
`tests/test_gx1_cases.py` runs them.

- The data-source configs and lists carry GX's labels and memberships (GX 1.24.1's registry), so a test's
  `data_source_configs` say where GX runs it; nothing here connects to those backends.
- `parameterize_batch_for_data_sources` does not parametrize: it records the configs and the data on the test
  function, and `tests/test_gx1_cases.py` runs the test once, on Khlang's DuckDB engine, with a `KhlangBatch`.
- `KhlangBatch.validate` loads the expectation's configuration (type, kwargs, meta: GX 1.x's serialisation) as a
  Khlang suite with `load_suite` (suite parameters as `khlang quality run --param` gives them), runs it with
  `run_suite` over the test's DataFrame loaded into DuckDB as table `t` (typed as GX's SQL test harness types
  it, or as the PostgreSQL config's `column_types` say), and returns GX's own `ExpectationValidationResult`
  class filled from Khlang's `CheckResult`: the fields GX writes for the result_format, from Khlang's counts and
  observed value. Khlang reports counts, never the unexpected values: the lists and index lists GX fills are
  written only where there is nothing in them (no unexpected value: `[]`), and otherwise left out, never made up.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar

import duckdb
import pandas as pd

GX_VERSION = "1.24.1"
MAIN_TABLE = "t"
DIALECT = "duckdb"


# --- GX's data-source configs: identity only (label, SQL or not, column types) ---------------------------------


@dataclass(frozen=True, eq=False)
class DataSourceTestConfig:
    """GX's `DataSourceTestConfig` fields; `label` and `sql` are GX's registry facts for the backend."""

    name: str | None = None
    table_name: str | None = None
    schema_name: str | None = None
    column_types: Mapping[str, Any] | None = None
    extra_column_types: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    label: ClassVar[str] = ""
    sql: ClassVar[bool] = False

    @property
    def test_id(self) -> str:
        return "-".join(p for p in (self.label, self.name) if p is not None)

    def __eq__(self, other: object) -> bool:  # GX: equal when they are the same backend
        return isinstance(other, DataSourceTestConfig) and self.label == other.label

    def __hash__(self) -> int:
        return hash(self.label)


def _config(class_name: str, label: str, sql: bool) -> type[DataSourceTestConfig]:
    """One of GX's config classes: its name, GX's label for the backend, whether GX runs it as SQL."""
    return dataclass(frozen=True, eq=False)(type(class_name, (DataSourceTestConfig,), {
        "__module__": __name__, "__qualname__": class_name, "label": label, "sql": sql}))


BigQueryDatasourceTestConfig = _config("BigQueryDatasourceTestConfig", "big-query", True)
ClickHouseDatasourceTestConfig = _config("ClickHouseDatasourceTestConfig", "clickhouse", True)
DatabricksDatasourceTestConfig = _config("DatabricksDatasourceTestConfig", "databricks", True)
GenericSQLDatasourceTestConfig = _config("GenericSQLDatasourceTestConfig", "generic_sql", True)
MySQLDatasourceTestConfig = _config("MySQLDatasourceTestConfig", "mysql", True)
OracleDatasourceTestConfig = _config("OracleDatasourceTestConfig", "oracle", True)
PandasDataFrameDatasourceTestConfig = _config("PandasDataFrameDatasourceTestConfig", "pandas-data-frame", False)
PandasFilesystemCsvDatasourceTestConfig = _config("PandasFilesystemCsvDatasourceTestConfig",
                                                  "pandas-filesystem-csv", False)
PostgreSQLDatasourceTestConfig = _config("PostgreSQLDatasourceTestConfig", "postgresql", True)
RedshiftDatasourceTestConfig = _config("RedshiftDatasourceTestConfig", "redshift", True)
SingleStoreDatasourceTestConfig = _config("SingleStoreDatasourceTestConfig", "singlestore", True)
SnowflakeDatasourceTestConfig = _config("SnowflakeDatasourceTestConfig", "snowflake", True)
SparkFilesystemCsvDatasourceTestConfig = _config("SparkFilesystemCsvDatasourceTestConfig", "spark-filesystem-csv",
                                                 False)
SQLServerDatasourceTestConfig = _config("SQLServerDatasourceTestConfig", "mssql", True)
SqliteDatasourceTestConfig = _config("SqliteDatasourceTestConfig", "sqlite", True)
TrinoDatasourceTestConfig = _config("TrinoDatasourceTestConfig", "trino", True)

# GX 1.24.1's lists (tests/integration/test_utils/data_source_config/tiers.py, data_source_lists.py), in its order.
PANDAS_DATA_SOURCES: list[DataSourceTestConfig] = [PandasDataFrameDatasourceTestConfig(),
                                                   PandasFilesystemCsvDatasourceTestConfig()]
SPARK_DATA_SOURCES: list[DataSourceTestConfig] = [SparkFilesystemCsvDatasourceTestConfig()]
ALL_DATA_SOURCES: list[DataSourceTestConfig] = [
    BigQueryDatasourceTestConfig(), DatabricksDatasourceTestConfig(), SQLServerDatasourceTestConfig(),
    MySQLDatasourceTestConfig(), PandasDataFrameDatasourceTestConfig(), PandasFilesystemCsvDatasourceTestConfig(),
    PostgreSQLDatasourceTestConfig(), RedshiftDatasourceTestConfig(), SnowflakeDatasourceTestConfig(),
    SparkFilesystemCsvDatasourceTestConfig(), SqliteDatasourceTestConfig()]
SQL_DATA_SOURCES: list[DataSourceTestConfig] = [c for c in ALL_DATA_SOURCES if c.sql]
NON_SQL_DATA_SOURCES: list[DataSourceTestConfig] = [*PANDAS_DATA_SOURCES, *SPARK_DATA_SOURCES]
JUST_PANDAS_DATA_SOURCES: list[DataSourceTestConfig] = [PandasDataFrameDatasourceTestConfig()]
DATA_SOURCES_THAT_SUPPORT_DATE_COMPARISONS: list[DataSourceTestConfig] = [
    BigQueryDatasourceTestConfig(), DatabricksDatasourceTestConfig(), SQLServerDatasourceTestConfig(),
    MySQLDatasourceTestConfig(), PandasDataFrameDatasourceTestConfig(), PostgreSQLDatasourceTestConfig(),
    RedshiftDatasourceTestConfig(), GenericSQLDatasourceTestConfig(), SnowflakeDatasourceTestConfig(),
    SparkFilesystemCsvDatasourceTestConfig()]
CURATED_SQL_DATA_SOURCES: list[DataSourceTestConfig] = [
    c for c in SQL_DATA_SOURCES if c.label in ("postgresql", "mysql", "mssql", "sqlite")]


# --- GX's multi-source harness (expect_query_results_to_match_comparison only, a type Khlang does not run) -----


@dataclass(frozen=True)
class MultiSourceTestConfig:
    comparison: DataSourceTestConfig
    base: DataSourceTestConfig


class MultiSourceBatch:
    """GX's pair of batches of two data sources; no Khlang suite can name a second data source."""


class PostgresBatchTestSetup:
    """GX's PostgreSQL table setup; never instantiated here."""


ALL_COMPARISON_TO_BASE_SOURCES: list[MultiSourceTestConfig] = [
    MultiSourceTestConfig(comparison=c, base=b) for b in SQL_DATA_SOURCES for c in SQL_DATA_SOURCES if b == c]


def multi_source_batch_setup(multi_source_test_configs: Sequence[MultiSourceTestConfig], base_data: pd.DataFrame,
                             comparison_data: pd.DataFrame, **_: Any) -> Callable[[Any], Any]:
    def decorator(func: Any) -> Any:
        func.gx1_multi_source = True
        return func
    return decorator


# --- the decorator ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchSpec:
    """What a GX test's `parameterize_batch_for_data_sources` said: where GX runs it, and on which data."""

    configs: tuple[DataSourceTestConfig, ...]
    data: pd.DataFrame
    extra_data: Mapping[str, pd.DataFrame]

    @property
    def labels(self) -> list[str]:
        return [c.test_id for c in self.configs]

    def sql_config(self) -> DataSourceTestConfig | None:
        """The config whose column types the DuckDB table takes: PostgreSQL's (Khlang follows GX on
        PostgreSQL), else the first SQL backend's; None when GX runs the test on no SQL backend."""
        sql = [c for c in self.configs if c.sql]
        return next((c for c in sql if c.label == "postgresql"), sql[0] if sql else None)


def parameterize_batch_for_data_sources(data_source_configs: Sequence[DataSourceTestConfig], data: pd.DataFrame,
                                        extra_data: Mapping[str, pd.DataFrame] | None = None
                                        ) -> Callable[[Any], Any]:
    """Record the test's configs and data on it (tests/test_gx1_cases.py gives it a `KhlangBatch`)."""
    if len(data_source_configs) == 0:
        raise ValueError("At least one data source configuration must be provided.")

    def decorator(func: Any) -> Any:
        func.gx1_batch = BatchSpec(tuple(data_source_configs), data, dict(extra_data or {}))
        return func
    return decorator


# --- the DataFrame as a DuckDB table, typed as GX's SQL harness types it ------------------------------------------

# GX's SQL harness (test_utils/data_source_config/sql.py _SHARED_DEFAULTS): the first non-null value's Python
# type names the column's type; an all-null column is INTEGER.
_INFERRED = {str: "VARCHAR", int: "INTEGER", float: "DOUBLE", bool: "BOOLEAN", dt.date: "DATE",
             dt.datetime: "TIMESTAMP", pd.Timestamp: "TIMESTAMP"}


def _python_type(value: Any) -> type:
    import numpy as np

    t = type(value)
    if issubclass(t, np.bool_):
        return bool
    if issubclass(t, np.integer):
        return int
    if issubclass(t, np.floating):
        return float
    return t


def _is_null(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or array in a cell
        return False


def inferred_type(column: str, values: list[Any]) -> str:
    present = [v for v in values if not _is_null(v)]
    if not present:
        return "INTEGER"
    first = _python_type(present[0])
    if any(_python_type(v) is not first for v in present) or first not in _INFERRED:
        raise RuntimeError(f"Cannot infer type of column {column} (GX's SQL harness cannot either); "
                           "the test must give column_types")
    return _INFERRED[first]


def duckdb_type(sql_type: Any) -> str:
    """The DuckDB type for a SQLAlchemy type (class or instance) of a GX test's `column_types`.

    NUMERIC without a precision is DOUBLE: PostgreSQL's NUMERIC has no fixed precision and holds infinity, DuckDB's
    DECIMAL has a fixed precision and no infinity (tests/test_gx_conformance.py maps NUMERIC the same way)."""
    from sqlalchemy import types as st

    t = sql_type() if isinstance(sql_type, type) else sql_type
    if isinstance(t, st.Boolean):
        return "BOOLEAN"
    if isinstance(t, st.SmallInteger):
        return "SMALLINT"
    if isinstance(t, st.BigInteger):
        return "BIGINT"
    if isinstance(t, st.Integer):
        return "INTEGER"
    if isinstance(t, st.Float):  # Float, REAL, DOUBLE, Double, DOUBLE_PRECISION (Numeric subclasses)
        precision = getattr(t, "precision", None)
        return "REAL" if isinstance(t, st.REAL) or (precision is not None and precision <= 24) else "DOUBLE"
    if isinstance(t, st.Numeric):
        if t.precision is not None:
            return f"DECIMAL({t.precision}, {t.scale or 0})"
        return "DOUBLE"
    if isinstance(t, st.DateTime):
        return "TIMESTAMPTZ" if t.timezone else "TIMESTAMP"
    if isinstance(t, st.Date):
        return "DATE"
    if isinstance(t, st.Time):
        return "TIME"
    if isinstance(t, st.Interval):
        return "INTERVAL"
    if isinstance(t, st.JSON) or type(t).__name__.upper() in ("JSON", "JSONB"):
        return "JSON"
    if isinstance(t, st.Uuid) or type(t).__name__.upper() == "UUID":
        return "UUID"
    if isinstance(t, st.String):  # String, Text, VARCHAR, CHAR, Unicode, UnicodeText
        return "VARCHAR"
    if isinstance(t, st.LargeBinary):
        return "BLOB"
    raise NotImplementedError(f"no DuckDB type for the GX test's column type {t!r}")


def _cell(value: Any, type_: str) -> Any:
    import numpy as np

    if _is_null(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, np.generic):
        value = value.item()
    if type_ == "TIMESTAMP" and isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)  # PostgreSQL's, with the session in UTC
    if type_ == "JSON" and not isinstance(value, str):
        value = json.dumps(value)
    return value


def load_frame(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame,
               column_types: Mapping[str, Any] | None) -> None:
    """`frame` as table `name`: GX's inferred types, with the config's `column_types` over them."""
    data = frame.to_dict("list")
    types = {str(c): inferred_type(str(c), v) for c, v in data.items() if str(c) not in (column_types or {})}
    types = {str(c): types.get(str(c)) or duckdb_type((column_types or {})[str(c)]) for c in data}
    for c, t in (column_types or {}).items():
        types.setdefault(str(c), duckdb_type(t))
    if not types:
        raise NotImplementedError("a table without columns cannot be created in DuckDB")
    cols = ", ".join(f'"{c}" {t}' for c, t in types.items())
    con.execute(f'CREATE TABLE "{name}" ({cols})')
    rows = [[_cell(data[c][i], types[str(c)]) if c in data else None for c in types] for i in range(len(frame))]
    if rows:
        con.executemany(f'INSERT INTO "{name}" VALUES ({", ".join("?" for _ in types)})', rows)


# --- the batch ---------------------------------------------------------------------------------------------------


def _execution_engine() -> Any:
    """An identity for tests that ask which kind of engine runs them: a SQL one (SqlAlchemyExecutionEngine's
    class), whose dialect is DuckDB's. It runs nothing: Khlang's runner does."""
    from great_expectations.execution_engine import SqlAlchemyExecutionEngine

    class KhlangDuckDBEngine(SqlAlchemyExecutionEngine):
        def __init__(self) -> None:  # noqa: D107 - no SQLAlchemy engine is built
            self._engine_backup = None
            self.engine = SimpleNamespace(  # type: ignore[assignment]
                dialect=SimpleNamespace(name=DIALECT), dispose=lambda: None)

    return KhlangDuckDBEngine()


_DATABASE: list[duckdb.DuckDBPyConnection] = []  # one in-memory database; each batch has a schema of its own
_SCHEMAS = itertools.count()
_SUITES = itertools.count()


def _connection() -> tuple[duckdb.DuckDBPyConnection, str]:
    """A connection of its own to a schema of its own (opening a DuckDB database takes ~40 ms; a cursor ~1 ms)."""
    if not _DATABASE:
        _DATABASE.append(duckdb.connect())
    con = _DATABASE[0].cursor()
    schema = f"gx_{next(_SCHEMAS)}"
    con.execute(f"CREATE SCHEMA {schema}")
    con.execute(f"SET schema = '{schema}'")
    return con, schema


class KhlangBatch:
    """Stands in for GX's `Batch` in GX's tests: `validate` runs the expectation (or suite) through Khlang,
    over the test's data as table `t` (and its extra_data as `t_<label>`) on one DuckDB connection."""

    def __init__(self, spec: BatchSpec, workdir: Path):
        config = spec.sql_config()
        if config is None:
            raise ValueError(f"GX runs this test on no SQL data source ({', '.join(spec.labels)})")
        self.config = config
        self.workdir = workdir
        self.con, self.schema = _connection()
        load_frame(self.con, MAIN_TABLE, spec.data, config.column_types)
        self.extra_table_names: dict[str, str] = {}
        for label, frame in spec.extra_data.items():
            table = f"{MAIN_TABLE}_{label}"
            load_frame(self.con, table, frame, config.extra_column_types.get(label))
            self.extra_table_names[label] = table
        self.datasource = SimpleNamespace(type=DIALECT, name="khlang")
        self.data = SimpleNamespace(execution_engine=_execution_engine())
        self.validations = 0

    def close(self) -> None:
        self.con.execute(f"DROP SCHEMA {self.schema} CASCADE")
        self.con.close()

    def validate(self, expect: Any, result_format: Any = "SUMMARY",
                 expectation_parameters: Mapping[str, Any] | None = None) -> Any:
        from great_expectations.core import ExpectationSuite
        from great_expectations.core.expectation_validation_result import ExpectationSuiteValidationResult

        self.validations += 1
        rf = getattr(result_format, "value", result_format)
        rf = {**rf, "result_format": getattr(rf.get("result_format"), "value", rf.get("result_format"))} \
            if isinstance(rf, dict) else rf
        params = _jsonable_params(expectation_parameters)
        if isinstance(expect, ExpectationSuite):
            results = self._run(list(expect.expectations), rf, params)
            return ExpectationSuiteValidationResult(success=all(r.success for r in results), results=results,
                                                    suite_name=expect.name)
        return self._run([expect], rf, params)[0]

    def _run(self, expectations: list[Any], rf: Any, params: dict[str, Any]) -> list[Any]:
        """Each expectation's GX result: those Khlang's loader refuses fail alone; the rest run as one suite."""
        from khlang.errors import DeclarationError
        from khlang.quality.runner import run_suite

        items = [_suite_item(e, rf) for e in expectations]
        out: list[Any] = [None] * len(items)
        runnable = list(range(len(items)))
        try:
            suite = self._load(items, params)
        except DeclarationError as exc:
            if len(items) == 1:
                return [_refused(expectations[0], str(exc))]
            runnable = []
            for i, item in enumerate(items):
                try:
                    self._load([item], params)
                except DeclarationError as alone:
                    out[i] = _refused(expectations[i], str(alone))
                else:
                    runnable.append(i)
            suite = self._load([items[i] for i in runnable], params) if runnable else None
        if suite is not None:
            for i, check in zip(runnable, run_suite(suite, self.con, MAIN_TABLE, MAIN_TABLE)):
                out[i] = to_gx_result(expectations[i], check, rf)
        return out

    def _load(self, items: list[dict[str, Any]], params: dict[str, Any]) -> Any:
        from khlang.quality.suite import load_suite

        path = self.workdir / f"gx_{self.schema}_{next(_SUITES)}.json"
        path.write_text(json.dumps({"name": "gx", "expectations": items}))
        return load_suite(path, params)


def _jsonable_params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Suite parameters as `--param NAME=VALUE` gives them: JSON values (GX's own JSON form of dates)."""
    from great_expectations.util import convert_to_json_serializable

    return json.loads(json.dumps(convert_to_json_serializable(dict(params or {}))))


def _suite_item(expectation: Any, rf: Any) -> dict[str, Any]:
    """GX 1.x's serialisation of the expectation (type, kwargs, meta), with the validation's result_format,
    which in GX overrides the expectation's own."""
    doc = expectation.configuration.to_json_dict()
    kwargs = {k: v for k, v in doc["kwargs"].items() if k != "result_format"}
    kwargs["result_format"] = rf
    return {"type": doc["type"], "kwargs": kwargs, "meta": doc.get("meta") or {}}


# --- Khlang's CheckResult as GX's ExpectationValidationResult ------------------------------------------------------


def _exception_info(message: str) -> Any:
    from great_expectations.validator.exception_info import ExceptionInfo

    return ExceptionInfo(exception_traceback="", exception_message=message)


def _refused(expectation: Any, message: str) -> Any:
    """Khlang refused the expectation at validation (DeclarationError): GX's failed result for an expectation
    that raised (exception_info in GX's flat form: raised_exception, exception_message, exception_traceback)."""
    from great_expectations.core.expectation_validation_result import ExpectationValidationResult

    return ExpectationValidationResult(success=False, expectation_config=expectation.configuration,
                                       exception_info=_exception_info(message))


def _map_types() -> set[str]:
    import great_expectations.expectations as gxe
    from great_expectations.expectations.expectation import (
        ColumnMapExpectation,
        ColumnPairMapExpectation,
        MulticolumnMapExpectation,
    )

    classes = [getattr(gxe, n) for n in dir(gxe)]
    bases = (ColumnMapExpectation, ColumnPairMapExpectation, MulticolumnMapExpectation)
    return {c.expectation_type for c in classes if isinstance(c, type) and issubclass(c, bases)
            and getattr(c, "expectation_type", None)} - TYPE_TYPES


TYPE_TYPES = {"expect_column_values_to_be_of_type", "expect_column_values_to_be_in_type_list"}
NULL_TYPES = {"expect_column_values_to_not_be_null", "expect_column_values_to_be_null"}  # GX: no missing count
_MAP: set[str] = set()


def _percent(part: int | None, whole: int | None) -> float | None:
    return None if part is None or not whole else part / whole * 100


def map_result(rf: dict[str, Any], element_count: int | None, nonnull: int | None,
               unexpected: int | None) -> dict[str, Any]:
    """GX's `_format_map_output` from counts, as GX's SQL engine fills it (no index list without
    unexpected_index_column_names); the value lists only where they are empty (no unexpected value)."""
    fmt = rf["result_format"]
    if fmt == "BOOLEAN_ONLY":
        return {}
    ec = element_count or 0
    missing = None if nonnull is None else ec - nonnull
    total = nonmissing = missing_pct = None
    if unexpected is not None and ec > 0:
        total = unexpected / ec * 100
        if missing is not None:
            missing_pct = missing / ec * 100
            nonmissing = _percent(unexpected, nonnull)
        else:
            nonmissing = total
    res: dict[str, Any] = {"element_count": ec, "unexpected_count": unexpected, "unexpected_percent": nonmissing}
    empty = unexpected == 0 and not rf.get("exclude_unexpected_values", False)
    if empty:
        res["partial_unexpected_list"] = []
    if rf.get("unexpected_index_column_names") is not None:
        res["unexpected_index_column_names"] = rf["unexpected_index_column_names"]
    if missing is not None:
        res.update(missing_count=missing, missing_percent=missing_pct, unexpected_percent_total=total,
                   unexpected_percent_nonmissing=nonmissing)
    if fmt == "BASIC":
        return res
    if empty and (rf.get("partial_unexpected_count") or 0) > 0:
        res["partial_unexpected_counts"] = []
    if fmt == "SUMMARY":
        return res
    if empty:
        res["unexpected_list"] = []
    return res


def _observed(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def to_gx_result(expectation: Any, check: Any, rf_in: Any) -> Any:
    """GX's result for `check` (a Khlang CheckResult) at result_format `rf_in`."""
    from great_expectations.core.expectation_validation_result import ExpectationValidationResult
    from great_expectations.expectations.expectation_configuration import parse_result_format

    if not _MAP:
        _MAP.update(_map_types())
    rf = parse_result_format(dict(rf_in) if isinstance(rf_in, dict) else rf_in)
    config = expectation.configuration
    if "error" in check.details:  # refused while running (a column it cannot find or use)
        return ExpectationValidationResult(success=False, expectation_config=config,
                                           exception_info=_exception_info(check.details["error"]))
    type_ = check.type
    result: dict[str, Any]
    if type_ in _MAP or type_ in NULL_TYPES:
        missing = check.details.get("missing_count")
        nonnull = None if type_ in NULL_TYPES or missing is None or check.element_count is None \
            else check.element_count - missing
        result = map_result(rf, check.element_count, nonnull, check.unexpected_count)
    elif type_ in DISTINCT_TYPES:
        result = distinct_result(type_, check.observed, config.kwargs.get("value_set"), rf)
    elif type_ == "expect_column_to_exist":
        result = {}
    elif type_ == "expect_column_quantile_values_to_be_between":
        result = quantile_result(check.observed, config.kwargs["quantile_ranges"])
    else:
        result = {"observed_value": _observed(check.observed)}
    return ExpectationValidationResult(success=bool(check.success), expectation_config=config, result=result)


DISTINCT_TYPES = {"expect_column_distinct_values_to_be_in_set", "expect_column_distinct_values_to_contain_set",
                  "expect_column_distinct_values_to_equal_set"}


def _same(a: Any, b: Any) -> bool:
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b))
    return bool(a == b) if numbers else (type(a) is type(b) and a == b)


def distinct_result(type_: str, observed: Any, value_set: Any, rf: dict[str, Any]) -> dict[str, Any]:
    """GX 1.24's distinct-set result (observed_value None; the counts and lists of the two set differences),
    from the distinct values Khlang observed, compared in their JSON forms (GX's serialisation of the set)."""
    from great_expectations.util import convert_to_json_serializable

    values = list(observed or [])
    wanted = list(convert_to_json_serializable(list(value_set or [])))
    unexpected = [v for v in values if not any(_same(v, w) for w in wanted)]
    missing = [w for w in wanted if not any(_same(v, w) for v in values)]
    lists = (rf.get("partial_unexpected_count", 20) or 0) > 0
    res: dict[str, Any] = {"observed_value": None}
    if type_ != "expect_column_distinct_values_to_contain_set":
        res["unexpected_count"] = len(unexpected)
    if type_ != "expect_column_distinct_values_to_be_in_set":
        res["missing_count"] = len(missing)
    if lists:
        if "unexpected_count" in res:
            res["partial_unexpected_list"] = unexpected
        if "missing_count" in res:
            res["partial_missing_list"] = missing
    return res


def quantile_result(observed: Any, ranges: Any) -> dict[str, Any]:
    """GX's quantile result: the observed quantiles, and whether each is in its range (Khlang's range test)."""
    from khlang.quality.expectations import _in_range

    value_ranges = ranges["value_ranges"] if isinstance(ranges, dict) else ranges.value_ranges
    values = list((observed or {}).get("values") or [])
    details = [_in_range(v, {"min_value": lo, "max_value": hi}) for v, (lo, hi) in zip(values, value_ranges)]
    return {"observed_value": observed, "details": {"success_details": details}}
