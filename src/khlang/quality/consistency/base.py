"""What every consistency type shares: the registry, safe SQL over dataset views, and result building."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from khlang.declarations import Catalog
from khlang.declarations.quality_decl import CheckParams, ConsistencyCheck
from khlang.errors import engine_error  # noqa: F401  (re-exported for the package)
from khlang.harvest.readers import one_row, quote
from khlang.quality.relations import Relations
from khlang.quality.results import CheckResult
from khlang.registry import Registry

if TYPE_CHECKING:
    from khlang.quality.engines.servers import ServerEngine

EXAMPLES = 10  # how many offending keys a result lists as evidence


class CheckFailed(Exception):
    """The check could not be evaluated (a missing column, an unreadable dataset); its results fail."""


class ConsistencyType:
    """One kind of consistency check: its settings model and how it runs. Subclasses register by name."""

    name: ClassVar[str]
    Params: ClassVar[type[CheckParams]]
    # Whether its SQL runs inside a database server too (PushdownContext) when every dataset it reads is there.
    pushdown: ClassVar[bool] = False

    def outcomes(self, check: ConsistencyCheck) -> list[tuple[str, str | None]]:
        """(check id, column) of every result the check produces, so a failure still reports each one."""
        return [(check.id, None)]

    def run(self, ctx: Context, check: ConsistencyCheck) -> list[CheckResult]:
        raise NotImplementedError


CONSISTENCY_TYPES: Registry[str, type[ConsistencyType]] = Registry("consistency type")
P = TypeVar("P", bound=CheckParams)


def params_of(check: ConsistencyCheck, model: type[P]) -> P:
    """The check's own settings as its type's model (the loader validated them with that model)."""
    if not isinstance(check.params, model):
        raise TypeError(f"{check.id}: settings are {type(check.params).__name__}, not {model.__name__}")
    return check.params


def consistency_type(name: str) -> Callable[[type[ConsistencyType]], type[ConsistencyType]]:
    """Register a check type under the `type:` name stewards write in consistency.yaml."""
    def register(cls: type[ConsistencyType]) -> type[ConsistencyType]:
        cls.name = name
        CONSISTENCY_TYPES.add(name, cls)
        return cls
    return register


_NUMERIC = re.compile(r"^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT"
                      r"|FLOAT|DOUBLE|REAL|DECIMAL.*|NUMERIC.*)$")
_TEXT = re.compile(r"^(VARCHAR.*|TEXT|STRING|CHAR.*)$")
_TEMPORAL = re.compile(r"^(DATE|TIMESTAMP.*)$")


def type_family(type_name: str) -> str:
    """numeric / text / temporal / the type itself: values of one family compare without casting."""
    upper = type_name.upper()
    for family, pattern in (("numeric", _NUMERIC), ("text", _TEXT), ("temporal", _TEMPORAL)):
        if pattern.match(upper):
            return family
    return upper


@dataclass
class Context:
    """A run over one Relations connection; column lists are read once per dataset."""

    catalog: Catalog
    relations: Relations
    _columns: dict[str, dict[str, str]] = field(default_factory=dict)

    def view(self, dataset: str) -> str:
        """The quoted view over a catalogued dataset."""
        return self.relations.view(dataset)

    def columns(self, dataset: str) -> dict[str, str]:
        """Column name → DuckDB type of the dataset as it is now."""
        if dataset not in self._columns:
            rows = self.relations.con.execute(f"DESCRIBE SELECT * FROM {self.view(dataset)}").fetchall()
            self._columns[dataset] = {r[0]: str(r[1]) for r in rows}
        return self._columns[dataset]

    def require(self, dataset: str, columns: list[str]) -> None:
        """Stop the check with a readable reason when a declared column is not in the data."""
        have = self.columns(dataset)
        absent = [c for c in columns if c not in have]
        if absent:
            raise CheckFailed(f"column not found in {dataset}: {', '.join(absent)}")

    def col(self, alias: str, column: str) -> str:
        """alias."column", quoted."""
        return f"{alias}.{quote(column)}"

    def key_exprs(self, left: tuple[str, str, list[str]],
                  right: tuple[str, str, list[str]]) -> tuple[list[str], list[str], list[str]]:
        """SQL for paired key columns of two datasets; pairs whose types differ are compared as text.

        Returns (left expressions, right expressions, notes on casts) for (dataset, alias, columns) sides.
        """
        (lds, la, lcols), (rds, ra, rcols) = left, right
        ltypes, rtypes = self.columns(lds), self.columns(rds)
        lx, rx, notes = [], [], []
        for lc, rc in zip(lcols, rcols, strict=True):
            le, re_ = self.col(la, lc), self.col(ra, rc)
            if type_family(ltypes[lc]) != type_family(rtypes[rc]):
                le, re_ = f"CAST({le} AS VARCHAR)", f"CAST({re_} AS VARCHAR)"
                notes.append(f"{lds}.{lc} ({ltypes[lc]}) and {rds}.{rc} ({rtypes[rc]}) compared as text")
            lx.append(le)
            rx.append(re_)
        return lx, rx, notes

    def one(self, sql: str, params: list[Any] | None = None) -> tuple:
        """The single row of an aggregate query."""
        return one_row(self.relations.con.execute(sql, params or []).fetchone())

    def all(self, sql: str, params: list[Any] | None = None) -> list[tuple]:
        """Every row of a (small, grouped) query."""
        return self.relations.con.execute(sql, params or []).fetchall()

    def safe(self, dataset: str, column: str, value: object) -> object:
        """A value fit for evidence: masked when the column is declared personal data or the value looks like PII."""
        from khlang.harvest.pii import classify_value, mask

        if value is None:
            return None
        ds = self.catalog.datasets.get(dataset)
        declared = ds.column(column) if ds is not None else None
        text = value.isoformat() if hasattr(value, "isoformat") else str(value)
        label = (declared.pii if declared is not None else None) or classify_value(text)
        if label:
            return mask(text, label)
        return value if isinstance(value, (int, float, str)) else text


# A server type's neutral kind as the DuckDB type name the checks' type logic (type_family) reads.
_DUCK_NAMES = {"string": "VARCHAR", "integer": "BIGINT", "float": "DOUBLE", "decimal": "DECIMAL", "date": "DATE",
               "timestamp": "TIMESTAMP", "boolean": "BOOLEAN"}


class PushdownContext(Context):
    """The same checks run inside the database server that holds every dataset they read (only the counts
    and the evidence rows come back). The checks' SQL, written for DuckDB over `view()`, is parsed by sqlglot
    (never edited as text), its `?` values bound as literals and its tables replaced by the server's; the
    engine renders it for its dialect with the meaning the quality engines keep (code-point text order,
    count FILTER on MySQL)."""

    def __init__(self, catalog: Catalog, relations: Relations, engine: ServerEngine):
        super().__init__(catalog, relations)
        self.engine = engine

    def view(self, dataset: str) -> str:
        from khlang.quality import plan

        return plan.dataset_relation(dataset).sql(dialect="duckdb")

    def columns(self, dataset: str) -> dict[str, str]:
        if dataset not in self._columns:
            self._columns[dataset] = {name: _DUCK_NAMES.get(self.engine.kind(t), t.upper())
                                      for name, t in self.engine.dataset_columns(dataset).items()}
        return self._columns[dataset]

    def _tree(self, sql: str, params: list[Any] | None) -> Any:
        import sqlglot
        from sqlglot import expressions as exp

        from khlang.quality import plan

        values = iter(params or [])
        tree = sqlglot.parse_one(sql, read="duckdb")
        return tree.transform(lambda n: plan.val(next(values)) if isinstance(n, exp.Placeholder) else n)

    def one(self, sql: str, params: list[Any] | None = None) -> tuple:
        return self.engine.one_row(self._tree(sql, params))

    def all(self, sql: str, params: list[Any] | None = None) -> list[tuple]:
        return self.engine.rows(self._tree(sql, params))


def result(check: ConsistencyCheck, *, success: bool | None = None, element_count: int | None,
           unexpected_count: int | None, check_id: str | None = None, column: str | None = None,
           observed: object = None, details: dict | None = None) -> CheckResult:
    """A consistency CheckResult carrying the declaration's dimension, severity and weight."""
    ok = success if success is not None else (unexpected_count == 0 and element_count is not None)
    return CheckResult(
        kind="consistency", dataset=check.dataset, check=check_id or check.id, type=check.type,
        dimension=check.dimension, success=bool(ok), element_count=element_count,
        unexpected_count=unexpected_count, column=column, weight=check.weight, severity=check.severity,
        observed=observed, details=dict(details or {}),
    )


def failed(check: ConsistencyCheck, check_id: str, column: str | None, reason: str) -> CheckResult:
    """The result of a check that could not run: failed, with no counts and the reason."""
    return result(check, success=False, element_count=None, unexpected_count=None, check_id=check_id,
                  column=column, details={"error": reason})


def nonnull(exprs: list[str]) -> str:
    """SQL: every expression is not null."""
    return " AND ".join(f"{e} IS NOT NULL" for e in exprs) or "TRUE"


def on(left: list[str], right: list[str]) -> str:
    """SQL: pairwise equality of two key lists."""
    return " AND ".join(f"{a} = {b}" for a, b in zip(left, right, strict=True))
