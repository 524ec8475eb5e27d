"""Report memos (บันทึกข้อความ): the PDFs the backup, restore-test, program-backup, linkage and PIR reports send up,
read back with pdftotext — the memo's fields, its document number and B.E. date, and every cell of its tables."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess

import pytest

from khlang.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def pdf_text(path) -> str:
    # -raw: the text in the order the page was drawn (cell after cell), hyphens at line ends kept
    done = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True)
    return done.stdout


def squash(text: str) -> str:
    """Without whitespace: a cell wrapped over two lines of the PDF still reads as the cell."""
    return re.sub(r"\s+", "", text)


def check_memo(pdf, memo, catalog, number: str) -> str:
    """The memo's fields, number, B.E. long date and every table cell are in the PDF's text."""
    from khlang.dates import format_be, today_bangkok
    from khlang.report.memo import issuer

    text = pdf_text(pdf)
    flat = squash(text)
    for field in ("บันทึกข้อความ", "ส่วนราชการ", "ที่", "วันที่", "เรื่อง", "เรียน", "จึงเรียนมาเพื่อโปรดทราบ",
                  "ความเห็น/ข้อสั่งการของผู้อำนวยการ", "(ลงชื่อ)"):
        assert field in text, field
    _unit, unit_name, signer, position = issuer(catalog, memo.kind)
    assert squash(unit_name) in flat and squash(signer) in flat and squash(position) in flat
    assert squash("เรียน ผู้อำนวยการองค์การคลังสินค้า") in flat
    assert number in text, number
    assert format_be(today_bangkok(), long=True) in text, "วันที่ in the long B.E. form"
    assert squash(memo.subject) in flat and memo.form.form in text
    assert "นายสุรเชษฐ์ วัฒนากุล" in text, "the Director's acknowledgement block names the Director"
    for paragraph in memo.paragraphs:
        assert squash(paragraph) in flat, paragraph
    for table in memo.tables:
        assert squash(table.caption) in flat
        for heading in table.headers:
            assert squash(heading) in flat, heading
        for row in table.rows:
            for cell in row:
                assert squash(cell) in flat, (table.caption, cell)
    return text


@pytest.fixture
def backup_month(capsys, khlang_env, monkeypatch):
    from khlang.backup.tasks import as_of_moment
    from khlang.dates import BANGKOK

    monkeypatch.delenv("KHLANG_BACKUP_PG_URL", raising=False)
    assert run(capsys, "backup", "snapshot", "--system", "LEGACY_WMS")[0] == 0
    assert run(capsys, "backup", "snapshot", "--system", "LEGACY_WMS", "--part", "programs")[0] == 0
    assert run(capsys, "backup", "verify")[0] == 0
    assert run(capsys, "backup", "restore-test", "LEGACY_WMS", "--against", "source")[0] == 0
    local = as_of_moment(None).astimezone(BANGKOK)
    return local.year, local.month


def test_backup_report_prints_three_memos_with_their_forms_numbers_and_every_cell(capsys, khlang_env, backup_month):
    from khlang.backup.declarations import load_backups
    from khlang.backup.report import Period, memos, report_model
    from khlang.dates import be_year, today_bangkok
    from khlang.declarations import load_catalog
    from khlang.store import open_store

    year, month = backup_month
    code, out, err = run(capsys, "backup", "report", "--period", f"{year + 543}-{month:02d}")
    assert code == 0, err
    folder = khlang_env / "reports" / "backup" / f"{year}-{month:02d}"
    assert (folder / "index.html").is_file()
    index = json.loads((folder / "memos.json").read_text(encoding="utf-8"))
    assert [(e["kind"], e["form"], e["file"]) for e in index] == [
        ("backup", "สงบข.-04", "memo-backup.pdf"), ("restore", "สงบข.-05", "memo-restore.pdf"),
        ("programs", "สงพท.-06", "memo-programs.pdf")]
    be = be_year(today_bangkok())
    numbers = {e["kind"]: e["number"] for e in index}
    # Numbers run per unit and year: สงบข. (DBA) gives 1 and 2, สงพท. (DTD) its own 1.
    assert numbers == {"backup": f"อคส. DBA/{be}/1", "restore": f"อคส. DBA/{be}/2", "programs": f"อคส. DTD/{be}/1"}

    catalog = load_catalog(khlang_env / "catalog")
    store = open_store(f"sqlite:///{khlang_env / 'var' / 'khlang.db'}")
    period = Period.month(year, month)
    model = report_model(store, load_backups(catalog), period, {"name_th": "", "name_en": "", "abbreviation": ""})
    by_kind = {m.kind: m for m in memos(model)}
    assert model["restore_tests"] and model["restore_tests"][0]["tables"], "the restore test compared tables"
    for kind, memo in by_kind.items():
        text = check_memo(folder / f"memo-{kind}.pdf", memo, catalog, numbers[kind])
        assert ("LEGACY_WMS" in text) or not memo.tables[0].rows
    restore_text = pdf_text(folder / "memo-restore.pdf")
    assert "สงบข.-05" in restore_text and "ผ่าน" in restore_text
    assert any(t["name"] in restore_text for t in model["restore_tests"][0]["tables"])

    # Rebuilt: the same numbers (a report keeps its number); nothing changed, so the very same files (the sha256
    # the Director acknowledges holds); a new verification changes the backup memo only.
    def shas() -> dict:
        return {k: hashlib.sha256((folder / f"memo-{k}.pdf").read_bytes()).hexdigest() for k in numbers}

    first = shas()
    assert run(capsys, "backup", "report", "--period", f"{year}-{month:02d}")[0] == 0
    again = json.loads((folder / "memos.json").read_text(encoding="utf-8"))
    assert {e["kind"]: e["number"] for e in again} == numbers
    assert shas() == first and [e["date"] for e in again] == [e["date"] for e in index]
    assert run(capsys, "backup", "verify")[0] == 0
    assert run(capsys, "backup", "report", "--period", f"{year}-{month:02d}")[0] == 0
    changed = shas()
    assert changed["backup"] != first["backup"] and changed["restore"] == first["restore"]
    assert {e["kind"]: e["number"] for e in json.loads((folder / "memos.json").read_text(encoding="utf-8"))} == numbers
    previous = period.previous()
    assert run(capsys, "backup", "report", "--period", previous.slug)[0] == 0
    other = json.loads((khlang_env / "reports" / "backup" / previous.slug / "memos.json").read_text(encoding="utf-8"))
    assert {e["kind"]: e["number"] for e in other} == {
        "backup": f"อคส. DBA/{be}/3", "restore": f"อคส. DBA/{be}/4", "programs": f"อคส. DTD/{be}/2"}
    store.close()


def test_no_pdf_writes_the_page_only(capsys, khlang_env, backup_month):
    year, month = backup_month
    assert run(capsys, "backup", "report", "--period", f"{year}-{month:02d}", "--no-pdf")[0] == 0
    folder = khlang_env / "reports" / "backup" / f"{year}-{month:02d}"
    assert (folder / "index.html").is_file() and not list(folder.glob("*.pdf"))
    assert not (folder / "memos.json").exists()


def test_linkage_report_memo(capsys, khlang_env):
    from khlang.dates import be_year, today_bangkok
    from khlang.declarations import load_catalog
    from khlang.linkage.report import memo, report_model
    from khlang.linkage.runs import check_register
    from khlang.store import open_store

    assert run(capsys, "linkage", "report", "--as-of", "2569-11-25")[0] == 0
    folder = khlang_env / "reports" / "linkage"
    (entry,) = json.loads((folder / "memos.json").read_text(encoding="utf-8"))
    assert entry["kind"] == "linkage" and entry["key"] == "2026-11" and entry["form"] == "สงพท.-08"
    assert entry["number"] == f"อคส. DTO/{be_year(today_bangkok())}/1"
    catalog = load_catalog(khlang_env / "catalog")
    store = open_store(f"sqlite:///{khlang_env / 'var' / 'khlang.db'}")
    from khlang.dates import parse_date, utcnow

    model = report_model(check_register(catalog, store, parse_date("2569-11-25")), catalog, utcnow())
    expected = memo(model)
    assert expected.tables[1].rows, "the register has linkages"
    text = check_memo(folder / "memo-linkage.pdf", expected, catalog, entry["number"])
    assert "25 พ.ย. 2569" in text
    store.close()


def test_pir_report_memo_has_the_scores(capsys, khlang_env, tmp_path):
    from khlang.dates import be_year, parse_date, today_bangkok
    from khlang.declarations import load_catalog
    from khlang.declarations.systems import load_systems
    from khlang.pir.report import memo, report_model
    from khlang.store import open_store

    survey = tmp_path / "s.csv"
    survey.write_text("หน่วยงาน,ผู้ตอบ,ใช้งานง่าย (ease),ตรงความต้องการ (fit),ข้อเสนอแนะ\n"
                      "WHS,นายลับ เฉพาะ,5,4,อยากได้รายงานรายวัน\n"
                      "DTD,นางสาวซ่อน ชื่อ,3,4,\n", encoding="utf-8")
    assert run(capsys, "pir", "record", "DW", "--survey", str(survey), "--invited", "WHS=2,DTD=2")[0] == 0
    assert run(capsys, "pir", "report", "DW", "--as-of", "2569-11-25")[0] == 0
    folder = khlang_env / "reports" / "pir" / "DW"
    (entry,) = json.loads((folder / "memos.json").read_text(encoding="utf-8"))
    assert entry["form"] == "สงพท.-03" and entry["number"] == f"อคส. DTD/{be_year(today_bangkok())}/1"
    catalog = load_catalog(khlang_env / "catalog")
    system = load_systems(catalog)["DW"]
    store = open_store(f"sqlite:///{khlang_env / 'var' / 'khlang.db'}")
    expected = memo(report_model(catalog, system, store, parse_date("2569-11-25")))
    text = check_memo(folder / "memo-pir.pdf", expected, catalog, entry["number"])
    assert "4.00" in text and "50.0%" in text and "อยากได้รายงานรายวัน" in text
    assert "นายลับ" not in text and "นางสาวซ่อน" not in text, "respondents are never named"
    store.close()


def test_memo_issuers_are_checked_against_units_and_active_people(tmp_path):
    import shutil
    from pathlib import Path

    from khlang.declarations import load_catalog
    from khlang.errors import DeclarationError

    catalog = tmp_path / "catalog"
    shutil.copytree(Path(__file__).resolve().parents[1] / "catalog", catalog)
    path = catalog / "organisation.yaml"
    original = path.read_text(encoding="utf-8")
    text = original.replace("backup: {unit: DBA, signer: p04}", "backup: {unit: NOPE, signer: p04}")
    text = text.replace("restore: {unit: DBA, signer: p04}", "restore: {unit: DBA, signer: p09}")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DeclarationError) as err:
        load_catalog(catalog)
    line = next(i for i, x in enumerate(text.splitlines(), 1) if "unit: NOPE" in x)
    msg = str(err.value)
    assert f"{path}:{line}: organisation.memos.backup.unit: unknown unit 'NOPE'" in msg
    assert "organisation.memos.restore.signer" not in msg  # a signer who left is a gap, not an error

    path.write_text(original.replace("pir: {unit: DTD, signer: p03}", "minutes: {unit: DTD, signer: p03}"),
                    encoding="utf-8")
    with pytest.raises(DeclarationError) as err:
        load_catalog(catalog)
    assert "organisation.memos.minutes" in str(err.value), "a memo kind that does not exist is refused"


def test_document_numbers_run_per_unit_and_year_and_are_never_reused(store_url):
    import datetime as dt

    from sqlalchemy import select

    from khlang.report.memo import document_number
    from khlang.report.memo_records import MemoNumber
    from khlang.store import open_store

    store = open_store(store_url)
    nov, jan = dt.date(2026, 11, 30), dt.date(2027, 1, 2)
    assert document_number(store, "backup:2026-11", "DBA", nov, "อคส.") == "อคส. DBA/2569/1"
    assert document_number(store, "restore:2026-11", "DBA", nov, "อคส.") == "อคส. DBA/2569/2"
    assert document_number(store, "programs:2026-11", "DTD", nov, "อคส.") == "อคส. DTD/2569/1"
    # A report keeps its number, even built again in another year.
    assert document_number(store, "backup:2026-11", "DBA", jan, "อคส.") == "อคส. DBA/2569/1"
    assert document_number(store, "backup:2026-12", "DBA", jan, "อคส.") == "อคส. DBA/2570/1"
    assert document_number(store, "restore:2026-12", "DBA", jan, "อคส.") == "อคส. DBA/2570/2"
    with store.reading() as s:
        rows = [(r.report, r.unit, r.be_year, r.number) for r in s.scalars(select(MemoNumber).order_by(MemoNumber.id))]
    assert len(rows) == 5 and len({(u, y, n) for _r, u, y, n in rows}) == 5
    store.close()


def test_parallel_builds_never_share_a_number(store_url):
    import datetime as dt
    from concurrent.futures import ThreadPoolExecutor

    from khlang.report.memo import document_number
    from khlang.store import open_store

    store = open_store(store_url)
    day = dt.date(2026, 11, 30)
    reports = [f"pir:S{i}" for i in range(8)] * 2  # each report twice, at once
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda r: (r, document_number(store, r, "DTD", day)), reports))
    by_report = {}
    for report, number in got:
        by_report.setdefault(report, set()).add(number)
    assert all(len(numbers) == 1 for numbers in by_report.values()), "a report keeps one number"
    assert sorted(n for (n,) in by_report.values()) == sorted(f"DTD/2569/{i}" for i in range(1, 9))
    store.close()


def test_every_memo_kind_is_declarable_named_and_labelled():
    import typing

    from khlang.declarations.models import MemoKind
    from khlang.report.labels import MEMO, MEMO_KINDS
    from khlang.report.memo import FORMS

    assert set(typing.get_args(MemoKind)) == set(FORMS), "organisation.memos declares exactly the memo kinds"
    for kind, form in FORMS.items():
        label = MEMO_KINDS[kind]
        assert label.th.startswith(form.form) and label.en.startswith(form.form), kind
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in label.th.removeprefix(form.form)), kind
    for key, label in MEMO.items():
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in label.th) and label.en.isascii(), key
