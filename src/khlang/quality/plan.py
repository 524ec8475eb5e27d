"""The engine-neutral plan of a suite: sqlglot expression trees that every engine renders in its own SQL.

An expectation's `plan()` returns a `Plan`: `aggregates` are expressions computed in the one shared scan
of the relation (each one value of the result row), `separate` is a query of its own over `relation()`
(one row back, its values after the aggregates'), `listing` a query whose rows' first values, in the
query's order, are one value (a list) after those: how a set of values comes back from every engine,
MySQL's included, which has no array type. Nothing here is SQL text: trees are built with sqlglot
(a maintained SQL parser and transpiler) and the engine (khlang.quality.engines) renders them for its
dialect with `tree.sql(dialect)`.

Builder API (what an expectation uses)::

    from khlang.quality import plan as p

    c = p.col("qty")                              # a quoted column
    p.Plan([p.count(c), p.count_if(p.not_null(c) & (c > p.val(0)))])
    p.snippet("length(:c) <> :n", c=c, n=p.val(5))  # DuckDB SQL text parsed into a tree (read="duckdb");
                                                    # :name slots are replaced by the trees given
    p.Plan(separate=p.select(p.count(c)).from_(p.relation()))

* `val(x)` binds a Python value (str, number, bool, date, list): DuckDB passes it as a parameter, the
  others render it as a sqlglot literal. Never format a value into SQL text.
* Functions whose meaning sqlglot cannot carry across dialects with GX's (Python's) semantics are
  neutral nodes that each engine lowers with its own hook (Engine.lower_<node>):
  `regex_search(expr, pattern, kind)` – Python's `re.search` on str(value);
  `in_values(expr, values)` – set membership with bound values;
  `text_length(expr, kind)` – len(str(value)) in code points;
  `thai_id_invalid(expr, kind)` – not a valid 13-digit Thai national id (mod-11 check digit);
  `json_invalid(expr)` – not parsed by json.loads; `strftime_mismatch(expr, fmt)` – not read by strptime
  (only DuckDB lowers these two; other engines refuse the check, which then fails alone with the reason).
  `kind` is the neutral kind of the column (see KINDS) so an engine can refuse a cast it cannot do
  the way Python's str() does.
* `count_if(cond)` is `count(*) FILTER (WHERE cond)`; engines without FILTER (MySQL) rewrite it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlglot
from sqlglot import expressions as exp

RELATION = "__khlang_relation__"  # the placeholder table every engine replaces by its relation
DATASET = "__khlang_dataset__"  # + a dataset's name: a placeholder for another dataset in the same server

# Neutral column kinds: what expectations' type logic reads, whatever the engine's own type names.
KINDS = ("string", "integer", "float", "decimal", "boolean", "date", "timestamp", "other")


@dataclass
class Plan:
    """What one expectation needs: aggregates for the shared scan and/or a separate one-row query.

    Its values are the aggregates' values, then the separate query's (a check that needs its own query may
    still take what the shared scan counts anyway, such as a column's non-null count), then the listing's
    first column as one list.
    """

    aggregates: list[exp.Expression] = field(default_factory=list)
    separate: exp.Expression | None = None
    listing: exp.Expression | None = None

    def queries(self) -> list[exp.Expression]:
        """The trees this plan runs, each as a query (what an engine must be able to render)."""
        own = [q for q in (self.separate, self.listing) if q is not None]
        return [*(select(a) for a in self.aggregates), *own]


class Neutral(exp.Func):
    """A function with Python/GX semantics that each engine lowers itself (never rendered as is)."""


class Value(exp.Expression):
    """A bound Python value (engines bind it as a parameter or render a safe literal)."""

    arg_types = {"value": True}

    @property
    def value(self) -> Any:
        return self.args["value"]


class RegexSearch(Neutral):
    """True when Python's re.search(pattern, str(this)) finds a match."""

    arg_types = {"this": True, "pattern": True, "kind": True}


class InValues(Neutral):
    """True when `this` equals one of the bound values (empty: never)."""

    arg_types = {"this": True, "values": True}


class TextLength(Neutral):
    """len(str(this)) in Unicode code points."""

    arg_types = {"this": True, "kind": True}


class ThaiIdInvalid(Neutral):
    """True when str(this) is not 13 ASCII digits, first 1-8, with the mod-11 check digit."""

    arg_types = {"this": True, "kind": True}


class JsonInvalid(Neutral):
    """True when the string `this` is not one Python's json.loads parses (GX's json_parseable)."""

    arg_types = {"this": True}


class StrftimeMismatch(Neutral):
    """True when the string `this` is not a date Python's strptime(this, format) reads."""

    arg_types = {"this": True, "format": True}


def col(name: str) -> exp.Column:
    """A column of the relation, quoted."""
    return exp.Column(this=exp.to_identifier(name, quoted=True))


def relation() -> exp.Table:
    """The relation the suite checks (each engine substitutes its table or view)."""
    return exp.Table(this=exp.to_identifier(RELATION))


def dataset_relation(name: str) -> exp.Table:
    """A catalogued dataset the engine reaches as well (a consistency check's reference), by name."""
    return exp.Table(this=exp.to_identifier(DATASET + name))


def val(value: Any) -> Value:
    """A bound value."""
    return Value(value=value)


def star() -> exp.Star:
    return exp.Star()


def count(expr: exp.Expression | None = None) -> exp.Count:
    """count(expr), or count(*) without one."""
    return exp.Count(this=expr if expr is not None else exp.Star())


def count_if(cond: exp.Expression) -> exp.Expression:
    """The number of rows where `cond` is true."""
    return exp.Filter(this=count(), expression=exp.Where(this=cond))


def not_null(expr: exp.Expression) -> exp.Expression:
    return exp.Not(this=exp.Is(this=expr.copy(), expression=exp.Null()))


def is_null(expr: exp.Expression) -> exp.Expression:
    return exp.Is(this=expr.copy(), expression=exp.Null())


def func(name: str, *args: exp.Expression) -> exp.Expression:
    """A function sqlglot knows (max, min, sum, coalesce …), built so it transpiles."""
    return exp.func(name, *args)


def select(*items: exp.Expression) -> exp.Select:
    return exp.select(*items)


def true() -> exp.Boolean:
    return exp.true()


def false() -> exp.Boolean:
    return exp.false()


def regex_search(expr: exp.Expression, pattern: str, kind: str) -> RegexSearch:
    return RegexSearch(this=expr, pattern=pattern, kind=kind)


def in_values(expr: exp.Expression, values: list[Any]) -> InValues:
    return InValues(this=expr, values=list(values))


def text_length(expr: exp.Expression, kind: str) -> TextLength:
    return TextLength(this=expr, kind=kind)


def thai_id_invalid(expr: exp.Expression, kind: str) -> ThaiIdInvalid:
    return ThaiIdInvalid(this=expr, kind=kind)


def json_invalid(expr: exp.Expression) -> JsonInvalid:
    return JsonInvalid(this=expr)


def strftime_mismatch(expr: exp.Expression, fmt: str) -> StrftimeMismatch:
    return StrftimeMismatch(this=expr, format=fmt)


def snippet(text: str, **slots: exp.Expression) -> exp.Expression:
    """DuckDB SQL text (written by a programmer, never data) parsed into a tree; `:name` slots take trees."""
    tree = sqlglot.parse_one(text, read="duckdb")

    def fill(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Placeholder) and node.name in slots:
            return slots[node.name].copy()
        return node

    missing = {n.name for n in tree.find_all(exp.Placeholder)} - set(slots)
    if missing:
        raise ValueError(f"snippet {text!r}: no tree given for {', '.join(sorted(missing))}")
    return tree.transform(fill)


def num(n: int | float) -> exp.Expression:
    """A numeric constant written by the programmer (a kwarg's value is bound with val())."""
    return exp.Literal.number(n)
