"""The EA's five views (สงพท.-10), As-Is and To-Be, computed from the declarations and the checks.

- business: functions and services of อคส. (catalog/ea.yaml), the units that perform them and the systems
  that support them — the capability map;
- data: from the catalogue — subjects (dataset kinds), master and reference data, where each lives (its
  system), flows (lineage `derived_from`, declared interfaces) and linkages with external agencies;
- application: systems (systems.yaml) and the interfaces between them (declared in ea.yaml, plus the flows
  that dataset derivations imply across systems);
- technology: each system's database, version and hosting, the servers and sites, DR and support end dates;
- security: each system's controls, the classification of what it holds, and the findings of the security
  checks themselves (khlang.quality.security) together with the EA rules', so the two never disagree.

Everything is plain JSON-ready data: the CLI, the catalogue site, the committee report and the EA book
read the same dicts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from khlang.declarations import Catalog
from khlang.declarations.systems import System
from khlang.ea.checks import Inventory
from khlang.ea.views_decl import EaDeclarations, Interface, Server, load_ea
from khlang.quality.results import CheckResult
from khlang.registry import Registry

VIEWS = ("business", "data", "application", "technology", "security")
CLASS_RANK = {"public": 0, "internal": 1, "confidential": 2, "secret": 3, "top_secret": 4}
IN_USE = ("as_is", "retiring")


@dataclass
class Architecture:
    """What the views are computed from, read once: the catalogue, systems.yaml, ea.yaml and the day."""

    catalog: Catalog
    systems: dict[str, System]
    ea: EaDeclarations
    as_of: dt.date
    security_results: list[CheckResult] | None = None  # the security checks' results; run them when None

    @classmethod
    def load(cls, catalog: Catalog, as_of: dt.date, security_results: list[CheckResult] | None = None
             ) -> Architecture:
        """Load systems.yaml and ea.yaml of the catalogue (both optional)."""
        from khlang.declarations.systems import load_systems

        declared = catalog.directory is not None and (catalog.directory / "systems.yaml").is_file()
        systems = load_systems(catalog) if declared else {}
        return cls(catalog, systems, load_ea(catalog, systems), as_of, security_results)

    @cached_property
    def inventory(self) -> Inventory:
        return Inventory(self.catalog, self.systems)

    @cached_property
    def security(self) -> list[CheckResult]:
        """The security checks' results on as_of (the same rules `khlang security check` runs)."""
        if self.security_results is not None:
            return [r for r in self.security_results if r.kind == "security"]
        from khlang.quality.security import load_access_register, run_security

        return run_security(self.catalog, load_access_register(self.catalog), self.as_of)

    @cached_property
    def linkages(self) -> list[dict]:
        """linkages.yaml's entries (none without the file), read once."""
        if self.catalog.directory is None or not (self.catalog.directory / "linkages.yaml").is_file():
            return []
        from khlang.linkage.register import load_register

        return [{"id": lid, "agency": e.agency, "agency_en": e.agency_en or "", "datasets": list(e.datasets),
                 "direction": e.direction, "status": e.status, "method": e.method}
                for lid, e in sorted(load_register(self.catalog).entries.items())]

    def lineage_flows(self) -> list[dict]:
        """Each declared derivation (derived_from) with the systems at both ends."""
        return [{"from": src, "to": ds.name, "from_system": self.home_of(src), "to_system": self.home_of(ds.name),
                 "via": "lineage"} for ds in self.catalog.by_kind() for src in ds.derived_from]

    @cached_property
    def gaps_found(self) -> list:
        """The gap rules' findings (khlang.ea.gaps), computed once."""
        from khlang.ea.gaps import gap_findings

        return gap_findings(self)

    def system_name(self, code: str) -> dict:
        s = self.systems.get(code)
        return {"code": code, "name_th": s.name_th if s else code, "name_en": (s.name_en or "") if s else "",
                "ea_state": s.ea_state if s else "unknown"}

    def unit_name(self, code: str) -> dict:
        u = self.catalog.units.get(code)
        return {"code": code, "name_th": u.name_th if u else code, "name_en": (u.name_en or "") if u else ""}

    def home_of(self, dataset: str) -> str | None:
        """The system a dataset lives in: the catalogue's pointer, else the inventory entry listing it."""
        code = self.inventory.system_of(dataset)
        if code:
            return code
        holders = self.inventory.holders(dataset)
        return holders[0] if holders else None


def security_results(results: list[CheckResult]) -> list[CheckResult] | None:
    """The security checks' results among stored results (None when none are stored: run the rules)."""
    mine = [r for r in results if r.kind == "security"]
    return mine or None


def _roadmap(element: object) -> dict:
    target = getattr(element, "target_date", None)
    return {"state": getattr(element, "state", None) or getattr(element, "ea_state", "as_is"),
            "replaces": getattr(element, "replaces", None), "project": getattr(element, "project", None) or "",
            "target_date": target.isoformat() if target else None}


def business_view(arch: Architecture) -> dict:
    """The capability map: each function, its units and services, each service's supporting systems."""
    as_is, to_be = [], []
    for fn in arch.ea.functions:
        services = []
        for svc in fn.services:
            row = {"code": svc.code, "name_th": svc.name_th, "name_en": svc.name_en or "",
                   "systems": [arch.system_name(c) for c in svc.systems], **_roadmap(svc),
                   "unsupported": not svc.systems}
            services.append(row)
        base = {"code": fn.code, "name_th": fn.name_th, "name_en": fn.name_en or "",
                "units": [arch.unit_name(u) for u in fn.units], **_roadmap(fn)}
        as_is.append({**base, "services": [s for s in services if s["state"] != "to_be"]})
        planned = [s for s in services if s["state"] == "to_be"]
        if planned or fn.state == "to_be":
            to_be.append({**base, "services": planned})
    return {"as_is": as_is, "to_be": to_be}


def data_view(arch: Architecture) -> dict:
    """Subjects, master/reference data and where each lives, the flows between datasets, and linkages."""
    subjects: dict[str, list[dict]] = {}
    for ds in arch.catalog.by_kind():
        home = arch.home_of(ds.name)
        subjects.setdefault(ds.kind, []).append({
            "name": ds.name, "title_th": ds.title_th, "title_en": ds.title_en or "", "kind": ds.kind,
            "classification": ds.classification, "system": home,
            "system_state": arch.systems[home].ea_state if home in arch.systems else None,
            "tags": list(ds.tags)})
    flows = arch.lineage_flows()
    for iface in arch.ea.interfaces:
        flows.extend({"from": name, "to": name, "from_system": iface.from_, "to_system": iface.to,
                      "via": iface.code} for name in iface.datasets)
    linkages = arch.linkages
    # To-Be: where the data of retiring systems goes (the declared interface carrying it), or nowhere yet.
    moves = []
    for name, ds in sorted(arch.catalog.datasets.items()):
        home = arch.home_of(name)
        if home in arch.systems and arch.systems[home].ea_state == "retiring":
            target = next((i.to for i in arch.ea.interfaces if i.from_ == home and name in i.datasets), None)
            ends = arch.systems[home].target_date
            moves.append({"name": name, "kind": ds.kind, "from_system": home, "to_system": target,
                          "target_date": ends.isoformat() if ends else None})
    as_is = {"subjects": [{"kind": k, "datasets": v} for k, v in sorted(subjects.items())],
             "master": [d for d in subjects.get("master", [])], "reference": [d for d in subjects.get("reference", [])],
             "flows": flows, "linkages": linkages}
    return {"as_is": as_is, "to_be": {"moves": moves}}


def application_view(arch: Architecture) -> dict:
    """Systems and the interfaces between them: declared ones, and the flows dataset derivations imply."""
    def row(code: str, s: System) -> dict:
        return {**arch.system_name(code), "owning_unit": arch.unit_name(s.owning_unit), "capability": s.capability,
                "datasets": arch.inventory.datasets_of(code), **_roadmap(s), "state": s.ea_state}

    def iface_row(i: Interface) -> dict:
        return {"code": i.code, "from": i.from_, "to": i.to, "name_th": i.name_th,
                "name_en": i.name_en or "", "method": i.method, "frequency": i.frequency,
                "datasets": list(i.datasets), **_roadmap(i)}

    derived = sorted({(f["from_system"], f["to_system"]) for f in arch.lineage_flows()
                      if f["from_system"] and f["to_system"]
                      and f["from_system"] != f["to_system"]})
    declared = {(i.from_, i.to) for i in arch.ea.interfaces}
    return {"as_is": {"systems": [row(c, s) for c, s in sorted(arch.systems.items()) if s.ea_state in IN_USE],
                      "interfaces": [iface_row(i) for i in arch.ea.interfaces if i.state != "to_be"],
                      "derived": [{"from": a, "to": b, "declared": (a, b) in declared} for a, b in derived]},
            "to_be": {"systems": [row(c, s) for c, s in sorted(arch.systems.items()) if s.ea_state == "to_be"],
                      "interfaces": [iface_row(i) for i in arch.ea.interfaces if i.state == "to_be"],
                      "retiring": [row(c, s) for c, s in sorted(arch.systems.items()) if s.ea_state == "retiring"]}}


def technology_view(arch: Architecture) -> dict:
    """Databases, versions and hosting of each system; servers, sites, DR and support end dates."""
    def server_row(sv: Server) -> dict:
        ends = sv.support_ends
        return {"code": sv.code, "site": sv.site, "role": sv.role, "os": sv.os or "",
                "systems": list(sv.systems), "database": sv.database or "",
                "support_ends": ends.isoformat() if ends else None,
                "support_ended": bool(ends and ends < arch.as_of),
                "dr_site": sv.dr_site, **_roadmap(sv)}

    on_server: dict[str, list[str]] = {}
    for sv in arch.ea.servers:
        for code in sv.systems:
            on_server.setdefault(code, []).append(sv.code)

    def system_row(code: str, s: System) -> dict:
        dr = "dr_site" in s.security_controls or any(
            sv.dr_site for sv in arch.ea.servers if code in sv.systems and sv.state != "to_be")
        return {**arch.system_name(code), **s.technology.model_dump(mode="json"), "servers": on_server.get(code, []),
                "dr": dr, "state": s.ea_state}

    sites = [{"code": c, "name_th": s.name_th, "name_en": s.name_en or "", "kind": s.kind}
             for c, s in arch.ea.sites.items()]
    return {"as_is": {"systems": [system_row(c, s) for c, s in sorted(arch.systems.items()) if s.ea_state in IN_USE],
                      "servers": [server_row(sv) for sv in arch.ea.servers if sv.state != "to_be"], "sites": sites},
            "to_be": {"systems": [system_row(c, s) for c, s in sorted(arch.systems.items()) if s.ea_state == "to_be"],
                      "servers": [server_row(sv) for sv in arch.ea.servers if sv.state == "to_be"]}}


def security_findings_by_dataset(arch: Architecture) -> dict[str, list[dict]]:
    """The security checks' failing results, by dataset: what `khlang security check` reports."""
    out: dict[str, list[dict]] = {}
    for r in arch.security:
        if not r.success:
            out.setdefault(r.dataset, []).append({"source": "security", "finding": f"security:{r.type}",
                                                  "code": r.type, "severity": r.severity, "dataset": r.dataset,
                                                  "detail": _security_detail(r)})
    return out


def _security_detail(r: CheckResult) -> str:
    parts = [f"{k}={v}" for k, v in sorted((r.details or {}).items())
             if isinstance(v, (str, int, float)) and k != "as_of"]
    return f"{r.dataset}: {r.type}" + (f" ({', '.join(parts)})" if parts else "")


def system_security(arch: Architecture, code: str) -> dict:
    """One system's security: its controls, the classification of what it holds, and every finding about it —
    the EA rules' and the security checks' on the datasets it holds."""
    from khlang.ea.checks import check_inventory

    s = arch.systems[code]
    held = arch.inventory.datasets_of(code)
    classes = [arch.catalog.datasets[n].classification for n in held if n in arch.catalog.datasets]
    by_dataset = security_findings_by_dataset(arch)
    found = [{"source": "ea", "finding": f"ea:{f.finding}", "code": f.finding, "severity": f.severity,
              "dataset": f.subject if f.subject in arch.catalog.datasets else None, "detail": f.detail}
             for f in check_inventory(arch.inventory) if f.subject == code or f.subject in held]
    from khlang.ea.gaps import SECURITY_GAPS

    found += [{"source": "ea", "finding": f"ea:{f.finding}", "code": f.finding, "severity": f.severity,
               "dataset": None, "detail": f.detail}
              for f in arch.gaps_found if f.subject == code and f.finding in SECURITY_GAPS]
    found += [f for name in held for f in by_dataset.get(name, [])]
    return {**arch.system_name(code), "controls": list(s.security_controls),
            "classification": max(classes, key=lambda c: CLASS_RANK.get(c, 0)) if classes else None,
            "datasets": [{"name": n, "classification": arch.catalog.datasets[n].classification}
                         for n in held if n in arch.catalog.datasets],
            "findings": found, "state": s.ea_state}


def security_view(arch: Architecture) -> dict:
    """Controls per system, the classification of what each holds, and the security checks' findings."""
    rows = [system_security(arch, code) for code in sorted(arch.systems)]
    return {"as_is": {"systems": [r for r in rows if r["state"] in IN_USE]},
            "to_be": {"systems": [r for r in rows if r["state"] == "to_be"]}}


VIEW_BUILDERS: Registry[str, Callable[[Architecture], dict]] = Registry("EA view")
for _name, _build in (("business", business_view), ("data", data_view), ("application", application_view),
                      ("technology", technology_view), ("security", security_view)):
    VIEW_BUILDERS.add(_name, _build)


def five_views(arch: Architecture) -> dict:
    """Every view, As-Is and To-Be: {"business": {"as_is": …, "to_be": …}, …}."""
    return {name: VIEW_BUILDERS[name](arch) for name in VIEWS}
