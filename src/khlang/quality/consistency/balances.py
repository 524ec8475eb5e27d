"""balance_reconciles: a stock balance on day d equals the signed sum of all movements up to and including d."""

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


class Movements(Strict):
    """The movements a balance is the running sum of, and how each movement type signs its quantity."""

    dataset: Name
    date: str
    keys: list[str] = Field(min_length=1)
    quantity: str
    sign_column: str
    signs: dict[str, float] = Field(min_length=1)


class BalanceParams(CheckParams):
    """The balance dataset's date, key and balance columns, the movements, and an absolute tolerance."""

    date: str
    keys: list[str] = Field(min_length=1)
    balance: str
    movements: Movements
    tolerance: float = Field(0.0, ge=0)

    @model_validator(mode="after")
    def _shape(self) -> BalanceParams:
        if len(self.keys) != len(self.movements.keys):
            raise ValueError("keys and movements.keys must have the same length")
        return self

    def references(self, dataset: str) -> Iterator[tuple[Loc, str, str | None]]:
        yield ("date",), dataset, self.date
        yield ("balance",), dataset, self.balance
        for i, c in enumerate(self.keys):
            yield ("keys", i), dataset, c
        m = self.movements
        yield ("movements", "dataset"), m.dataset, None
        for name in ("date", "quantity", "sign_column"):
            yield ("movements", name), m.dataset, getattr(m, name)
        for i, c in enumerate(m.keys):
            yield ("movements", "keys", i), m.dataset, c


@consistency_type("balance_reconciles")
class BalanceReconciles(ConsistencyType):
    """Daily net per key, running sum by date, ASOF-joined to each balance row (no balance row is skipped).

    Movement rows with a null key or date belong to no balance and are left out; a movement type
    missing from `signs` adds nothing and is counted in the details. A balance row with no movement
    on or before its date must be zero.
    """

    Params = BalanceParams

    def outcomes(self, check: ConsistencyCheck) -> list[tuple[str, str | None]]:
        return [(check.id, params_of(check, BalanceParams).balance)]

    def run(self, ctx: Context, check: ConsistencyCheck) -> list[CheckResult]:
        p = params_of(check, BalanceParams)
        mv = p.movements
        ctx.require(check.dataset, [p.date, *p.keys, p.balance])
        ctx.require(mv.dataset, [mv.date, *mv.keys, mv.quantity, mv.sign_column])
        bk, mk, notes = ctx.key_exprs((check.dataset, "b", p.keys), (mv.dataset, "m", mv.keys))
        # Balances are per day: a movement timestamp counts for its whole day.
        bx = [_day(ctx, check.dataset, "b", p.date), *bk]
        mx = [_day(ctx, mv.dataset, "m", mv.date), *mk]
        k = [f"k{i}" for i in range(len(p.keys))]
        cols = ["d", *k]
        sign = "CASE " + ctx.col("m", mv.sign_column) + " " + " ".join("WHEN ? THEN ?" for _ in mv.signs) + " END"
        params: list = [v for pair in mv.signs.items() for v in pair]
        qty = f"CAST({ctx.col('m', mv.quantity)} AS DOUBLE)"
        bal = f"CAST({ctx.col('b', p.balance)} AS DOUBLE)"
        sql = f"""
            WITH daily AS (
                SELECT {', '.join(f'{e} AS {a}' for e, a in zip(mx, cols))},
                       sum({qty} * coalesce({sign}, 0)) AS net,
                       count(*) FILTER (WHERE {sign} IS NULL) AS unmapped
                FROM {ctx.view(mv.dataset)} m WHERE {nonnull(mx)} GROUP BY ALL),
            running AS (
                SELECT {', '.join(cols)}, sum(net) OVER (PARTITION BY {', '.join(k)} ORDER BY d
                                                    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS total
                FROM daily),
            bal AS (
                SELECT {', '.join(f'{e} AS {a}' for e, a in zip(bx, cols))}, {bal} AS balance
                FROM {ctx.view(check.dataset)} b WHERE {nonnull([*bx, bal])}),
            cmp AS (
                SELECT {', '.join(f'bal.{c}' for c in cols)}, bal.balance, coalesce(running.total, 0) AS expected
                FROM bal ASOF LEFT JOIN running
                  ON {on([f'bal.{a}' for a in k], [f'running.{a}' for a in k])} AND bal.d >= running.d)
            """
        n, bad, worst = ctx.one(
            sql + "SELECT count(*), count(*) FILTER (WHERE abs(balance - expected) > ?), "
                  "max(abs(balance - expected)) FROM cmp", [*params, *params, p.tolerance])
        incomplete, unmapped = ctx.one(
            f"SELECT (SELECT count(*) FROM {ctx.view(check.dataset)} b WHERE NOT ({nonnull([*bx, bal])})), "
            f"(SELECT count(*) FROM {ctx.view(mv.dataset)} m WHERE {nonnull(mx)} AND {sign} IS NULL)", params)
        details: dict = {"movements": mv.dataset, "signs": mv.signs, "tolerance": p.tolerance,
                         "balance_rows_with_nulls": int(incomplete), "movement_rows_with_unmapped_sign": int(unmapped)}
        if notes:
            details["type_casts"] = notes
        if bad:
            rows = ctx.all(sql + f"SELECT {', '.join(cols)}, balance, expected FROM cmp "
                                 f"WHERE abs(balance - expected) > ? "
                                 f"ORDER BY abs(balance - expected) DESC, {', '.join(cols)} LIMIT {EXAMPLES}",
                           [*params, *params, p.tolerance])
            details["unexpected_values"] = [
                {"date": str(r[0]), "key": [ctx.safe(check.dataset, c, v) for c, v in zip(p.keys, r[1:-2])],
                 "balance": r[-2], "recomputed": r[-1], "difference": r[-2] - r[-1]}
                for r in rows]
        return [result(check, element_count=int(n), unexpected_count=int(bad), column=p.balance,
                       observed=None if worst is None else float(worst), details=details)]


def _day(ctx: Context, dataset: str, alias: str, column: str) -> str:
    """The column as a DATE (cast unless it already is one)."""
    expr = ctx.col(alias, column)
    return expr if ctx.columns(dataset)[column].upper() == "DATE" else f"CAST({expr} AS DATE)"
