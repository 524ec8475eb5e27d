"""Dates as the organisation writes them: Buddhist-era years in, Asia/Bangkok out.

A year of 2400 or more on input is a Buddhist-era (พ.ศ.) year and is converted
explicitly (พ.ศ. = ค.ศ. + 543); nothing is guessed silently.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_OFFSET = 543
BE_THRESHOLD = 2400

THAI_MONTHS_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def ce_year(year: int) -> int:
    """Return the Common-Era year for a year written either way (≥ 2400 is B.E.)."""
    return year - BE_OFFSET if year >= BE_THRESHOLD else year


def parse_date(value: object) -> dt.date:
    """Parse an ISO (YYYY-MM-DD) or Thai (DD/MM/YYYY) date, C.E. or B.E., to a C.E. date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        if value.year >= BE_THRESHOLD:
            return value.replace(year=value.year - BE_OFFSET)
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date, got {type(value).__name__}")
    text = value.strip()
    m = _ISO_DATE.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _SLASH_DATE.match(text)
        if not m:
            raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD, C.E. or B.E.)")
        d, mo, y = (int(g) for g in m.groups())
    try:
        return dt.date(ce_year(y), mo, d)
    except ValueError as exc:
        raise ValueError(f"not a valid date: {value!r} ({exc})") from None


def be_year(day: dt.date) -> int:
    """The Buddhist-era year of a C.E. date."""
    return day.year + BE_OFFSET


def format_be(day: dt.date | dt.datetime, long: bool = False) -> str:
    """Format a date the Thai way, e.g. '25 พ.ย. 2569'."""
    if isinstance(day, dt.datetime):
        day = to_bangkok(day).date()
    months = THAI_MONTHS if long else THAI_MONTHS_ABBR
    return f"{day.day} {months[day.month - 1]} {be_year(day)}"


def format_both(day: dt.date | dt.datetime) -> str:
    """ISO C.E. date with the B.E. form beside it: '2026-11-25 (25 พ.ย. 2569)'."""
    if isinstance(day, dt.datetime):
        day = to_bangkok(day).date()
    return f"{day.isoformat()} ({format_be(day)})"


def utcnow() -> dt.datetime:
    """Timezone-aware now in UTC: what the store keeps."""
    return dt.datetime.now(dt.UTC)


def to_bangkok(moment: dt.datetime) -> dt.datetime:
    """Show a stored UTC moment in Asia/Bangkok (naive values are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(BANGKOK)


def run_day(params: dict | None, data_interval_end: dt.datetime | None,
            logical_date: dt.datetime | None) -> str | None:
    """The day a DAG run reports on (ISO): its `as_of` param, else the end of its data interval (or its logical
    date) as a date in Bangkok; None for a run with neither."""
    chosen = (params or {}).get("as_of")
    if chosen:
        return str(chosen)
    moment = data_interval_end or logical_date
    return to_bangkok(moment).date().isoformat() if moment else None


def today_bangkok() -> dt.date:
    """Today's date in Bangkok, for as-of defaults."""
    return utcnow().astimezone(BANGKOK).date()


def format_datetime_bangkok(moment: dt.datetime) -> str:
    """'2026-11-25 19:14 ICT (25 พ.ย. 2569)' for reports."""
    local = to_bangkok(moment)
    return f"{local:%Y-%m-%d %H:%M} ICT ({format_be(local.date())})"


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A stored moment as aware UTC (SQLite hands back naive values)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)
