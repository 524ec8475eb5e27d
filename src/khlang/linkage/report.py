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
from khlang.store import Store

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


def build_register_report(model: dict, out_dir: Path, catalog: Catalog | None = None,
                          store: Store | None = None) -> list[Path]:
    """Write out_dir/index.html, replacing the previous report only once the new one is complete.

    Given the catalogue and the store, the memo to the Director (memo-linkage.pdf, สงพท.-08, numbered in the
    store) is printed beside it and published with it.
    """
    from khlang.report.memo import write_memos

    env = environment()
    html = env.get_template("linkage_register.html.j2").render(
        site=model, report=model, root="../catalog/", labels=labels)

    def write(root: Path) -> list[Path]:
        path = root / "index.html"
        path.write_text(html, encoding="utf-8")
        if catalog is None or store is None:
            return [path]
        return [path, *write_memos(catalog, store, [memo(model)], root, previous=Path(out_dir))]

    return publish_directory(Path(out_dir), write)


def memo(model: dict):  # noqa: ANN201 - a khlang.report.memo.Memo
    """The month's report of linkages with external agencies (สงพท.-08's evidence) as a memo to the Director."""
    from khlang.report.memo import Memo, MemoTable, day_text

    as_of = dt.date.fromisoformat(model["as_of"])
    status = labels.LINKAGE_STATUSES
    counts = model["status_counts"]
    rows = [row for agency in model["agencies"] for row in agency["linkages"]]
    findings = model["findings"]
    paras = (
        f"ตามขั้นตอนการปฏิบัติงาน สงพท.-08 การเชื่อมโยงข้อมูลกับหน่วยงานภายนอก ขอรายงานทะเบียนการเชื่อมโยงข้อมูล "
        f"ณ วันที่ {day_text(as_of)} มีการเชื่อมโยงข้อมูลทั้งหมด {model['linkage_count']:,} รายการ กับหน่วยงานภายนอก "
        f"{len(model['agencies']):,} หน่วยงาน อนุมัติและขึ้นทะเบียนแล้ว {counts.get('approved', 0):,} รายการ "
        f"รอ ผอก. พิจารณา {counts.get('awaiting_decision', 0):,} รายการ",
        f"พบข้อตรวจพบ {len(findings):,} เรื่อง ตามตารางข้อตรวจพบ" if findings else "ไม่พบข้อตรวจพบจากการตรวจสอบทะเบียน",
    )
    tables = (
        MemoTable.of("จำนวนการเชื่อมโยงข้อมูลตามสถานะ", ["สถานะ", "จำนวน"],
                     [[status[code].th, n] for code, n in counts.items() if n], numeric=(1,)),
        MemoTable.of("ทะเบียนการเชื่อมโยงข้อมูลกับหน่วยงานภายนอก",
                     ["รหัส", "หน่วยงาน", "วัตถุประสงค์", "สถานะ", "ตั้งแต่", "ข้อตรวจพบ"],
                     [[r["id"], r["agency"], r["purpose"], labels.label(status, r["status"]).th,
                       day_text(r["status_since"]), len(r["findings"])] for r in rows], numeric=(5,)),
        MemoTable.of("ข้อตรวจพบ", ["รหัส", "หน่วยงาน", "ระดับ", "ข้อตรวจพบ"],
                     [[f["id"], f["agency"], labels.label(labels.SEVERITIES, f["severity"]).th,
                       labels.label(labels.LINKAGE_FINDINGS, f["finding"]).th] for f in findings]),
    )
    key = f"{as_of.year}-{as_of.month:02d}"
    return Memo("linkage", key, "รายงานการเชื่อมโยงข้อมูลกับหน่วยงานภายนอก ประจำเดือน"
                f"{labels_month(as_of)}", f"ณ วันที่ {day_text(as_of)}", paras, tables,
                dt.datetime.fromisoformat(model["generated_at"]))


def labels_month(day: dt.date) -> str:
    """'พฤศจิกายน 2569'."""
    from khlang.dates import THAI_MONTHS, be_year

    return f"{THAI_MONTHS[day.month - 1]} {be_year(day)}"
