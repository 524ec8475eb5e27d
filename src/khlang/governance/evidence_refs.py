"""Checks shared by the workflow writes: an evidence file that exists and belongs to the record, a date that has
already happened."""

from __future__ import annotations

from sqlalchemy.orm import Session

from khlang.evidence.records import EvidenceRecord
from khlang.governance.people import GovernanceError
from khlang.identity.dates import not_in_future

__all__ = ["check_evidence", "not_in_future"]


def check_evidence(session: Session, evidence_id: str, *subjects: tuple[str, str],
                   field_name: str = "evidence_id") -> str:
    """An evidence id names a stored file attached to (one of) `subjects`: (type, id) pairs such as ("linkage", lid)."""
    row = session.get(EvidenceRecord, evidence_id) if evidence_id.isalnum() and len(evidence_id) <= 64 else None
    if row is None:
        raise GovernanceError(f"{field_name}: no evidence file {evidence_id!r} — attach the file first "
                              "in the console · ไม่พบไฟล์หลักฐาน")
    if subjects and (row.subject_type, row.subject_id) not in subjects:
        wanted = " or ".join(f"{t} {i}" for t, i in subjects)
        raise GovernanceError(f"{field_name}: evidence {evidence_id} is attached to {row.subject_type} "
                              f"{row.subject_id}, not to {wanted}")
    return evidence_id
