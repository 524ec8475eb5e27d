"""Scores for the committee: the share of passed weighted checks, per dataset and dimension."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import delete, select

from khlang.quality.records import QualityScore, complete_run
from khlang.quality.results import DIMENSIONS, CheckResult
from khlang.store.db import Store
from khlang.store.locks import run_lock

OVERALL = "overall"


def compute(results: list[CheckResult]) -> dict[str, dict[str, dict]]:
    """{dataset: {dimension|overall: {score, passed_weight, total_weight, checks}}} from results."""
    sums: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0, 0]))
    for r in results:
        for key in (r.dimension, OVERALL):
            cell = sums[r.dataset][key]
            cell[0] += r.weight if r.success else 0.0
            cell[1] += r.weight
            cell[2] += 1
    return {
        ds: {dim: {"score": round(100.0 * p / t, 2) if t else None, "passed_weight": p, "total_weight": t,
                   "checks": n} for dim, (p, t, n) in sorted(dims.items())}
        for ds, dims in sorted(sums.items())
    }


def organisation(scores: dict[str, dict[str, dict]]) -> dict[str, float | None]:
    """Organisation-wide score per dimension: weights pooled across datasets."""
    out = {}
    for dim in (*DIMENSIONS, OVERALL):
        p = sum(d[dim]["passed_weight"] for d in scores.values() if dim in d)
        t = sum(d[dim]["total_weight"] for d in scores.values() if dim in d)
        out[dim] = round(100.0 * p / t, 2) if t else None
    return out


def store_scores(store: Store, run_key: str, scores: dict[str, dict[str, dict]], computed_at: dt.datetime,
                 datasets: list[str] | None = None) -> None:
    """Keep this run's scores (replacing the same run's earlier ones) so trends can be drawn.

    With `datasets`, the scores end the quality run: in the same transaction the run is marked
    complete, which is refused while one of those datasets (or the security checks) is not written.
    """
    with store.transaction() as session:
        run_lock(session, "quality_scores", run_key)
        if datasets is not None:
            complete_run(session, run_key, datasets)
        session.execute(delete(QualityScore).where(QualityScore.run_key == run_key))
        for ds, dims in scores.items():
            for dim, cell in dims.items():
                if cell["score"] is None:
                    continue
                session.add(QualityScore(run_key=run_key, computed_at=computed_at, dataset=ds, dimension=dim,
                                         score=cell["score"], passed_weight=cell["passed_weight"],
                                         total_weight=cell["total_weight"], checks=cell["checks"]))


def history(store: Store, dataset: str | None = None, dimension: str = OVERALL) -> list[dict]:
    """Scores over time, oldest first, for trends."""
    with store.reading() as session:
        q = select(QualityScore).where(QualityScore.dimension == dimension)
        if dataset:
            q = q.where(QualityScore.dataset == dataset)
        rows = session.scalars(q.order_by(QualityScore.computed_at, QualityScore.id)).all()
        return [{"run_key": r.run_key, "computed_at": r.computed_at.isoformat(), "dataset": r.dataset,
                 "dimension": r.dimension, "score": r.score} for r in rows]
