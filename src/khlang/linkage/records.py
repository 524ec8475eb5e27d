"""Store tables of the linkage register: workflow steps (who, when, why) and weekly check results.

Steps are appended, never edited: the store is the system of record for transitions made with
`khlang linkage transition`; a check run is replaced only by a re-run of the same run key.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from khlang.store.models import Base


class LinkageTransition(Base):
    """One workflow step of one linkage, recorded through the CLI."""

    __tablename__ = "linkage_transitions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    linkage_id: Mapped[str] = mapped_column(String(60), index=True)
    from_status: Mapped[str] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    step_date: Mapped[dt.date] = mapped_column(Date)
    by: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class LinkageCheck(Base):
    """One run of the register checks (the weekly DAG keeps each run's findings)."""

    __tablename__ = "linkage_checks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_key: Mapped[str] = mapped_column(String(200), unique=True)
    checked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    as_of: Mapped[dt.date] = mapped_column(Date)
    linkage_count: Mapped[int] = mapped_column(Integer)
    findings: Mapped[list[LinkageCheckFinding]] = relationship(
        back_populates="check", cascade="all, delete-orphan", passive_deletes=True
    )


class LinkageCheckFinding(Base):
    """A finding of one check run."""

    __tablename__ = "linkage_check_findings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("linkage_checks.id", ondelete="CASCADE"), index=True)
    linkage_id: Mapped[str] = mapped_column(String(60), index=True)
    code: Mapped[str] = mapped_column(String(50))
    severity: Mapped[str] = mapped_column(String(10))
    detail: Mapped[str] = mapped_column(Text)
    check: Mapped[LinkageCheck] = relationship(back_populates="findings")
