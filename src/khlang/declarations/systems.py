"""The EA inventory of systems (สงพท.-10): applications, what data they hold, how they run."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from khlang.declarations.loader import Catalog, Collector
from khlang.declarations.models import Date, Strict

Database = Literal["postgres", "mysql", "mariadb", "oracle", "sqlserver", "sqlite", "duckdb", "files", "none"]
Hosting = Literal["on_premise", "vm", "cloud", "government_cloud", "saas", "dr_site"]
EaState = Literal["as_is", "to_be", "retiring", "retired"]
Control = Literal[
    "encryption_at_rest", "encryption_in_transit", "mfa", "access_review", "audit_log", "backup",
    "dr_site", "waf", "antivirus", "network_segmentation", "data_masking", "vulnerability_scan",
]


class Technology(Strict):
    """How a system runs (the EA technology view)."""

    database: Database = "none"
    database_version: str | None = None
    hosting: Hosting = "on_premise"
    platform: str | None = None
    language: str | None = None


class System(Strict):
    """One application (ระบบงาน) in the EA inventory."""

    code: str
    name_th: str
    name_en: str | None = None
    capability: str
    owning_unit: str
    business_owner: str | None = None
    digital_owner: str | None = None
    datasets: list[str] = []
    technology: Technology = Technology()
    security_controls: list[Control] = []
    go_live: Date | None = None
    ea_state: EaState = "as_is"
    project: str | None = None
    target_date: Date | None = None
    replaces: str | None = None  # a To-Be system: the system it replaces (the EA gap analysis)
    description: str | None = None


def load_systems(catalog: Catalog, path: Path | None = None) -> dict[str, System]:
    """Load catalog/systems.yaml (keyed by system code), checking units, people and datasets exist."""
    path = path or catalog.file("systems.yaml")
    col = Collector()
    doc = col.document(path)
    systems: dict[str, System] = {}
    if doc is not None:
        located = col.items(doc, "systems", System)
        for system, loc in located:
            if system.code in systems:
                col.add(doc, (*loc, "code"), f"duplicate system code {system.code!r}")
            if catalog.units and system.owning_unit not in catalog.units:
                col.add(doc, (*loc, "owning_unit"), f"unknown unit {system.owning_unit!r}")
            for role in ("business_owner", "digital_owner"):
                pid = getattr(system, role)
                if pid and pid not in catalog.people:
                    col.add(doc, (*loc, role), f"unknown person {pid!r}")
            for i, name in enumerate(system.datasets):
                if name not in catalog.datasets:
                    col.add(doc, (*loc, "datasets", i), f"unknown dataset {name!r}")
            systems[system.code] = system
        for system, loc in located:
            if system.replaces and system.replaces not in systems:
                col.add(doc, (*loc, "replaces"), f"unknown system {system.replaces!r}")
    col.raise_if_any()
    return systems
