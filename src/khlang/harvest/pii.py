"""PII detection by column values (column names are only a weak hint), plus masking for evidence.

Thai names without a title are recognised from real name lists (pythainlp's corpora, see
khlang/harvest/names.py); PDPA section 26 sensitive categories are registered in khlang/harvest/sensitive.py.

Detectors live in one registry, ``DETECTORS``; a new one is added in one place with
``@detector("label", hints=..., masker=...)``. A detector grades a single value as
``Evidence.STRONG`` (the value alone says "this is PII of my kind"), ``Evidence.WEAK`` (the value
is consistent with my kind but only counts when the column name hints at it) or ``Evidence.NONE``.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum

from khlang.registry import Registry

__all__ = [
    "DETECTORS", "Detector", "Evidence", "Grader", "classify_value", "detect_column", "detector",
    "is_valid_thai_national_id", "mask",
]

STRONG_SHARE = 0.8  # share of non-empty sampled values that must match when the name gives no hint
HINTED_SHARE = 0.5  # share needed (strong or weak matches) when the column name hints at the label

_TH = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"  # Thai letters, vowels, marks; no digits/ฯ/ๆ
_THAI_CHAR = re.compile(f"[{_TH}]")
_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_PLACEHOLDERS = frozenset({"-", "--", "–", "—", ".", "?", "n/a", "na", "null", "none", "nan", "nat",
                           "<na>", "ไม่มี", "ไม่ระบุ"})


class Evidence(IntEnum):
    """How strongly one value supports a label; WEAK only counts when the column name hints."""

    NONE = 0
    WEAK = 1
    STRONG = 2


Grader = Callable[[str], Evidence]  # grades one cleaned, non-empty value


@dataclass(frozen=True)
class Detector:
    """One PII label: a value grader, column-name hints, and the masker used for evidence."""

    label: str
    evaluate: Grader
    masker: Callable[[str], str]
    hints: tuple[str, ...] = ()
    anti_hints: tuple[str, ...] = ()
    priority: int = 100

    def hinted_by(self, column_name: str) -> bool:
        """True when the column name suggests this label (and nothing in it contradicts that)."""
        return _name_matches(column_name, self.hints) and not _name_matches(column_name, self.anti_hints)


DETECTORS: Registry[str, Detector] = Registry("PII detector")


def detector(label: str, *, masker: Callable[[str], str], hints: Sequence[str] = (),
             anti_hints: Sequence[str] = (), priority: int = 100) -> Callable[[Grader], Grader]:
    """Register a value grader under ``label`` so a new PII kind is added in exactly one place."""
    def register(fn: Grader) -> Grader:
        DETECTORS.add(label, Detector(label, fn, masker, tuple(hints), tuple(anti_hints), priority))
        return fn
    return register


# --------------------------------------------------------------------------- helpers
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")


def _name_tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[^0-9a-z\u0e00-\u0e7f]+", _CAMEL.sub(" ", name).lower()) if t]


def _name_matches(name: str, hints: Sequence[str]) -> bool:
    """Thai hints match as substrings; short Latin hints as whole tokens; long ones inside tokens."""
    tokens = _name_tokens(name)
    padded, compact = f" {' '.join(tokens)} ", "".join(tokens)
    for hint in hints:
        if _THAI_CHAR.search(hint):
            if hint in name:
                return True
        elif f" {hint} " in padded or (len(hint.replace(" ", "")) >= 5 and hint.replace(" ", "") in compact):
            return True
    return False


def _clean(text: str) -> str:
    text = text.translate(_DIGITS).replace("\u200b", "").replace("\ufeff", "")
    return " ".join(text.split())


def _to_text(value: object) -> str | None:
    """Normalise one sampled cell to text, or None for nulls and placeholders like '-'."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        value = int(value) if value.is_integer() else value
    elif isinstance(value, (bytes, bytearray)):
        value = bytes(value).decode("utf-8", "replace")
    elif not isinstance(value, (str, int)):
        try:
            if value != value:  # NaN, NaT, Decimal('NaN')  # noqa: PLR0124
                return None
        except (TypeError, ValueError):  # pandas.NA refuses to be a bool
            return None
    text = _clean(str(value))
    return None if not text or text.lower() in _PLACEHOLDERS else text


def _only_digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


def _mask_digits(value: str, keep: Callable[[int, int], bool]) -> str:
    """Replace every digit whose (index, digit count) ``keep`` rejects with 'x'; separators stay."""
    total = sum(c.isdecimal() for c in value)
    out, i = [], 0
    for c in value:
        if c.isdecimal():
            out.append(c if keep(i, total) else "x")
            i += 1
        else:
            out.append(c)
    return "".join(out)


# --------------------------------------------------------------------------- national id
_NID_SHAPE = re.compile(r"[0-9]{13}|[0-9][- ][0-9]{4}[- ][0-9]{5}[- ][0-9]{2}[- ][0-9]")


def is_valid_thai_national_id(value: str) -> bool:
    """Thai personal ID check (13 digits, first 1-8, mod-11 check digit) so random numbers don't pass."""
    text = _clean(str(value))
    if not _NID_SHAPE.fullmatch(text):
        return False
    digits = _only_digits(text)
    if digits[0] not in "12345678":  # 0 = juristic person (a company), 9 unused for persons
        return False
    s = sum(int(d) * (13 - i) for i, d in enumerate(digits[:12]))
    return (11 - s % 11) % 10 == int(digits[12])


def _mask_national_id(value: str) -> str:
    return _mask_digits(value, lambda i, n: i == 0 or i == n - 1)


@detector("national_id", masker=_mask_national_id, priority=20,
          hints=("national id", "citizen", "id card", "card id", "cid", "nid", "personal id", "thai id",
                 "เลขประจำตัวประชาชน", "บัตรประชาชน", "เลขบัตร"))
def _national_id(value: str) -> Evidence:
    return Evidence.STRONG if is_valid_thai_national_id(value) else Evidence.NONE


# --------------------------------------------------------------------------- phone
_BANK_SHAPE = re.compile(r"[0-9]{3}[- ][0-9][- ][0-9]{5}[- ][0-9]")
_PHONE_CHARS = re.compile(r"\+?[0-9 ().-]{8,}")
_PHONE_EXT = re.compile(r"\s*(?:ต่อ|ext\.?|x|#)\s*[0-9]{1,5}$", re.IGNORECASE)
_PHONE_SPLIT = re.compile(r"\s*[,;/]\s*")


def _phone_number(part: str) -> str | None:
    """The national form ('0812345678') of one phone-formatted string, else None."""
    part = _PHONE_EXT.sub("", part)
    if not _PHONE_CHARS.fullmatch(part) or _BANK_SHAPE.fullmatch(part):
        return None
    digits = _only_digits(part)
    if part.startswith("+") or (len(digits) == 11 and digits.startswith("66")):
        if not digits.startswith("66"):
            return None
        digits = digits[2:] if digits.startswith("660") else "0" + digits[2:]
    if re.fullmatch(r"0[689][0-9]{8}|0[2-57][0-9]{7}", digits):
        return digits
    return None


def _mask_phone(value: str) -> str:
    def one(part: str) -> str:
        ext = _PHONE_EXT.search(part)  # an extension is not personal; keep it readable
        main, tail = (part[: ext.start()], part[ext.start():]) if ext else (part, "")
        digits = _only_digits(main.translate(_DIGITS))
        lead = 3 if main.lstrip().startswith("+") or (len(digits) == 11 and digits.startswith("66")) else 2
        return _mask_digits(main, lambda i, n: i < lead or i >= n - 4) + tail
    pieces = re.split(r"(\s*[,;/]\s*)", value)
    return "".join(p if i % 2 else one(p) for i, p in enumerate(pieces))


@detector("phone", masker=_mask_phone, priority=40,
          hints=("phone", "tel", "telephone", "mobile", "cell", "fax", "msisdn", "contact no", "contact number",
                 "โทร", "เบอร์", "มือถือ"))
def _phone(value: str) -> Evidence:
    parts = _PHONE_SPLIT.split(value)
    if _phone_number(parts[0]) and all(_phone_number(p) or re.fullmatch(r"[0-9]{1,4}", p) for p in parts[1:]):
        return Evidence.STRONG  # trailing 1-4 digit parts are Thai line ranges: '02-123-4567/8'
    if re.fullmatch(r"[689][0-9]{8}", value):  # a mobile number that lost its leading 0 (Excel, int column)
        return Evidence.WEAK
    return Evidence.NONE


# --------------------------------------------------------------------------- e-mail
_EMAIL_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_EMAIL_LABEL = rf"[A-Za-z0-9{_TH}](?:[A-Za-z0-9{_TH}-]{{0,61}}[A-Za-z0-9{_TH}])?"
_EMAIL = re.compile(rf"{_EMAIL_LOCAL}@(?:{_EMAIL_LABEL}\.)+(?:[A-Za-z]{{2,63}}|ไทย)")


def _mask_email(value: str) -> str:
    local, at, domain = value.rpartition("@")
    if not at:
        return value[:1] + "***"
    return f"{local[:2] if len(local) > 2 else local[:1]}***@{domain}"


@detector("email", masker=_mask_email, priority=10, hints=("email", "mail", "e mail", "อีเมล"))
def _email(value: str) -> Evidence:
    return Evidence.STRONG if _EMAIL.fullmatch(value) else Evidence.NONE


# --------------------------------------------------------------------------- bank account
def _mask_bank(value: str) -> str:
    return _mask_digits(value, lambda i, n: n >= 6 and n - 4 <= i <= n - 2)


@detector("bank_account", masker=_mask_bank, priority=30,
          hints=("bank", "account", "acct", "acc", "acc no", "บัญชี"),
          anti_hints=("holder", "name", "code", "type", "status", "gl", "ledger", "accounting", "cost",
                      "ชื่อ", "ประเภท"))
def _bank_account(value: str) -> Evidence:
    if _BANK_SHAPE.fullmatch(value):  # the 3-1-5-1 layout printed in Thai passbooks
        return Evidence.STRONG
    if re.fullmatch(r"[0-9][0-9 -]*[0-9]", value) and len(_only_digits(value)) in (10, 12):
        return Evidence.WEAK
    return Evidence.NONE


# --------------------------------------------------------------------------- address
_PROVINCES = tuple(sorted("""
กรุงเทพมหานคร กรุงเทพฯ กรุงเทพ กทม. กระบี่ กาญจนบุรี กาฬสินธุ์ กำแพงเพชร ขอนแก่น จันทบุรี ฉะเชิงเทรา ชลบุรี
ชัยนาท ชัยภูมิ ชุมพร เชียงราย เชียงใหม่ ตรัง ตราด ตาก นครนายก นครปฐม นครพนม นครราชสีมา นครศรีธรรมราช
นครสวรรค์ นนทบุรี นราธิวาส น่าน บึงกาฬ บุรีรัมย์ ปทุมธานี ประจวบคีรีขันธ์ ปราจีนบุรี ปัตตานี พระนครศรีอยุธยา
อยุธยา พะเยา พังงา พัทลุง พิจิตร พิษณุโลก เพชรบุรี เพชรบูรณ์ แพร่ ภูเก็ต มหาสารคาม มุกดาหาร แม่ฮ่องสอน ยโสธร
ยะลา ร้อยเอ็ด ระนอง ระยอง ราชบุรี ลพบุรี ลำปาง ลำพูน เลย ศรีสะเกษ สกลนคร สงขลา สตูล สมุทรปราการ สมุทรสงคราม
สมุทรสาคร สระแก้ว สระบุรี สิงห์บุรี สุโขทัย สุพรรณบุรี สุราษฎร์ธานี สุรินทร์ หนองคาย หนองบัวลำภู อ่างทอง
อำนาจเจริญ อุดรธานี อุตรดิตถ์ อุทัยธานี อุบลราชธานี
""".split(), key=len, reverse=True))
_PROVINCE_NAMES = rf"(?<![{_TH}])(?:{'|'.join(re.escape(p) for p in _PROVINCES)})(?![{_TH}])"


def _abbr(letter: str) -> str:
    """A Thai one-letter abbreviation like 'ต.' standing at a word start and followed by a name."""
    return rf"(?<![{_TH}.]){letter}\.\s?(?=[0-9{_TH}])"


_ADDRESS_KINDS: dict[str, re.Pattern[str]] = {
    "house": re.compile(r"เลขที่|(?<![0-9/])[0-9]{1,5}/[0-9]{1,4}(?![0-9/])|\b(?:No\.|Number)\s*[0-9]"
                        r"|^[0-9]{1,6}[A-Za-z]?(?:-[0-9]{1,4})?,?\s+[A-Z][a-z]", re.IGNORECASE),
    "unit": re.compile(r"\b(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm)\b\.?\s*#?[0-9A-Z]",
                       re.IGNORECASE),
    "moo": re.compile(rf"หมู่|{_abbr('ม')}|\b(?:Moo|Village)\b", re.IGNORECASE),
    "soi": re.compile(rf"ซอย|ตรอก|{_abbr('ซ')}|\b(?:Soi|Lane)\b", re.IGNORECASE),
    "road": re.compile(rf"ถนน|{_abbr('ถ')}|\b(?:Road|Rd\.?|Street|St\.?|Avenue|Ave\.?|Boulevard|Blvd\.?|Lane|Ln\.?"
                       r"|Drive|Dr\.|Parkway|Pkwy|Highway|Hwy|Court|Ct\.?|Place|Pl\.|Terrace|Way|Thanon)(?!\w)",
                       re.IGNORECASE),
    "subdistrict": re.compile(rf"ตำบล|แขวง|{_abbr('ต')}|\b(?:Tambon|Sub-?district|Khwaeng)\b", re.IGNORECASE),
    "district": re.compile(rf"อำเภอ|เขต|{_abbr('อ')}|\b(?:Amphoe|District|Khet)\b", re.IGNORECASE),
    "province": re.compile(rf"จังหวัด|{_abbr('จ')}|{_PROVINCE_NAMES}|\b(?:Province|Changwat|Bangkok)\b",
                           re.IGNORECASE),
    "postcode": re.compile(r"(?<![0-9])(?:1[0-9]|[2-8][0-9]|9[0-6])[0-9]{3}(?![0-9])"),
    # a US state and ZIP code, or a UK postcode
    "zip": re.compile(r"\b[A-Z]{2},?\s+[0-9]{5}(?:-[0-9]{4})?\b|\b[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}\b"),
}
# Below district level: a district + province alone names an area, not somebody's address.
_FINE_KINDS = frozenset({"house", "unit", "moo", "soi", "road", "subdistrict", "postcode", "zip"})
_PROVINCE_TH = re.compile(rf"(?:จังหวัด|{_abbr('จ')})\s*[{_TH}]+|{_PROVINCE_NAMES}")
_PROVINCE_EN = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)* Province|\bBangkok\b")


def _mask_address(value: str) -> str:
    found = _PROVINCE_TH.search(value) or _PROVINCE_EN.search(value)
    return f"*** {found.group(0)}" if found else "***"


@detector("address", masker=_mask_address, priority=50,
          hints=("address", "addr", "domicile", "residence", "ที่อยู่"),
          anti_hints=("ip", "mac", "email", "mail", "url", "web", "wallet", "hash", "อีเมล"))
def _address(value: str) -> Evidence:
    kinds = {kind for kind, pattern in _ADDRESS_KINDS.items() if pattern.search(value)}
    if len(kinds) >= 2 and kinds & _FINE_KINDS:
        return Evidence.STRONG
    return Evidence.WEAK if kinds - {"postcode"} else Evidence.NONE  # five digits alone prove nothing


# --------------------------------------------------------------------------- public API
def detect_column(name: str, values: Sequence[object]) -> str | None:
    """Label a column by what its sampled values are; the name only lowers the bar or breaks ties."""
    counts = Counter(t for t in map(_to_text, values) if t is not None)
    total = sum(counts.values())
    if not total:
        return None  # a name alone never labels a column
    best: tuple[tuple[bool, float, int, str], str] | None = None
    for det in DETECTORS.values():
        hinted = det.hinted_by(name)
        need = Evidence.WEAK if hinted else Evidence.STRONG
        share = sum(n for text, n in counts.items() if det.evaluate(text) >= need) / total
        if share >= (HINTED_SHARE if hinted else STRONG_SHARE):
            key = (hinted, share, -det.priority, det.label)
            if best is None or key > best[0]:
                best = (key, det.label)
    return best[1] if best else None


def classify_value(value: str) -> str | None:
    """The label one value matches on its own (strong evidence only), for masking and evidence."""
    text = _to_text(value)
    if text is None:
        return None
    for det in sorted(DETECTORS.values(), key=lambda d: d.priority):
        if det.evaluate(text) is Evidence.STRONG:
            return det.label
    return None


def mask(value: str, label: str) -> str:
    """Mask a PII value for logs and reports, keeping its shape; never returns the original."""
    if label not in DETECTORS:
        raise ValueError(f"unknown PII label {label!r}; known: {', '.join(DETECTORS)}")
    text = str(value)
    masked = DETECTORS[label].masker(text)
    if masked == text:  # too short to keep anything: hide every character that isn't a separator
        masked = re.sub(r"[^\s\-.@/()+,]", "x", text)
    return masked if masked != text else "***"


# Detectors kept in their own modules register themselves into DETECTORS when imported here.
from khlang.harvest import person_names as _person_names  # noqa: E402,F401
from khlang.harvest import sensitive as _sensitive  # noqa: E402,F401
