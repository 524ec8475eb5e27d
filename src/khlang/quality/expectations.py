"""Expectation types Khlang runs, each one class registered under its GX `type`.

Each type builds an engine-neutral plan (khlang.quality.plan: sqlglot trees) that every engine renders.

Semantics follow Great Expectations 1.x exactly (checked against GX's pandas engine in tests):
map expectations count nulls as missing, not unexpected, and succeed when the unexpected share of
non-null values is within 1 - mostly; uniqueness counts every row of a duplicated group.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

from khlang.quality import plan as p
from khlang.quality.plan import Plan
from khlang.quality.regex import check_pattern
from khlang.quality.row_conditions import Condition
from khlang.registry import Registry

if TYPE_CHECKING:
    from khlang.quality.engines.base import Engine

EXPECTATIONS: Registry[str, type[Expectation]] = Registry("expectation type")


def expectation(cls: type[Expectation]) -> type[Expectation]:
    """Register an expectation class under its GX type name."""
    EXPECTATIONS.add(cls.type, cls)
    return cls


@dataclass
class Outcome:
    """GX's result fields for one expectation."""

    success: bool
    element_count: int | None
    unexpected_count: int | None
    missing_count: int | None = None
    observed: Any = None


MAX_VALUE_SET = 100_000  # values in one value_set; a longer list belongs in a reference table
RESULT_FORMATS = ("BOOLEAN_ONLY", "BASIC", "SUMMARY", "COMPLETE")
IGNORE_ROW_IF = ("all_values_are_missing", "any_value_is_missing", "never")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _column(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be a column name (a non-empty string)"


def _column_set(value: Any) -> str | None:
    return None if value is None or value == [] else _columns(value)


def _columns(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return "must be a non-empty list of column names"
    if any(not isinstance(v, str) or not v.strip() for v in value):
        return "every item must be a column name (a non-empty string)"
    return "lists a column twice" if len(set(value)) != len(value) else None


def _values(value: Any) -> str | None:
    if value is None:
        return None  # GX: no value_set is an empty one
    if not isinstance(value, list):
        return f"must be a list of values (got {type(value).__name__}: {value!r:.40})"
    if len(value) > MAX_VALUE_SET:
        return f"has {len(value):,} values; at most {MAX_VALUE_SET:,} (use a reference table and a consistency check)"
    for v in value:
        if v is not None and not isinstance(v, (str, int, float, bool)):
            return f"values must be strings, numbers, booleans or null (got {type(v).__name__})"
        if isinstance(v, float) and not math.isfinite(v):
            return "values must be finite numbers (NaN and infinity match nothing)"
    return None


def _bound_kwarg(value: Any) -> str | None:
    if value is None or _is_number(value) or isinstance(value, str):
        return None
    return f"must be a number, a date or a string (got {type(value).__name__}: {value!r:.40})"


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false (got {value!r:.40})"


def _count(value: Any) -> str | None:
    # GX 1.x writes a whole number it was given as a float (value=3 is saved as 3.0): both are accepted.
    whole = (isinstance(value, int) or isinstance(value, float) and value.is_integer()) and not isinstance(value, bool)
    return None if whole and value >= 0 else f"must be a whole number ≥ 0 (got {value!r:.40})"


def _fraction(value: Any) -> str | None:
    return None if _is_number(value) and 0 <= value <= 1 else f"must be a number from 0 to 1 (got {value!r:.40})"


def _choice(choices: tuple[str, ...]) -> Callable[[Any], str | None]:
    return lambda value: None if value in choices else f"must be one of {', '.join(choices)} (got {value!r:.40})"


def result_format(kwargs: dict[str, Any]) -> str:
    """The result_format level of an expectation's kwargs (GX's default is BASIC)."""
    value = kwargs.get("result_format", "BASIC")
    return str(value.get("result_format", "BASIC") if isinstance(value, dict) else value)


def _result_format(value: Any) -> str | None:
    fmt = value.get("result_format") if isinstance(value, dict) else value
    return None if fmt in RESULT_FORMATS else f"must be one of {', '.join(RESULT_FORMATS)}"


# What each kwarg GX defines must hold; a kwarg not listed for a type is refused, never ignored.
KWARG_CHECKS: dict[str, Callable[[Any], str | None]] = {
    "column": _column, "column_list": _columns, "column_set": _column_set, "value_set": _values,
    "min_value": _bound_kwarg, "max_value": _bound_kwarg, "strict_min": _bool, "strict_max": _bool,
    "exact_match": _bool,
    "regex": check_pattern, "value": _count, "ignore_row_if": _choice(IGNORE_ROW_IF), "mostly": _fraction,
    "result_format": _result_format, "catch_exceptions": _bool,
}


class Expectation:
    """One expectation of a suite, with its kwargs already validated."""

    type: ClassVar[str]
    dimension: ClassVar[str] = "validity"
    required: ClassVar[tuple[str, ...]] = ("column",)
    optional: ClassVar[tuple[str, ...]] = ()
    # Whether GX's `mostly` applies (map expectations); aggregates and table expectations refuse it.
    takes_mostly: ClassVar[bool] = False
    reads_rows: ClassVar[bool] = True  # False: the outcome never depends on rows (row_condition needs no query)
    # Whether min_value above max_value is refused (GX itself runs some such checks and fails them).
    refuse_empty_range: ClassVar[bool] = True

    def __init__(self, kwargs: dict[str, Any], meta: dict[str, Any] | None = None):
        self.kwargs = kwargs
        self.meta = meta or {}
        self.origin = self.type  # file:line of the suite it was read from, for messages
        self.unresolved: dict[str, str] = {}  # kwarg -> suite parameter the run did not supply
        self.row_condition: Condition | None = None  # the rows it looks at (GX's row_condition), None: all

    @classmethod
    def check_kwargs(cls, kwargs: dict[str, Any]) -> list[str]:
        """Problems with the kwargs, as `kwargs.NAME message` (empty when fine)."""
        problems = [f"kwargs.{k} is required" for k in cls.required if k not in kwargs]
        allowed = set(cls.required) | set(cls.optional) | {"result_format", "catch_exceptions"}
        if cls.takes_mostly:
            allowed.add("mostly")
        for key, value in kwargs.items():
            if key not in allowed:
                problems.append(f"kwargs.{key} is not a parameter of {cls.type}")
            elif key in KWARG_CHECKS and (why := KWARG_CHECKS[key](value)) is not None:
                problems.append(f"kwargs.{key} {why}")
        lo, hi = kwargs.get("min_value"), kwargs.get("max_value")
        if not problems and cls.refuse_empty_range and lo is not None and hi is not None and _ordered(lo, hi) is False:
            problems.append(f"kwargs.min_value {lo!r} is above max_value {hi!r}: no value can pass")
        return problems

    def type_problems(self, types: dict[str, str]) -> list[str]:
        """Problems of the kwargs against the data's column types (known only once the data is open)."""
        column_type = types.get(self.column or "", "")
        problems = []
        for key in ("min_value", "max_value"):
            value = self.kwargs.get(key)
            if value is not None and not _comparable_with(value, column_type):
                problems.append(f"kwargs.{key} {value!r} cannot be compared with column {self.column} "
                                f"({column_type})")
        return problems

    @property
    def column(self) -> str | None:
        """The column the expectation is about (None for table expectations)."""
        return self.kwargs.get("column")

    @property
    def named_column(self) -> str:
        """The column of an expectation that requires one (check_kwargs refused a suite without it)."""
        column = self.column
        if column is None:
            raise ValueError(f"{self.origin}: {self.type} names no column")
        return column

    def observe(self, engine: Engine) -> None:
        """Read what the expectation needs of the engine beyond its plan's values (e.g. a column's type)."""

    def needed(self) -> list[str]:
        """The columns the data must have for the expectation to run."""
        return list(self.kwargs.get("column_list") or ([self.column] if self.column else []))

    @property
    def mostly(self) -> float:
        return float(self.kwargs.get("mostly", 1.0))

    # The relation's columns and their neutral kinds (plan.KINDS), set by the runner before plan().
    types: dict[str, str] = {}

    def kind(self, column: str) -> str:
        """The neutral kind of one of the relation's columns."""
        from khlang.quality.engines.base import neutral_kind

        return neutral_kind(self.types.get(column, "other"))

    def plan(self) -> Plan:
        raise NotImplementedError

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        raise NotImplementedError


def _mostly_success(nonnull: int, unexpected: int, mostly: float) -> bool:
    if nonnull == 0:
        return True
    return (nonnull - unexpected) / nonnull >= mostly


class ColumnMap(Expectation):
    """Row-wise yes/no question on the non-null values of one column."""

    takes_mostly = True

    def condition(self, col: p.exp.Column) -> p.exp.Expression:
        """A plan tree that is true for an UNEXPECTED non-null value of `col`."""
        raise NotImplementedError

    def plan(self) -> Plan:
        col = p.col(self.named_column)
        return Plan([p.count(col), p.count_if(p.exp.and_(p.not_null(col), p.exp.paren(self.condition(col))))])

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        nonnull, unexpected = int(values[0]), int(values[1] or 0)
        return Outcome(_mostly_success(nonnull, unexpected, self.mostly), row_count, unexpected, row_count - nonnull)


@expectation
class NotNull(Expectation):
    type = "expect_column_values_to_not_be_null"
    dimension = "completeness"
    takes_mostly = True

    def plan(self) -> Plan:
        return Plan([p.count(p.col(self.named_column))])

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        unexpected = row_count - int(values[0])
        return Outcome(_mostly_success(row_count, unexpected, self.mostly), row_count, unexpected, 0)


@expectation
class Unique(Expectation):
    type = "expect_column_values_to_be_unique"
    dimension = "uniqueness"
    takes_mostly = True

    def plan(self) -> Plan:
        col = p.col(self.named_column)
        return _duplicates(p.count(col), p.not_null(col), [col])

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        nonnull, unexpected = int(values[0]), int(values[1])
        return Outcome(_mostly_success(nonnull, unexpected, self.mostly), row_count, unexpected, row_count - nonnull)


@expectation
class CompoundUnique(Expectation):
    type = "expect_compound_columns_to_be_unique"
    dimension = "uniqueness"
    required = ("column_list",)
    optional = ("ignore_row_if",)
    takes_mostly = True

    @property
    def column(self) -> str | None:
        return ",".join(self.kwargs["column_list"])

    def plan(self) -> Plan:
        cols = [p.col(c) for c in self.kwargs["column_list"]]
        mode = self.kwargs.get("ignore_row_if", "all_values_are_missing")
        kept: p.exp.Expression
        if mode == "never":
            kept = p.true()
        else:
            join = p.exp.and_ if mode == "all_values_are_missing" else p.exp.or_
            kept = p.exp.not_(p.exp.paren(join(*[p.is_null(c) for c in cols])))
        return _duplicates(p.count_if(kept), kept, cols)


    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        kept, unexpected = int(values[0]), int(values[1])
        return Outcome(_mostly_success(kept, unexpected, self.mostly), row_count, unexpected, row_count - kept)


def _duplicates(kept_count: p.exp.Expression, kept: p.exp.Expression, group: list[p.exp.Column]) -> Plan:
    """The kept rows' count (`kept_count`, in the shared scan) and how many kept rows are in a group of two or more."""
    groups = (p.select(p.exp.alias_(p.count(), "n")).from_(p.relation()).where(kept.copy())
              .group_by(*[c.copy() for c in group]).having(p.exp.GT(this=p.count(), expression=p.num(1))))
    return Plan([kept_count], p.select(p.func("coalesce", p.func("sum", p.exp.column("n")), p.num(0)))
                .from_(groups.subquery("d")))


@expectation
class InSet(ColumnMap):
    type = "expect_column_values_to_be_in_set"
    required = ("column", "value_set")

    def condition(self, col: p.exp.Column) -> p.exp.Expression:
        values = comparable(self.kwargs["value_set"] or [], self.kind(self.named_column))
        if not values:  # GX: every value is outside an empty set, none outside a missing one
            return p.false() if self.kwargs["value_set"] is None else p.true()
        return p.exp.not_(p.in_values(col, values))


@expectation
class NotInSet(ColumnMap):
    type = "expect_column_values_to_not_be_in_set"
    required = ("column", "value_set")

    @classmethod
    def check_kwargs(cls, kwargs: dict[str, Any]) -> list[str]:
        problems = super().check_kwargs(kwargs)
        return problems + (["kwargs.value_set is required (a list)"] if kwargs.get("value_set", 0) is None else [])

    def condition(self, col: p.exp.Column) -> p.exp.Expression:
        values = comparable(self.kwargs["value_set"], self.kind(self.named_column))
        return p.in_values(col, values) if values else p.false()


def comparable(values: list[Any], column_type: str) -> list[Any]:
    """The values of a set that can equal a value of the column (as pandas' isin sees it).

    `column_type` is a neutral kind (plan.KINDS) or an engine's type name (normalised to its kind).
    """
    from khlang.quality.engines.base import neutral_kind

    kind = neutral_kind(column_type)
    if kind == "string":
        return [v for v in values if isinstance(v, str)]
    if kind in ("integer", "float", "decimal"):
        return [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if kind == "boolean":
        return [v for v in values if isinstance(v, bool)]
    return [_bound(v) for v in values]


def _bound(value: Any) -> Any:
    """Dates in suites are ISO strings (GX's JSON); compare them as dates."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            try:
                return dt.datetime.fromisoformat(value)
            except ValueError:
                return value
    return value


def _comparable_with(value: Any, column_type: str) -> bool:
    """Whether a bound can be compared with a column of `column_type` (pandas would raise where it cannot)."""
    from khlang.quality.engines.base import neutral_kind

    kind = neutral_kind(column_type)
    if kind in ("integer", "float", "decimal"):
        return _is_number(value)
    if kind in ("date", "timestamp"):
        return isinstance(_bound(value), dt.date)
    if kind == "string":
        return isinstance(value, str)
    return True


def _ordered(lo: Any, hi: Any) -> bool | None:
    """lo <= hi, or None when the two bounds are not of one comparable kind."""
    a, b = _bound(lo), _bound(hi)
    if _is_number(a) and _is_number(b):
        return a <= b
    if isinstance(a, dt.datetime) != isinstance(b, dt.datetime):
        return None
    if isinstance(a, dt.date) and isinstance(b, dt.date):
        return a <= b
    return None


@expectation
class Between(ColumnMap):
    type = "expect_column_values_to_be_between"
    required = ("column",)
    optional = ("min_value", "max_value", "strict_min", "strict_max")

    @classmethod
    def check_kwargs(cls, kwargs: dict[str, Any]) -> list[str]:
        problems = super().check_kwargs(kwargs)
        if kwargs.get("min_value") is None and kwargs.get("max_value") is None:
            problems.append("kwargs: min_value or max_value is required")
        return problems

    def condition(self, col: p.exp.Column) -> p.exp.Expression:
        parts: list[p.exp.Expression] = []
        lo, hi = self.kwargs.get("min_value"), self.kwargs.get("max_value")
        if lo is not None:
            below = p.exp.LTE if self.kwargs.get("strict_min") else p.exp.LT
            parts.append(below(this=col.copy(), expression=p.val(_bound(lo))))
        if hi is not None:
            above = p.exp.GTE if self.kwargs.get("strict_max") else p.exp.GT
            parts.append(above(this=col.copy(), expression=p.val(_bound(hi))))
        return p.exp.or_(*parts)

    @property
    def default_dimension(self) -> str:
        return "validity"


@expectation
class MatchRegex(ColumnMap):
    type = "expect_column_values_to_match_regex"
    required = ("column", "regex")

    def condition(self, col: p.exp.Column) -> p.exp.Expression:
        # GX (pandas) searches with Python's re (str.contains); each engine gives the pattern that meaning.
        return p.exp.not_(p.regex_search(col, self.kwargs["regex"], self.kind(self.named_column)))


@expectation
class NotMatchRegex(ColumnMap):
    type = "expect_column_values_to_not_match_regex"
    required = ("column", "regex")

    def condition(self, col: p.exp.Column) -> p.exp.Expression:
        return p.regex_search(col, self.kwargs["regex"], self.kind(self.named_column))


@expectation
class LengthEquals(ColumnMap):
    type = "expect_column_value_lengths_to_equal"
    required = ("column", "value")

    def condition(self, col: p.exp.Column) -> p.exp.Expression:
        length = p.text_length(col, self.kind(self.named_column))
        return p.exp.NEQ(this=length, expression=p.val(int(self.kwargs["value"])))


@expectation
class ValidThaiNationalId(ColumnMap):
    """Khlang's own: 13 digits, first 1-8 (persons), mod-11 check digit (same rule in gx_custom)."""

    type = "expect_column_values_to_be_valid_thai_national_id"

    def condition(self, col: p.exp.Column) -> p.exp.Expression:
        return p.thai_id_invalid(col, self.kind(self.named_column))


def _string_column(exp: Expectation, types: dict[str, str]) -> list[str]:
    """Problems of a type defined on strings only (GX: strftime formats are matched on strings)."""
    from khlang.quality.engines.base import neutral_kind

    column_type = types.get(exp.column or "", "")
    if neutral_kind(column_type) == "string":
        return []
    return [f"kwargs.column {exp.column} is {column_type}: {exp.type} needs a string column"]


def _numeric_column(exp: Expectation, types: dict[str, str]) -> list[str]:
    from khlang.quality.engines.base import neutral_kind

    column_type = types.get(exp.column or "", "")
    if neutral_kind(column_type) in ("integer", "float", "decimal"):
        return []
    return [f"kwargs.column {exp.column} is {column_type}: {exp.type} needs a numeric column"]


class Aggregate(Expectation):
    """An aggregate of one column compared with a range (observed_value in GX's result).

    The plan's last aggregate is always count(column), for GX's element_count and missing_count, which
    GX reports for aggregates at result_format SUMMARY and COMPLETE.
    """

    function: ClassVar[str]
    numeric: ClassVar[bool] = False  # the aggregate is defined on numbers only (mean, median, stdev, sum)
    needs_bound: ClassVar[bool] = False  # GX's min/max/sum raise without a bound; the others are vacuously true
    required = ("column",)
    optional = ("min_value", "max_value", "strict_min", "strict_max")

    @classmethod
    def check_kwargs(cls, kwargs: dict[str, Any]) -> list[str]:
        problems = super().check_kwargs(kwargs)
        if cls.needs_bound and kwargs.get("min_value") is None and kwargs.get("max_value") is None:
            problems.append("kwargs: min_value or max_value is required (GX: they cannot both be None)")
        return problems

    def type_problems(self, types: dict[str, str]) -> list[str]:
        problems = _numeric_column(self, types) if self.numeric else []
        return problems or super().type_problems(types)

    def plan(self) -> Plan:
        col = p.col(self.named_column)
        return Plan([p.func(self.function, col), p.count(col.copy())])

    def observed(self, values: list[Any]) -> Any:
        return values[0]

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        observed = self.observed(values)
        if result_format(self.kwargs) not in ("SUMMARY", "COMPLETE"):
            return Outcome(_in_range(observed, self.kwargs), None, None, None, observed)
        missing = row_count - int(values[-1] or 0)
        return Outcome(_in_range(observed, self.kwargs), row_count, None, missing, observed)


def _in_range(observed: Any, kw: dict[str, Any]) -> bool:
    if observed is None:
        return False
    lo, hi = _bound(kw.get("min_value")), _bound(kw.get("max_value"))
    if isinstance(observed, dt.datetime) and isinstance(lo, dt.date) and not isinstance(lo, dt.datetime):
        lo = dt.datetime.combine(lo, dt.time())
    if lo is not None and (observed <= lo if kw.get("strict_min") else observed < lo):
        return False
    return not (hi is not None and (observed >= hi if kw.get("strict_max") else observed > hi))


@expectation
class MaxBetween(Aggregate):
    type = "expect_column_max_to_be_between"
    function = "max"
    needs_bound = True
    dimension = "timeliness"


@expectation
class MinBetween(Aggregate):
    type = "expect_column_min_to_be_between"
    function = "min"
    needs_bound = True


@expectation
class MeanBetween(Aggregate):
    type = "expect_column_mean_to_be_between"
    function = "avg"
    numeric = True
    dimension = "accuracy"

    def plan(self) -> Plan:
        col = p.col(self.named_column)
        if self.kind(self.named_column) in ("integer", "decimal"):
            # An exact sum and count, divided here: the same correctly rounded mean on every engine
            # (MySQL's avg() would round to 4 decimals, PostgreSQL's to its numeric precision).
            return Plan([p.func("sum", col), p.count(col.copy())])
        return Plan([p.func("avg", col), p.count(col.copy())])

    def observed(self, values: list[Any]) -> Any:
        if self.kind(self.named_column) in ("integer", "decimal"):
            total, n = values
            return None if not n else float(Fraction(total) / int(n))
        return values[0]


@expectation
class RowCountBetween(Expectation):
    type = "expect_table_row_count_to_be_between"
    dimension = "completeness"
    required = ()
    optional = ("min_value", "max_value", "strict_min", "strict_max")

    def plan(self) -> Plan:
        return Plan([])

    @classmethod
    def check_kwargs(cls, kwargs: dict[str, Any]) -> list[str]:
        problems = super().check_kwargs(kwargs)
        return problems + [f"kwargs.{k} must be a number of rows (got {kwargs[k]!r:.40})"
                           for k in ("min_value", "max_value")
                           if kwargs.get(k) is not None and not _is_number(kwargs[k])]

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        return Outcome(_in_range(row_count, self.kwargs), None, None, None, row_count)


@expectation
class ColumnsMatchSet(Expectation):
    type = "expect_table_columns_to_match_set"
    dimension = "consistency"
    required = ("column_set",)
    optional = ("exact_match",)

    def plan(self) -> Plan:
        return Plan([])  # the columns are known from the engine (self.types)

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        # GX on SQL: a name in "double quotes" is that exact name, any other is matched case-insensitively.
        actual, wanted = set(self.types), set(self.kwargs["column_set"] or [])

        def names(w: str) -> set[str]:
            if len(w) >= 2 and w[0] == w[-1] == '"':
                return {w[1:-1]} & actual
            return {a for a in actual if a.casefold() == w.casefold()}

        found = {w: names(w) for w in wanted}
        every_wanted = all(found.values())
        exact = self.kwargs.get("exact_match", True)
        ok = every_wanted and set().union(*found.values()) == actual if exact else every_wanted
        return Outcome(ok, None, None, None, sorted(actual))
