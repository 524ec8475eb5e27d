"""Run a suite on an engine: every row-wise and aggregate check in one scan, the rest after.

The suite's plan is engine-neutral (khlang.quality.plan); the engine (khlang.quality.engines) renders
and runs it, DuckDB by default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from khlang.errors import KhlangError
from khlang.quality import plan as p
from khlang.quality.engines import Engine, EngineRefused
from khlang.quality.expectations import Outcome, result_format
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
    for i, exp in enumerate(suite.expectations):
        absent = [c for c in exp.needed() if c not in kinds] if not exp.unresolved else []
        if exp.unresolved:
            refused[i] = "; ".join(f"{exp.origin}: kwargs.{k}: suite parameter {n!r} is not supplied"
                                   for k, n in exp.unresolved.items())
        elif absent:
            refused[i] = f"column not found: {', '.join(absent)}"
        elif problems := exp.type_problems(types):
            refused[i] = "; ".join(f"{exp.origin}: {p}" for p in problems)
        else:
            exp.types = kinds
            plan = exp.plan()
            try:  # render every tree once here, so a check this engine cannot run fails alone
                for tree in [*plan.aggregates, *([plan.separate] if plan.separate is not None else [])]:
                    engine.render(p.select(tree) if plan.separate is None else tree)
            except EngineRefused as exc:
                refused[i] = f"{exp.origin}: {exc}"
                continue
            plans[i] = plan

    select: list[Any] = [p.count()]
    slots = {}
    for i, plan in plans.items():
        slots[i] = (len(select), len(plan.aggregates))
        select += plan.aggregates
    shared = engine.one_row(p.select(*select).from_(p.relation()))
    row_count = int(shared[0])

    results = []
    for i, exp in enumerate(suite.expectations):
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
        if plan.separate is not None:
            values: list[Any] = list(engine.one_row(plan.separate))
        else:
            start, n = slots[i]
            values = list(shared[start:start + n])
        out = exp.outcome(values, row_count)
        if result_format(exp.kwargs) == "BOOLEAN_ONLY":  # GX keeps only success
            out = Outcome(out.success, None, None)
        results.append(CheckResult(**base, success=out.success, element_count=out.element_count,
                                   unexpected_count=out.unexpected_count, observed=_jsonable(out.observed),
                                   details=({"missing_count": out.missing_count}
                                            if out.missing_count is not None else {})))
    return results


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)
