"""The register report (รายงานการเชื่อมโยงข้อมูลกับหน่วยงานภายนอก): by agency and by status, Thai and English.

It is the evidence the procedure asks for, so it is self-contained, printable and replaced whole.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from khlang.declarations import Catalog
from khlang.linkage.runs import CheckResult
from khlang.linkage.workflow import STATUSES
from khlang.report import labels
from khlang.report.publish import publish_directory
from khlang.report.render import environment

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def report_model(result: CheckResult, catalog: Catalog, generated_at: dt.datetime) -> dict:
    """Everything the report shows, as plain data."""
    findings_by_id: dict[str, list[dict]] = {}
    for f in result.findings:
        findings_by_id.setdefault(f.id, []).append(f.to_dict())
    rows = {lid: _row(result, catalog, lid, findings_by_id.get(lid, [])) for lid in result.states}
    agencies = []
    for agency, entries in result.register.by_agency().items():
        agencies.append({"agency": agency, "agency_en": entries[0].agency_en or "",
                         "linkages": [rows[e.id] for e in entries]})
    status_counts = {s: 0 for s in STATUSES}
    for row in rows.values():
        status_counts[row["status"]] += 1
    org = catalog.organisation
    return {
        "generated_at": generated_at.isoformat(),
        "as_of": result.as_of.isoformat(),
        "organisation": {"name_th": org.name_th, "name_en": org.name_en, "abbreviation": org.abbreviation or ""},
        "snapshot": None,
        "status_counts": status_counts,
        "agencies": agencies,
        "findings": [dict(f.to_dict(), agency=result.register.entries[f.id].agency) for f in result.findings],
        "linkage_count": len(rows),
    }


def _row(result: CheckResult, catalog: Catalog, lid: str, findings: list[dict]) -> dict:
    state = result.states[lid]
    entry = state.entry
    basis = result.register.bases.get(entry.legal_basis)
    return {
        "id": lid, "agency": entry.agency, "agency_en": entry.agency_en or "", "purpose": entry.purpose,
        "datasets": [{"name": n, "title_th": catalog.datasets[n].title_th if n in catalog.datasets else ""}
                     for n in entry.datasets],
        "direction": entry.direction, "method": entry.method, "frequency": entry.frequency,
        "status": state.status, "status_since": state.since.isoformat(),
        "register_outdated": state.register_outdated,
        "legal_basis": entry.legal_basis,
        "legal_basis_name": (basis.name_th if basis else entry.legal_basis),
        "legal_reference": entry.legal_reference or "",
        "requested_on": entry.requested_on.isoformat(),
        "decided_on": state.decided_on.isoformat() if state.decided_on else None,
        "expires_on": entry.agreement_expires_on.isoformat() if entry.agreement_expires_on else None,
        "last_exchange_on": entry.last_exchange_on.isoformat() if entry.last_exchange_on else None,
        "analyses": [
            {"kind": kind, "reference": a.reference, "completed_on": a.completed_on.isoformat(), "by": a.by or ""}
            for kind, a in (("technical_analysis", entry.technical_analysis), ("legal_analysis", entry.legal_analysis))
            if a is not None
        ],
        "history": [s.to_dict() for s in state.steps],
        "findings": sorted(findings, key=lambda f: SEVERITY_ORDER.get(f["severity"], 3)),
        "worst": min((f["severity"] for f in findings), key=lambda s: SEVERITY_ORDER.get(s, 3), default=""),
    }


def build_register_report(model: dict, out_dir: Path) -> list[Path]:
    """Write out_dir/index.html, replacing the previous report only once the new one is complete."""
    env = environment()
    html = env.get_template("linkage_register.html.j2").render(
        site=model, report=model, root="../catalog/", labels=labels)

    def write(root: Path) -> list[Path]:
        path = root / "index.html"
        path.write_text(html, encoding="utf-8")
        return [path]

    return publish_directory(Path(out_dir), write)
