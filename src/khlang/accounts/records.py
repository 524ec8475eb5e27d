"""Store tables of the annual account review (สงพท.-04): the circular of a cycle and each office's reply.

Both are appended, never edited: one circular per cycle (the year of its 30 September deadline), one reply per
office and circular.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from khlang.store.models import Base


class ReviewCircular(Base):
    """The circular (หนังสือเวียน) asking every office to review its list of system users by 30 September."""

    __tablename__ = "account_review_circulars"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cycle: Mapped[int] = mapped_column(Integer, unique=True)
    document_number: Mapped[str | None] = mapped_column(String(100), nullable=True)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    deadline: Mapped[dt.date] = mapped_column(Date)
    reply_by: Mapped[dt.date] = mapped_column(Date)
    units: Mapped[list] = mapped_column(JSON)
    by: Mapped[str] = mapped_column(String(60))
    recorded_by: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(20))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ReviewReply(Base):
    """One office's reply: when it reviewed its users, who for the office, a note and an optional evidence file."""

    __tablename__ = "account_review_replies"
    __table_args__ = (UniqueConstraint("circular_id", "unit", name="uq_account_review_replies_circular_unit"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    circular_id: Mapped[int] = mapped_column(ForeignKey("account_review_circulars.id", ondelete="CASCADE"),
                                             index=True)
    unit: Mapped[str] = mapped_column(String(40))
    reviewed_on: Mapped[dt.date] = mapped_column(Date)
    by: Mapped[str] = mapped_column(String(60))
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    evidence_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    recorded_by: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
