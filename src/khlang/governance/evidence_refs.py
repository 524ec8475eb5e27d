"""Checks shared by the workflow writes: an evidence file that exists, and a date that has already happened."""


from __future__ import annotations

import importlib.util

from sqlalchemy import text
from sqlalchemy.orm import Session

from khlang.governance.people import GovernanceError
from khlang.identity.dates import not_in_future


__all__ = ["check_evidence", "evidence_available", "not_in_future"]


def evidence_available() -> bool:
    """Whether khlang.evidence (evidence files in the store) is part of this installation."""
    return importlib.util.find_spec("khlang.evidence") is not None


def check_evidence(session: Session, evidence_id: str, field_name: str = "evidence_id") -> None:
    """An evidence id must name a stored evidence file (when evidence files exist in this installation)."""
    if not evidence_available():
        return
    found = session.execute(text("SELECT 1 FROM evidence_files WHERE id = :id"), {"id": evidence_id}).first()
    if found is None:
        raise GovernanceError(f"{field_name}: no evidence file {evidence_id!r} (upload it first: "
                              "khlang evidence add / the console's attach button)")
