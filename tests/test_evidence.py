"""Evidence files: typed by their bytes, size-limited, kept once per sha256 with mode 0600 outside the reports,
audited, and read back only by people allowed to see what they are attached to (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
import stat
from pathlib import Path

import evidence_files as ef
import pytest
from sqlalchemy import func, select

from khlang.declarations import load_catalog
from khlang.evidence import EvidenceRefused, evidence_for, open_evidence, store_evidence
from khlang.evidence.files import EvidenceStorageError
from khlang.evidence.kinds import KINDS
from khlang.evidence.records import EvidenceRecord
from khlang.governance.people import NotFound
from khlang.identity import SCHEDULER, PermissionDenied, actor_for
from khlang.identity.audit import audit_entries
from khlang.store import open_store

REPO = Path(__file__).resolve().parents[1]
DEPOSITORS = {"subject_type": "dataset", "subject_id": "depositors"}


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """An installation with the repo's catalogue, its own var/ and reports/."""
    home = tmp_path / "home"
    shutil.copytree(REPO / "catalog", home / "catalog")
    monkeypatch.setenv("KHLANG_HOME", str(home))
    monkeypatch.setenv("KHLANG_VAR_DIR", str(home / "var"))
    monkeypatch.delenv("KHLANG_REPORTS_DIR", raising=False)
    monkeypatch.delenv("KHLANG_EVIDENCE_MAX_BYTES", raising=False)
    return home


@pytest.fixture
def catalog(home):
    return load_catalog(home / "catalog")


@pytest.fixture
def store(store_url, home):
    """The store on SQLite and on PostgreSQL."""
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture
def local_store(tmp_path, home):
    """SQLite only, for the many cases about file contents (the store plays no part in recognising them)."""
    s = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    yield s
    s.close()


def who(catalog, pid: str):
    return actor_for(catalog, pid, f"user-{pid}", (), "console", "10.0.0.5")


def stored_files(home: Path) -> list[Path]:
    root = home / "var" / "evidence"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def row_count(store) -> int:
    with store.reading() as s:
        return s.scalar(select(func.count()).select_from(EvidenceRecord))


def test_a_pdf_named_png_is_stored_as_pdf_0600_outside_reports(store, catalog, home):
    steward = who(catalog, "p06")
    got = store_evidence(store, steward, ef.PDF, "สแกนบันทึกประชุม.png", **DEPOSITORS)
    assert (got.kind, got.media_type, got.size) == ("pdf", "application/pdf", len(ef.PDF))
    assert got.sha256 == hashlib.sha256(ef.PDF).hexdigest() and got.filename == "สแกนบันทึกประชุม.png"
    assert got.download_name == "สแกนบันทึกประชุม.pdf"
    assert got.by == "p06" and got.username == "user-p06"
    [path] = stored_files(home)
    assert path == home / "var" / "evidence" / got.sha256[:2] / got.sha256
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert path.read_bytes() == ef.PDF
    reports = home / "reports"
    assert reports not in path.parents and not list(home.glob("reports/**/*"))
    assert not list(path.parent.glob(".*.tmp"))  # written atomically: no staging file left


@pytest.mark.parametrize("kind, data", [
    ("pdf", ef.PDF), ("png", ef.png()), ("jpeg", ef.JPEG), ("gif", ef.GIF), ("webp", ef.WEBP),
    ("docx", ef.ooxml("docx")), ("xlsx", ef.ooxml("xlsx")), ("pptx", ef.ooxml("pptx")),
    ("odt", ef.odf("application/vnd.oasis.opendocument.text")),
    ("ods", ef.odf("application/vnd.oasis.opendocument.spreadsheet")),
    ("doc", ef.legacy_doc()), ("xls", ef.legacy_xls()),
])
def test_every_accepted_kind_is_recognised_by_its_bytes_whatever_its_name(local_store, catalog, kind, data):
    got = store_evidence(local_store, who(catalog, "p06"), data, "file.bin", **DEPOSITORS)
    assert got.kind == kind and got.media_type == KINDS[kind].media_type
    assert got.download_name == f"file.{KINDS[kind].extension}"


@pytest.mark.parametrize("name, data, reason", [
    ("setup.pdf", ef.EXE, "not an accepted kind"),
    ("report.pdf", ef.HTML, "not an accepted kind"),
    ("chart.png", ef.SVG, "not an accepted kind"),
    ("chart.svg", ef.SVG, "not an accepted kind"),
    ("scan.pdf", ef.HTML_THEN_PDF, "not an accepted kind"),
    ("minutes.docx", ef.plain_zip(), "not an accepted kind"),
    ("minutes.docx", ef.ooxml("docm"), "macros"),
    ("minutes.docx", ef.ooxml("docx", vba=True), "macros"),
    ("minutes.doc", ef.legacy_doc(macros=True), "macros"),
    ("budget.xls", ef.legacy_xls(macros=True), "macros"),
    ("minutes.odt", ef.odf("application/vnd.oasis.opendocument.text", basic=True), "macros"),
    ("drawing.odt", ef.odf("application/vnd.oasis.opendocument.graphics"), "not an accepted kind"),
    ("secret.docx", ef.encrypted_ooxml(), "not an accepted kind"),
    ("notes.pdf", "บันทึก".encode() * 10, "not an accepted kind"),
    ("empty.pdf", b"", "empty"),
])
def test_refused_files_write_nothing(local_store, catalog, home, name, data, reason):
    with pytest.raises(EvidenceRefused, match=reason) as err:
        store_evidence(local_store, who(catalog, "p06"), data, name, **DEPOSITORS)
    assert err.value.field == "file" and err.value.exit_code == 2
    assert stored_files(home) == [] and row_count(local_store) == 0
    with local_store.reading() as s:
        assert audit_entries(s, object_type="evidence") == []


def test_over_the_size_limit_is_refused_with_nothing_written(store, catalog, home, monkeypatch):
    monkeypatch.setenv("KHLANG_EVIDENCE_MAX_BYTES", "1000")
    at_limit = ef.PDF.ljust(1000, b" ")
    big = at_limit + b" "
    with pytest.raises(EvidenceRefused, match="larger than the limit"):
        store_evidence(store, who(catalog, "p06"), big, "big.pdf", **DEPOSITORS)
    assert stored_files(home) == [] and row_count(store) == 0
    assert store_evidence(store, who(catalog, "p06"), at_limit, "ok.pdf", **DEPOSITORS).size == 1000


def test_a_huge_upload_stream_is_not_read_past_the_limit(local_store, catalog, home, monkeypatch):
    monkeypatch.setenv("KHLANG_EVIDENCE_MAX_BYTES", str(2 * 1024 * 1024))

    class Endless(io.RawIOBase):
        served = 0

        def read(self, n=-1):
            n = 65536 if n is None or n < 0 else n
            self.served += n
            return (ef.PDF if self.served == n else b"") + b"\x00" * n

    stream = Endless()
    with pytest.raises(EvidenceRefused, match="larger than the limit"):
        store_evidence(local_store, who(catalog, "p06"), stream, "dump.pdf", **DEPOSITORS)
    assert stream.served <= 2 * 1024 * 1024 + 1 and stored_files(home) == []


def test_the_default_limit_is_20_mb(local_store, catalog, home):
    body = ef.PDF + b"\x00" * (20 * 1024 * 1024 + 1 - len(ef.PDF))
    with pytest.raises(EvidenceRefused, match="20.0 MB"):
        store_evidence(local_store, who(catalog, "p06"), io.BytesIO(body), "x.pdf", **DEPOSITORS)


def test_same_content_twice_shares_storage_with_random_ids(store, catalog, home):
    steward, owner = who(catalog, "p06"), who(catalog, "p01")
    a = store_evidence(store, steward, ef.png(), "a.png", **DEPOSITORS)
    b = store_evidence(store, owner, io.BytesIO(ef.png()), "b.png", subject_type="unit", subject_id="WHS")
    assert a.sha256 == b.sha256 and a.id != b.id
    assert all(len(x.id) == 32 and int(x.id, 16) >= 0 for x in (a, b))
    assert stored_files(home) == [home / "var" / "evidence" / a.sha256[:2] / a.sha256]
    with store.reading() as s:
        assert [e.id for e in evidence_for(s, "dataset", "depositors")] == [a.id]
        assert [e.id for e in evidence_for(s, "unit", "WHS")] == [b.id]


def test_every_store_is_audited_with_its_actor(store, catalog):
    steward = who(catalog, "p06")
    got = store_evidence(store, steward, ef.PDF, "rca.pdf", **DEPOSITORS)
    with store.reading() as s:
        [entry] = audit_entries(s, object_type="evidence")
    assert (entry.action, entry.object_id, entry.person, entry.username, entry.channel, entry.address) == (
        "evidence.store", got.id, "p06", "user-p06", "console", "10.0.0.5")
    assert entry.after["sha256"] == got.sha256 and entry.after["subject_id"] == "depositors"


def test_an_administrator_recording_on_behalf_is_kept(store, catalog):
    admin = actor_for(catalog, "p14", "admin", ("admin",), "cli").for_person("p06", "ส่งเอกสารทางอีเมล")
    got = store_evidence(store, admin, ef.PDF, "rca.pdf", **DEPOSITORS)
    assert got.by == "p06" and got.username == "admin"
    with store.reading() as s:
        [entry] = audit_entries(s, object_type="evidence")
    assert (entry.person, entry.on_behalf_of, entry.reason) == ("p14", "p06", "ส่งเอกสารทางอีเมล")


def test_folder_parts_of_a_name_are_dropped_and_storage_never_uses_the_name(local_store, catalog, home):
    got = store_evidence(local_store, who(catalog, "p06"), ef.PDF, "../../etc/pass\x00wd.pdf", **DEPOSITORS)
    assert got.filename == "passwd.pdf"
    assert [p.name for p in stored_files(home)] == [got.sha256]


@pytest.mark.parametrize("subject_type, subject_id, field", [("meeting", "x", "subject_type"),
                                                             ("issue", "", "subject_id")])
def test_unknown_subject_is_refused(local_store, catalog, home, subject_type, subject_id, field):
    with pytest.raises(EvidenceRefused) as err:
        store_evidence(local_store, who(catalog, "p06"), ef.PDF, "x.pdf", subject_type=subject_type,
                       subject_id=subject_id)
    assert err.value.field == field and stored_files(home) == []


def test_evidence_is_never_kept_under_the_reports_folder(store, catalog, home, monkeypatch):
    monkeypatch.setenv("KHLANG_REPORTS_DIR", str(home / "var"))
    with pytest.raises(EvidenceStorageError, match="reports folder"):
        store_evidence(store, who(catalog, "p06"), ef.PDF, "x.pdf", **DEPOSITORS)
    assert row_count(store) == 0 and not (home / "var" / "evidence").exists()


# ---- reading back ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("pid, may", [
    ("p06", True), ("p01", True), ("p03", True),     # steward, business owner, digital owner of depositors
    ("p13", True), ("p10", True),                    # the auditor reads everything; the Director
    ("p08", False), ("p04", False),                  # an accountant of FIN; a DT analyst (not a linkage)
    ("p09", False),                                  # has left
])
def test_reading_dataset_evidence_follows_the_permission_rules(local_store, catalog, pid, may):
    got = store_evidence(local_store, who(catalog, "p06"), ef.PDF, "x.pdf", **DEPOSITORS)
    if may:
        meta, data = open_evidence(local_store, catalog, who(catalog, pid), got.id)
        assert meta == got and data == ef.PDF
    else:
        with pytest.raises(PermissionDenied, match="ไม่มีสิทธิ์"):
            open_evidence(local_store, catalog, who(catalog, pid), got.id)


def test_reading_issue_evidence_goes_by_the_issue(store, catalog):
    from khlang.governance.lifecycle import new_issue
    from khlang.governance.people import assignees

    with store.transaction() as s:
        issue = new_issue(fp="t" * 16, source="manual", origin_kind="manual", code="manual",
                          category="low_data_quality", title="t", detail="t", severity="high", weight=1.0,
                          dataset="depositors", column=None, unit="WHS", dimension=None,
                          people=assignees(catalog, "depositors"), on=dt.date(2026, 11, 20), actor="p06")
        s.add(issue)
        s.flush()
        issue_id = issue.id
    got = store_evidence(store, who(catalog, "p06"), ef.PDF, "fix.pdf", subject_type="issue", subject_id=issue_id)
    assert open_evidence(store, catalog, who(catalog, "p03"), got.id)[1] == ef.PDF
    with pytest.raises(PermissionDenied):
        open_evidence(store, catalog, who(catalog, "p08"), got.id)


def test_reading_linkage_evidence_by_dt_analysts_and_legal(store, catalog):
    from khlang.linkage.register import load_register

    linkage = next(iter(load_register(catalog).entries.values()))
    got = store_evidence(store, who(catalog, "p04"), ef.PDF, "tech.pdf", subject_type="linkage", subject_id=linkage.id)
    for pid in ("p04", "p12", "p10"):  # DT analyst, legal officer, Director
        assert open_evidence(store, catalog, who(catalog, pid), got.id)[1] == ef.PDF
    owners = {getattr(catalog.datasets[d], r) for d in linkage.datasets for r in ("steward", "business_owner")}
    outsider = next(p for p in ("p08", "p05", "p07") if p not in owners)
    with pytest.raises(PermissionDenied):
        open_evidence(store, catalog, who(catalog, outsider), got.id)


def test_a_callable_can_decide_who_reads(local_store, catalog):
    got = store_evidence(local_store, who(catalog, "p06"), ef.PDF, "x.pdf", **DEPOSITORS)
    seen = []
    meta, data = open_evidence(local_store, catalog, SCHEDULER, got.id, check=lambda a, e: seen.append(e.id) or True)
    assert data == ef.PDF and meta.id == got.id
    assert seen == [got.id]
    with pytest.raises(PermissionDenied):
        open_evidence(local_store, catalog, who(catalog, "p06"), got.id, check=lambda a, e: False)


@pytest.mark.parametrize("evidence_id", ["0" * 32, "1", "../../etc/passwd", "", "A" * 32])
def test_unknown_or_malformed_ids_are_not_found(local_store, catalog, evidence_id):
    with pytest.raises(NotFound):
        open_evidence(local_store, catalog, who(catalog, "p06"), evidence_id)


def test_a_file_changed_on_disk_is_never_served(store, catalog, home):
    got = store_evidence(store, who(catalog, "p06"), ef.PDF, "x.pdf", **DEPOSITORS)
    [path] = stored_files(home)
    path.write_bytes(ef.PDF.replace(b"595", b"596"))
    with pytest.raises(EvidenceStorageError, match="no longer matches"):
        open_evidence(store, catalog, who(catalog, "p06"), got.id)
    # storing the original again repairs the copy
    again = store_evidence(store, who(catalog, "p06"), ef.PDF, "x.pdf", **DEPOSITORS)
    assert open_evidence(store, catalog, who(catalog, "p06"), again.id)[1] == ef.PDF


def test_every_kind_has_thai_and_english_labels():
    for kind in KINDS.values():
        assert kind.label_th and kind.label_en and any("\u0e00" <= c <= "\u0e7f" for c in kind.label_th)
