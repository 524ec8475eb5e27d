"""What every quality engine implements: render the neutral plan (khlang.quality.plan) and run it.

An engine is opened on one dataset (`Engine.open(target)`), reports the relation's columns as neutral
kinds, and runs one-row queries built from plan trees. Rendering is sqlglot's (`tree.sql(dialect)`);
an engine only lowers the neutral nodes (`lower_*` hooks) and the relation placeholder, and binds values.
A plan the engine cannot run with GX's meaning raises `EngineRefused`, reported as that check's error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from sqlglot import expressions as exp

from khlang.errors import KhlangError
from khlang.quality import plan as p
from khlang.registry import Registry

if TYPE_CHECKING:
    from khlang.declarations import Catalog
    from khlang.quality.relations import Relations


class EngineRefused(KhlangError):
    """This engine cannot run a check with the meaning GX gives it (the check fails with this reason)."""


@dataclass
class Target:
    """What an engine is opened on: one dataset of the catalogue (and the DuckDB relations, if open)."""

    catalog: Catalog
    dataset: str
    data_dir: Path
    relations: Relations | None = None


class Engine:
    """Renders and runs plan trees over one relation."""

    name: ClassVar[str]
    dialect: ClassVar[str]  # sqlglot's dialect name
    # Source types this engine reads itself; None: every type (through Relations). An engine also checks, in
    # place, the sources whose plugin names it in `pushdown` (khlang.sources: the source type says, not the engine).
    source_types: ClassVar[tuple[str, ...] | None] = None

    @classmethod
    def open(cls, target: Target) -> Engine:
        """An engine over the target's dataset (the caller closes it)."""
        raise NotImplementedError

    # --- what the runner calls -------------------------------------------------------------------
    def column_types(self) -> dict[str, str]:
        """The relation's columns and their types, as this engine names them, in column order."""
        raise NotImplementedError

    def kind(self, type_name: str) -> str:
        """The neutral kind (plan.KINDS) of one of this engine's type names."""
        return neutral_kind(type_name)

    def kinds(self) -> dict[str, str]:
        """The relation's columns and their neutral kinds."""
        return {name: self.kind(t) for name, t in self.column_types().items()}

    def one_row(self, query: exp.Expression) -> tuple[Any, ...]:
        """Run a query of the plan (a SELECT over plan.relation()) and return its single row."""
        raise NotImplementedError

    def rows(self, query: exp.Expression) -> list[tuple[Any, ...]]:
        """Run a query of the plan (a plan's listing) and return all its rows, in its order."""
        raise NotImplementedError

    def type_matches(self, column: str, expected: list[str] | None, by_name: bool = False) -> tuple[bool, str]:
        """Whether `column`'s type is one of the `expected` type names, and the name observed (GX's
        `observed_value`) — the column-type expectations' question, whose names are each engine's own.
        None expects nothing (GX: vacuously true, the type still observed).

        By default the engine's type name (`type_name`) compared case-insensitively, as GX compares on
        PostgreSQL. `by_name` (expect_column_type_to_be) also accepts the observed name itself where an
        engine compares by type class.
        """
        observed = self.type_name(column)
        return expected is None or names_match(observed, expected), observed

    def type_name(self, column: str) -> str:
        """The name of `column`'s type that the column-type expectations compare and report."""
        return self.column_types()[column]

    def close(self) -> None:
        """Release connections this engine opened."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- rendering -------------------------------------------------------------------------------
    def relation_expr(self) -> exp.Expression:
        """The table or view that replaces plan.relation()."""
        raise NotImplementedError

    def dataset_expr(self, dataset: str) -> exp.Table:
        """The table of another dataset this engine was opened with (plan.dataset_relation)."""
        raise EngineRefused(f"the {self.name} engine reads one relation, not dataset {dataset}")

    def render(self, tree: exp.Expression) -> tuple[str, dict[str, Any]]:
        """The SQL for `tree` in this engine's dialect, and the parameters it binds (by name)."""
        params: dict[str, Any] = {}
        lowered = self.lower(tree.copy(), params)
        return lowered.sql(dialect=self.dialect), params

    def lower(self, tree: exp.Expression, params: dict[str, Any]) -> exp.Expression:
        """`tree` with the neutral nodes, values and relation replaced by this engine's trees."""
        return self.lower_nodes(tree, params)

    def lower_nodes(self, tree: exp.Expression, params: dict[str, Any]) -> exp.Expression:
        """The replacement of neutral nodes, values and the relation (what `lower` does before any rewrite)."""

        def visit(node: exp.Expression) -> exp.Expression:
            if isinstance(node, p.Value):
                return self.lower_value(node.value, params)
            if isinstance(node, exp.Table) and node.name == p.RELATION:
                return self.relation_expr()
            if isinstance(node, exp.Table) and node.name.startswith(p.DATASET):
                table = self.dataset_expr(node.name[len(p.DATASET):])
                table.set("alias", node.args.get("alias"))
                return table
            if isinstance(node, p.Neutral):
                this = self.lower_nodes(node.this.copy(), params)
                hook = getattr(self, f"lower_{_snake(type(node).__name__)}")
                return self.lower_nodes(hook(node, this), params)
            return node

        return tree.transform(visit, copy=False)

    def lower_value(self, value: Any, params: dict[str, Any]) -> exp.Expression:
        """A bound value: by default a sqlglot literal (safe quoting per dialect)."""
        return literal(value)

    def lower_in_values(self, node: p.InValues, this: exp.Expression) -> exp.Expression:
        values = node.args["values"]
        if not values:
            return exp.false()
        return exp.In(this=this, expressions=[literal(v) for v in values])

    def lower_text_length(self, node: p.TextLength, this: exp.Expression) -> exp.Expression:
        return exp.Length(this=self.as_text(this, node.args["kind"], "a value length"))

    def lower_regex_search(self, node: p.RegexSearch, this: exp.Expression) -> exp.Expression:
        raise EngineRefused(f"the {self.name} engine has no regular expressions with Python's meaning")

    def lower_json_invalid(self, node: p.JsonInvalid, this: exp.Expression) -> exp.Expression:
        raise EngineRefused(f"JSON parsing with Python's json.loads meaning is not run on {self.name}")

    def lower_strftime_mismatch(self, node: p.StrftimeMismatch, this: exp.Expression) -> exp.Expression:
        raise EngineRefused(f"date parsing with Python's strptime meaning is not run on {self.name}")

    def lower_thai_id_invalid(self, node: p.ThaiIdInvalid, this: exp.Expression) -> exp.Expression:
        v = self.as_text(this, node.args["kind"], "a Thai national id check")
        digit = [exp.cast(exp.Substring(this=v.copy(), start=exp.Literal.number(i + 1),
                                        length=exp.Literal.number(1)), "INT") for i in range(13)]
        weighted: exp.Expression = exp.Mul(this=digit[0], expression=exp.Literal.number(13))
        for i in range(1, 12):
            weighted = exp.Add(this=weighted, expression=exp.Mul(this=digit[i], expression=exp.Literal.number(13 - i)))
        check = exp.Mod(this=exp.Paren(this=exp.Sub(this=exp.Literal.number(11), expression=exp.Paren(
            this=exp.Mod(this=exp.Paren(this=weighted), expression=exp.Literal.number(11))))),
            expression=exp.Literal.number(10))
        # CASE, not OR: the checksum may only be computed on a value of the right shape.
        return exp.Case(ifs=[exp.If(this=self.full_match_13_digits(v.copy()),
                                    true=exp.NEQ(this=digit[12], expression=check))], default=exp.true())

    def full_match_13_digits(self, text: exp.Expression) -> exp.Expression:
        """True when `text` is exactly 13 ASCII digits, the first 1-8."""
        raise EngineRefused(f"the {self.name} engine cannot check a Thai national id")

    # Kinds whose text form (CAST AS text) equals Python's str() of the value on this engine.
    text_kinds: ClassVar[tuple[str, ...]] = ("string", "integer")

    def as_text(self, this: exp.Expression, kind: str, what: str) -> exp.Expression:
        """The value as Python's str() writes it; refused for kinds this engine would write otherwise."""
        if kind == "string":
            return this
        if kind not in self.text_kinds:
            raise EngineRefused(f"{what} on a {kind} column is not run on {self.name}: its text form differs "
                                "from Python's str()")
        return exp.cast(this, exp.DataType.build("TEXT"))


def names_match(observed: str, expected: list[str]) -> bool:
    """Whether a type name is one of `expected`, case-insensitively."""
    return any(observed.casefold() == e.casefold() for e in expected)


def literal(value: Any) -> exp.Expression:
    """A Python value as a sqlglot literal (sqlglot quotes and escapes it for each dialect)."""
    return exp.convert(value)


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


_KIND_PREFIXES = (
    ("string", ("VARCHAR", "TEXT", "STRING", "CHAR", "CHARACTER", "NVARCHAR", "NCHAR", "BPCHAR", "TINYTEXT",
                "MEDIUMTEXT", "LONGTEXT", "ENUM", "CITEXT", "NAME")),
    ("timestamp", ("TIMESTAMP", "DATETIME")),
    ("date", ("DATE",)),
    ("boolean", ("BOOLEAN", "BOOL")),
    ("decimal", ("DECIMAL", "NUMERIC", "NEWDECIMAL")),
    ("float", ("DOUBLE", "FLOAT", "REAL")),
    ("integer", ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "UHUGEINT", "INT", "MEDIUMINT", "SERIAL", "BIGSERIAL", "LONG", "SHORT", "BYTE")),
)


def neutral_kind(type_name: str) -> str:
    """The neutral kind of a type name of DuckDB, PostgreSQL, MySQL or Spark (already a kind: itself)."""
    if type_name in p.KINDS:
        return type_name
    upper = type_name.strip().upper()
    for kind, prefixes in _KIND_PREFIXES:
        if upper.startswith(prefixes):
            return kind
    return "other"


ENGINES: Registry[str, type[Engine]] = Registry("quality engine")


def engine(cls: type[Engine]) -> type[Engine]:
    """Register an engine class under its name."""
    ENGINES.add(cls.name, cls)
    return cls


DEFAULT_ENGINE = "duckdb"


def default_engine(source_type: str) -> str:
    """The engine a source's datasets use when nobody chose one: the first its source type pushes down to."""
    from khlang.sources import plugin

    return next(iter(plugin(source_type).pushdown), DEFAULT_ENGINE)


def can_check(cls: type[Engine], source_type: str) -> bool:
    """Whether engine `cls` can check a source of `source_type`: it reads that type, or the type pushes down to it."""
    from khlang.sources import plugin

    return (cls.source_types is None or source_type in cls.source_types
            or cls.name in plugin(source_type).pushdown)


def engine_refusal(cls: type[Engine], source_type: str) -> str:
    """Why engine `cls` cannot check a `source_type` source (for messages)."""
    from khlang.sources import SOURCE_TYPES

    kinds = [t for t in SOURCE_TYPES if can_check(cls, t)]
    return f"engine {cls.name} cannot check a {source_type} source (it runs on: {', '.join(kinds) or 'none'})"


def choose(source_type: str, declared: str | None = None, requested: str | None = None) -> str:
    """The engine for a dataset: the run's choice, else the source's `engine:`, else the default."""
    name = requested or declared or default_engine(source_type)
    cls = ENGINES[name]  # UnknownEntry lists the known engines
    if not can_check(cls, source_type):
        raise EngineRefused(engine_refusal(cls, source_type))
    return name
