"""The rest of GX 1.x's core expectation types that GX runs on SQL backends, in the one EXPECTATIONS registry.

Semantics are GX's, checked against GX's own test cases (tests/test_gx_conformance.py): map types count
nulls as missing, aggregates report GX's observed_value, pair and multicolumn types drop rows as
ignore_row_if says before counting.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from khlang.quality import plan as p
from khlang.quality.expectations import (
    KWARG_CHECKS,
    Aggregate,
    ColumnMap,
    Expectation,
    Outcome,
    _bool,
    _choice,
    _column,
    _count,
    _in_range,
    _is_number,
    _mostly_success,
    _numeric_column,
    _string_column,
    _values,
    comparable,
    expectation,
)
from khlang.quality.plan import RELATION, Plan
from khlang.quality.plan import snippet as sql
from khlang.quality.regex import check_pattern

if TYPE_CHECKING:
    from khlang.quality.engines.base import Engine

Tree = p.exp.Expression

PAIR_IGNORE = ("both_values_are_missing", "either_value_is_missing", "neither")
MATCH_ON = ("any", "all")


def _patterns(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return "must be a non-empty list of patterns"
    for item in value:
        if (why := check_pattern(item)) is not None:
            return why
    return None


def _likes(value: Any) -> str | None:
    if not isinstance(value, list) or not value or any(not isinstance(v, str) for v in value):
        return "must be a non-empty list of LIKE patterns (strings)"
    return None


def _string(value: Any) -> str | None:
    return None if isinstance(value, str) else f"must be a string (got {value!r:.40})"


def _char(value: Any) -> str | None:
    return None if isinstance(value, str) and len(value) == 1 else f"must be one character (got {value!r:.40})"


def _number(value: Any) -> str | None:
    return None if _is_number(value) else f"must be a number (got {value!r:.40})"


def _non_negative(value: Any) -> str | None:
    return None if _is_number(value) and value >= 0 else f"must be a number, 0 or more (got {value!r:.40})"


def _pairs(value: Any) -> str | None:
    if not isinstance(value, list) or any(not isinstance(p, list) or len(p) != 2 for p in value):
        return "must be a list of [A, B] pairs"
    return _values([v for p in value for v in p])


def _quantile_ranges(value: Any) -> str | None:
    if not isinstance(value, dict) or set(value) != {"quantiles", "value_ranges"}:
        return "must be an object with quantiles and value_ranges"
    qs, ranges = value["quantiles"], value["value_ranges"]
    if not isinstance(qs, list) or not isinstance(ranges, list) or len(qs) != len(ranges):
        return "quantiles and value_ranges must be lists of one length"
    if any(not _is_number(q) or not 0 <= q <= 1 for q in qs):
        return "quantiles must be numbers from 0 to 1"
    for r in ranges:
        if not isinstance(r, list) or len(r) != 2 or any(b is not None and not _is_number(b) for b in r):
            return "every value range must be [min, max] of numbers or null"
        if None not in r and r[0] > r[1]:
            return f"value range {r} is not ordered (min above max)"
    return None


# strptime directives DuckDB and Python share; a format with any other is refused (GX: unusable format).
STRFTIME_DIRECTIVES = set("aAbBcdfHIjmMpSUwWxXyYzZ%")


def _strftime(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"must be a string (got {value!r:.40})"
    bad = sorted({m for m in re.findall(r"%-?(.)", value) if m not in STRFTIME_DIRECTIVES})
    return f"uses %{', %'.join(bad)}, which is not a strftime directive Khlang can check" if bad else None


KWARG_CHECKS.update({
    "column_A": _column, "column_B": _column, "or_equal": _bool, "value_pairs_set": _pairs,
    "regex_list": _patterns, "like_pattern": _string, "like_pattern_list": _likes, "escape": _char,
    "match_on": _choice(MATCH_ON), "sum_total": _number, "threshold": _number, "double_sided": _bool,
    "ties_okay": _bool, "quantile_ranges": _quantile_ranges, "allow_relative_error": _bool,
    "strftime_format": _strftime, "method": _choice(("iqr", "std")), "multiplier": _non_negative,
    "other_table_name": _column, "column_index": _count,
})


@expectation
class ToBeNull(Expectation):
    type = "expect_column_values_to_be_null"
    dimension = "completeness"
    takes_mostly = True

    def plan(self) -> Plan:
        return Plan([p.count(p.col(self.named_column))])

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        unexpected = int(values[0])
        return Outcome(_mostly_success(row_count, unexpected, self.mostly), row_count, unexpected, 0)


@expectation
class ValueLengthsBetween(ColumnMap):
    type = "expect_column_value_lengths_to_be_between"
    refuse_empty_range = False
    optional = ("min_value", "max_value", "strict_min", "strict_max")

    @classmethod
    def check_kwargs(cls, kwargs: dict[str, Any]) -> list[str]:
        problems = super().check_kwargs(kwargs)
        if kwargs.get("min_value") is None and kwargs.get("max_value") is None:
            problems.append("kwargs: min_value or max_value is required")
        return problems + [f"kwargs.{k} must be a whole number (got {kwargs[k]!r:.40})"
                           for k in ("min_value", "max_value")
                           if kwargs.get(k) is not None and not (_is_number(kwargs[k]) and kwargs[k] == int(kwargs[k]))]

    def type_problems(self, types: dict[str, str]) -> list[str]:
        return _string_column(self, types)  # GX: "object of type 'int' has no len()"

    def condition(self, col: p.exp.Column) -> Tree:
        length = p.text_length(col, self.kind(self.named_column))
        parts: list[Tree] = []
        if (lo := self.kwargs.get("min_value")) is not None:
            low = p.exp.LTE if self.kwargs.get("strict_min") else p.exp.LT
            parts.append(low(this=length.copy(), expression=p.val(int(lo))))
        if (hi := self.kwargs.get("max_value")) is not None:
            high = p.exp.GTE if self.kwargs.get("strict_max") else p.exp.GT
            parts.append(high(this=length.copy(), expression=p.val(int(hi))))
        return p.exp.or_(*parts)


def _like(col: p.exp.Column, pattern: str, escape: str | None) -> Tree:
    text = sql("CAST(:c AS VARCHAR)", c=col)
    if escape is None:
        return p.exp.paren(p.exp.Like(this=text, expression=p.val(pattern)))
    return p.exp.paren(p.exp.Escape(this=p.exp.Like(this=text, expression=p.val(pattern)),
                                    expression=p.val(escape)))


def _any_all(parts: list[Tree], match_on: str) -> Tree:
    return p.exp.paren(p.exp.and_(*parts) if match_on == "all" else p.exp.or_(*parts))


class _StringMap(ColumnMap):
    """A question about the text of a value (a non-text column's values are compared as text)."""


@expectation
class MatchLike(_StringMap):
    type = "expect_column_values_to_match_like_pattern"
    required = ("column", "like_pattern")
    optional = ("escape",)

    def condition(self, col: p.exp.Column) -> Tree:
        return p.exp.not_(_like(col, self.kwargs["like_pattern"], self.kwargs.get("escape")))


@expectation
class NotMatchLike(_StringMap):
    type = "expect_column_values_to_not_match_like_pattern"
    required = ("column", "like_pattern")
    optional = ("escape",)

    def condition(self, col: p.exp.Column) -> Tree:
        return _like(col, self.kwargs["like_pattern"], self.kwargs.get("escape"))


@expectation
class MatchLikeList(_StringMap):
    type = "expect_column_values_to_match_like_pattern_list"
    required = ("column", "like_pattern_list")
    optional = ("escape", "match_on")

    def condition(self, col: p.exp.Column) -> Tree:
        parts = [_like(col, pat, self.kwargs.get("escape")) for pat in self.kwargs["like_pattern_list"]]
        return p.exp.not_(_any_all(parts, self.kwargs.get("match_on", "any")))


@expectation
class NotMatchLikeList(_StringMap):
    type = "expect_column_values_to_not_match_like_pattern_list"
    required = ("column", "like_pattern_list")
    optional = ("escape",)

    def condition(self, col: p.exp.Column) -> Tree:
        parts = [_like(col, pat, self.kwargs.get("escape")) for pat in self.kwargs["like_pattern_list"]]
        return _any_all(parts, "any")


@expectation
class MatchRegexList(ColumnMap):
    type = "expect_column_values_to_match_regex_list"
    required = ("column", "regex_list")
    optional = ("match_on",)

    def condition(self, col: p.exp.Column) -> Tree:
        kind = self.kind(self.named_column)
        parts: list[Tree] = [p.regex_search(col.copy(), pat, kind) for pat in self.kwargs["regex_list"]]
        return p.exp.not_(_any_all(parts, self.kwargs.get("match_on", "any")))


@expectation
class NotMatchRegexList(ColumnMap):
    type = "expect_column_values_to_not_match_regex_list"
    required = ("column", "regex_list")

    def condition(self, col: p.exp.Column) -> Tree:
        kind = self.kind(self.named_column)
        return _any_all([p.regex_search(col.copy(), pat, kind) for pat in self.kwargs["regex_list"]], "any")


@expectation
class JsonParseable(ColumnMap):
    type = "expect_column_values_to_be_json_parseable"

    def condition(self, col: p.exp.Column) -> Tree:
        if self.kind(self.named_column) != "string":
            return p.true()  # GX (json.loads) fails every value that is not a string
        return p.json_invalid(col)


@expectation
class StrftimeFormat(ColumnMap):
    type = "expect_column_values_to_match_strftime_format"
    required = ("column", "strftime_format")

    def type_problems(self, types: dict[str, str]) -> list[str]:
        return _string_column(self, types)

    def condition(self, col: p.exp.Column) -> Tree:
        return p.strftime_mismatch(col, self.kwargs["strftime_format"])


class _AgainstStatistics(ColumnMap):
    """A map type that measures each value against statistics of the whole numeric column: one separate query,
    with the statistics as the one row `s` joined to every row."""

    def type_problems(self, types: dict[str, str]) -> list[str]:
        return _numeric_column(self, types)

    def against(self) -> tuple[str, str, dict[str, Tree]]:
        """The select list of `s`, the condition of an unexpected value (NULL: not unexpected), its parameters."""
        raise NotImplementedError

    def plan(self) -> Plan:
        stats, bad, params = self.against()
        query = sql(f"SELECT count(:c), count(*) FILTER (WHERE :c IS NOT NULL AND coalesce({bad}, FALSE)) "
                    f"FROM {RELATION}, (SELECT {stats} FROM {RELATION}) AS s",
                    c=p.col(self.named_column), **params)
        return Plan(separate=query)

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        return ColumnMap.outcome(self, values, row_count)


# A statistic counts only when it is a finite number (GX 1.x folds NaN and infinity into "no statistic"; NaN sorts
# above every number, so "at most the largest double" is false for it).
def _finite(ref: str) -> str:
    return f"({ref} IS NOT NULL AND abs({ref}) <= 1.7976931348623157e308)"


@expectation
class ZScoresLessThan(_AgainstStatistics):
    type = "expect_column_value_z_scores_to_be_less_than"
    required = ("column", "threshold")
    optional = ("double_sided",)

    def against(self) -> tuple[str, str, dict[str, Tree]]:
        # GX 1.x: a value has no z-score where the standard deviation is 0 or undefined (a constant column, one
        # value, an infinite value): NULL or NaN, never an outlier.
        z = "((:c - s.m) / nullif(s.sd, 0))"
        bad = f"abs({z}) >= :t" if self.kwargs.get("double_sided", True) else f"{z} >= :t"
        return ("avg(:c) AS m, stddev_samp(:c) AS sd", f"({bad} AND {_finite(z)})",
                {"t": p.val(self.kwargs["threshold"])})


@expectation
class NotOutliers(_AgainstStatistics):
    """GX 1.x's outliers: Tukey's fences on the continuous quartiles ("iqr") or mean and sample sd ("std")."""

    type = "expect_column_values_to_not_be_outliers"
    optional = ("method", "multiplier")

    def against(self) -> tuple[str, str, dict[str, Tree]]:
        if self.kwargs.get("method", "iqr") == "iqr":
            # A value on a fence is inside; a zero IQR (or multiplier) leaves the closed interval [Q1, Q3].
            stats = "quantile_cont(:c, 0.25) AS lo, quantile_cont(:c, 0.75) AS hi"
            bad = "(:c < s.lo - :m * (s.hi - s.lo) OR :c > s.hi + :m * (s.hi - s.lo))"
        else:
            # A value at the threshold is an outlier; a zero threshold admits only the mean itself.
            stats = "avg(:c) AS lo, stddev_samp(:c) AS hi"
            bad = "(CASE WHEN :m * s.hi <= 0 THEN :c <> s.lo ELSE abs(:c - s.lo) >= :m * s.hi END)"
        # No window (an empty column, one value under "std", a NaN or infinite statistic): no outliers.
        multiplier = p.val(float(self.kwargs.get("multiplier", 1.5)))
        return stats, f"({_finite('s.lo')} AND {_finite('s.hi')} AND {bad})", {"m": multiplier}


class _Stat(Aggregate):
    numeric = True


@expectation
class MedianBetween(_Stat):
    type = "expect_column_median_to_be_between"
    function = "median"
    dimension = "accuracy"


@expectation
class StdevBetween(_Stat):
    type = "expect_column_stdev_to_be_between"
    function = "stddev_samp"
    dimension = "accuracy"


@expectation
class SumBetween(_Stat):
    type = "expect_column_sum_to_be_between"
    function = "sum"
    needs_bound = True
    dimension = "accuracy"

    def observed(self, values: list[Any]) -> Any:
        return values[0] if values[0] is not None else 0  # GX: the sum of no values is 0


class _Ratio(Aggregate):
    """A count of the column as a number compared with min/max (no column type needed)."""

    def type_problems(self, types: dict[str, str]) -> list[str]:
        return [f"kwargs.{k} must be a number (got {self.kwargs[k]!r:.40})" for k in ("min_value", "max_value")
                if self.kwargs.get(k) is not None and not _is_number(self.kwargs[k])]


@expectation
class ProportionUnique(_Ratio):
    type = "expect_column_proportion_of_unique_values_to_be_between"
    dimension = "uniqueness"

    def plan(self) -> Plan:
        col = p.col(self.named_column)
        return Plan([sql("count(DISTINCT :c)", c=col), p.count(col.copy())])

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        distinct, nonnull = int(values[0]), int(values[1])
        observed = distinct / nonnull if nonnull else None
        return Outcome(_in_range(observed, self.kwargs), None, None, None, observed)


@expectation
class ProportionNonNull(_Ratio):
    type = "expect_column_proportion_of_non_null_values_to_be_between"
    dimension = "completeness"

    def plan(self) -> Plan:
        return Plan([p.count(p.col(self.named_column))])

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        observed = int(values[0]) / row_count if row_count else 0  # GX 1.x: an empty table's proportion is 0
        return Outcome(_in_range(observed, self.kwargs), None, None, None, observed)


@expectation
class UniqueValueCount(_Ratio):
    type = "expect_column_unique_value_count_to_be_between"
    dimension = "uniqueness"

    def plan(self) -> Plan:
        return Plan([sql("count(DISTINCT :c)", c=p.col(self.named_column))])

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        observed = int(values[0])
        return Outcome(_in_range(observed, self.kwargs), None, None, None, observed)


@expectation
class QuantileValues(Expectation):
    type = "expect_column_quantile_values_to_be_between"
    dimension = "accuracy"
    required = ("column", "quantile_ranges")
    optional = ("allow_relative_error",)  # Khlang computes exact quantiles, within any allowed error

    def type_problems(self, types: dict[str, str]) -> list[str]:
        return _numeric_column(self, types)

    def plan(self) -> Plan:
        # One discrete quantile per value asked (an engine without ordered aggregates computes each alone).
        col = p.col(self.named_column)
        return Plan([sql("quantile_disc(:c, :q)", c=col, q=p.val(float(q)))
                     for q in self.kwargs["quantile_ranges"]["quantiles"]])

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        ranges = self.kwargs["quantile_ranges"]
        got = list(values[:len(ranges["quantiles"])])
        ok = all(_in_range(v, {"min_value": lo, "max_value": hi}) for v, (lo, hi) in zip(got, ranges["value_ranges"]))
        return Outcome(ok, None, None, None, {"quantiles": ranges["quantiles"], "values": got})


class _DistinctSet(Expectation):
    """The column's distinct non-null values compared with value_set (GX's observed_value: them, sorted)."""

    required = ("column", "value_set")

    def plan(self) -> Plan:
        col = p.col(self.named_column)
        listing = sql(f"SELECT DISTINCT :c FROM {RELATION} WHERE :c IS NOT NULL ORDER BY :c", c=col)
        return Plan([p.count(col.copy())], listing=listing)

    def judge(self, observed: set[Any], wanted: set[Any]) -> bool:
        raise NotImplementedError

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        nonnull, observed = int(values[0]), list(values[1])
        wanted = set(comparable(self.kwargs["value_set"] or [], self.types.get(self.named_column, "")))
        return Outcome(self.judge(set(observed), wanted), row_count, None, row_count - nonnull, observed)


@expectation
class DistinctInSet(_DistinctSet):
    type = "expect_column_distinct_values_to_be_in_set"

    def judge(self, observed: set[Any], wanted: set[Any]) -> bool:
        return self.kwargs["value_set"] is None or observed <= wanted


@expectation
class DistinctContainSet(_DistinctSet):
    type = "expect_column_distinct_values_to_contain_set"

    def judge(self, observed: set[Any], wanted: set[Any]) -> bool:
        return wanted <= observed


@expectation
class DistinctEqualSet(_DistinctSet):
    type = "expect_column_distinct_values_to_equal_set"

    def judge(self, observed: set[Any], wanted: set[Any]) -> bool:
        return observed == wanted


@expectation
class MostCommonInSet(Expectation):
    type = "expect_column_most_common_value_to_be_in_set"
    required = ("column", "value_set")
    optional = ("ties_okay",)

    def plan(self) -> Plan:
        # The values counted most often, ties included (aliases no column of a user's table is likely to have).
        col = p.col(self.named_column)
        listing = sql("SELECT khlang_v FROM (SELECT khlang_v, khlang_n, max(khlang_n) OVER () AS khlang_top FROM "
                      f"(SELECT :c AS khlang_v, count(*) AS khlang_n FROM {RELATION} WHERE :c IS NOT NULL "
                      "GROUP BY :c) AS g) AS m WHERE khlang_n = khlang_top ORDER BY khlang_v", c=col)
        return Plan([p.count(col.copy())], listing=listing)

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        nonnull, modes = int(values[0] or 0), list(values[1])
        wanted = set(comparable(self.kwargs["value_set"] or [], self.types.get(self.named_column, "")))
        hits = len(wanted & set(modes))
        ok = hits > 0 if self.kwargs.get("ties_okay") else (len(modes) == 1 and hits == 1)
        return Outcome(ok, row_count, None, row_count - nonnull, modes)


class _Rows(Expectation):
    """A row-wise check over several columns, after dropping the rows ignore_row_if names."""

    takes_mostly = True
    ignore: ClassVar[tuple[str, ...]] = ("all_values_are_missing", "any_value_is_missing", "never")

    def names(self) -> list[str]:
        raise NotImplementedError

    @property
    def column(self) -> str | None:
        return ",".join(self.names())

    def needed(self) -> list[str]:
        return self.names()

    @classmethod
    def check_kwargs(cls, kwargs: dict[str, Any]) -> list[str]:
        mode = kwargs.pop("ignore_row_if", None)
        try:
            problems = super().check_kwargs(kwargs)
        finally:
            if mode is not None:
                kwargs["ignore_row_if"] = mode
        if mode is not None and mode not in cls.ignore:
            problems.append(f"kwargs.ignore_row_if must be one of {', '.join(cls.ignore)} (got {mode!r:.40})")
        return problems

    def bad(self, cols: list[p.exp.Column]) -> Tree:
        """A tree that is true (or null) for an unexpected kept row."""
        raise NotImplementedError

    def plan(self) -> Plan:
        cols = [p.col(c) for c in self.names()]
        mode = self.kwargs.get("ignore_row_if", self.ignore[0])
        kept: Tree
        if mode in ("all_values_are_missing", "both_values_are_missing"):
            kept = p.exp.not_(p.exp.paren(p.exp.and_(*[p.is_null(c) for c in cols])))
        elif mode in ("any_value_is_missing", "either_value_is_missing"):
            kept = p.exp.not_(p.exp.paren(p.exp.or_(*[p.is_null(c) for c in cols])))
        else:
            kept = p.true()
        bad = p.func("coalesce", self.bad(cols), p.true())
        return Plan([p.count_if(kept), p.count_if(p.exp.and_(kept.copy(), bad))])

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        kept, unexpected = int(values[0] or 0), int(values[1] or 0)
        return Outcome(_mostly_success(kept, unexpected, self.mostly), row_count, unexpected, row_count - kept)


class _Pair(_Rows):
    required: ClassVar[tuple[str, ...]] = ("column_A", "column_B")
    ignore = PAIR_IGNORE
    dimension = "consistency"

    def names(self) -> list[str]:
        return [self.kwargs["column_A"], self.kwargs["column_B"]]


@expectation
class PairAGreaterThanB(_Pair):
    type = "expect_column_pair_values_a_to_be_greater_than_b"
    optional = ("or_equal", "ignore_row_if")

    def bad(self, cols: list[p.exp.Column]) -> Tree:
        op = p.exp.GTE if self.kwargs.get("or_equal") else p.exp.GT
        return p.exp.not_(p.exp.paren(op(this=cols[0].copy(), expression=cols[1].copy())))


@expectation
class PairEqual(_Pair):
    type = "expect_column_pair_values_to_be_equal"
    optional = ("ignore_row_if",)

    def bad(self, cols: list[p.exp.Column]) -> Tree:
        return p.exp.not_(p.exp.paren(p.exp.EQ(this=cols[0].copy(), expression=cols[1].copy())))


@expectation
class PairInSet(_Pair):
    type = "expect_column_pair_values_to_be_in_set"
    required: ClassVar[tuple[str, ...]] = ("column_A", "column_B", "value_pairs_set")
    optional = ("ignore_row_if",)

    def bad(self, cols: list[p.exp.Column]) -> Tree:
        pairs = self.kwargs["value_pairs_set"]
        if not pairs:
            return p.true()
        match = [sql("(:a IS NOT DISTINCT FROM :x AND :b IS NOT DISTINCT FROM :y)", a=cols[0], b=cols[1],
                     x=p.val(x), y=p.val(y)) for x, y in pairs]
        return p.exp.not_(p.exp.paren(p.exp.or_(*match)))


class _Multi(_Rows):
    required: ClassVar[tuple[str, ...]] = ("column_list",)

    def names(self) -> list[str]:
        return list(self.kwargs["column_list"])


@expectation
class MulticolumnSumEqual(_Multi):
    type = "expect_multicolumn_sum_to_equal"
    required = ("column_list", "sum_total")
    optional = ("ignore_row_if",)
    dimension = "consistency"

    def bad(self, cols: list[p.exp.Column]) -> Tree:
        total: Tree = cols[0].copy()
        for c in cols[1:]:
            total = p.exp.Add(this=total, expression=c.copy())
        return p.exp.NEQ(this=p.exp.paren(total), expression=p.val(self.kwargs["sum_total"]))


@expectation
class SelectUniqueWithinRecord(_Multi):
    type = "expect_select_column_values_to_be_unique_within_record"
    optional = ("ignore_row_if",)
    dimension = "uniqueness"

    def bad(self, cols: list[p.exp.Column]) -> Tree:
        pairs = [p.exp.EQ(this=a.copy(), expression=b.copy()) for i, a in enumerate(cols) for b in cols[i + 1:]]
        return p.func("coalesce", p.exp.or_(*pairs) if pairs else p.false(), p.false())


class _Table(Expectation):
    required: ClassVar[tuple[str, ...]] = ()
    dimension = "consistency"

    def plan(self) -> Plan:
        return Plan([])  # the columns, in order, are known from the engine (self.types)

    @property
    def actual(self) -> list[str]:
        return list(self.types)


@expectation
class ColumnCountEqual(_Table):
    type = "expect_table_column_count_to_equal"
    required = ("value",)

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        n = len(self.actual)
        return Outcome(n == self.kwargs["value"], None, None, None, n)


@expectation
class ColumnCountBetween(_Table):
    type = "expect_table_column_count_to_be_between"
    optional = ("min_value", "max_value")

    @classmethod
    def check_kwargs(cls, kwargs: dict[str, Any]) -> list[str]:
        wrong = [f"kwargs.{k} must be a whole number of columns (got {kwargs[k]!r:.40})"
                 for k in ("min_value", "max_value") if kwargs.get(k) is not None and _count(kwargs[k])]
        return wrong or super().check_kwargs(kwargs)

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        n = len(self.actual)
        return Outcome(_in_range(n, self.kwargs), None, None, None, n)


@expectation
class ColumnsMatchOrderedList(_Table):
    type = "expect_table_columns_to_match_ordered_list"
    required = ("column_list",)

    @classmethod
    def check_kwargs(cls, kwargs: dict[str, Any]) -> list[str]:
        if kwargs.get("column_list", 0) is None:  # GX: no list is vacuously true
            rest = {k: v for k, v in kwargs.items() if k != "column_list"}
            return [p for p in super().check_kwargs(rest) if not p.startswith("kwargs.column_list ")]
        return super().check_kwargs(kwargs)

    def needed(self) -> list[str]:
        return []

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        actual, wanted = self.actual, self.kwargs["column_list"]
        return Outcome(wanted is None or actual == list(wanted), None, None, None, actual)


@expectation
class ColumnToExist(_Table):
    type = "expect_column_to_exist"
    required = ("column",)
    optional = ("column_index",)

    def needed(self) -> list[str]:
        return []

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        actual = self.actual
        index = self.kwargs.get("column_index")
        ok = self.named_column in actual and (index is None or actual.index(self.named_column) == index)
        return Outcome(ok, None, None, None, None)


@expectation
class RowCountEqual(Expectation):
    type = "expect_table_row_count_to_equal"
    dimension = "completeness"
    required = ("value",)

    @property
    def column(self) -> str | None:
        return None

    def plan(self) -> Plan:
        return Plan([])

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        return Outcome(row_count == self.kwargs["value"], None, None, None, row_count)


@expectation
class RowCountEqualOtherTable(Expectation):
    type = "expect_table_row_count_to_equal_other_table"
    dimension = "completeness"
    required = ("other_table_name",)

    def plan(self) -> Plan:
        other = p.exp.Table(this=p.exp.to_identifier(self.kwargs["other_table_name"], quoted=True))
        return Plan(separate=p.select(p.count()).from_(other))

    def needed(self) -> list[str]:
        return []

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        other = values[0]
        return Outcome(row_count == other, None, None, None, {"self": row_count, "other": other})



@expectation
class MulticolumnValuesEqual(_Multi):
    type = "expect_multicolumn_values_to_be_equal"
    optional = ("ignore_row_if",)
    dimension = "consistency"

    def bad(self, cols: list[p.exp.Column]) -> Tree:
        first = cols[0]
        return p.exp.or_(*[p.exp.not_(p.exp.paren(sql(":a IS NOT DISTINCT FROM :b", a=first, b=c))) for c in cols[1:]])


def _type_name(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else f"must be a type name (got {value!r:.40})"


def _type_names(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, list) or any(not isinstance(v, str) or not v.strip() for v in value):
        return f"must be a list of type names (non-empty strings), or null (got {value!r:.40})"
    return None


KWARG_CHECKS.update({"type_": _type_name, "type_list": _type_names})


class _ColumnType(Expectation):
    """The column's type against type names, which are each engine's own (Engine.type_matches): DuckDB's and
    PostgreSQL's compiled names compared case-insensitively, MySQL's SQLAlchemy classes, Spark's DataTypes.
    GX answers these on SQL from the table's column types, not row by row, so `mostly` and `row_condition`
    (accepted, as GX accepts them) cannot change the outcome."""

    dimension = "consistency"
    reads_rows = False
    by_name: ClassVar[bool] = False
    observed: tuple[bool, str] | None = None

    def expected(self) -> list[str] | None:
        """The type names the column's type must be one of (None: any)."""
        return [self.kwargs["type_"]]

    def plan(self) -> Plan:
        return Plan([])

    def observe(self, engine: Engine) -> None:
        self.observed = engine.type_matches(self.named_column, self.expected(), self.by_name)

    def outcome(self, values: list[Any], row_count: int) -> Outcome:
        assert self.observed is not None, "observe() runs before outcome()"
        success, observed = self.observed
        return Outcome(success, None, None, None, observed)


@expectation
class ValuesOfType(_ColumnType):
    type = "expect_column_values_to_be_of_type"
    required = ("column", "type_")
    takes_mostly = True


@expectation
class ValuesInTypeList(_ColumnType):
    type = "expect_column_values_to_be_in_type_list"
    required = ("column", "type_list")
    takes_mostly = True

    def expected(self) -> list[str] | None:
        return self.kwargs["type_list"]


@expectation
class ColumnTypeToBe(_ColumnType):
    type = "expect_column_type_to_be"
    required = ("column", "type_")
    by_name = True  # GX: naming the observed class matches too, where types are compared by class


# GX 1.x core types Khlang does not run, and why; a suite naming one is refused at validation (suite.py).
UNSUPPORTED: dict[str, str] = {
    "expect_column_kl_divergence_to_be_less_than": "a distribution test GX computes in Python on partitions",
    "expect_column_values_to_be_increasing": "GX runs it on pandas and Spark only (SQL rows have no order)",
    "expect_column_values_to_be_decreasing": "GX runs it on pandas and Spark only (SQL rows have no order)",
    "expect_column_values_to_be_dateutil_parseable": "GX runs it on pandas only (dateutil has no SQL form)",
    "expect_column_values_to_match_json_schema": "GX runs it on pandas only (jsonschema has no SQL form)",
    "expect_query_results_to_match_comparison": "it compares with a second data source, which a suite cannot name",
    "unexpected_rows_expectation": "it runs the suite author's own SQL; Khlang's consistency checks do this",
}
