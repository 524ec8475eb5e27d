"""Run a suite on the DuckDB engine: every row-wise and aggregate check in one scan, the rest after."""

from __future__ import annotations

from typing import Any

import duckdb

from khlang.harvest.readers import one_row
from khlang.quality.results import CheckResult
from khlang.quality.suite import Suite


def run_suite(suite: Suite, con: duckdb.DuckDBPyConnection, view: str, dataset: str | None = None) -> list[CheckResult]:
    """Results of every expectation of `suite` over the relation `view`."""
    dataset = dataset or suite.dataset or suite.name
    types = {r[0]: str(r[1]) for r in con.execute(f"DESCRIBE SELECT * FROM {view}").fetchall()}
    columns = set(types)
    plans, refused = {}, {}
    for i, exp in enumerate(suite.expectations):
        absent = [c for c in exp.needed() if c not in columns]
        if absent:
            refused[i] = f"column not found: {', '.join(absent)}"
        elif problems := exp.type_problems(types):
            refused[i] = "; ".join(f"{exp.origin}: {p}" for p in problems)
        else:
            exp.types = types
            plans[i] = exp.plan(view)

    select, params, slots = ["count(*)"], [], {}
    for i, plan in plans.items():
        slots[i] = (len(select), len(plan.aggregates))
        select += plan.aggregates
        params += plan.params
    shared = one_row(con.execute(f"SELECT {', '.join(select)} FROM {view}", params).fetchone())
    row_count = int(shared[0])

    results = []
    for i, exp in enumerate(suite.expectations):
        base = dict(kind="expectation", dataset=dataset, check=suite.check_id(i), type=exp.type,
                    dimension=exp.meta.get("dimension") or exp.dimension, column=exp.column,
                    weight=float(exp.meta.get("weight", 1.0)), severity=exp.meta.get("severity", "medium"),
                    suite=suite.name)
        if i in refused:
            results.append(CheckResult(**base, success=False, element_count=None, unexpected_count=None,
                                       details={"error": refused[i]}))
            continue
        plan = plans[i]
        if plan.separate_sql:
            values: list[Any] = list(one_row(con.execute(plan.separate_sql, plan.separate_params).fetchone()))
        else:
            start, n = slots[i]
            values = list(shared[start:start + n])
        out = exp.outcome(values, row_count)
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
