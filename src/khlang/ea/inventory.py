"""The systems inventory as people read it: each system with its datasets, technology and controls."""

from __future__ import annotations

from khlang.ea.checks import Inventory


def system_entries(inventory: Inventory) -> list[dict]:
    """One JSON-ready entry per system, by code."""
    catalog = inventory.catalog
    out = []
    for code in sorted(inventory.systems):
        s = inventory.systems[code]
        unit = catalog.units.get(s.owning_unit)
        datasets = []
        for name in inventory.datasets_of(code):
            ds = catalog.datasets.get(name)
            datasets.append({"name": name, "title_th": ds.title_th if ds else "",
                             "title_en": (ds.title_en or "") if ds else "",
                             "kind": ds.kind if ds else "", "classification": ds.classification if ds else ""})
        out.append({
            "code": code, "name_th": s.name_th, "name_en": s.name_en or "", "capability": s.capability,
            "owning_unit": s.owning_unit, "owning_unit_name": unit.name_th if unit else s.owning_unit,
            "business_owner": _person(catalog, s.business_owner), "digital_owner": _person(catalog, s.digital_owner),
            "datasets": datasets,
            "technology": s.technology.model_dump(mode="json"),
            "security_controls": list(s.security_controls),
            "go_live": s.go_live.isoformat() if s.go_live else None,
            "ea_state": s.ea_state, "project": s.project or "",
            "target_date": s.target_date.isoformat() if s.target_date else None,
            "description": s.description or "",
        })
    return out


def _person(catalog, person_id: str | None) -> dict | None:  # noqa: ANN001
    person = catalog.person(person_id)
    if person is None:
        return None
    unit = catalog.units.get(person.unit)
    return {"id": person.id, "name": person.name, "unit": unit.name_th if unit else person.unit,
            "email": person.email or ""}
