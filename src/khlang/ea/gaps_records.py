"""The EA checks kept in the store: one row per run (the EA DAG's), with its findings and gap analysis.

A re-run of the same run key replaces its row (run_lock), like the linkage checks.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, Integer, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from khlang.store import Store
from khlang.store.locks import run_lock
from khlang.store.models import Base


class EaCheck(Base):
    """One run of the EA checks: as of which day, what it found, and the gap analysis then."""

    __tablename__ = "ea_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_key: Mapped[str] = mapped_column(String(250), unique=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    checked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finding_count: Mapped[int] = mapped_column(Integer)
    findings: Mapped[list] = mapped_column(JSON)
    gaps: Mapped[list] = mapped_column(JSON)


def record_ea_check(store: Store, run_key: str, as_of: dt.date, checked_at: dt.datetime, findings: list[dict],
                    gaps: list[dict]) -> int:
    """Keep one run's findings and gap analysis under run_key (a re-run replaces it); returns its id."""
    with store.transaction() as session:
        run_lock(session, "ea_check", run_key)
        session.execute(delete(EaCheck).where(EaCheck.run_key == run_key))
        session.flush()
        row = EaCheck(run_key=run_key, as_of=as_of, checked_at=checked_at, finding_count=len(findings),
                      findings=findings, gaps=gaps)
        session.add(row)
        session.flush()
        return row.id


def latest_ea_check(store: Store, as_of: dt.date | None = None) -> dict | None:
    """The newest stored EA check (made on or before as_of when given), as plain data; None if none."""
    with store.reading() as session:
        q = select(EaCheck)
        if as_of is not None:
            q = q.where(EaCheck.as_of <= as_of)
        row = session.scalars(q.order_by(EaCheck.as_of.desc(), EaCheck.checked_at.desc(), EaCheck.id.desc())
                              .limit(1)).first()
        if row is None:
            return None
        return {"run_key": row.run_key, "as_of": row.as_of.isoformat(), "checked_at": row.checked_at.isoformat(),
                "finding_count": row.finding_count, "findings": list(row.findings), "gaps": list(row.gaps)}
