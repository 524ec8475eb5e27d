"""Reporting periods of the committee: calendar quarters (2026Q4) or months (2026-11), B.E. accepted.

Quarters are calendar quarters; their labels also name the Thai fiscal quarter they match (the
fiscal year starts on 1 October), so ไตรมาส 4/2569 reads as ต.ค.–ธ.ค. 2569, ไตรมาส 1 ปีงบประมาณ 2570.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from khlang.dates import BE_OFFSET, THAI_MONTHS, THAI_MONTHS_ABBR, ce_year
from khlang.governance.people import GovernanceError

_QUARTER = re.compile(r"^(\d{4})\s*[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")


@dataclass(frozen=True)
class Period:
    """A reporting period: its code, first and last day, and how people name it."""

    code: str
    kind: str  # quarter | month
    start: dt.date
    end: dt.date

    @property
    def label_th(self) -> str:
        be = self.start.year + BE_OFFSET
        if self.kind == "month":
            return f"{THAI_MONTHS[self.start.month - 1]} {be}"
        q = (self.start.month - 1) // 3 + 1
        fiscal_q = (q % 4) + 1
        fiscal_year = be + 1 if q == 4 else be
        first, last = THAI_MONTHS_ABBR[self.start.month - 1], THAI_MONTHS_ABBR[self.end.month - 1]
        return f"ไตรมาส {q}/{be} ({first}–{last} {be}; ไตรมาส {fiscal_q} ปีงบประมาณ {fiscal_year})"

    @property
    def label_en(self) -> str:
        if self.kind == "month":
            return f"{_EN_MONTHS[self.start.month - 1]} {self.start.year}"
        q = (self.start.month - 1) // 3 + 1
        return f"Q{q} {self.start.year} ({_EN_MONTHS[self.start.month - 1][:3]}–{_EN_MONTHS[self.end.month - 1][:3]})"

    def previous(self) -> Period:
        """The period just before, of the same kind."""
        return containing(self.start - dt.timedelta(days=1), self.kind)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def parse_period(text: str) -> Period:
    """'2026Q4', '2569Q4', '2026-11' or '2569-11' (a year ≥ 2400 is B.E.)."""
    value = (text or "").strip()
    m = _QUARTER.match(value)
    if m:
        year, q = ce_year(int(m.group(1))), int(m.group(2))
        return _quarter(year, q)
    m = _MONTH.match(value)
    if m and 1 <= int(m.group(2)) <= 12:
        return _month(ce_year(int(m.group(1))), int(m.group(2)))
    raise GovernanceError(f"--period {text!r}: a quarter like 2026Q4 (or 2569Q4) or a month like 2026-11 (or 2569-11)")


def containing(day: dt.date, kind: str = "quarter") -> Period:
    """The quarter (or month) a day falls in."""
    if kind == "month":
        return _month(day.year, day.month)
    return _quarter(day.year, (day.month - 1) // 3 + 1)


def _quarter(year: int, q: int) -> Period:
    if not 1900 <= year <= 2200:
        raise GovernanceError(f"--period: year {year} is out of range")
    start = dt.date(year, 3 * q - 2, 1)
    end = (dt.date(year + 1, 1, 1) if q == 4 else dt.date(year, 3 * q + 1, 1)) - dt.timedelta(days=1)
    return Period(f"{year}Q{q}", "quarter", start, end)


def _month(year: int, month: int) -> Period:
    if not 1900 <= year <= 2200:
        raise GovernanceError(f"--period: year {year} is out of range")
    start = dt.date(year, month, 1)
    end = (dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)) - dt.timedelta(days=1)
    return Period(f"{year}-{month:02d}", "month", start, end)
