"""Store table of the committee's approvals of glossary terms (อภิธานศัพท์, สงพท.-11 step 1).

Appended, never edited; each row keeps the person it is attributed to (`by`), the account that wrote it
(`recorded_by`), the channel and, when an administrator recorded it for someone, the reason; and the sha256 of
the term's names and definitions it approved, so an approval lapses when the text changes.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from khlang.store.models import Base


class GlossaryApproval(Base):
    """A committee member's approval of a glossary term: the term is approved from `approved_on`."""

    __tablename__ = "glossary_approvals"
    __table_args__ = (UniqueConstraint("term_id", "text_sha256", name="uq_glossary_approvals_term_text"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    term_id: Mapped[str] = mapped_column(String(80), index=True)
    text_sha256: Mapped[str] = mapped_column(String(64))
    approved_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    by: Mapped[str] = mapped_column(String(60))
    recorded_by: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
