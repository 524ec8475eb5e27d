"""The read side of the console: what each page shows, read from the store in few, bounded queries.

Lists are capped (PAGE_SIZE rows with a total count) so a store with 10,000 open issues still answers
a page in well under 200 ms.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Text, case, cast, func, or_, select

from khlang.dates import as_utc, today_bangkok
from khlang.declarations import Catalog
from khlang.governance.records import Issue
from khlang.governance.vocabulary import UNRESOLVED
from khlang.store import Store

PAGE_SIZE = 50
ROLES = ("business_owner", "digital_owner", "steward")


@dataclass
class IssueRow:
    """One line of an issue list."""

    id: int
    title: str
    dataset: str | None
    unit: str | None
    status: str
    severity: str
    category: str
    opened_on: dt.date
    due: dt.date
    overdue_days: int

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


@dataclass
class IssueList:
    """A bounded page of issues and how many match in all."""

    rows: list[IssueRow]
    total: int
    shown: int = 0
    extra: dict = field(default_factory=dict)


def my_datasets(catalog: Catalog, person: str) -> list[dict]:
    """The datasets a person owns or stewards, with the roles they hold on each."""
    out = []
    for ds in sorted(catalog.datasets.values(), key=lambda d: d.name):
        roles = [r for r in ROLES if getattr(ds, r) == person]
        if roles:
            out.append({"name": ds.name, "title_th": ds.title_th, "title_en": ds.title_en, "roles": roles,
                        "classification": ds.classification, "kind": ds.kind})
    return out


def _due_column():  # noqa: ANN202
    """The control point an unresolved issue is measured against: taking it up, else its analysis."""
    return case((Issue.status == "open", Issue.collect_due), else_=Issue.rca_due)


def _rows(session: Any, query: Any, as_of: dt.date) -> list[IssueRow]:
    due = _due_column().label("due")
    cols = (Issue.id, Issue.title, Issue.dataset, Issue.unit, Issue.status, Issue.severity, Issue.category,
            Issue.opened_on, due)
    out = []
    for r in session.execute(query.with_only_columns(*cols)).all():
        overdue = (as_of - r.due).days if r.status in UNRESOLVED and r.status != "action_planned" else 0
        out.append(IssueRow(r.id, r.title, r.dataset, r.unit, r.status, r.severity, r.category, r.opened_on, r.due,
                            max(overdue, 0)))
    return out


def issues_page(store: Store, *, as_of: dt.date | None = None, status: str | None = None,
                dataset: str | None = None, datasets: list[str] | None = None, person: str | None = None,
                unit: str | None = None, open_only: bool = False, limit: int = PAGE_SIZE,
                offset: int = 0) -> IssueList:
    """Issues matching the filters, most overdue (earliest control point) first, at most `limit` of them."""
    as_of = as_of or today_bangkok()
    query = select(Issue.id)
    if status:
        query = query.where(Issue.status == status)
    elif open_only:
        query = query.where(Issue.status.in_(UNRESOLVED))
    if dataset:
        query = query.where(Issue.dataset == dataset)
    if datasets is not None:
        query = query.where(or_(*_mine(datasets, person, unit)))
    with store.reading() as session:
        total = session.scalar(query.with_only_columns(func.count(Issue.id)))
        ordered = query.order_by(case((Issue.status.in_(UNRESOLVED), 0), else_=1), _due_column(), Issue.id)
        rows = _rows(session, ordered.limit(limit).offset(offset), as_of)
    return IssueList(rows, int(total or 0), len(rows))


def assigned_issues(store: Store, catalog: Catalog, person: str, as_of: dt.date | None = None,
                    limit: int = PAGE_SIZE) -> IssueList:
    """Unresolved issues of the datasets a person answers for, of their unit, and assigned to them by name."""
    datasets = [d["name"] for d in my_datasets(catalog, person)]
    p = catalog.person(person)
    unit_issues = p.unit if p is not None else None
    as_of = as_of or today_bangkok()
    query = select(Issue.id).where(Issue.status.in_(UNRESOLVED),
                                   or_(*_mine(datasets, person, unit_issues)))
    with store.reading() as session:
        total = session.scalar(query.with_only_columns(func.count(Issue.id)))
        rows = _rows(session, query.order_by(_due_column(), Issue.id).limit(limit), as_of)
    return IssueList(rows, int(total or 0), len(rows))


def _mine(datasets: list[str], person: str | None, unit: str | None) -> list[ColumnElement[bool]]:
    """Whose issues: of the datasets the person answers for now, of their unit when no dataset, and those
    assigned to them by name (a system's owners, a linkage's unit head, someone standing in for a leaver, the
    committee for a dataset nobody active owns)."""
    conditions: list[ColumnElement[bool]] = [Issue.dataset.in_(datasets)]
    if person:
        conditions.append(cast(Issue.assignees, Text).like(f'%"{person}"%'))
    if unit:
        conditions.append(Issue.dataset.is_(None) & (Issue.unit == unit))
    return conditions


def latest_scan(store: Store, dataset: str) -> dict | None:
    """The newest snapshot of one dataset: when, rows, found, and its drift findings."""
    from khlang.store.models import CatalogFinding, CatalogSnapshot, DatasetSnapshot

    with store.reading() as session:
        row = session.execute(
            select(DatasetSnapshot, CatalogSnapshot.taken_at, CatalogSnapshot.run_key)
            .join(CatalogSnapshot, CatalogSnapshot.id == DatasetSnapshot.snapshot_id)
            .where(DatasetSnapshot.name == dataset)
            .order_by(CatalogSnapshot.taken_at.desc(), CatalogSnapshot.id.desc()).limit(1)).first()
        if row is None:
            return None
        snap, taken_at, run_key = row
        findings = session.scalars(select(CatalogFinding).where(
            CatalogFinding.snapshot_id == snap.snapshot_id, CatalogFinding.dataset == dataset)).all()
        return {"taken_at": as_utc(taken_at), "run_key": run_key, "row_count": snap.row_count, "found": snap.found,
                "error": snap.error,
                "columns": [{"name": c.name, "type": c.type, "pii": c.pii, "declared_pii": c.declared_pii}
                            for c in snap.columns],
                "drift": [{"code": f.code, "column": f.column, "detail": f.detail, "severity": f.severity}
                          for f in findings if f.category == "drift"],
                "gaps": [{"code": f.code, "column": f.column, "detail": f.detail, "severity": f.severity}
                         for f in findings if f.category == "gap"]}


def dataset_scores(store: Store, dataset: str, points: int = 12) -> dict:
    """The newest score per dimension and the overall score of the last `points` runs (oldest first)."""
    from khlang.quality.records import QualityScore

    with store.reading() as session:
        newest = session.execute(select(QualityScore.run_key, QualityScore.computed_at)
                                 .where(QualityScore.dataset == dataset)
                                 .order_by(QualityScore.computed_at.desc(), QualityScore.id.desc()).limit(1)).first()
        if newest is None:
            return {"run_key": None, "computed_at": None, "dimensions": [], "trend": {}}
        rows = session.scalars(select(QualityScore).where(QualityScore.dataset == dataset,
                                                          QualityScore.run_key == newest.run_key)).all()
        history = session.execute(
            select(QualityScore.dimension, QualityScore.score, QualityScore.computed_at)
            .where(QualityScore.dataset == dataset)
            .order_by(QualityScore.computed_at.desc(), QualityScore.id.desc()).limit(points * 8)).all()
    trend: dict[str, list[float]] = {}
    for dim, score, _at in reversed(history):
        trend.setdefault(dim, []).append(score)
    dims = sorted(rows, key=lambda r: (r.dimension == "overall", r.dimension))
    return {"run_key": newest.run_key, "computed_at": as_utc(newest.computed_at),
            "dimensions": [{"dimension": r.dimension, "score": r.score, "checks": r.checks,
                            "trend": trend.get(r.dimension, [])[-points:]} for r in dims]}


def failing_checks(store: Store, dataset: str) -> dict:
    """The newest complete run's failing checks of one dataset (each scope's newest run), with the run they came
    from: the runs the scores were computed from, never one still being written."""
    from khlang.quality.records import CheckResultRow, QualityRun, visible

    with store.reading() as session:
        runs = session.scalars(select(QualityRun).where(QualityRun.dataset == dataset, visible())
                               .order_by(QualityRun.finished_at.desc(), QualityRun.id.desc()).limit(10)).all()
        newest: dict[str, Any] = {}
        for run in runs:
            newest.setdefault(run.scope, run)
        failing = []
        for run in newest.values():
            for row in session.scalars(select(CheckResultRow).where(CheckResultRow.run_id == run.id,
                                                                    CheckResultRow.success.is_(False))):
                failing.append({"check": row.check, "type": row.type, "kind": row.kind, "column": row.column,
                                "dimension": row.dimension, "severity": row.severity, "suite": row.suite,
                                "element_count": row.element_count, "unexpected_count": row.unexpected_count,
                                "stored_examples": (row.details or {}).get("unexpected_values"),
                                "error": (row.details or {}).get("error"), "run_key": run.run_key,
                                "finished_at": as_utc(run.finished_at)})
    rank = {"critical": 4, "high": 3, "medium": 2, "low": 1}
    failing.sort(key=lambda f: (-rank.get(f["severity"], 0), f["check"]))
    last = max((r.finished_at for r in newest.values()), default=None)
    run_keys = sorted({r.run_key for r in newest.values()})
    return {"failing": failing, "finished_at": as_utc(last) if last else None, "run_keys": run_keys}


def lineage(catalog: Catalog, dataset: str) -> dict:
    """The datasets this one is derived from and those derived from it (declared lineage)."""
    ds = catalog.datasets[dataset]
    downstream = sorted(d.name for d in catalog.datasets.values() if dataset in d.derived_from)
    return {"upstream": sorted(ds.derived_from), "downstream": downstream}
