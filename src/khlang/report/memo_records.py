"""Store tables of report memos: each memo's document number, and the Director's acknowledgements.

Both are appended, never edited. A number is given to one report (kind and key) once and kept for every
later build of it; numbers run per unit and Buddhist-era year and are never given twice.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from khlang.store.models import Base


class MemoNumber(Base):
    """The document number (ที่) of one report's memo: อคส. <unit>/<B.E. year>/<number>."""

    __tablename__ = "memo_numbers"
    __table_args__ = (UniqueConstraint("unit", "be_year", "number", name="uq_memo_numbers_unit_year_number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report: Mapped[str] = mapped_column(String(200), unique=True)
    unit: Mapped[str] = mapped_column(String(40))
    be_year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ReportAcknowledgement(Base):
    """The Director acknowledged (รับทราบ) this file of this report: its sha256, the evidence copy, who and when."""

    __tablename__ = "report_acknowledgements"
    __table_args__ = (UniqueConstraint("report", "sha256", name="uq_report_acknowledgements_report_sha256"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report: Mapped[str] = mapped_column(String(200), index=True)
    file: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    document_number: Mapped[str | None] = mapped_column(String(100), nullable=True)
    evidence_id: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    by: Mapped[str] = mapped_column(String(60))
    recorded_by: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    acknowledged_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
