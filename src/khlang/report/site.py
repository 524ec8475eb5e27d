"""The catalogue site: one static, self-contained, searchable page per dataset, Thai and English.

The site is read by business owners and the committee, often from a file share or printed,
so every page carries its own CSS and script and fetches nothing.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from khlang.governance.vocabulary import SEVERITY_RANK
from khlang.report import committee_labels, labels
from khlang.report.publish import publish_directory
from khlang.report.render import environment

_SLUG_UNSAFE = re.compile(r"[^a-z0-9_-]+")
_SLUG_MAX = 80
_RETENTION = re.compile(r"^(\d+)\s*([ymwd])$")
_RETENTION_UNITS = {"y": ("ปี", "year"), "m": ("เดือน", "month"), "w": ("สัปดาห์", "week"), "d": ("วัน", "day")}
_ROLES = ("business_owner", "digital_owner", "steward")


def build_site(model: dict, out_dir: Path) -> list[Path]:
    """Render the catalogue model to out_dir (index.html, datasets/<slug>.html, systems/<slug>.html)."""
    env = environment()
    datasets = [_dataset_view(ds) for ds in model.get("datasets") or []]
    _assign_slugs(datasets)
    systems = [_system_view(s) for s in model.get("systems") or []]
    _assign_slugs(systems, key="code", prefix="system")
    _link_systems_and_lineage(datasets, systems)
    glossary = _glossary_view(model.get("glossary") or [], datasets)
    site = _site_view(model, datasets)
    site["systems"] = systems
    site["glossary"] = glossary
    site["search_index"].update({f"term:{t['slug']}": _term_search_text(t) for t in glossary})
    site["reports"] = _reports_view(model.get("reports"), Path(out_dir), systems)
    site["governance"] = model.get("governance")

    def write(root: Path) -> list[Path]:
        written = []
        for relative, template, context in _pages(site, datasets):
            html = env.get_template(template).render(site=site, **context)
            written.append(_write_page(root / relative, html))
        return written

    return publish_directory(Path(out_dir), write)


def _pages(site: dict, datasets: list[dict]) -> Iterator[tuple[Path, str, dict]]:
    """Every page of the site: (path relative to the root, template, context)."""
    yield Path("index.html"), "index.html.j2", {"datasets": datasets, "root": ""}
    for ds in datasets:
        yield Path("datasets") / f"{ds['slug']}.html", "dataset.html.j2", {"ds": ds, "root": "../"}
    for system in site.get("systems") or []:
        yield Path("systems") / f"{system['slug']}.html", "system.html.j2", {"system": system, "root": "../"}
    if site.get("glossary"):
        yield Path("glossary.html"), "glossary.html.j2", {"terms": site["glossary"], "root": ""}
    if site.get("governance"):
        yield Path("governance.html"), "governance.html.j2", {"g": site["governance"], "root": ""}


def _write_page(path: Path, html: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


def slugify(name: object, prefix: str = "dataset") -> str:
    """A file-name-safe slug; names that slug to nothing get a stable hash instead."""
    text = unicodedata.normalize("NFKC", str(name)).lower()
    slug = _SLUG_UNSAFE.sub("-", text).strip("-_.")[:_SLUG_MAX]
    return slug or f"{prefix}-" + _short_hash(name)


def _short_hash(value: object) -> str:
    return hashlib.sha256(str(value).encode("utf-8")).hexdigest()[:10]


def _assign_slugs(items: list[dict], key: str = "name", prefix: str = "dataset") -> None:
    """Slug every item; two names that slug alike both keep pages, told apart by a hash."""
    seen: set[str] = set()
    for item in items:
        slug = slugify(item[key], prefix)
        if slug in seen:
            slug = f"{slug}-{_short_hash(item[key])}"
        seen.add(slug)
        item["slug"] = slug


def _system_view(system: dict) -> dict:
    """One system of the EA inventory with every optional part filled in."""
    tech = system.get("technology") or {}
    return {
        "code": str(system.get("code") or ""),
        "name_th": system.get("name_th") or "",
        "name_en": system.get("name_en") or "",
        "capability": system.get("capability") or "",
        "owning_unit": system.get("owning_unit") or "",
        "owning_unit_name": system.get("owning_unit_name") or system.get("owning_unit") or "",
        "owners": {role: _person_view(system.get(role)) for role in ("business_owner", "digital_owner")},
        "datasets": [
            {"name": str(d.get("name") or ""), "title_th": d.get("title_th") or "", "title_en": d.get("title_en") or "",
             "kind": d.get("kind") or "", "classification": d.get("classification") or "", "slug": None}
            for d in system.get("datasets") or []
        ],
        "technology": {k: tech.get(k) or ""
                       for k in ("database", "database_version", "hosting", "platform", "language")},
        "security_controls": [str(c) for c in system.get("security_controls") or []],
        "go_live": system.get("go_live"),
        "ea_state": system.get("ea_state") or "",
        "project": system.get("project") or "",
        "target_date": system.get("target_date"),
        "description": system.get("description") or "",
        "findings": [
            {"finding": f.get("finding") or "", "severity": f.get("severity") or "low", "detail": f.get("detail") or "",
             "subject": f.get("subject") or "", "source": f.get("source") or "ea",
             "code": f.get("code") or str(f.get("finding") or "").split(":")[-1], "dataset": f.get("dataset")}
            for f in system.get("findings") or []
        ],
        # the system's part of the EA's other views (khlang.ea.views): services, interfaces, servers
        "services": list(system.get("services") or []),
        "interfaces": list(system.get("interfaces") or []),
        "servers": list(system.get("servers") or []),
    }


def _link_systems_and_lineage(datasets: list[dict], systems: list[dict]) -> None:
    """Cross-links between dataset and system pages, and each dataset's lineage laid out with its links."""
    from khlang.lineage.layout import layout

    dataset_slugs = {ds["name"]: ds["slug"] for ds in datasets}
    system_slugs = {s["code"]: s["slug"] for s in systems}
    for system in systems:
        for d in system["datasets"]:
            d["slug"] = dataset_slugs.get(d["name"])
    for ds in datasets:
        ds["system_slug"] = system_slugs.get(ds["source_system"])
        empty = {"width": 0, "height": 0, "nodes": [], "edges": []}
        drawn: dict[str, Any] = layout(ds["lineage"]) if ds["lineage"] else empty
        for node in drawn["nodes"]:
            node["href"] = None
            if node["focus"]:
                continue
            if node["kind"] == "dataset" and node["name"] in dataset_slugs:
                node["href"] = f"{dataset_slugs[node['name']]}.html"
            elif node["kind"] == "system" and node["name"] in system_slugs:
                node["href"] = f"../systems/{system_slugs[node['name']]}.html"
        ds["lineage_drawing"] = drawn


def _glossary_view(terms: list[dict], datasets: list[dict]) -> list[dict]:
    """The glossary's terms (effective status) with links to the dataset pages; each dataset and column gets the
    terms that describe it."""
    by_name = {ds["name"]: ds for ds in datasets}
    out: list[dict[str, Any]] = []
    for t in terms:
        view: dict[str, Any] = {
            "id": str(t.get("id") or ""), "term_th": t.get("term_th") or "", "term_en": t.get("term_en") or "",
            "definition_th": t.get("definition_th") or "", "definition_en": t.get("definition_en") or "",
            "status": t.get("status") or "draft", "approved_on": t.get("approved_on"),
            "changed_since_approval": bool(t.get("changed_since_approval")),
            "steward": _person_view(t.get("steward")), "see_also": [str(x) for x in t.get("see_also") or []],
            "datasets": [], "columns": [],
        }
        for name in t.get("datasets") or []:
            ds = by_name.get(name)
            view["datasets"].append({"name": name, "slug": ds["slug"] if ds else None,
                                     "title_th": ds["title_th"] if ds else ""})
        for ref in t.get("columns") or []:
            name, _, column = str(ref).partition(".")
            ds = by_name.get(name)
            view["columns"].append({"dataset": name, "column": column, "slug": ds["slug"] if ds else None})
        out.append(view)
    _assign_slugs(out, key="id", prefix="term")
    slugs = {t["id"]: t["slug"] for t in out}
    for t in out:
        t["see_also"] = [{"id": x, "slug": slugs.get(x)} for x in t["see_also"]]
    for ds in datasets:
        ds["terms"] = []
        columns = {col["name"]: col for col in ds["columns"]}
        for t in out:
            cols = [c["column"] for c in t["columns"] if c["dataset"] == ds["name"]]
            if any(d["name"] == ds["name"] for d in t["datasets"]) or cols:
                ds["terms"].append({**_term_ref(t), "definition_th": t["definition_th"],
                                    "definition_en": t["definition_en"], "columns": cols})
            for c in cols:
                if c in columns:
                    columns[c]["terms"].append(_term_ref(t))
    return out


def _term_ref(t: dict) -> dict:
    return {"id": t["id"], "slug": t["slug"], "term_th": t["term_th"], "term_en": t["term_en"], "status": t["status"]}


def _term_search_text(t: dict) -> str:
    """What the search box matches for a glossary term: its names, definitions, steward, datasets and columns."""
    parts: list[Any] = [t["id"], t["term_th"], t["term_en"], t["definition_th"], t["definition_en"]]
    parts += labels.label(labels.GLOSSARY_STATUSES, t["status"])
    if t["steward"]:
        parts += [t["steward"]["name"], t["steward"]["unit"]]
    parts += [d["name"] for d in t["datasets"]] + [f"{c['dataset']}.{c['column']}" for c in t["columns"]]
    return _normalise(" ".join(str(p) for p in parts if p))


def _site_view(model: dict, datasets: list[dict]) -> dict:
    org = model.get("organisation") or {}
    kind_counts = {kind: 0 for kind in labels.KINDS}
    for ds in datasets:
        kind_counts[ds["kind"]] = kind_counts.get(ds["kind"], 0) + 1
    classifications = list(labels.CLASSIFICATIONS)
    classifications += sorted({ds["classification"] for ds in datasets} - set(classifications))
    issues = [dict(issue, dataset=ds["name"], dataset_slug=ds["slug"]) for ds in datasets for issue in ds["issues"]]
    issues += [dict(_issue_view(i), dataset=str(i.get("dataset") or ""), dataset_slug=None)
               for i in model.get("other_issues") or []]
    issues.sort(key=lambda i: (-SEVERITY_RANK.get(i["severity"], 0), i["due"] or "", i["id"]))
    all_gaps = [dict(gap, dataset=ds["name"], dataset_slug=ds["slug"]) for ds in datasets for gap in ds["gaps"]]
    all_gaps.sort(key=lambda g: (-labels.SEVERITY_RANK.get(g["severity"], 0), g["dataset"], g["code"]))
    return {
        "generated_at": model.get("generated_at"),
        "all_gaps": all_gaps,
        "issues": issues,
        "issues_by_severity": [
            {"label": lab, "count": n} for sev, lab in committee_labels.SEVERITIES.items()
            if (n := sum(1 for i in issues if i["severity"] == sev))
        ],
        "failing_total": sum(len(ds["failing"]) for ds in datasets),
        "organisation": {
            "name_th": org.get("name_th") or "",
            "name_en": org.get("name_en") or "",
            "abbreviation": org.get("abbreviation") or "",
        },
        "snapshot": model.get("snapshot"),
        "kind_counts": kind_counts,
        "classifications": classifications,
        "total_gaps": sum(len(ds["gaps"]) for ds in datasets),
        "gaps_by_severity": {
            sev: sum(1 for ds in datasets for gap in ds["gaps"] if gap["severity"] == sev)
            for sev in labels.SEVERITIES
        },
        "undeclared": [
            {"name": str(u.get("name") or ""), "source": u.get("source") or "", "row_count": u.get("row_count")}
            for u in model.get("undeclared") or []
        ],
        "search_index": {ds["slug"]: _search_text(ds) for ds in datasets},
    }


def _dataset_view(ds: dict) -> dict:
    """One dataset with every optional part filled in, so templates never guess."""
    columns = [_column_view(col) for col in ds.get("columns") or []]
    personal = ds.get("personal_data") or {}
    gaps = [
        {"code": g.get("code") or "", "detail": g.get("detail") or "", "severity": g.get("severity") or "low"}
        for g in ds.get("gaps") or []
    ]
    gaps.sort(key=lambda g: -labels.SEVERITY_RANK.get(g["severity"], 0))
    gd = ds.get("gd_catalog") or {}
    gd_fields = [
        {"key": key, "label": label, "value": _display_value(gd.get(key))}
        for key, label in labels.GD_CATALOG_FIELDS.items()
    ]
    gd_extra = [
        {"key": key, "value": _display_value(value)}
        for key, value in gd.items()
        if key not in labels.GD_CATALOG_FIELDS and _display_value(value)
    ]
    quality = _quality_view(ds.get("quality"))
    failing = quality["failing"] if quality else []
    issues = [_issue_view(i) for i in ds.get("issues") or []]
    problems = len(gaps) + len(failing) + len(issues)
    return {
        "quality": quality,
        "failing": failing,
        "issues": issues,
        "scanned_at": ds.get("scanned_at"),
        "problems": problems,
        # never "no problems" while a gap, a failing check or an open issue remains, nor before any check
        "status": "problems" if problems else ("clear" if quality else "unknown"),
        "name": str(ds.get("name") or ""),
        "pending_approval": bool(ds.get("pending_approval")),
        "title_th": ds.get("title_th") or "",
        "title_en": ds.get("title_en") or "",
        "kind": ds.get("kind") or "",
        "description": ds.get("description") or "",
        "source": ds.get("source") or "",
        "source_system": ds.get("source_system") or "",
        "object": ds.get("object") or "",
        "classification": ds.get("classification") or "",
        "owners": {role: _person_view(ds.get(role)) for role in _ROLES},
        "lifecycle": _lifecycle_view(ds.get("lifecycle") or {}),
        "update_frequency": ds.get("update_frequency") or "",
        "tags": [str(t) for t in ds.get("tags") or []],
        "personal_data": {
            "contains_pii": bool(personal.get("contains_pii")),
            "categories": [str(c) for c in personal.get("categories") or []],
            "lawful_basis": personal.get("lawful_basis") or "",
        },
        "pii": bool(personal.get("contains_pii")) or any(col["pii"] for col in columns),
        "row_count": ds.get("row_count"),
        "columns": columns,
        "drift": [
            {"change": d.get("change") or "", "column": d.get("column"), "detail": d.get("detail") or ""}
            for d in ds.get("drift") or []
        ],
        "undeclared_pii_columns": [col["name"] for col in columns if col["pii"] and not col["pii_declared"]],
        "gaps": gaps,
        "past_retention": any(g["code"] == "past_retention" for g in gaps),
        "worst_severity": gaps[0]["severity"] if gaps else "",
        "gd_fields": gd_fields,
        "gd_missing": sum(1 for f in gd_fields if not f["value"]),
        "gd_extra": gd_extra,
        "lineage": _lineage_view(ds.get("lineage")),
    }


def _quality_view(quality: dict | None) -> dict | None:
    """Scores per dimension (overall first) and the failing checks, every code with its label; None: not checked."""
    if not quality:
        return None
    scores = quality.get("scores") or {}
    order = list(committee_labels.DIMENSIONS)
    dims = sorted(scores, key=lambda d: (order.index(d) if d in order else len(order), d))
    overall = (scores.get("overall") or {}).get("score")
    return {
        "checked_at": quality.get("checked_at"),
        "overall": overall,
        "dimensions": [
            {"dimension": d, "label": labels.label(committee_labels.DIMENSIONS, d),
             "score": scores[d].get("score"), "checks": scores[d].get("checks")}
            for d in dims if d != "overall"
        ],
        "failing": [_failing_view(f) for f in quality.get("failing") or []],
    }


def _failing_view(f: dict) -> dict:
    element, unexpected = f.get("element_count"), f.get("unexpected_count")
    return {
        "check": str(f.get("check") or ""),
        "column": f.get("column") or "",
        "kind": labels.label(labels.CHECK_KINDS, f.get("kind")),
        "type": str(f.get("type") or ""),
        "type_label": labels.label(labels.CHECK_TYPES, f.get("type")),
        "dimension": labels.label(committee_labels.DIMENSIONS, f.get("dimension")),
        "severity": str(f.get("severity") or ""),
        "severity_label": labels.label(committee_labels.SEVERITIES, f.get("severity")),
        "element_count": element,
        "unexpected_count": unexpected,
        "error": f.get("error") or "",
    }


def _issue_view(issue: dict) -> dict:
    return {
        "id": issue.get("id"),
        "title": str(issue.get("title") or ""),
        "severity": str(issue.get("severity") or ""),
        "severity_label": labels.label(committee_labels.SEVERITIES, issue.get("severity")),
        "status": str(issue.get("status") or ""),
        "status_label": labels.label(committee_labels.STATUSES, issue.get("status")),
        "due": issue.get("due"),
        "overdue_days": int(issue.get("overdue_days") or 0),
    }


def _reports_view(reports: dict | None, out_dir: Path, systems: list[dict]) -> list[dict] | None:
    """The reports beside the site, each linked relative to the site's root (so the site works from disk)."""
    if reports is None:
        return None
    root = out_dir.resolve()
    names = {s["code"]: s for s in systems}
    out = []
    for kind, title in labels.REPORT_KINDS.items():
        items = []
        for r in reports.get(kind) or []:
            href = Path(os.path.relpath(Path(r["path"]).resolve(), root)).as_posix()
            system = names.get(r.get("code") or "") if kind == "pir" else None
            th = r.get("label_th") or ""
            en = r.get("label_en") or ""
            if system:
                th, en = f"{r['code']} {system['name_th']}".strip(), f"{r['code']} {system['name_en']}".strip()
            items.append({"code": r.get("code") or "", "href": href, "label": labels.Label(th, en) if th else None})
        out.append({"kind": kind, "title": title, "entries": items})
    return out


def _lineage_view(graph: dict | None) -> dict | None:
    """The declared lineage graph, with labels as text (escaped by the template, never trusted)."""
    if not graph or not graph.get("nodes"):
        return None
    return {
        "dataset": str(graph.get("dataset") or ""),
        "nodes": [
            {"id": str(n.get("id") or ""), "kind": str(n.get("kind") or ""), "name": str(n.get("name") or ""),
             "label": str(n.get("label") or n.get("name") or ""), "label_en": str(n.get("label_en") or ""),
             "known": bool(n.get("known", True))}
            for n in graph.get("nodes") or []
        ],
        "edges": [{"from": str(e.get("from")), "to": str(e.get("to"))} for e in graph.get("edges") or []],
        "upstream": [str(i) for i in graph.get("upstream") or []],
        "downstream": [str(i) for i in graph.get("downstream") or []],
    }


def _lifecycle_view(lifecycle: dict) -> dict:
    view = {
        key: lifecycle.get(key)
        for key in ("stage", "created_on", "retention", "retain_until", "destroy_method")
    }
    view["retention_label"] = retention_label(view["retention"])
    return view


def retention_label(retention: object) -> str:
    """'10y' -> '10 ปี · 10 years', 'permanent' -> 'ถาวร · Permanent'; else shown as written."""
    if retention in (None, ""):
        return ""
    text = str(retention).strip().lower()
    if text in ("permanent", "indefinite", "forever"):
        return "ถาวร · Permanent"
    match = _RETENTION.match(text)
    if not match:
        return str(retention)
    count, unit = int(match.group(1)), match.group(2)
    th, en = _RETENTION_UNITS[unit]
    return f"{count} {th} · {count} {en}{'' if count == 1 else 's'}"


def _column_view(col: dict) -> dict:
    return {
        "name": str(col.get("name") or ""),
        "type": col.get("type") or "",
        "description": col.get("description") or "",
        "null_count": col.get("null_count"),
        "distinct_count": col.get("distinct_count"),
        "pii": col.get("pii") or "",
        "pii_declared": bool(col.get("pii_declared")),
        "terms": [],
    }


def _person_view(person: dict | None) -> dict | None:
    if not person:
        return None
    return {
        "id": person.get("id") or "",
        "name": person.get("name") or person.get("id") or "",
        "unit": person.get("unit") or "",
        "email": person.get("email") or "",
    }


def _display_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(v) for v in value if v not in (None, ""))
    return str(value).strip()


def _search_text(ds: dict) -> str:
    """What the search box matches against, normalised as the page's script normalises queries."""
    parts: list[Any] = [ds["name"], ds["title_th"], ds["title_en"], ds["description"], ds["source_system"]]
    parts += labels.label(labels.KINDS, ds["kind"])
    parts += labels.label(labels.CLASSIFICATIONS, ds["classification"])
    parts += ds["tags"]
    for person in ds["owners"].values():
        if person:
            parts += [person["name"], person["unit"]]
    for col in ds["columns"]:
        parts += [col["name"], col["description"]]
    for term in ds.get("terms") or []:
        parts += [term["term_th"], term["term_en"]]
    return _normalise(" ".join(str(p) for p in parts if p))


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()
