"""Store tables of backup evidence: verifications and their findings, restore tests and their tables, backups made.

Rows are appended run by run (the history is the IT-audit evidence); a run re-done under the same
run key replaces its own rows, so Airflow's at-least-once delivery never duplicates evidence.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from khlang.store.models import Base


class BackupVerification(Base):
    """One target (a system's database or programs) verified by one run."""

    __tablename__ = "backup_verifications"
    __table_args__ = (UniqueConstraint("run_key", "system", "part"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_key: Mapped[str] = mapped_column(String(200), index=True)
    checked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    as_of: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    system: Mapped[str] = mapped_column(String(50), index=True)
    part: Mapped[str] = mapped_column(String(20))
    engine: Mapped[str] = mapped_column(String(20))
    destination: Mapped[str] = mapped_column(Text)
    backups_found: Mapped[int] = mapped_column(Integer)
    latest_file: Mapped[str | None] = mapped_column(Text)
    latest_created_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    latest_size: Mapped[int | None] = mapped_column(BigInteger)
    latest_sha256: Mapped[str | None] = mapped_column(String(64))
    median_size: Mapped[int | None] = mapped_column(BigInteger)
    ok: Mapped[bool] = mapped_column(Boolean)
    findings: Mapped[list[BackupFinding]] = relationship(
        back_populates="verification", cascade="all, delete-orphan", passive_deletes=True, order_by="BackupFinding.id"
    )


class BackupFinding(Base):
    """Something a verification found wrong (missing, late, size_drop, checksum_mismatch, …)."""

    __tablename__ = "backup_findings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    verification_id: Mapped[int] = mapped_column(
        ForeignKey("backup_verifications.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(10))
    file: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text)
    verification: Mapped[BackupVerification] = relationship(back_populates="findings")


class RestoreTest(Base):
    """One backup restored into scratch space and checked."""

    __tablename__ = "restore_tests"
    __table_args__ = (UniqueConstraint("run_key", "backup_file"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_key: Mapped[str] = mapped_column(String(200), index=True)
    tested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    system: Mapped[str | None] = mapped_column(String(50), index=True)
    part: Mapped[str | None] = mapped_column(String(20))
    engine: Mapped[str] = mapped_column(String(20))
    backup_file: Mapped[str] = mapped_column(Text)
    backup_size: Mapped[int] = mapped_column(BigInteger)
    backup_sha256: Mapped[str | None] = mapped_column(String(64))
    against: Mapped[str | None] = mapped_column(Text)
    ok: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text)
    duration_s: Mapped[float] = mapped_column(Float)
    tables: Mapped[list[RestoreTestTable]] = relationship(
        back_populates="test", cascade="all, delete-orphan", passive_deletes=True, order_by="RestoreTestTable.name"
    )


class RestoreTestTable(Base):
    """A restored table: its rows and checksum, and what it was compared with."""

    __tablename__ = "restore_test_tables"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    restore_test_id: Mapped[int] = mapped_column(ForeignKey("restore_tests.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    rows: Mapped[int | None] = mapped_column(BigInteger)
    checksum: Mapped[str | None] = mapped_column(String(64))
    expected_rows: Mapped[int | None] = mapped_column(BigInteger)
    expected_checksum: Mapped[str | None] = mapped_column(String(64))
    expected_from: Mapped[str | None] = mapped_column(String(10))
    matches: Mapped[bool | None] = mapped_column(Boolean)
    test: Mapped[RestoreTest] = relationship(back_populates="tables")


class BackupSnapshot(Base):
    """A backup Khlang made itself (`khlang backup snapshot`, or the DAG for `taken_by: khlang`)."""

    __tablename__ = "backup_snapshots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_key: Mapped[str | None] = mapped_column(String(200), index=True)
    taken_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    system: Mapped[str] = mapped_column(String(50), index=True)
    part: Mapped[str] = mapped_column(String(20))
    engine: Mapped[str] = mapped_column(String(20))
    file: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    tables: Mapped[dict | None] = mapped_column(JSON)
    pruned: Mapped[list | None] = mapped_column(JSON)
