"""Keeping evidence files: refused unless small enough and of an accepted kind by their bytes; audited; read back
only by people allowed to see what they are attached to."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from khlang.dates import as_utc, utcnow
from khlang.declarations import Catalog
from khlang.evidence import files, permissions  # noqa: F401 — permissions registers evidence.read
from khlang.evidence.kinds import KINDS, MacroDocument, detect
from khlang.evidence.records import EvidenceRecord
from khlang.evidence.subjects import SUBJECTS
from khlang.governance.people import GovernanceError, NotFound
from khlang.identity import Actor, PermissionDenied, allowed, audit
from khlang.store import Store

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
READ_BLOCK = 1 << 20
_ID = re.compile(r"[0-9a-f]{32}")


class EvidenceRefused(GovernanceError):
    """A file that is not accepted as evidence (too big, empty, of a refused kind); nothing was written."""

    def __init__(self, message: str, field: str = "file"):
        self.field = field
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class EvidenceFile:
    """One attached file as people see it: what it is (by its bytes), who attached it, to what."""

    id: str
    sha256: str
    size: int
    media_type: str
    kind: str
    filename: str
    stored_at: dt.datetime
    by: str
    username: str
    subject_type: str
    subject_id: str

    @property
    def download_name(self) -> str:
        """The name to save it as, with the extension of what it really is (a PDF named .png saves as .pdf)."""
        stem, _dot, ext = self.filename.rpartition(".")
        ext_ok = ext.lower() in {KINDS[self.kind].extension, self.kind}
        base = self.filename if ext_ok else (stem or self.filename)
        return base if ext_ok else f"{base}.{KINDS[self.kind].extension}"

    @property
    def label_th(self) -> str:
        return KINDS[self.kind].label_th

    @property
    def label_en(self) -> str:
        return KINDS[self.kind].label_en


def max_bytes() -> int:
    """The size limit, KHLANG_EVIDENCE_MAX_BYTES (default 20 MB)."""
    raw = os.environ.get("KHLANG_EVIDENCE_MAX_BYTES", "").strip().replace("_", "")
    if not raw:
        return DEFAULT_MAX_BYTES
    if not raw.isdigit() or int(raw) <= 0:
        raise GovernanceError(f"KHLANG_EVIDENCE_MAX_BYTES: expected a positive number of bytes, got {raw!r}")
    return int(raw)


def _read_limited(data: bytes | bytearray | memoryview | BinaryIO, limit: int) -> bytes:
    """At most `limit` bytes; a stream is read only one block past the limit, so a huge upload is not held."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        body = bytes(data)
    else:
        chunks, total = [], 0
        while total <= limit:
            block = data.read(min(READ_BLOCK, limit + 1 - total))
            if not block:
                break
            chunks.append(block)
            total += len(block)
        body = b"".join(chunks)
    if len(body) > limit:
        raise EvidenceRefused(f"larger than the limit of {_size_text(limit)} (KHLANG_EVIDENCE_MAX_BYTES) — "
                              "ไฟล์มีขนาดเกินกำหนด")
    if not body:
        raise EvidenceRefused("the file is empty — ไฟล์ว่างเปล่า")
    return body


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def clean_filename(filename: str | None) -> str:
    """The name as given, for display only (storage never uses it): no folders, no control characters."""
    name = unicodedata.normalize("NFC", str(filename or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    return name[:200] or "evidence"


def _kind_of(body: bytes) -> str:
    try:
        kind = detect(body)
    except MacroDocument:
        raise EvidenceRefused("office documents with macros are not accepted; save it without macros "
                              "(e.g. .docx/.xlsx) or as PDF — ไม่รับเอกสารที่มีแมโคร") from None
    if kind is None:
        accepted = ", ".join(KINDS)
        raise EvidenceRefused(f"not an accepted kind of file by its content (accepted: {accepted}) — "
                              "ชนิดไฟล์ไม่อยู่ในรายการที่รับ")
    return kind.code


def _subject(subject_type: str, subject_id: object) -> tuple[str, str]:
    if subject_type not in SUBJECTS:
        raise EvidenceRefused(f"unknown subject type {subject_type!r} (known: {', '.join(SUBJECTS)})",
                              field="subject_type")
    text = str(subject_id).strip() if subject_id is not None else ""
    if not text or len(text) > 200:
        raise EvidenceRefused("the id of what the evidence is attached to is required (at most 200 characters)",
                              field="subject_id")
    return subject_type, text


def record_evidence(session: Session, actor: Actor, data: bytes | BinaryIO, filename: str, *, subject_type: str,
                    subject_id: object) -> EvidenceFile:
    """Keep a file as evidence in the caller's transaction (the bytes are on disk before the row is added)."""
    subject_type, subject_id = _subject(subject_type, subject_id)
    body = _read_limited(data, max_bytes())
    kind = _kind_of(body)
    sha256 = hashlib.sha256(body).hexdigest()
    files.keep(body, sha256)
    row = EvidenceRecord(id=uuid.uuid4().hex, sha256=sha256, size=len(body), kind=kind,
                         media_type=KINDS[kind].media_type, filename=clean_filename(filename),
                         subject_type=subject_type, subject_id=subject_id, stored_at=utcnow(),
                         by=actor.acting_person, username=actor.username, channel=actor.channel)
    session.add(row)
    evidence = _as_file(row)
    audit(session, actor, "evidence.store", "evidence", row.id,
          after={"sha256": sha256, "size": len(body), "media_type": row.media_type, "filename": row.filename,
                 "subject_type": subject_type, "subject_id": subject_id})
    return evidence


def store_evidence(store: Store, actor: Actor, data: bytes | BinaryIO, filename: str, *, subject_type: str,
                   subject_id: object) -> EvidenceFile:
    """Keep a file as evidence in its own transaction: over-size or refused kinds write nothing."""
    with store.transaction() as session:
        return record_evidence(session, actor, data, filename, subject_type=subject_type, subject_id=subject_id)


ReadCheck = Callable[[Actor, EvidenceFile], bool]


def may_read(session: Session, catalog: Catalog, actor: Actor, evidence: EvidenceFile) -> bool:
    """True when the rules let `actor` read evidence attached to this subject (action evidence.read)."""

    target = SUBJECTS[evidence.subject_type](session, catalog, evidence.subject_id)
    if target is None:  # what it was attached to no longer exists: only the rules without an object apply
        target = {}
    return allowed(catalog, actor, "evidence.read", **target)


def open_evidence(store: Store, catalog: Catalog, actor: Actor, evidence_id: str, *,
                  check: ReadCheck | None = None) -> tuple[EvidenceFile, bytes]:
    """The file and its bytes, for someone allowed to see what it is attached to (else PermissionDenied)."""
    with store.reading() as session:
        row = session.get(EvidenceRecord, evidence_id) if _ID.fullmatch(str(evidence_id or "")) else None
        if row is None:
            raise NotFound(f"evidence {evidence_id!r}: no such evidence file — ไม่พบไฟล์หลักฐาน")
        evidence = _as_file(row)
        ok = check(actor, evidence) if check is not None else may_read(session, catalog, actor, evidence)
    if not ok:
        raise PermissionDenied(f"ไม่มีสิทธิ์เปิดไฟล์หลักฐาน — {actor.acting_person} ({actor.username}) may not read "
                               f"evidence of {evidence.subject_type} {evidence.subject_id}")
    return evidence, files.read(evidence.sha256)


def evidence_for(session: Session, subject_type: str, subject_id: object) -> list[EvidenceFile]:
    """The files attached to one subject, oldest first."""
    rows = session.scalars(select(EvidenceRecord).where(
        EvidenceRecord.subject_type == subject_type, EvidenceRecord.subject_id == str(subject_id),
    ).order_by(EvidenceRecord.stored_at, EvidenceRecord.id))
    return [_as_file(row) for row in rows]


def _as_file(row: EvidenceRecord) -> EvidenceFile:
    return EvidenceFile(id=row.id, sha256=row.sha256, size=row.size, media_type=row.media_type, kind=row.kind,
                        filename=row.filename, stored_at=as_utc(row.stored_at), by=row.by, username=row.username,
                        subject_type=row.subject_type, subject_id=row.subject_id)
