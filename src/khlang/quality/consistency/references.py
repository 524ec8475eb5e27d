"""reference_exists: every reference to master or reference data points at a row that exists."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field, model_validator

from khlang.declarations.models import Name, Strict
from khlang.declarations.quality_decl import CheckParams, ConsistencyCheck
from khlang.declarations.yamlsource import Loc
from khlang.quality.consistency.base import (
    EXAMPLES,
    ConsistencyType,
    Context,
    consistency_type,
    nonnull,
    on,
    params_of,
    result,
)
from khlang.quality.results import CheckResult


class Target(Strict):
    """The dataset and key columns referred to."""

    dataset: Name
    columns: list[str] = Field(min_length=1)


class ReferenceParams(CheckParams):
    """columns of the check's dataset → reference.columns (composite keys allowed, in the same order).

    `within` (a leading part of the key) limits the check to rows whose `within` part the reference
    knows: a grade is judged only for known commodities, an unknown commodity is its own check's finding.
    """

    columns: list[str] = Field(min_length=1)
    reference: Target
    within: list[str] = []

    @model_validator(mode="after")
    def _shape(self) -> ReferenceParams:
        if len(self.columns) != len(self.reference.columns):
            raise ValueError("columns and reference.columns must have the same length")
        if len(set(self.columns)) != len(self.columns):
            raise ValueError("a column is listed twice in columns")
        if self.within and (self.within != self.columns[: len(self.within)] or len(self.within) == len(self.columns)):
            raise ValueError("within must be a leading part of columns, shorter than the whole key")
        return self

    def references(self, dataset: str) -> Iterator[tuple[Loc, str, str | None]]:
        for i, c in enumerate(self.columns):
            yield ("columns", i), dataset, c
        yield ("reference", "dataset"), self.reference.dataset, None
        for i, c in enumerate(self.reference.columns):
            yield ("reference", "columns", i), self.reference.dataset, c


@consistency_type("reference_exists")
class ReferenceExists(ConsistencyType):
    """Anti-join of the dataset's non-null keys against the reference's keys (never an IN list)."""

    Params = ReferenceParams
    pushdown = True

    def outcomes(self, check: ConsistencyCheck) -> list[tuple[str, str | None]]:
        return [(check.id, ",".join(params_of(check, ReferenceParams).columns))]

    def run(self, ctx: Context, check: ConsistencyCheck) -> list[CheckResult]:
        p = params_of(check, ReferenceParams)
        ref = p.reference
        ctx.require(check.dataset, p.columns)
        ctx.require(ref.dataset, ref.columns)
        sx, rx, notes = ctx.key_exprs((check.dataset, "s", p.columns), (ref.dataset, "r", ref.columns))
        n = len(p.columns)
        k = [f"k{i}" for i in range(n)]
        source = (f"SELECT {', '.join(f'{e} AS {a}' for e, a in zip(sx, k))}, {nonnull(sx)} AS complete "
                  f"FROM {ctx.view(check.dataset)} s")
        refkeys = f"SELECT DISTINCT {', '.join(f'{e} AS {a}' for e, a in zip(rx, k))} FROM {ctx.view(ref.dataset)} r " \
                  f"WHERE {nonnull(rx)}"
        m = len(p.within)
        joins = f"LEFT JOIN r ON {on([f's.{a}' for a in k], [f'r.{a}' for a in k])}"
        known = "TRUE"
        if m:
            joins += f" LEFT JOIN p ON {on([f's.{a}' for a in k[:m]], [f'p.{a}' for a in k[:m]])}"
            known = "p.k0 IS NOT NULL"
        with_p = f", p AS (SELECT DISTINCT {', '.join(k[:m])} FROM r)" if m else ""
        sql = (f"WITH s AS ({source}), r AS ({refkeys}){with_p} "
               f"SELECT count(*) FILTER (WHERE s.complete AND {known}), "
               f"count(*) FILTER (WHERE s.complete AND {known} AND r.k0 IS NULL), "
               f"count(*) FILTER (WHERE NOT s.complete), "
               f"count(*) FILTER (WHERE s.complete AND NOT ({known})) "
               f"FROM s {joins}")
        element_count, unexpected, incomplete, unknown_parent = (int(v or 0) for v in ctx.one(sql))
        details: dict = {"reference": ref.dataset, "reference_columns": ref.columns,
                         "rows_with_null_key": incomplete}
        if m:
            details["rows_left_to_parent_check"] = unknown_parent
        if notes:
            details["type_casts"] = notes
        distinct = 0
        if unexpected:
            rows = ctx.all(
                f"WITH s AS ({source}), r AS ({refkeys}){with_p} "
                f"SELECT {', '.join(f's.{a}' for a in k)}, count(*) AS n, count(*) OVER () AS n_groups "
                f"FROM s {joins} WHERE s.complete AND {known} AND r.k0 IS NULL "
                f"GROUP BY {', '.join(f's.{a}' for a in k)} ORDER BY n DESC, {', '.join(f's.{a}' for a in k)} "
                f"LIMIT {EXAMPLES}")
            distinct = int(rows[0][n + 1]) if rows else 0
            details["unexpected_values"] = [
                {"key": [ctx.safe(check.dataset, c, v) for c, v in zip(p.columns, row[:n])], "rows": int(row[n])}
                for row in rows]
        details["distinct_unexpected"] = distinct
        return [result(check, element_count=element_count, unexpected_count=unexpected,
                       column=",".join(p.columns), observed=distinct, details=details)]
