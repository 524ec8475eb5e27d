"""The Thai government memo (บันทึกข้อความ) a procedure's report is sent up in, printed to PDF.

One renderer for every report that goes to the Director: ส่วนราชการ (the issuing unit of organisation.yaml's
`memos`), ที่ (a document number อคส. <unit code>/<B.E. year>/<running number>, given once per report and kept in
the store, never given twice), วันที่ in the long B.E. form with Arabic digits (1 ธันวาคม 2569), เรื่อง, เรียน
ผู้อำนวยการ, the body paragraphs and tables, the signature block of the person who signs for the unit, and a block
for the Director's acknowledgement. The PDF is printed by the same headless Chromium as the committee report
(khlang.report.committee.print_pdf) and written atomically.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import func, select

from khlang import atomic
from khlang.dates import be_year, format_be, to_bangkok, today_bangkok, utcnow
from khlang.declarations import Catalog
from khlang.registry import Registry
from khlang.report.labels import MEMO, MEMO_KINDS, Label
from khlang.report.memo_records import MemoNumber
from khlang.store import Store
from khlang.store.locks import run_lock

INDEX = "memos.json"


@dataclass(frozen=True)
class MemoForm:
    """A kind of report memo: the procedure form it answers and how it is named."""

    kind: str
    form: str  # the procedure's code, e.g. สงบข.-04
    title: Label

    @property
    def file_name(self) -> str:
        return f"memo-{self.kind}.pdf"


FORMS: Registry[str, MemoForm] = Registry("memo kind")
for _kind, _form in (("backup", "สงบข.-04"), ("restore", "สงบข.-05"), ("programs", "สงพท.-06"),
                     ("linkage", "สงพท.-08"), ("pir", "สงพท.-03")):
    FORMS.add(_kind, MemoForm(_kind, _form, MEMO_KINDS[_kind]))


@dataclass(frozen=True)
class MemoTable:
    """A table of the memo's body: a caption, the column headings and the rows, every cell as text."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()  # columns aligned right

    @classmethod
    def of(cls, caption: str, headers: Sequence[str], rows: Sequence[Sequence[object]],
           numeric: Sequence[int] = ()) -> MemoTable:
        return cls(caption, tuple(headers), tuple(tuple(cell_text(c) for c in row) for row in rows), tuple(numeric))


@dataclass(frozen=True)
class Memo:
    """What a report says in its memo: its kind and key (the report), subject, period, paragraphs and tables."""

    kind: str
    key: str
    subject: str
    period: str
    paragraphs: tuple[str, ...]
    tables: tuple[MemoTable, ...] = ()
    generated_at: dt.datetime = field(default_factory=utcnow)

    @property
    def form(self) -> MemoForm:
        return FORMS[self.kind]

    @property
    def report_id(self) -> str:
        """The report this memo sends up, as the store and the console name it: kind:key."""
        return f"{self.kind}:{self.key}"


@dataclass(frozen=True)
class IssuedMemo:
    """A memo with its header: the issuing unit, its document number and date, who signs it."""

    memo: Memo
    organisation: str
    unit_name: str
    number: str
    on: dt.date
    signer_name: str
    signer_position: str
    director_name: str = ""

    @property
    def date_text(self) -> str:
        return format_be(self.on, long=True)


def cell_text(value: object) -> str:
    """A table cell as people read it: numbers with thousands separators, nothing as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def issuer(catalog: Catalog, kind: str) -> tuple[str, str, str, str]:
    """(unit code, unit name, signer's name, signer's position) of a memo kind, from organisation.yaml."""
    org = catalog.organisation
    declared = org.memos.get(kind)  # type: ignore[call-overload]
    if declared is None:
        return "", f"{org.name_th} ({org.abbreviation})" if org.abbreviation else org.name_th, "", ""
    unit = catalog.units.get(declared.unit)
    person = catalog.person(declared.signer)
    return (declared.unit, unit.name_th if unit else declared.unit, person.name if person else "",
            (person.position or "") if person else "")


def document_number(store: Store, report_id: str, unit: str, on: dt.date, prefix: str = "") -> str:
    """The memo's number: the one this report already has, else the unit's next number of the B.E. year of `on`."""
    with store.transaction() as session:
        run_lock(session, "memo_number", unit)
        row = session.scalar(select(MemoNumber).where(MemoNumber.report == report_id))
        if row is None:
            year = be_year(on)
            last = session.scalar(select(func.max(MemoNumber.number)).where(MemoNumber.unit == unit,
                                                                            MemoNumber.be_year == year))
            row = MemoNumber(report=report_id, unit=unit, be_year=year, number=(last or 0) + 1, issued_on=on,
                             issued_at=utcnow())
            session.add(row)
            session.flush()
        return format_number(prefix, row.unit, row.be_year, row.number)


def format_number(prefix: str, unit: str, year: int, number: int) -> str:
    """'อคส. DBA/2569/7'."""
    body = f"{unit}/{year}/{number}" if unit else f"{year}/{number}"
    return f"{prefix} {body}".strip()


def issue(catalog: Catalog, store: Store, memo: Memo, on: dt.date | None = None) -> IssuedMemo:
    """Give the memo its header (and, the first time, its document number)."""
    day = on or today_bangkok()
    unit, unit_name, signer, position = issuer(catalog, memo.kind)
    org = catalog.organisation
    number = document_number(store, memo.report_id, unit, day, org.abbreviation or "")
    director = next((p.name for p in catalog.people.values() if p.active and "director" in p.roles), "")
    return IssuedMemo(memo, org.name_th, unit_name, number, day, signer, position, director)


def render_html(issued: IssuedMemo) -> str:
    """The memo as a self-contained A4 page (system Thai fonts, nothing fetched)."""
    from khlang.report.render import environment

    return environment().get_template("memo.html.j2").render(
        m=issued, memo=issued.memo, M=MEMO)


def print_memo(issued: IssuedMemo, pdf: Path) -> Path:
    """Print the memo to `pdf`, written whole or not at all."""
    from khlang.report.committee import print_pdf

    with tempfile.TemporaryDirectory(prefix="khlang-memo-") as tmp:
        page = Path(tmp) / "memo.html"
        page.write_text(render_html(issued), encoding="utf-8")
        printed = print_pdf(page, Path(tmp) / "memo.pdf")
        atomic.write_bytes(pdf, printed.read_bytes())
    return pdf


def content_hash(issued: IssuedMemo) -> str:
    """What the memo says apart from its date (and the template it is drawn with): unchanged, it is not reprinted."""
    from khlang.report.render import TEMPLATES

    m = issued.memo
    data = {"kind": m.kind, "key": m.key, "subject": m.subject, "period": m.period, "paragraphs": list(m.paragraphs),
            "tables": [[t.caption, list(t.headers), [list(r) for r in t.rows], list(t.numeric)] for t in m.tables],
            "header": [issued.organisation, issued.unit_name, issued.number, issued.signer_name,
                       issued.signer_position, issued.director_name],
            "template": hashlib.sha256((TEMPLATES / "memo.html.j2").read_bytes()).hexdigest()}
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def previous_memos(folder: Path | None) -> dict[str, dict]:
    """The memos a published folder holds now (its memos.json), by report id."""
    if folder is None or not (Path(folder) / INDEX).is_file():
        return {}
    try:
        entries = json.loads((Path(folder) / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(e.get("report")): e for e in entries if isinstance(e, dict)} if isinstance(entries, list) else {}


def write_memos(catalog: Catalog, store: Store, memos: Sequence[Memo], folder: Path,
                on: dt.date | None = None, previous: Path | None = None) -> list[Path]:
    """Print each memo into `folder` (memo-<kind>.pdf) and list them in memos.json; returns the files written.

    `previous` is the folder being replaced: a memo whose content has not changed since it was published there
    keeps its date and its very file (the same sha256, so the Director's acknowledgement of it still holds);
    a changed one is dated `on` (default today) and printed again.
    """
    written: list[Path] = []
    index = []
    previous = Path(previous) if previous is not None else None
    before = previous_memos(previous)
    for memo in memos:
        issued = issue(catalog, store, memo, on)
        digest = content_hash(issued)
        target = Path(folder) / memo.form.file_name
        old = before.get(memo.report_id)
        old_pdf = Path(previous) / str(old.get("file", "")) if previous is not None and old else None
        if (old and old.get("content") == digest and old_pdf is not None and old_pdf.parent == previous
                and old_pdf.is_file()):
            issued = replace(issued, on=dt.date.fromisoformat(old["date"]))
            pdf = atomic.write_bytes(target, old_pdf.read_bytes())
        else:
            pdf = print_memo(issued, target)
        written.append(pdf)
        index.append({"kind": memo.kind, "key": memo.key, "report": memo.report_id, "form": memo.form.form,
                      "number": issued.number, "date": issued.on.isoformat(), "subject": memo.subject,
                      "period": memo.period, "file": pdf.name, "content": digest,
                      "generated_at": memo.generated_at.isoformat()})
    if index:
        written.append(atomic.write_text(Path(folder) / INDEX, json.dumps(index, ensure_ascii=False, indent=2) + "\n"))
    return written


def period_text(start: dt.date, end: dt.date) -> str:
    """'1 พฤศจิกายน 2569 – 30 พฤศจิกายน 2569'."""
    return f"{format_be(start, long=True)} – {format_be(end, long=True)}"


def moment_text(moment: dt.datetime | str | None) -> str:
    """A stored moment as the memo writes it: '25 พ.ย. 2569 19:14 น.' (Asia/Bangkok)."""
    if moment is None or moment == "":
        return "—"
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    local = to_bangkok(moment)
    return f"{format_be(local.date())} {local:%H:%M} น."


def day_text(day: dt.date | str | None) -> str:
    """A date as the memo writes it in tables: '25 พ.ย. 2569'."""
    if day is None or day == "":
        return "—"
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return format_be(day)


__all__ = ["FORMS", "INDEX", "IssuedMemo", "Memo", "MemoForm", "MemoTable", "cell_text", "day_text",
           "document_number", "format_number", "issue", "issuer", "moment_text", "period_text", "print_memo",
           "render_html", "write_memos"]
