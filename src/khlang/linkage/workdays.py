"""Thai working days (วันทำการ): Monday to Friday, except public holidays and their substitute days.

The procedures count their control points in working days, so a 15-working-day step started
before Songkran ends later than one started in May. The calendar ships with the package
(holidays.yaml, B.E. 2568–2570) and catalog/holidays.yaml adds or removes dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from khlang.declarations.loader import Collector
from khlang.declarations.models import Date, Strict

BUNDLED = Path(__file__).with_name("holidays.yaml")
OVERRIDE_NAME = "holidays.yaml"


class FixedHoliday(Strict):
    """A holiday on the same day every year."""

    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    name_th: str
    name_en: str | None = None


class DatedHoliday(Strict):
    """A holiday of one year (lunar holidays, special holidays)."""

    date: Date
    name_th: str
    name_en: str | None = None
    provisional: bool = False


@dataclass(frozen=True)
class Holiday:
    """One day off, with why."""

    day: dt.date
    name_th: str
    name_en: str
    substitute: bool = False
    provisional: bool = False


class WorkingCalendar:
    """Counts working days; built from fixed and dated holidays, with substitute days computed."""

    def __init__(self, fixed: list[FixedHoliday], dated: list[DatedHoliday], covers: set[int],
                 removed: set[dt.date] | None = None) -> None:
        self._fixed = fixed
        self._dated: dict[int, list[DatedHoliday]] = {}
        for h in dated:
            self._dated.setdefault(h.date.year, []).append(h)
        self._removed = removed or set()
        self.covers = covers  # C.E. years whose lunar and special holidays are listed
        self._years: dict[int, dict[dt.date, Holiday]] = {}

    def holidays(self, year: int) -> dict[dt.date, Holiday]:
        """Every holiday of a C.E. year, substitutes included."""
        if year not in self._years:
            self._years[year] = self._build(year)
        return self._years[year]

    def _build(self, year: int) -> dict[dt.date, Holiday]:
        days: dict[dt.date, Holiday] = {}
        for fixed in self._fixed:
            try:
                day = dt.date(year, fixed.month, fixed.day)
            except ValueError:
                continue
            days.setdefault(day, Holiday(day, fixed.name_th, fixed.name_en or fixed.name_th))
        for dated in self._dated.get(year, []):
            days.setdefault(dated.date, Holiday(dated.date, dated.name_th, dated.name_en or dated.name_th,
                                                provisional=dated.provisional))
        for day in self._removed:
            days.pop(day, None)
        # A holiday on a weekend gives the next weekday that is not already a holiday (วันหยุดชดเชย).
        for day in sorted(d for d in days if d.weekday() >= 5):
            sub = day + dt.timedelta(days=1)
            while sub.weekday() >= 5 or sub in days:
                sub += dt.timedelta(days=1)
            h = days[day]
            days[sub] = Holiday(sub, f"ชดเชย{h.name_th}", f"Substitute for {h.name_en}", True, h.provisional)
        return days

    def holiday(self, day: dt.date) -> Holiday | None:
        """The holiday on `day`, if it is one (substitutes of late-December holidays included)."""
        return self.holidays(day.year).get(day) or self.holidays(day.year - 1).get(day)

    def is_working_day(self, day: dt.date) -> bool:
        """Monday–Friday and not a holiday."""
        return day.weekday() < 5 and self.holiday(day) is None

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `start` (start itself not counted): a step's deadline."""
        day, left = start, count
        while left > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def load_calendar(catalog_dir: Path | None = None) -> WorkingCalendar:
    """The bundled calendar, with catalog/holidays.yaml's `add` and `remove` applied when present."""
    col = Collector()
    doc = col.document(BUNDLED)
    fixed: list[FixedHoliday] = []
    dated: list[DatedHoliday] = []
    covers: set[int] = set()
    removed: set[dt.date] = set()
    if doc is not None:
        fixed = [h for h, _ in col.items(doc, "fixed", FixedHoliday)]
        dated = [h for h, _ in col.items(doc, "dated", DatedHoliday)]
        covers = {y - 543 if y >= 2400 else y for y in (doc.data.get("covers") or [])}
    override = Path(catalog_dir) / OVERRIDE_NAME if catalog_dir else None
    if override is not None and override.is_file():
        odoc = col.document(override)
        if odoc is not None:
            if isinstance(odoc.data, dict):
                for key in sorted(set(odoc.data) - {"add", "remove"}):
                    col.add(odoc, (key,), "unknown key (use add and remove)")
            dated += [h for h, _ in col.items(odoc, "add", DatedHoliday, required=False)]
            removed = _removals(col, odoc)
    col.raise_if_any()
    return WorkingCalendar(fixed, dated, covers, removed)


def _removals(col: Collector, doc) -> set[dt.date]:  # noqa: ANN001
    from khlang.dates import parse_date

    raw = doc.data.get("remove") if isinstance(doc.data, dict) else None
    if raw is None:
        return set()
    if not isinstance(raw, list):
        col.add(doc, ("remove",), "expected a list of dates")
        return set()
    out: set[dt.date] = set()
    for i, value in enumerate(raw):
        try:
            out.add(parse_date(value))
        except ValueError as exc:
            col.add(doc, ("remove", i), str(exc))
    return out
