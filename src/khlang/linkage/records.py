"""Store tables of the linkage register: workflow steps and analyses (who, when, why) and weekly check results.

Steps and analyses are appended, never edited: the store is the system of record for the workflow
(`khlang linkage import` copies the YAML register's steps and analyses in once); a check run is replaced
only by a re-run of the same run key. Rows written before accounts existed keep their free-text `by`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from khlang.store.models import Base


class LinkageTransition(Base):
    """One workflow step of one linkage: `by` is the person it is attributed to (free text before accounts)."""

    __tablename__ = "linkage_transitions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    linkage_id: Mapped[str] = mapped_column(String(60), index=True)
    from_status: Mapped[str] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    step_date: Mapped[dt.date] = mapped_column(Date)
    by: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class LinkageStepActor(Base):
    """Who recorded a step (account, channel, reason for recording on someone's behalf), and whether it was imported.

    A table of its own beside linkage_transitions (one row per step written since accounts exist), so
    the migration adds tables only and steps recorded before it stay as they were.
    """

    __tablename__ = "linkage_step_actors"
    transition_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recorded_by: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    source: Mapped[str] = mapped_column(String(20))  # "store" (recorded) | "register" (imported from the YAML)


class LinkageAnalysis(Base):
    """The technical or legal analysis of a linkage (the procedure's evidence), recorded by a person."""

    __tablename__ = "linkage_analyses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    linkage_id: Mapped[str] = mapped_column(String(60), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "technical" | "legal"
    reference: Mapped[str] = mapped_column(String(200))
    completed_on: Mapped[dt.date] = mapped_column(Date)
    summary: Mapped[str | None] = mapped_column(Text, nullable=True)
    evidence_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    recorded_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    channel: Mapped[str | None] = mapped_column(String(20), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    source: Mapped[str] = mapped_column(String(20))  # "store" | "register" (imported)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class LinkageImport(Base):
    """A linkage whose YAML steps and analyses were copied into the store: from then on the store decides."""

    __tablename__ = "linkage_imports"
    linkage_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    declared_status: Mapped[str] = mapped_column(String(30))
    steps: Mapped[int] = mapped_column(Integer)
    analyses: Mapped[int] = mapped_column(Integer)
    recorded_by: Mapped[str] = mapped_column(String(100))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


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
