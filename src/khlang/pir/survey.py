"""Satisfaction-survey CSV files (แบบสำรวจความพึงพอใจ) as units export them, validated line by line.

The file is UTF-8 (with or without BOM) or Windows Thai (cp874), as Excel saves it. Leading lines
starting with '#' are notes; `# invited: WHS=12, DTD=6` (or `# จำนวนผู้ได้รับแบบสอบถาม: ...`) gives the
number invited per unit for response rates. The header names the unit column (หน่วยงาน / unit),
optionally the respondent (ผู้ตอบ), the date (ประทับเวลา / วันที่) and a comment column
(ข้อเสนอแนะ); every other column is a question answered on a 1–5 Likert scale, written as 1–5,
Thai digits ๑–๕, or น้อยที่สุด / น้อย / ปานกลาง / มาก / มากที่สุด (blank: not answered).
Every problem is reported as `file:line: column N (header): message`, and nothing is stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from khlang.declarations.models import Unit
from khlang.errors import KhlangError, Problem

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
LIKERT_LABELS = {"มากที่สุด": 5, "มาก": 4, "ปานกลาง": 3, "น้อย": 2, "น้อยที่สุด": 1}
ROLES = {
    "unit": ("หน่วยงาน", "unit", "ส่วนงาน", "สังกัด", "department"),
    "respondent": ("ผู้ตอบ", "ผู้ตอบแบบสอบถาม", "ชื่อผู้ตอบ", "ชื่อ-นามสกุล", "respondent", "name"),
    "date": ("ประทับเวลา", "วันที่", "วันที่ตอบ", "timestamp", "date"),
    "comment": ("ข้อเสนอแนะ", "ข้อเสนอแนะเพิ่มเติม", "ความคิดเห็น", "comment", "comments", "suggestions"),
}
INVITED_KEYS = ("invited", "จำนวนผู้ได้รับแบบสอบถาม", "ผู้ได้รับแบบสอบถาม")
_DIGIT = re.compile(r"^([1-5])(?:\.0+)?(?:(?:\s*[-–=:(.)]\s*|\s+)(.*?)\)?)?$")
_PAREN = re.compile(r"^(.*?)\s*\((.*)\)\s*$")


class SurveyError(KhlangError):
    """A survey file that does not validate; nothing of it is recorded."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Response:
    """One respondent's line."""

    line: int
    unit: str
    respondent: str | None
    answered_on: dt.date | None
    answers: list[int | None]
    comment: str | None


@dataclass
class Survey:
    """A validated survey: its questions, responses and how many were invited per unit."""

    path: Path
    sha256: str
    questions: list[str]
    responses: list[Response]
    invited: dict[str, int] | None = None
    encoding: str = "utf-8"
    notes: list[str] = field(default_factory=list)


def parse_invited(text: str, units: dict[str, Unit],
                  where: tuple[str, int | None]) -> tuple[dict[str, int], list[Problem]]:
    """'WHS=12, DTD=6' (unit codes or names) → {code: n}."""
    out: dict[str, int] = {}
    problems: list[Problem] = []
    for part in re.split(r"[,;]", text):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        number = value.strip().translate(THAI_DIGITS)
        code = unit_code(key.strip(), units)
        if not sep or not number.isdigit():
            problems.append(Problem(where[0], where[1], "invited", f"{part.strip()!r}: write UNIT=NUMBER, e.g. WHS=12"))
        elif code is None:
            problems.append(Problem(where[0], where[1], "invited", f"unknown unit {key.strip()!r} ({_known(units)})"))
        elif code in out:
            problems.append(Problem(where[0], where[1], "invited", f"unit {code} is given twice"))
        elif int(number) <= 0:
            problems.append(Problem(where[0], where[1], "invited", f"unit {code}: invited must be at least 1"))
        else:
            out[code] = int(number)
    return out, problems


def unit_code(value: str, units: dict[str, Unit]) -> str | None:
    """The unit a cell names: its code, Thai or English name, or the abbreviation in the Thai name's brackets."""
    text = " ".join(value.split())
    if not text:
        return None
    folded = text.casefold()
    for code, unit in units.items():
        names = {code.casefold(), unit.name_th.casefold(), (unit.name_en or "").casefold()}
        m = _PAREN.match(unit.name_th)
        if m:
            names |= {m.group(1).casefold(), m.group(2).casefold(), m.group(2).rstrip(".").casefold()}
        if folded in names - {""} or folded.rstrip(".") in names - {""}:
            return code
    return None


def likert(value: str) -> int | None:
    """A Likert answer 1–5 from a cell; None when blank; ValueError when it is not one."""
    text = " ".join(value.translate(THAI_DIGITS).split())
    if not text:
        return None
    m = _DIGIT.match(text)
    if m:
        number = int(m.group(1))
        label = (m.group(2) or "").strip(" ()")
        if any(ch.isdigit() for ch in label):
            raise ValueError(f"{value!r} is not an answer on the 1–5 scale (1–5, ๑–๕, น้อยที่สุด … มากที่สุด)")
        if label in LIKERT_LABELS and LIKERT_LABELS[label] != number:
            raise ValueError(f"{value!r} says {number} but {label} is {LIKERT_LABELS[label]}")
        return number
    bare = text
    m2 = _PAREN.match(text)
    if m2:
        bare = m2.group(1)
        inner = m2.group(2).strip()
        if inner.isdigit() and bare in LIKERT_LABELS and LIKERT_LABELS[bare] != int(inner):
            raise ValueError(f"{value!r} says {inner} but {bare} is {LIKERT_LABELS[bare]}")
    if bare in LIKERT_LABELS:
        return LIKERT_LABELS[bare]
    raise ValueError(f"{value!r} is not an answer on the 1–5 scale (1–5, ๑–๕, น้อยที่สุด … มากที่สุด)")


def read_survey(path: Path, units: dict[str, Unit], invited: dict[str, int] | None = None) -> Survey:
    """Read and validate a survey file; raise SurveyError listing every problem."""
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SurveyError([Problem(name, None, "(file)", f"cannot read: {exc.strerror}")]) from None
    text, encoding = _decode(raw, path)
    problems: list[Problem] = []
    lines = text.splitlines(keepends=True)
    notes: list[str] = []
    file_invited: dict[str, int] | None = None
    start = 0
    while start < len(lines) and (not lines[start].strip() or lines[start].lstrip().startswith("#")):
        note = lines[start].strip().lstrip("#").strip()
        key, sep, rest = note.partition(":")
        if sep and key.strip().casefold() in INVITED_KEYS:
            parsed, errs = parse_invited(rest, units, (name, start + 1))
            problems += errs
            file_invited = parsed
        elif note:
            notes.append(note)
        start += 1
    reader = csv.reader(io.StringIO("".join(lines[start:])))
    try:
        header = next(reader)
    except StopIteration:
        raise SurveyError([Problem(name, None, "(file)", "no header line: the file has no survey table")]) from None
    header_line = start + 1
    roles, questions, qcols = _columns(header, name, header_line, problems)
    if "unit" not in roles:
        problems.append(Problem(name, header_line, "header", "no unit column (หน่วยงาน / unit)"))
    if not questions:
        problems.append(Problem(name, header_line, "header", "no question columns: every column other than "
                                                          "unit, respondent, date and comment is a question"))
    if problems:
        raise SurveyError(problems)

    responses: list[Response] = []
    seen: dict[tuple[str, str], int] = {}
    previous_end = reader.line_num
    for row in reader:
        line = start + previous_end + 1  # the physical line the record starts on
        previous_end = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(Problem(name, line, "(line)", f"{len(row)} fields, the header has {len(header)}"))
            continue
        response = _response(row, roles, qcols, header, units, name, line, problems)
        if response is None:
            continue
        if response.respondent:
            who = (response.unit, response.respondent.casefold())
            if who in seen:
                problems.append(Problem(name, line, _col(roles["respondent"], header),
                                        f"{response.respondent!r} of {response.unit} already answered "
                                        f"on line {seen[who]}"))
                continue
            seen[who] = line
        responses.append(response)
    if not responses and not problems:
        problems.append(Problem(name, None, "(file)", "no responses"))
    chosen = invited if invited is not None else file_invited
    if chosen is not None and responses:
        counts: dict[str, int] = {}
        for r in responses:
            counts[r.unit] = counts.get(r.unit, 0) + 1
        for unit, n in sorted(counts.items()):
            if unit not in chosen:
                problems.append(Problem(name, None, "invited", f"unit {unit} answered ({n}) but is not in the "
                                                               "invited list"))
            elif n > chosen[unit]:
                problems.append(Problem(name, None, "invited",
                                        f"unit {unit}: {n} responses but {chosen[unit]} invited"))
    if problems:
        raise SurveyError(problems)
    return Survey(path, hashlib.sha256(raw).hexdigest(), questions, responses, chosen, encoding, notes)


def _decode(raw: bytes, path: Path) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    else:
        encodings = ["utf-8", "cp874"]
    for enc in encodings:
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise SurveyError([Problem(str(path), None, "(file)", "not UTF-8 or Windows Thai (cp874) text")])


def _role(header: str) -> str | None:
    text = " ".join(header.split()).casefold()
    candidates = {text}
    m = _PAREN.match(text)
    if m:
        candidates |= {m.group(1).strip(), m.group(2).strip()}
    for role, names in ROLES.items():
        if candidates & {n.casefold() for n in names}:
            return role
    return None


def _columns(header: list[str], name: str, line: int,
             problems: list[Problem]) -> tuple[dict[str, int], list[str], list[int]]:
    roles: dict[str, int] = {}
    questions: list[str] = []
    qcols: list[int] = []
    seen: dict[str, int] = {}
    for i, cell in enumerate(header):
        title = " ".join(cell.split())
        where = f"column {i + 1}"
        if not title:
            problems.append(Problem(name, line, where, "empty column name"))
            continue
        if title.casefold() in seen:
            problems.append(Problem(name, line, f"{where} ({title})",
                                    f"same name as column {seen[title.casefold()] + 1}"))
            continue
        seen[title.casefold()] = i
        role = _role(title)
        if role and role not in roles:
            roles[role] = i
        else:
            questions.append(title)
            qcols.append(i)
    return roles, questions, qcols


def _col(index: int, header: list[str]) -> str:
    return f"column {index + 1} ({' '.join(header[index].split())})"


def _response(row: list[str], roles: dict[str, int], qcols: list[int], header: list[str], units: dict[str, Unit],
              name: str, line: int, problems: list[Problem]) -> Response | None:
    before = len(problems)
    unit_cell = row[roles["unit"]].strip()
    unit = unit_code(unit_cell, units)
    if unit is None:
        what = "no unit given" if not unit_cell else f"unknown unit {unit_cell!r}"
        problems.append(Problem(name, line, _col(roles["unit"], header), f"{what} ({_known(units)})"))
    answers: list[int | None] = []
    for i in qcols:
        try:
            answers.append(likert(row[i]))
        except ValueError as exc:
            problems.append(Problem(name, line, _col(i, header), str(exc)))
            answers.append(None)
    if len(problems) == before and all(a is None for a in answers):
        problems.append(Problem(name, line, "(line)", "no question is answered"))
    answered_on = None
    if "date" in roles and row[roles["date"]].strip():
        from khlang.dates import parse_date

        cell = row[roles["date"]].strip()
        try:
            answered_on = parse_date(re.split(r"[ ,T]", cell, maxsplit=1)[0])
        except ValueError as exc:
            problems.append(Problem(name, line, _col(roles["date"], header), str(exc)))
    if len(problems) > before:
        return None
    respondent = row[roles["respondent"]].strip() or None if "respondent" in roles else None
    comment = row[roles["comment"]].strip() or None if "comment" in roles else None
    return Response(line, unit, respondent, answered_on, answers, comment)  # type: ignore[arg-type]


def _known(units: dict[str, Unit]) -> str:
    return "known: " + ", ".join(sorted(units))
