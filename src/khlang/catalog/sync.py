"""catalog sync: harvest every declared source, merge with declarations, keep a dated snapshot."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from sqlalchemy import delete, select

from khlang.catalog.drift import Shape, compare
from khlang.catalog.findings import Finding
from khlang.catalog.gaps import evaluate
from khlang.dates import to_bangkok, today_bangkok, utcnow
from khlang.declarations import Catalog
from khlang.errors import KhlangError
from khlang.harvest.readers import Reader, Table, duckdb_reason
from khlang.harvest.scan import DatasetProfile, open_source, profile_table
from khlang.store import Store
from khlang.store.locks import run_lock
from khlang.store.models import CatalogFinding, CatalogSnapshot, ColumnSnapshot, DatasetSnapshot


@dataclass
class Harvested:
    """One dataset after harvest: its declaration (if any) and its profile (if found)."""

    name: str
    source: str
    object: str
    declared: bool
    profile: DatasetProfile | None
    error: str | None = None

    def to_dict(self) -> dict:
        """JSON-ready, for the hand-over from the scan task to the sync task."""
        return {"name": self.name, "source": self.source, "object": self.object, "declared": self.declared,
                "profile": self.profile.to_dict() if self.profile else None, "error": self.error}

    @classmethod
    def from_dict(cls, data: dict) -> Harvested:
        """Back from `to_dict`."""
        profile = DatasetProfile.from_dict(data["profile"]) if data.get("profile") else None
        return cls(data["name"], data["source"], data["object"], data["declared"], profile, data.get("error"))


@dataclass
class SyncResult:
    """What one sync stored and found."""

    snapshot_id: int
    run_key: str
    taken_at: dt.datetime
    datasets: list[Harvested]
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        return {
            "snapshot_id": self.snapshot_id,
            "run_key": self.run_key,
            "taken_at": self.taken_at.isoformat(),
            "datasets": [
                {"name": h.name, "source": h.source, "object": h.object, "declared": h.declared,
                 "found": h.profile is not None, "row_count": h.profile.row_count if h.profile else None,
                 "error": h.error}
                for h in self.datasets
            ],
            "drift": [f.to_dict() for f in self.findings if f.category == "drift"],
            "gaps": [f.to_dict() for f in self.findings if f.category == "gap"],
        }


def catalog_digest(catalog: Catalog) -> str:
    """A fingerprint of every declaration, so a snapshot says which catalogue it was taken with."""
    body = {
        "organisation": catalog.organisation.model_dump(mode="json"),
        "sources": {k: v.model_dump(mode="json") for k, v in sorted(catalog.sources.items())},
        "datasets": {k: v.model_dump(mode="json") for k, v in sorted(catalog.datasets.items())},
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def people_units(catalog: Catalog) -> dict[str, str]:
    """Who works in which unit (organisation.yaml), kept with each snapshot so transfers can be found later."""
    return {pid: person.unit for pid, person in sorted(catalog.people.items())}


def people_unit_history(store: Store, until: dt.date | None = None) -> list[tuple[dt.date, dict[str, str]]]:
    """(Bangkok day taken, person → unit) of every snapshot that kept it, oldest first, up to `until`."""
    with store.reading() as session:
        rows = session.scalars(select(CatalogSnapshot).where(CatalogSnapshot.people_units.is_not(None))
                               .order_by(CatalogSnapshot.taken_at, CatalogSnapshot.id)).all()
        out = [(to_bangkok(r.taken_at).date(), dict(r.people_units or {})) for r in rows if r.people_units]
    return [point for point in out if until is None or point[0] <= until]


def harvest(catalog: Catalog, data_dir: Path) -> list[Harvested]:
    """Profile every table of every declared source; match declared datasets by object."""
    out: list[Harvested] = []
    for source in sorted(catalog.sources.values(), key=lambda s: s.name):
        declared = {d.object: d for d in catalog.datasets.values() if d.source == source.name}
        seen: set[str] = set()
        error: str | None = None
        try:
            with open_source(source, data_dir) as reader:
                for table in reader.tables():
                    ds = declared.get(table.object)
                    name = ds.name if ds else f"{source.name}.{table.name}"
                    profile, problem = _profile(reader, table, source.name)
                    out.append(Harvested(name, source.name, table.object, ds is not None, profile, problem))
                    seen.add(table.object)
        except KhlangError as exc:
            error = str(exc)
        for obj, ds in declared.items():
            if obj not in seen:
                out.append(Harvested(ds.name, source.name, obj, True, None, error))
    return sorted(out, key=lambda h: h.name)


def _profile(reader: Reader, table: Table, source: str) -> tuple[DatasetProfile | None, str | None]:
    """The table's profile, or why it cannot be read: one unreadable table never hides the others."""
    if table.error:
        return None, table.error
    try:
        return profile_table(reader, table, source), None
    except KhlangError as exc:
        return None, str(exc)
    except duckdb.Error as exc:
        return None, f"{table.object}: cannot read: {duckdb_reason(exc)}"


def sync(catalog: Catalog, store: Store, data_dir: Path, run_key: str | None = None,
         as_of: dt.date | None = None, taken_at: dt.datetime | None = None,
         harvested: list[Harvested] | None = None) -> SyncResult:
    """Harvest (unless given), compare with the previous snapshot, find gaps, store it in one transaction."""
    taken_at = taken_at or utcnow()
    as_of = as_of or today_bangkok()
    run_key = run_key or f"manual__{taken_at.isoformat()}"
    if harvested is None:
        harvested = harvest(catalog, data_dir)

    with store.transaction() as session:
        run_lock(session, "catalog_snapshot", run_key)
        previous_id = session.scalar(
            select(CatalogSnapshot.id).where(CatalogSnapshot.run_key != run_key)
            .where(CatalogSnapshot.taken_at <= taken_at)
            .order_by(CatalogSnapshot.taken_at.desc(), CatalogSnapshot.id.desc()).limit(1)
        )
        before = _shapes(session, previous_id) if previous_id else None

        findings: list[Finding] = []
        for h in harvested:
            ds = catalog.datasets.get(h.name)
            if ds is not None:
                findings += evaluate(catalog, ds, h.profile, as_of)
                if h.error:
                    findings.append(Finding(h.name, "gap", "source_unreadable", "high", h.error))
            else:
                findings.append(Finding(h.name, "gap", "undeclared_dataset", "medium",
                                        f"{h.object!r} in source {h.source!r} is not declared in the catalogue"))
            if before is not None:
                tolerance = ds.row_count_tolerance if ds else 0.5
                findings += compare(h.name, before.get(h.name), _shape(h), tolerance)

        # Airflow may run a task twice: the same run_key replaces its own snapshot, never duplicates it.
        session.execute(delete(CatalogSnapshot).where(CatalogSnapshot.run_key == run_key))
        session.flush()
        snapshot = CatalogSnapshot(run_key=run_key, taken_at=taken_at, catalog_digest=catalog_digest(catalog),
                                   dataset_count=len(harvested), people_units=people_units(catalog))
        session.add(snapshot)
        for h in harvested:
            snapshot.datasets.append(_record(catalog, h))
        for f in findings:
            snapshot.findings.append(CatalogFinding(dataset=f.dataset, category=f.category, code=f.code,
                                                    column=f.column, severity=f.severity, detail=f.detail))
        session.flush()
        snapshot_id = snapshot.id
    return SyncResult(snapshot_id, run_key, taken_at, harvested, findings)


def _shape(h: Harvested) -> Shape:
    if h.profile is None:
        return Shape(False, None, {})
    return Shape(True, h.profile.row_count, {c.name: c.type for c in h.profile.columns})


def _shapes(session, snapshot_id: int) -> dict[str, Shape]:  # noqa: ANN001
    rows = session.scalars(select(DatasetSnapshot).where(DatasetSnapshot.snapshot_id == snapshot_id)).all()
    return {r.name: Shape(r.found, r.row_count, {c.name: c.type for c in r.columns}) for r in rows}


def _record(catalog: Catalog, h: Harvested) -> DatasetSnapshot:
    ds = catalog.datasets.get(h.name)
    rec = DatasetSnapshot(
        name=h.name, kind=ds.kind if ds else None, source=h.source, object=h.object, declared=h.declared,
        found=h.profile is not None, row_count=h.profile.row_count if h.profile else None,
        classification=ds.classification if ds else None,
        declaration=ds.model_dump(mode="json") if ds else None, error=h.error,
    )
    if h.profile:
        for i, col in enumerate(h.profile.columns):
            declared = ds.column(col.name) if ds else None
            rec.columns.append(ColumnSnapshot(
                position=i, name=col.name, type=col.type, null_count=col.null_count,
                distinct_count=col.distinct_count, pii=col.pii,
                declared_pii=declared.pii if declared else None,
                description=declared.description if declared else None,
            ))
    return rec
