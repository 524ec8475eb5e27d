"""Quality as it stood at a moment: scores, their trends, and consistency and security findings.

The committee report reads the quality tables as of the end of its period, so a report rebuilt later
shows the same numbers.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from khlang.dates import BANGKOK, as_utc
from khlang.quality.records import CheckResultRow, QualityRun, QualityScore, visible
from khlang.store import Store


def end_of_day(day: dt.date) -> dt.datetime:
    """The last moment of a Bangkok day, in UTC (what stored timestamps are compared with)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), BANGKOK).astimezone(dt.UTC) \
        - dt.timedelta(microseconds=1)


def scores_at(store: Store, moment: dt.datetime) -> tuple[str | None, dt.datetime | None, dict[str, dict[str, dict]]]:
    """(run key, computed at, {dataset: {dimension: cell}}) of the newest scores computed by `moment`."""
    with store.reading() as session:
        newest = session.execute(
            select(QualityScore.run_key, QualityScore.computed_at).where(QualityScore.computed_at <= moment)
            .order_by(QualityScore.computed_at.desc(), QualityScore.id.desc()).limit(1)).first()
        if newest is None:
            return None, None, {}
        rows = session.scalars(select(QualityScore).where(QualityScore.run_key == newest.run_key)).all()
        out: dict[str, dict[str, dict]] = {}
        for r in rows:
            out.setdefault(r.dataset, {})[r.dimension] = {
                "score": r.score, "passed_weight": r.passed_weight, "total_weight": r.total_weight, "checks": r.checks}
        return newest.run_key, as_utc(newest.computed_at), out


def trends(store: Store, moment: dt.datetime, points: int = 12) -> dict[str, list[dict]]:
    """Per dataset (and '(organisation)'), the overall score of the last run of each day, oldest first."""
    with store.reading() as session:
        rows = session.scalars(select(QualityScore).where(QualityScore.computed_at <= moment)
                               .order_by(QualityScore.computed_at, QualityScore.id)).all()
        by_run: dict[str, list[QualityScore]] = {}
        for r in rows:
            by_run.setdefault(r.run_key, []).append(r)
    daily: dict[dt.date, list[QualityScore]] = {}
    for run_rows in by_run.values():
        day = as_utc(run_rows[0].computed_at).astimezone(BANGKOK).date()
        daily[day] = run_rows  # runs are in time order: the day's last run wins
    out: dict[str, list[dict]] = {}
    for day in sorted(daily)[-points:]:
        run_rows = daily[day]
        passed = total = 0.0
        for r in run_rows:
            if r.dimension != "overall":
                continue
            out.setdefault(r.dataset, []).append({"on": day, "score": r.score})
            passed += r.passed_weight
            total += r.total_weight
        if total:
            out.setdefault("(organisation)", []).append({"on": day, "score": round(100.0 * passed / total, 2)})
    return out


def findings_at(store: Store, moment: dt.datetime, kinds: tuple[str, ...] = ("consistency", "security")) -> dict:
    """Results of the given kinds from each dataset's newest run by `moment`: failures listed, passes counted."""
    with store.reading() as session:
        out: dict[str, dict] = {k: {"checks": 0, "failed": [], "passed": 0} for k in kinds}
        for run in _newest_runs(session, moment):
            for row in run.results:
                if row.kind not in out:
                    continue
                cell = out[row.kind]
                cell["checks"] += 1
                if row.success:
                    cell["passed"] += 1
                else:
                    cell["failed"].append(_finding(run, row))
    for cell in out.values():
        cell["failed"].sort(key=lambda f: (-_rank(f["severity"]), f["dataset"], f["check"]))
    return out


def _newest_runs(session: Session, moment: dt.datetime) -> list[QualityRun]:
    """Each dataset's (and scope's) newest complete run finished by `moment`, results loaded, by dataset."""
    runs = session.scalars(select(QualityRun).where(QualityRun.finished_at <= moment, visible())
                           .order_by(QualityRun.finished_at, QualityRun.id)
                           .options(selectinload(QualityRun.results))).all()
    newest: dict[tuple[str, str], QualityRun] = {}
    for run in runs:
        newest[(run.dataset, run.scope)] = run
    return sorted(newest.values(), key=lambda r: (r.dataset, r.scope))


def row_shares_at(store: Store, moment: dt.datetime) -> dict:
    """The share of ROWS that passed, beside the check-based score: from the results' element and unexpected counts.

    Per dataset and dimension (and "overall"), and organisation-wide: 100 × (1 − Σ unexpected / Σ elements) over
    the checks of each dataset's newest run by `moment` that counted rows (a check of the table as a whole, such
    as its row count, counts none and is left out). {"datasets": {ds: {dim: cell}}, "organisation": {dim: cell}},
    cell = {"rows_pct", "elements", "unexpected", "checks"}.
    """
    sums: dict[str, dict[str, list[int]]] = {}
    with store.reading() as session:
        for run in _newest_runs(session, moment):
            for row in run.results:
                if not row.element_count or row.unexpected_count is None:
                    continue
                bad = min(row.unexpected_count, row.element_count)
                for ds in (run.dataset, "(organisation)"):
                    for dim in (row.dimension, "overall"):
                        cell = sums.setdefault(ds, {}).setdefault(dim, [0, 0, 0])
                        cell[0] += row.element_count
                        cell[1] += bad
                        cell[2] += 1

    def shape(cells: dict[str, list[int]]) -> dict[str, dict]:
        return {dim: {"rows_pct": round(100.0 * (1 - bad / n), 2), "elements": n, "unexpected": bad, "checks": k}
                for dim, (n, bad, k) in cells.items()}

    org = sums.pop("(organisation)", {})
    return {"datasets": {ds: shape(c) for ds, c in sorted(sums.items())}, "organisation": shape(org)}


def _finding(run: QualityRun, row: CheckResultRow) -> dict:
    share = None
    if row.element_count and row.unexpected_count is not None:
        share = round(100.0 * row.unexpected_count / row.element_count, 2)
    return {"dataset": run.dataset, "check": row.check, "type": row.type, "column": row.column,
            "dimension": row.dimension, "severity": row.severity, "element_count": row.element_count,
            "unexpected_count": row.unexpected_count, "unexpected_percent": share,
            "error": (row.details or {}).get("error"), "fingerprint": row.fingerprint}


def _rank(severity: str) -> int:
    return {"critical": 4, "high": 3, "medium": 2, "low": 1}.get(severity, 0)
