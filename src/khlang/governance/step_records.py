"""Store tables of สงพท.-11 steps 1–6: the governance structure's publication, the committee's appointment order,
its resolutions, the Director's approval of the lists, the units' acknowledgements of a policy and the practices
under a policy.

Every row is appended, never edited; each keeps the person it is attributed to (`by`), the account that wrote it
(`recorded_by`), the channel and, when an administrator recorded it for someone, the reason.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from khlang.store.models import Base


class _Who:
    by: Mapped[str] = mapped_column(String(60))
    recorded_by: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class StructurePublication(_Who, Base):
    """Step 1: the governance structure of organisation.yaml (its sha256) published, drafting begun `drafted_from`."""

    __tablename__ = "governance_structures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    drafted_from: Mapped[dt.date] = mapped_column(Date)
    published_on: Mapped[dt.date] = mapped_column(Date)
    structure_sha256: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    evidence_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class CommitteeOrder(_Who, Base):
    """Step 2: the Director's order appointing the committee (number, date, term, members and their roles)."""

    __tablename__ = "committee_orders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    term_from: Mapped[dt.date] = mapped_column(Date)
    term_until: Mapped[dt.date] = mapped_column(Date)
    members: Mapped[list] = mapped_column(JSON)  # [{"person": "p01", "role": "chair"}, …]
    evidence_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class CommitteeResolution(_Who, Base):
    """Step 3: a resolution of the committee's meeting on the policies and the four lists (minutes as evidence)."""

    __tablename__ = "committee_resolutions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    meeting_on: Mapped[dt.date] = mapped_column(Date)
    policies: Mapped[list] = mapped_column(JSON)  # policy ids resolved on
    lists: Mapped[dict] = mapped_column(JSON)  # {"datasets": […], "master": […], "reference": […], "warehouse": […]}
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    evidence_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class ListApproval(_Who, Base):
    """Step 4: the Director's approval of the lists a resolution put forward."""

    __tablename__ = "list_approvals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resolution_id: Mapped[int] = mapped_column(Integer, unique=True)
    approved_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    evidence_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class PolicyAcknowledgement(_Who, Base):
    """Step 5: a unit's acknowledgement of a communicated policy (by its head or a steward working there)."""

    __tablename__ = "policy_acknowledgements"
    __table_args__ = (UniqueConstraint("policy_id", "unit", name="uq_policy_acknowledgements_policy_unit"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(60), index=True)
    unit: Mapped[str] = mapped_column(String(20))
    acknowledged_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


class PolicyPractice(_Who, Base):
    """Step 6: a practice (แนวปฏิบัติ) under a policy: what a unit must do, by when, how compliance is shown."""

    __tablename__ = "policy_practices"
    __table_args__ = (UniqueConstraint("policy_id", "code", name="uq_policy_practices_policy_code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(60), index=True)
    code: Mapped[str] = mapped_column(String(60))
    units: Mapped[list] = mapped_column(JSON)  # the units it applies to ([] = every unit)
    what_th: Mapped[str] = mapped_column(Text)
    what_en: Mapped[str | None] = mapped_column(Text, nullable=True)
    due_on: Mapped[dt.date] = mapped_column(Date)
    shown_by: Mapped[str] = mapped_column(Text)  # how compliance is shown
    set_on: Mapped[dt.date] = mapped_column(Date)
