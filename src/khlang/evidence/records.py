"""The store's table of evidence files: one row per attachment, the bytes kept once per sha256 on disk."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from khlang.store.models import Base


class EvidenceRecord(Base):
    """A file attached to an issue, a linkage, a policy …: who attached it, when, and what it is by its bytes."""

    __tablename__ = "evidence_files"
    __table_args__ = (Index("ix_evidence_files_subject", "subject_type", "subject_id"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # uuid4 hex: never sequential, never guessed
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(10))
    media_type: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str] = mapped_column(String(255))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(200))
    stored_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    by: Mapped[str] = mapped_column(String(50))  # the person it is attributed to (organisation.yaml id)
    username: Mapped[str] = mapped_column(String(100))  # the account that actually uploaded it
    channel: Mapped[str] = mapped_column(String(20))
