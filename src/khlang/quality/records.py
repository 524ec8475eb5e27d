"""Quality results in the governance store: runs, check results and scores, with their history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    delete,
    select,
    true,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from khlang.errors import KhlangError
from khlang.quality.results import CheckResult
from khlang.store.db import Store
from khlang.store.locks import run_lock, run_locks
from khlang.store.models import Base


class QualityRun(Base):
    """One run of one dataset's checks (suite, consistency and security results).

    `complete` turns true only when the whole quality run it belongs to is written (every dataset, the
    security checks, the scores), so a run killed half-way is never read as if it were finished.
    """

    __tablename__ = "quality_runs"
    __table_args__ = (UniqueConstraint("run_key", "dataset", "scope"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_key: Mapped[str] = mapped_column(String(200), index=True)
    dataset: Mapped[str] = mapped_column(String(200), index=True)
    scope: Mapped[str] = mapped_column(String(20))
    finished_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    engine: Mapped[str] = mapped_column(String(20))
    success: Mapped[bool] = mapped_column(Boolean)
    complete: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    results: Mapped[list[CheckResultRow]] = relationship(
        back_populates="run", cascade="all, delete-orphan", passive_deletes=True
    )


class CheckResultRow(Base):
    """One check's outcome in one run."""

    __tablename__ = "check_results"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("quality_runs.id", ondelete="CASCADE"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    check: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(100))
    column: Mapped[str | None] = mapped_column(String(300))
    dimension: Mapped[str] = mapped_column(String(20))
    success: Mapped[bool] = mapped_column(Boolean)
    element_count: Mapped[int | None] = mapped_column(BigInteger)
    unexpected_count: Mapped[int | None] = mapped_column(BigInteger)
    weight: Mapped[float] = mapped_column(Float)
    severity: Mapped[str] = mapped_column(String(10))
    suite: Mapped[str | None] = mapped_column(String(200))
    observed: Mapped[object | None] = mapped_column(JSON)
    details: Mapped[dict | None] = mapped_column(JSON)
    run: Mapped[QualityRun] = relationship(back_populates="results")


class QualityScore(Base):
    """A dataset's score on one dimension (or 'overall') after one run."""

    __tablename__ = "quality_scores"
    __table_args__ = (UniqueConstraint("run_key", "dataset", "dimension"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_key: Mapped[str] = mapped_column(String(200), index=True)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    dataset: Mapped[str] = mapped_column(String(200), index=True)
    dimension: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float)
    passed_weight: Mapped[float] = mapped_column(Float)
    total_weight: Mapped[float] = mapped_column(Float)
    checks: Mapped[int] = mapped_column(Integer)


def record(store: Store, run_key: str, results: list[CheckResult], finished_at: dt.datetime,
           engine: str = "duckdb", datasets: list[str] | None = None, scope: str = "data",
           complete: bool = True) -> dict[str, int]:
    """Store results grouped by dataset, replacing what the same run and scope stored before (idempotent).

    `scope` separates the per-dataset data checks ("data") from the catalogue-wide security checks
    ("security"), which run as different tasks of the same DAG run. With `complete=False` (one part of a
    longer run) the rows stay invisible to readers until `complete_run` marks the whole run finished.
    """
    by_dataset: dict[str, list[CheckResult]] = defaultdict(list)
    for r in results:
        by_dataset[r.dataset].append(r)
    for name in datasets or []:
        by_dataset.setdefault(name, [])
    ids = {}
    with store.transaction() as session:
        run_locks(session, [("quality_run", run_key, scope, name) for name in by_dataset])
        if not complete:
            reopen_run(session, run_key)
        for name, rows in sorted(by_dataset.items()):
            session.execute(delete(QualityRun).where(QualityRun.run_key == run_key, QualityRun.dataset == name,
                                                     QualityRun.scope == scope))
            session.flush()
            run = QualityRun(run_key=run_key, dataset=name, scope=scope, finished_at=finished_at, engine=engine,
                             success=all(r.success for r in rows), complete=complete)
            for r in rows:
                run.results.append(CheckResultRow(
                    fingerprint=r.fingerprint, kind=r.kind, check=r.check, type=r.type, column=r.column,
                    dimension=r.dimension, success=r.success, element_count=r.element_count,
                    unexpected_count=r.unexpected_count, weight=r.weight, severity=r.severity, suite=r.suite,
                    observed=r.observed, details=r.details or None))
            session.add(run)
            session.flush()
            ids[name] = run.id
    return ids


def reopen_run(session: Session, run_key: str) -> None:
    """A run written again is in progress again: hidden, scores too, until `complete_run` marks it complete."""
    # Readers then fall back to the previous complete run rather than see a mix of the old and the new.
    run_lock(session, "quality_run_reopen", run_key)
    session.execute(update(QualityRun).where(QualityRun.run_key == run_key, QualityRun.complete.is_(True))
                    .values(complete=False))
    session.execute(delete(QualityScore).where(QualityScore.run_key == run_key))


def missing_datasets(session: Session, run_key: str, datasets: list[str]) -> list[str]:
    """The datasets (and "(security)") the run has not written yet."""
    written = set(session.execute(select(QualityRun.dataset, QualityRun.scope)
                                  .where(QualityRun.run_key == run_key)).all())
    missing = [d for d in sorted(datasets) if (d, "data") not in written]
    if datasets and not any(scope == "security" for _d, scope in written):
        missing.append("(security)")
    return missing


def complete_run(session: Session, run_key: str, datasets: list[str]) -> None:
    """Mark the run finished, in the caller's transaction; refused while a dataset is not written.

    A run whose rows are all complete already (one dataset checked by hand) needs nothing more.
    """
    states = set(session.scalars(select(QualityRun.complete).where(QualityRun.run_key == run_key)))
    if states == {True}:
        return
    missing = missing_datasets(session, run_key, datasets)
    if missing:
        raise KhlangError(f"quality run {run_key}: no results yet for {', '.join(missing)}; "
                          "the run is not marked complete (re-run the checks of those datasets)")
    session.execute(update(QualityRun).where(QualityRun.run_key == run_key).values(complete=True))


def visible(include_run: str | None = None):  # noqa: ANN201 - a SQLAlchemy condition
    """Rows of complete runs (and of `include_run`, the run being completed): what readers may see."""
    if include_run is None:
        return QualityRun.complete.is_(True)
    return QualityRun.complete.is_(True) | (QualityRun.run_key == include_run)


def latest_results(store: Store, dataset: str | None = None, include_run: str | None = None) -> list[CheckResult]:
    """The newest complete run's results for every dataset (or one), each scope's newest."""
    with store.reading() as session:
        q = select(QualityRun).where(visible(include_run))
        if dataset:
            q = q.where(QualityRun.dataset == dataset)
        newest: dict[tuple[str, str], QualityRun] = {}
        for run in session.scalars(q.order_by(QualityRun.finished_at, QualityRun.id)):
            newest[(run.dataset, run.scope)] = run
        out = []
        for run in newest.values():
            for row in run.results:
                out.append(CheckResult(
                    kind=row.kind, dataset=run.dataset, check=row.check, type=row.type, dimension=row.dimension,
                    success=row.success, element_count=row.element_count, unexpected_count=row.unexpected_count,
                    column=row.column, weight=row.weight, severity=row.severity, observed=row.observed,
                    details=row.details or {}, suite=row.suite))
        return out
