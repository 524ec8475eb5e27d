"""Store tables of the EA process (สงพท.-10): each version, and every record made in it, appended, never edited.

A record keeps the person it is attributed to (`by`), the account that wrote it (`recorded_by`), the channel and,
when an administrator recorded it for someone, the reason. What a record says is its `data` (JSON, by kind); a
snapshot of the current state keeps the sha256 of its canonical JSON.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from khlang.store.models import Base


class EaVersion(Base):
    """One review of the enterprise architecture (e.g. EA 2570), opened by สงพท."""

    __tablename__ = "ea_versions"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    title_th: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str | None] = mapped_column(Text, nullable=True)
    opened_on: Mapped[dt.date] = mapped_column(Date)
    previous: Mapped[str | None] = mapped_column(String(40), nullable=True)
    by: Mapped[str] = mapped_column(String(60))
    recorded_by: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class EaRecord(Base):
    """One thing done in a version: the working group's order, the plan, a snapshot, a return, an endorsement…"""

    __tablename__ = "ea_records"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(ForeignKey("ea_versions.code"), index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    on: Mapped[dt.date] = mapped_column(Date)
    data: Mapped[dict] = mapped_column(JSON)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    by: Mapped[str] = mapped_column(String(60))
    recorded_by: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
