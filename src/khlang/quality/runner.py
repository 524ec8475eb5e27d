"""Run a suite on an engine: every row-wise and aggregate check in one scan, the rest after.

The suite's plan is engine-neutral (khlang.quality.plan); the engine (khlang.quality.engines) renders
and runs it, DuckDB by default.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlglot import exp as sx

from khlang.errors import KhlangError, SourceError
from khlang.quality import plan as p
from khlang.quality import row_conditions
from khlang.quality.engines import Engine, EngineRefused
from khlang.quality.expectations import Expectation, Outcome, result_format
from khlang.quality.results import CheckResult
from khlang.quality.suite import Suite

if TYPE_CHECKING:
    import duckdb


def run_suite(suite: Suite, con: duckdb.DuckDBPyConnection, view: str, dataset: str | None = None) -> list[CheckResult]:
    """Results of every expectation of `suite` over the DuckDB relation `view`."""
    from khlang.quality.engines.duckdb import DuckDBEngine

    return run_on(suite, DuckDBEngine(con, view), dataset)


def run_on(suite: Suite, engine: Engine, dataset: str | None = None) -> list[CheckResult]:
    """Results of every expectation of `suite` over the relation `engine` is opened on."""
    dataset = dataset or suite.dataset or suite.name
    types = engine.column_types()
    kinds = {name: engine.kind(t) for name, t in types.items()}
    plans, refused = {}, {}
    filtered_counts: dict[int, sx.Expression | None] = {}  # row_condition: how its rows are counted
    expectations = [_resolved(e, kinds) for e in suite.expectations]
    for i, exp in enumerate(expectations):
        needed = [*exp.needed(), *row_conditions.columns(exp.row_condition)]
        absent = [c for c in dict.fromkeys(needed) if c not in kinds] if not exp.unresolved else []
        if exp.unresolved:
            refused[i] = "; ".join(f"{exp.origin}: kwargs.{k}: suite parameter {n!r} is not supplied"
                                   for k, n in exp.unresolved.items())
        elif absent:
            refused[i] = f"column not found: {', '.join(absent)}"
        elif problems := exp.type_problems(types):
            refused[i] = "; ".join(f"{exp.origin}: {p}" for p in problems)
        else:
            exp.types = kinds
            try:
                exp.observe(engine)
            except EngineRefused as exc:
                refused[i] = f"{exp.origin}: {exc}"
                continue
            plan = exp.plan()
            if exp.row_condition is not None and exp.reads_rows:  # a query of its own over the filtered rows
                plan, filtered_counts[i] = _filtered(plan, row_conditions.to_tree(exp.row_condition))
            try:  # render every tree once here, so a check this engine cannot run fails alone
                for tree in plan.queries():
                    engine.render(tree)
            except EngineRefused as exc:
                refused[i] = f"{exp.origin}: {exc}"
                continue
            plans[i] = plan

    select: list[Any] = [p.count()]
    slots = {}
    for i, plan in plans.items():
        slots[i] = (len(select), len(plan.aggregates))
        select += plan.aggregates
    try:
        shared: Sequence[Any] = engine.one_row(p.select(*select).from_(p.relation()))
    except SourceError:  # the server rejected the scan: find the checks it cannot run, so each fails alone
        shared = _scan_each(engine, plans, slots, len(select), refused)
    row_count = int(shared[0])

    results = []
    for i, exp in enumerate(expectations):
        base = dict(kind="expectation", dataset=dataset, check=suite.check_id(i), type=exp.type,
                    dimension=exp.meta.get("dimension") or exp.dimension, column=exp.column,
                    weight=float(exp.meta.get("weight", 1.0)), severity=exp.meta.get("severity", "medium"),
                    suite=suite.name)
        if i in refused and exp.kwargs.get("catch_exceptions") is False:
            raise KhlangError(f"{exp.origin}: {exp.type} could not run (catch_exceptions is false): {refused[i]}")
        if i in refused:
            results.append(CheckResult(**base, success=False, element_count=None, unexpected_count=None,
                                       details={"error": refused[i]}))
            continue
        plan = plans[i]
        rows = row_count
        start, n = slots[i]
        values: list[Any] = list(shared[start:start + n])  # its aggregates first, then its own queries' values
        try:
            if plan.separate is not None:
                values += list(engine.one_row(plan.separate))
                if i in filtered_counts:  # the rows the condition keeps: counted in the same query, or by its own
                    counted = filtered_counts[i]
                    rows, values = (int(values[0]), values[1:]) if counted is None else \
                        (int(engine.one_row(counted)[0]), values)
            if plan.listing is not None:
                values.append([row[0] for row in engine.rows(plan.listing)])
        except SourceError as exc:
            if exp.kwargs.get("catch_exceptions") is False:
                raise
            results.append(CheckResult(**base, success=False, element_count=None, unexpected_count=None,
                                       details={"error": f"{exp.origin}: {exc}"}))
            continue
        out = exp.outcome(values, rows)
        if result_format(exp.kwargs) == "BOOLEAN_ONLY":  # GX keeps only success
            out = Outcome(out.success, None, None)
        results.append(CheckResult(**base, success=out.success, element_count=out.element_count,
                                   unexpected_count=out.unexpected_count, observed=_jsonable(out.observed),
                                   details=({"missing_count": out.missing_count}
                                            if out.missing_count is not None else {})))
    return results


COLUMN_KWARGS = ("column", "column_A", "column_B", "column_list")


def _resolved(exp: Expectation, columns: dict[str, Any]) -> Expectation:
    """`exp` naming the relation's own columns: a name with no exact match but one case-insensitive match is
    that column, as GX 1.x resolves column names on every backend (a copy; the suite is not changed)."""
    def resolve(name: Any) -> Any:
        if not isinstance(name, str) or name in columns:
            return name
        same = [c for c in columns if c.casefold() == name.casefold()]
        return same[0] if len(same) == 1 else name

    kwargs = dict(exp.kwargs)
    for key in COLUMN_KWARGS:
        if isinstance(kwargs.get(key), list):
            kwargs[key] = [resolve(c) for c in kwargs[key]]
        elif key in kwargs:
            kwargs[key] = resolve(kwargs[key])
    if kwargs == exp.kwargs:
        return exp
    resolved = copy.copy(exp)
    resolved.kwargs = kwargs
    return resolved


def _scan_each(engine: Engine, plans: dict[int, p.Plan], slots: dict[int, tuple[int, int]], width: int,
               refused: dict[int, str]) -> list[Any]:
    """The shared scan's row, computed check by check after the server rejected it as one query.

    The row count is asked alone (if the relation itself cannot be read, that error stands); each check whose
    aggregates the server rejects is refused with the server's message, and the others keep their values.
    """
    row: list[Any] = [None] * width
    row[0] = engine.one_row(p.select(p.count()).from_(p.relation()))[0]
    for i, plan in plans.items():
        if not plan.aggregates:
            continue
        start, n = slots[i]
        try:
            row[start:start + n] = engine.one_row(p.select(*plan.aggregates).from_(p.relation()))
        except SourceError as exc:
            refused[i] = str(exc)
    return row


def _filtered(plan: p.Plan, condition: sx.Expression) -> tuple[p.Plan, sx.Expression | None]:
    """`plan` over only the rows where `condition` holds (GX's row_condition), and how to count those rows.

    Aggregates become one query whose first value is the row count (None returned); a separate query and a
    listing read the filtered rows in place of the relation, and the returned query counts them. A plan with
    aggregates and a separate query has its aggregates computed over the filtered rows as the first values of
    that query.
    """
    def rows() -> sx.Subquery:
        kept = p.select(p.star()).from_(p.relation()).where(condition.copy())
        return sx.Subquery(this=kept, alias=sx.TableAlias(this=sx.to_identifier("khlang_rows")))

    def over_rows(query: sx.Expression) -> sx.Expression:
        tree = query.copy()
        for table in list(tree.find_all(sx.Table)):
            if table.name == p.RELATION:
                sub = rows()
                if table.alias:
                    sub.set("alias", sx.TableAlias(this=sx.to_identifier(table.alias)))
                table.replace(sub)
        return tree

    listing = over_rows(plan.listing) if plan.listing is not None else None
    if plan.separate is None:
        return p.Plan(separate=p.select(p.count(), *plan.aggregates).from_(rows()), listing=listing), None
    tree = over_rows(plan.separate)
    if plan.aggregates:  # each aggregate over the kept rows, a one-value subquery ahead of the query's own values
        tree.set("expressions", [p.select(a.copy()).from_(rows()).subquery() for a in plan.aggregates]
                 + tree.expressions)
    return p.Plan(separate=tree, listing=listing), p.select(p.count()).from_(rows())


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Decimal):  # a NUMERIC statistic: a number, as GX serialises it (float)
        return float(value)
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)
