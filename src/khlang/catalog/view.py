"""Read the latest catalogue snapshot back, merged with declarations, for lists and the site."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from khlang.catalog.ckan import gd_fields
from khlang.dates import as_utc
from khlang.declarations import Catalog, Dataset
from khlang.store import Store
from khlang.store.models import CatalogFinding, CatalogSnapshot, DatasetSnapshot


def latest_snapshot(store: Store) -> dict | None:
    """The newest snapshot's datasets (with columns) and findings, or None before the first sync."""
    with store.reading() as session:
        snap = session.scalars(
            select(CatalogSnapshot).order_by(CatalogSnapshot.taken_at.desc(), CatalogSnapshot.id.desc()).limit(1)
        ).first()
        if snap is None:
            return None
        datasets = session.scalars(
            select(DatasetSnapshot).where(DatasetSnapshot.snapshot_id == snap.id)
            .options(selectinload(DatasetSnapshot.columns))
        ).all()
        findings = session.scalars(select(CatalogFinding).where(CatalogFinding.snapshot_id == snap.id)).all()
        return {
            "id": snap.id,
            "run_key": snap.run_key,
            "taken_at": as_utc(snap.taken_at),
            "datasets": {
                d.name: {
                    "source": d.source, "object": d.object, "declared": d.declared, "found": d.found,
                    "row_count": d.row_count, "error": d.error,
                    "columns": [
                        {"name": c.name, "type": c.type, "null_count": c.null_count,
                         "distinct_count": c.distinct_count, "pii": c.pii, "declared_pii": c.declared_pii}
                        for c in d.columns
                    ],
                }
                for d in datasets
            },
            "findings": [
                {"dataset": f.dataset, "category": f.category, "code": f.code, "column": f.column,
                 "severity": f.severity, "detail": f.detail}
                for f in findings
            ],
        }


def _person(catalog: Catalog, person_id: str | None) -> dict | None:
    person = catalog.person(person_id)
    if person is None:
        return None
    unit = catalog.units.get(person.unit)
    return {"id": person.id, "name": person.name, "unit": unit.name_th if unit else person.unit,
            "email": person.email, "active": person.active}


def dataset_entry(catalog: Catalog, ds: Dataset, snapshot: dict | None) -> dict:
    """Everything the catalogue knows of one dataset: declaration, profile, drift and gaps."""
    snap = (snapshot or {}).get("datasets", {}).get(ds.name)
    findings = [f for f in (snapshot or {}).get("findings", []) if f["dataset"] == ds.name]
    profiled = {c["name"]: c for c in (snap or {}).get("columns", [])}
    names = list(profiled) + [c.name for c in ds.columns if c.name not in profiled]
    columns = []
    for name in names:
        declared = ds.column(name)
        prof = profiled.get(name, {})
        columns.append({
            "name": name, "type": prof.get("type"), "description": declared.description if declared else None,
            "null_count": prof.get("null_count"), "distinct_count": prof.get("distinct_count"),
            "pii": prof.get("pii"), "pii_declared": bool(declared and declared.pii),
            "declared_pii": declared.pii if declared else None,
        })
    source = catalog.sources.get(ds.source)
    until = ds.lifecycle.retention_ends()
    return {
        "name": ds.name, "title_th": ds.title_th, "title_en": ds.title_en, "kind": ds.kind,
        "description": ds.description, "source": ds.source, "object": ds.object,
        "source_system": ds.source_system or (source.system if source else None),
        "classification": ds.classification,
        "business_owner": _person(catalog, ds.business_owner),
        "digital_owner": _person(catalog, ds.digital_owner),
        "steward": _person(catalog, ds.steward),
        "lifecycle": {
            "stage": ds.lifecycle.stage,
            "created_on": ds.lifecycle.created_on.isoformat() if ds.lifecycle.created_on else None,
            "retention": ds.lifecycle.retention,
            "retain_until": until.isoformat() if until else None,
            "destroy_method": ds.lifecycle.destroy_method,
        },
        "update_frequency": ds.update_frequency, "tags": list(ds.tags),
        "personal_data": ds.personal_data.model_dump(mode="json"),
        "row_count": snap["row_count"] if snap else None,
        "found": bool(snap and snap["found"]),
        "columns": columns,
        "drift": [{"change": f["code"], "column": f["column"], "detail": f["detail"]}
                  for f in findings if f["category"] == "drift"],
        "gaps": [{"code": f["code"], "detail": f["detail"], "severity": f["severity"], "column": f["column"]}
                 for f in findings if f["category"] == "gap"],
        "gd_catalog": gd_fields(catalog, ds),
    }


def catalogue_entries(catalog: Catalog, store: Store, kind: str | None = None) -> tuple[dict | None, list[dict]]:
    """The latest snapshot and one merged entry per declared dataset (of one kind, if given)."""
    snapshot = latest_snapshot(store)
    return snapshot, [dataset_entry(catalog, ds, snapshot) for ds in catalog.by_kind(kind)]


def undeclared(snapshot: dict | None) -> list[dict]:
    """Datasets found in sources that nobody declared."""
    if not snapshot:
        return []
    return [{"name": n, "source": d["source"], "object": d["object"], "row_count": d["row_count"]}
            for n, d in sorted(snapshot["datasets"].items()) if not d["declared"]]


def site_model(catalog: Catalog, store: Store, generated_at) -> dict:  # noqa: ANN001
    """The model the static catalogue site is rendered from."""
    from khlang.lineage.graph import load_index

    snapshot, entries = catalogue_entries(catalog, store)
    index = load_index(catalog)
    for entry in entries:
        entry["lineage"] = index.graph(entry["name"]).to_dict()
    org = catalog.organisation
    return {
        "generated_at": generated_at.isoformat(),
        "organisation": {"name_th": org.name_th, "name_en": org.name_en, "abbreviation": org.abbreviation},
        "snapshot": {"id": snapshot["id"], "taken_at": snapshot["taken_at"].isoformat()} if snapshot else None,
        "datasets": entries,
        "undeclared": undeclared(snapshot),
        "systems": _systems(catalog, index.systems),
    }


def _systems(catalog: Catalog, systems: dict) -> list[dict]:
    """The EA inventory's systems with their datasets and findings, for the system pages."""
    from khlang.ea.checks import Inventory, check_inventory
    from khlang.ea.inventory import system_entries

    if not systems:
        return []
    inventory = Inventory(catalog, systems)
    findings = check_inventory(inventory)
    out = system_entries(inventory)
    for entry in out:
        entry["findings"] = [f.to_dict() for f in findings if f.subject == entry["code"]
                             or f.subject in {d["name"] for d in entry["datasets"]}]
    return out
