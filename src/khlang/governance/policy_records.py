"""Store tables of the policies' decisions (สงพท.-11 steps 4–5): the Director's approvals and each communication.

Both are appended, never edited; each keeps the person it is attributed to (`by`), the account that
wrote it (`recorded_by`), the channel and, when an administrator recorded it for someone, the reason.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from khlang.store.models import Base


class PolicyApproval(Base):
    """The Director's approval of a policy (step 4): the policy is in force from `approved_on`."""

    __tablename__ = "policy_approvals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(60), index=True)
    approved_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    evidence_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    by: Mapped[str] = mapped_column(String(60))
    recorded_by: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class PolicyCommunication(Base):
    """One communication of a policy to its stakeholders (step 5), recorded by the committee secretary."""

    __tablename__ = "policy_communications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(60), index=True)
    channel_used: Mapped[str] = mapped_column(String(20))  # circular | intranet | email | meeting
    audience: Mapped[str] = mapped_column(String(20))  # internal | external
    communicated_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    evidence_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    by: Mapped[str] = mapped_column(String(60))
    recorded_by: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AssessmentActor(Base):
    """Who recorded a self-assessment (policy_assessments): the account, the channel, the reason, the evidence file.

    Beside the assessment's own row, so that assessments recorded before accounts existed stay as they were.
    """

    __tablename__ = "policy_assessment_actors"
    assessment_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recorded_by: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    evidence_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
