"""Published reports and the Director's acknowledgement (รับทราบ) of each.

The reports are what the report writers published under KHLANG_REPORTS_DIR: the committee reports
(committee/<period>/index.pdf) and the memos of the procedures' reports, listed by each folder's memos.json
(backup/<period>/, linkage/, pir/<system>/). Acknowledging one is a store write like every other: the permission
is checked here (only the Director), the exact file is kept as an evidence file, and the acknowledgement (who,
when, the file's sha256) and its audit row are written in one transaction. The same file is acknowledged once;
a report rebuilt with other content is a new file and may be acknowledged again.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from khlang.dates import as_utc, utcnow
from khlang.declarations import Catalog
from khlang.governance.people import NotFound, StateConflict
from khlang.identity import Actor, audit, authorize
from khlang.report.labels import MEMO_KINDS, Label
from khlang.report.memo import INDEX
from khlang.report.memo_records import ReportAcknowledgement
from khlang.store import Store
from khlang.store.locks import run_lock

ACKNOWLEDGE = "report.director_ack"
KIND_ORDER = ("committee", "backup", "restore", "programs", "linkage", "pir")
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,80}")
_MEMO_FOLDERS = ("backup/*", "linkage", "pir/*")


@dataclass(frozen=True)
class PublishedReport:
    """One report as the reports page lists it: what it is, its memo's number and date, and its PDF."""

    kind: str
    key: str
    subject: str
    period: str
    number: str
    date: str
    form: str
    pdf: Path
    relative: str  # the PDF's path under the reports folder

    @property
    def report_id(self) -> str:
        return f"{self.kind}:{self.key}"

    @property
    def title(self) -> Label:
        return MEMO_KINDS.get(self.kind) or Label(self.kind, self.kind)

    def sha256(self) -> str:
        return hashlib.sha256(self.pdf.read_bytes()).hexdigest()


def published_reports(reports_dir: Path) -> list[PublishedReport]:
    """Every published report with a PDF, committee first, then by form and newest key first."""
    root = Path(reports_dir)
    found: list[PublishedReport] = []
    for pattern in _MEMO_FOLDERS:
        for folder in sorted(root.glob(pattern)):
            found += _memos_of(root, folder)
    for pdf in sorted(root.glob("committee/*/index.pdf")):
        key = pdf.parent.name
        if not _KEY.fullmatch(key):
            continue
        period = _committee_period(pdf.parent) or key
        found.append(PublishedReport("committee", key, "", period, "", "",
                                     "สงพท.-11", pdf, pdf.relative_to(root).as_posix()))
    rank = {k: i for i, k in enumerate(KIND_ORDER)}
    found.sort(key=lambda r: r.key, reverse=True)
    found.sort(key=lambda r: rank.get(r.kind, len(rank)))
    return found


def _memos_of(root: Path, folder: Path) -> list[PublishedReport]:
    index = folder / INDEX
    if not index.is_file():
        return []
    try:
        entries = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    out = []
    for e in entries if isinstance(entries, list) else []:
        if not isinstance(e, dict) or e.get("kind") not in MEMO_KINDS or not _KEY.fullmatch(str(e.get("key", ""))):
            continue
        pdf = folder / str(e.get("file", ""))
        if pdf.parent != folder or not pdf.is_file():
            continue
        out.append(PublishedReport(e["kind"], e["key"], str(e.get("subject", "")), str(e.get("period", "")),
                                   str(e.get("number", "")), str(e.get("date", "")), str(e.get("form", "")), pdf,
                                   pdf.relative_to(root).as_posix()))
    return out


def _committee_period(folder: Path) -> str | None:
    try:
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    period = summary.get("period") if isinstance(summary, dict) else None
    label = period.get("label_th") if isinstance(period, dict) else None
    return str(label) if label else None


def find_report(reports_dir: Path, kind: str, key: str) -> PublishedReport:
    """The published report kind:key, or NotFound."""
    for report in published_reports(reports_dir):
        if report.kind == kind and report.key == key:
            return report
    raise NotFound(f"report {kind}:{key}: no such published report — ไม่พบรายงาน")


def acknowledge_report(catalog: Catalog, store: Store, actor: Actor, reports_dir: Path, kind: str, key: str, *,
                       note: str | None = None) -> dict:
    """The Director acknowledges the report's PDF as it is now: kept as evidence, recorded once per sha256."""
    from khlang.evidence import record_evidence

    authorize(catalog, actor, ACKNOWLEDGE)
    report = find_report(reports_dir, kind, key)
    data = report.pdf.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    text = (note or "").strip() or None
    with store.transaction() as session:
        run_lock(session, "report_ack", report.report_id)
        same = session.scalar(select(ReportAcknowledgement.id).where(
            ReportAcknowledgement.report == report.report_id, ReportAcknowledgement.sha256 == sha256))
        if same is not None:
            raise StateConflict(f"{report.report_id}: this file (sha256 {sha256[:12]}…) is already acknowledged "
                                "— รับทราบรายงานฉบับนี้แล้ว")
        evidence = record_evidence(session, actor, data, report.pdf.name, subject_type="report",
                                   subject_id=report.report_id)
        row = ReportAcknowledgement(report=report.report_id, file=report.relative, sha256=sha256, size=len(data),
                                    document_number=report.number or None, evidence_id=evidence.id, note=text,
                                    by=actor.acting_person, recorded_by=actor.username, channel=actor.channel,
                                    reason=actor.reason, acknowledged_at=utcnow())
        session.add(row)
        session.flush()
        after = {"file": row.file, "sha256": sha256, "size": row.size, "document_number": row.document_number,
                 "evidence_id": evidence.id}
        audit(session, actor, ACKNOWLEDGE, "report", report.report_id, after=after, note=text)
    return {"id": row.id, "report": report.report_id, **after, "by": actor.acting_person,
            "acknowledged_at": row.acknowledged_at.isoformat()}


def acknowledgements(store: Store) -> dict[str, list[dict]]:
    """Every acknowledgement recorded, by report id, oldest first."""
    out: dict[str, list[dict]] = {}
    with store.reading() as session:
        for a in session.scalars(select(ReportAcknowledgement).order_by(ReportAcknowledgement.acknowledged_at,
                                                                        ReportAcknowledgement.id)):
            out.setdefault(a.report, []).append({
                "id": a.id, "file": a.file, "sha256": a.sha256, "size": a.size, "document_number": a.document_number,
                "evidence_id": a.evidence_id, "note": a.note, "by": a.by, "recorded_by": a.recorded_by,
                "channel": a.channel, "acknowledged_at": as_utc(a.acknowledged_at)})
    return out


__all__ = ["ACKNOWLEDGE", "PublishedReport", "acknowledge_report", "acknowledgements", "find_report",
           "published_reports"]
