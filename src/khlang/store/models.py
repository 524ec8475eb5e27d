"""Tables of the governance store. History is appended: a snapshot is never edited in place."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of every store table."""


class CatalogSnapshot(Base):
    """One harvest of every declared source, merged with the declarations."""

    __tablename__ = "catalog_snapshots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_key: Mapped[str] = mapped_column(String(200), unique=True)
    taken_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    catalog_digest: Mapped[str] = mapped_column(String(64))
    dataset_count: Mapped[int] = mapped_column(Integer)
    # person id → unit code of organisation.yaml when the snapshot was taken: the history transfers are read from
    people_units: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    datasets: Mapped[list[DatasetSnapshot]] = relationship(
        back_populates="snapshot", cascade="all, delete-orphan", passive_deletes=True
    )
    findings: Mapped[list[CatalogFinding]] = relationship(
        back_populates="snapshot", cascade="all, delete-orphan", passive_deletes=True
    )


class DatasetSnapshot(Base):
    """What one dataset looked like in one snapshot."""

    __tablename__ = "dataset_snapshots"
    __table_args__ = (UniqueConstraint("snapshot_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("catalog_snapshots.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str | None] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(100))
    object: Mapped[str] = mapped_column(String(500))
    declared: Mapped[bool] = mapped_column(Boolean)
    found: Mapped[bool] = mapped_column(Boolean)
    row_count: Mapped[int | None] = mapped_column(BigInteger)
    classification: Mapped[str | None] = mapped_column(String(20))
    declaration: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    snapshot: Mapped[CatalogSnapshot] = relationship(back_populates="datasets")
    columns: Mapped[list[ColumnSnapshot]] = relationship(
        back_populates="dataset", cascade="all, delete-orphan", passive_deletes=True, order_by="ColumnSnapshot.position"
    )


class ColumnSnapshot(Base):
    """A column's type and profile in one snapshot."""

    __tablename__ = "column_snapshots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("dataset_snapshots.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(100))
    null_count: Mapped[int | None] = mapped_column(BigInteger)
    distinct_count: Mapped[int | None] = mapped_column(BigInteger)
    pii: Mapped[str | None] = mapped_column(String(30))
    declared_pii: Mapped[str | None] = mapped_column(String(30))
    description: Mapped[str | None] = mapped_column(Text)
    dataset: Mapped[DatasetSnapshot] = relationship(back_populates="columns")


class CatalogFinding(Base):
    """Drift or a governance gap found by one snapshot."""

    __tablename__ = "catalog_findings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("catalog_snapshots.id", ondelete="CASCADE"), index=True)
    dataset: Mapped[str] = mapped_column(String(200), index=True)
    category: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(50))
    column: Mapped[str | None] = mapped_column(String(200))
    severity: Mapped[str] = mapped_column(String(10))
    detail: Mapped[str] = mapped_column(Text)
    snapshot: Mapped[CatalogSnapshot] = relationship(back_populates="findings")
