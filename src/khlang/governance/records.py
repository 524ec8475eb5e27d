"""Store tables of the governance loop: issues with their event history, root causes, actions,
self-assessments and compliance runs. Events, root causes and compliance runs are appended; an
issue row holds only its current state, and every change to it is also an event.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from khlang.store.models import Base


class Issue(Base):
    """A governance issue (ประเด็นปัญหา): one per fingerprint, whatever its source."""

    __tablename__ = "governance_issues"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(20))
    origin_kind: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(30), index=True)
    dataset: Mapped[str | None] = mapped_column(String(200), index=True)
    column: Mapped[str | None] = mapped_column(String(300))
    unit: Mapped[str | None] = mapped_column(String(50))
    dimension: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(10))
    weight: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20), index=True)
    cycle: Mapped[int] = mapped_column(Integer)
    assignees: Mapped[list] = mapped_column(JSON)
    opened_on: Mapped[dt.date] = mapped_column(Date)
    cycle_opened_on: Mapped[dt.date] = mapped_column(Date)
    collect_due: Mapped[dt.date] = mapped_column(Date)
    rca_due: Mapped[dt.date] = mapped_column(Date)
    resolved_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    verified_by: Mapped[str | None] = mapped_column(String(200))
    verification_note: Mapped[str | None] = mapped_column(Text)
    escalation_level: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[dict | None] = mapped_column(JSON)
    last_seen_run: Mapped[str | None] = mapped_column(String(200))
    last_seen_on: Mapped[dt.date | None] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    events: Mapped[list[IssueEvent]] = relationship(
        back_populates="issue", cascade="all, delete-orphan", passive_deletes=True, order_by="IssueEvent.id"
    )
    root_causes: Mapped[list[RootCause]] = relationship(
        back_populates="issue", cascade="all, delete-orphan", passive_deletes=True, order_by="RootCause.cycle"
    )
    actions: Mapped[list[Action]] = relationship(
        back_populates="issue", cascade="all, delete-orphan", passive_deletes=True, order_by="Action.id"
    )

    def root_cause(self) -> RootCause | None:
        """The analysis of the current cycle (a recurrence needs a new one)."""
        return next((rc for rc in self.root_causes if rc.cycle == self.cycle), None)

    def current_actions(self) -> list[Action]:
        """Actions planned in the current cycle."""
        return [a for a in self.actions if a.cycle == self.cycle]


class IssueEvent(Base):
    """One change of an issue: opened, resolved, reopened, RCA recorded, escalated, closed …"""

    __tablename__ = "governance_issue_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("governance_issues.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    on: Mapped[dt.date] = mapped_column(Date, index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    run_key: Mapped[str | None] = mapped_column(String(200))
    actor: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text)
    data: Mapped[dict | None] = mapped_column(JSON)
    issue: Mapped[Issue] = relationship(back_populates="events")


class RootCause(Base):
    """The root-cause analysis of one cycle of an issue (step 11): a cause category and a 5-whys chain."""

    __tablename__ = "governance_root_causes"
    __table_args__ = (UniqueConstraint("issue_id", "cycle"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("governance_issues.id", ondelete="CASCADE"), index=True)
    cycle: Mapped[int] = mapped_column(Integer)
    cause_category: Mapped[str] = mapped_column(String(20))
    whys: Mapped[list] = mapped_column(JSON)
    root_cause: Mapped[str] = mapped_column(Text)
    analysed_by: Mapped[str] = mapped_column(String(200))
    analysed_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    issue: Mapped[Issue] = relationship(back_populates="root_causes")


class Action(Base):
    """A corrective or preventive action with its owner and due date."""

    __tablename__ = "governance_actions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("governance_issues.id", ondelete="CASCADE"), index=True)
    cycle: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[dt.date] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    done_note: Mapped[str | None] = mapped_column(Text)
    created_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    issue: Mapped[Issue] = relationship(back_populates="actions")


class Assessment(Base):
    """A recorded self-assessment of one policy rule by one unit (for rules no machine can check)."""

    __tablename__ = "policy_assessments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(60))
    rule_id: Mapped[str] = mapped_column(String(60), index=True)
    unit: Mapped[str] = mapped_column(String(50))
    result: Mapped[str] = mapped_column(String(20))
    evidence: Mapped[str] = mapped_column(Text)
    assessed_by: Mapped[str] = mapped_column(String(200))
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ComplianceRun(Base):
    """One evaluation of every policy rule and measure (step 8), kept for history."""

    __tablename__ = "compliance_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_key: Mapped[str] = mapped_column(String(200), unique=True)
    as_of: Mapped[dt.date] = mapped_column(Date, index=True)
    evaluated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    results: Mapped[list[ComplianceResult]] = relationship(
        back_populates="run", cascade="all, delete-orphan", passive_deletes=True
    )
    measures: Mapped[list[ComplianceMeasure]] = relationship(
        back_populates="run", cascade="all, delete-orphan", passive_deletes=True
    )


class ComplianceResult(Base):
    """The outcome of one rule for one subject (a dataset, a unit, an issue) in one run."""

    __tablename__ = "compliance_results"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("compliance_runs.id", ondelete="CASCADE"), index=True)
    policy_id: Mapped[str] = mapped_column(String(60))
    rule_id: Mapped[str] = mapped_column(String(60))
    method: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(200))
    dataset: Mapped[str | None] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text)
    run: Mapped[ComplianceRun] = relationship(back_populates="results")


class ComplianceMeasure(Base):
    """An outcome or in-process measure (step 8) in one run."""

    __tablename__ = "compliance_measures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("compliance_runs.id", ondelete="CASCADE"), index=True)
    measure_id: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[float | None] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    direction: Mapped[str] = mapped_column(String(10))
    met: Mapped[bool | None] = mapped_column(Boolean)
    run: Mapped[ComplianceRun] = relationship(back_populates="measures")
