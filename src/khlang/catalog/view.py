"""Read the latest catalogue snapshot back, merged with declarations, for lists and the site."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from khlang.catalog.ckan import gd_fields
from khlang.dates import as_utc, to_bangkok
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


def site_model(catalog: Catalog, store: Store, generated_at: dt.datetime, reports_dir: Path | None = None) -> dict:
    """The model the static catalogue site is rendered from.

    Each dataset carries its quality (the scores `khlang quality scores` computes, and the failing checks of
    the same newest complete runs), its unresolved issues and when it was last scanned; `reports` lists the
    committee, linkage, backup and PIR reports found under reports_dir.
    """
    from khlang.lineage.graph import load_index
    from khlang.quality.records import latest_results

    snapshot, entries = catalogue_entries(catalog, store)
    index = load_index(catalog)
    quality = quality_by_dataset(store)
    as_of = to_bangkok(generated_at).date()
    issues = open_issues_by_dataset(store, as_of)
    scanned = (snapshot or {}).get("datasets", {})
    for entry in entries:
        entry["lineage"] = index.graph(entry["name"]).to_dict()
        entry["quality"] = quality.get(entry["name"])
        entry["issues"] = issues.get(entry["name"], [])
        entry["scanned_at"] = snapshot["taken_at"].isoformat() if snapshot and entry["name"] in scanned else None
    governance = governance_entries(catalog, store, as_of)
    pending = set(governance["pending_approval"]) if governance["lists_approved"] else set()
    for entry in entries:
        entry["pending_approval"] = entry["name"] in pending
    org = catalog.organisation
    return {
        "glossary": glossary_entries(catalog, store),
        "governance": governance,
        "generated_at": generated_at.isoformat(),
        "organisation": {"name_th": org.name_th, "name_en": org.name_en, "abbreviation": org.abbreviation},
        "snapshot": {"id": snapshot["id"], "taken_at": snapshot["taken_at"].isoformat()} if snapshot else None,
        "datasets": entries,
        "undeclared": undeclared(snapshot),
        "systems": _systems(catalog, index.systems, as_of, latest_results(store)),
        "reports": produced_reports(reports_dir) if reports_dir is not None else None,
        # unresolved issues of no declared dataset (an undeclared one found in a source, a hand-raised one)
        "other_issues": [dict(i, dataset=name) for name, rows in sorted(issues.items(), key=lambda kv: str(kv[0]))
                         if name not in {e["name"] for e in entries} for i in rows],
    }


def governance_entries(catalog: Catalog, store: Store, as_of: dt.date) -> dict:
    """สงพท.-11 steps 1–6 as the site publishes them: the structure, the order, the resolutions and approvals,
    the datasets pending the Director's approval of the lists, and each step's state."""
    from khlang.governance.policy_decisions import policies_with_decisions
    from khlang.governance.steps import overview

    data = overview(catalog, store, policies_with_decisions(catalog, store), as_of)
    data["lists_approved"] = data["approved_lists"] is not None
    data["director"] = _person(catalog, next((p.id for p in catalog.people.values()
                                               if "director" in (p.roles or ())), None))
    data["committee_people"] = [_person(catalog, p) for p in data["structure"]["committee"]]
    data["secretary_person"] = _person(catalog, data["structure"]["secretary"])
    data["people"] = {pid: _person(catalog, pid) for pid in catalog.people}
    return data


def glossary_entries(catalog: Catalog, store: Store | None) -> list[dict]:
    """The business glossary's terms with their effective status (declared, overlaid by the committee's approvals
    in the store) and their steward as a person."""
    from khlang.declarations.glossary import load_glossary
    from khlang.governance.glossary import with_approvals

    out = []
    for view in with_approvals(load_glossary(catalog), store):
        entry = view.to_dict()
        entry["steward"] = _person(catalog, view.term.steward)
        out.append(entry)
    return out


def quality_by_dataset(store: Store) -> dict[str, dict]:
    """Per dataset: the scores of its newest complete runs (as `khlang quality scores`), their failing checks,
    and when those runs finished."""
    from khlang.governance.vocabulary import SEVERITY_RANK
    from khlang.quality.records import QualityRun, latest_results, visible
    from khlang.quality.scores import compute

    results = latest_results(store)
    scores = compute(results)
    with store.reading() as session:
        finished = dict(session.execute(select(QualityRun.dataset, func.max(QualityRun.finished_at))
                                        .where(visible()).group_by(QualityRun.dataset)).all())
    out: dict[str, dict] = {}
    for name, dims in scores.items():
        failing = [
            {"check": r.check, "kind": r.kind, "type": r.type, "column": r.column, "dimension": r.dimension,
             "severity": r.severity, "element_count": r.element_count, "unexpected_count": r.unexpected_count,
             "error": (r.details or {}).get("error")}
            for r in results if r.dataset == name and not r.success
        ]
        failing.sort(key=lambda f: (-SEVERITY_RANK.get(str(f["severity"]), 0), str(f["check"])))
        when = finished.get(name)
        out[name] = {"checked_at": as_utc(when).isoformat() if when else None,
                     "scores": {dim: {"score": cell["score"], "checks": cell["checks"]} for dim, cell in dims.items()},
                     "failing": failing}
    return out


def open_issues_by_dataset(store: Store, as_of: dt.date) -> dict[str | None, list[dict]]:
    """Per dataset (None: of no dataset), its unresolved issues (highest priority first) with the next control
    point they face."""
    from khlang.governance.views import issue_views
    from khlang.governance.vocabulary import UNRESOLVED

    views = [v for status in sorted(UNRESOLVED) for v in issue_views(store, status=status)]  # never the closed
    views.sort(key=lambda v: (-v.priority[0], -v.priority[1], v.opened_on, v.id))
    out: dict[str | None, list[dict]] = {}
    for v in views:
        due = next_due(v)
        out.setdefault(v.dataset, []).append({
            "id": v.id, "title": v.title, "severity": v.severity, "status": v.status, "category": v.category,
            "opened_on": v.opened_on.isoformat(), "due": due.isoformat() if due else None,
            "overdue_days": max((as_of - due).days, 0) if due else 0,
        })
    return out


def next_due(issue) -> dt.date | None:  # noqa: ANN001 - an IssueView
    """The next deadline an unresolved issue faces: taking it up (step 10), its root cause (step 11), then the
    earliest of its open actions."""
    if issue.status == "open":
        return issue.collect_due
    if issue.rca_on is None:
        return issue.rca_due
    pending = [a["due_on"] for a in issue.actions if a["cycle"] == issue.cycle and a["done_on"] is None]
    return min(pending) if pending else None


REPORT_FOLDERS = ("committee", "linkage", "backup", "pir", "ea")


def produced_reports(reports_dir: Path) -> dict[str, list[dict]]:
    """The reports that exist under reports_dir, newest first: {kind: [{code, path}]} (an empty list: none yet).

    The committee and backup reports have one folder per period, the PIR report one per system, the linkage
    register a single index.html; staging folders of a build under way (hidden) are not reports.
    """
    out: dict[str, list[dict]] = {}
    for kind in REPORT_FOLDERS:
        folder = Path(reports_dir) / kind
        found: list[dict] = []
        if (folder / "index.html").is_file():
            found.append({"code": None, "label_th": "", "label_en": "", "path": str(folder / "index.html")})
        if folder.is_dir():
            for sub in sorted(folder.iterdir(), key=lambda p: p.name, reverse=kind != "pir"):
                if not sub.name.startswith(".") and sub.is_dir() and (sub / "index.html").is_file():
                    found.append({"code": sub.name, **_period_label(sub.name, kind),
                                  "path": str(sub / "index.html")})
        out[kind] = found
    return out


def _period_label(code: str, kind: str) -> dict:
    """How people name a report's period ('ไตรมาส 4/2569 …' · 'Q4 2026 …'); a PIR folder is a system's code."""
    from khlang.governance.people import GovernanceError
    from khlang.governance.periods import parse_period

    if kind == "pir":
        return {"label_th": code, "label_en": code}
    try:
        period = parse_period(code)
    except GovernanceError:
        return {"label_th": code, "label_en": code}
    return {"label_th": period.label_th, "label_en": period.label_en}


def _systems(catalog: Catalog, systems: dict, as_of: dt.date | None = None, results: list | None = None) -> list[dict]:
    """The EA inventory's systems with their datasets and findings, for the system pages: each system's part of
    the five views (khlang.ea.views) — the services it supports, its interfaces and servers, and every finding
    about it, the EA checks' and the security checks' (the stored results, else the rules run now)."""
    from khlang.ea.gaps import SECURITY_GAPS, gap_findings, system_of_element
    from khlang.ea.inventory import system_entries
    from khlang.ea.views import Architecture, security_results, system_security
    from khlang.ea.views_decl import load_ea

    if not systems:
        return []
    arch = Architecture(catalog, systems, load_ea(catalog, systems), as_of or dt.date.today(),
                        security_results(results or []))
    gaps = gap_findings(arch)
    out = system_entries(arch.inventory)
    for entry in out:
        code = entry["code"]
        security = system_security(arch, code)["findings"]
        own = [{"source": "ea", "finding": f"ea:{f.finding}", "code": f.finding, "severity": f.severity,
                "dataset": None, "detail": f.detail} for f in gaps if system_of_element(arch, f.subject) == code
               and not (f.subject == code and f.finding in SECURITY_GAPS)]
        entry["findings"] = own + security
        entry["services"] = [{"function": fn.code, "code": svc.code, "name_th": svc.name_th,
                              "name_en": svc.name_en or "", "state": svc.state}
                             for fn, svc in arch.ea.services() if code in svc.systems]
        entry["interfaces"] = [{"code": i.code, "from": i.from_, "to": i.to, "name_th": i.name_th,
                                "method": i.method, "state": i.state}
                               for i in arch.ea.interfaces if code in (i.from_, i.to)]
        entry["servers"] = [{"code": sv.code, "site": sv.site, "os": sv.os or "", "database": sv.database or "",
                             "support_ends": sv.support_ends.isoformat() if sv.support_ends else None,
                             "support_ended": bool(sv.support_ends and sv.support_ends < arch.as_of)}
                            for sv in arch.ea.servers if code in sv.systems]
    return out
