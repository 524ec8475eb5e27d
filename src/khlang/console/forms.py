"""Reading the console's plain HTML forms: dates (C.E. or B.E.), required text, repeated rows."""

from __future__ import annotations

import datetime as dt

from khlang.dates import parse_date, today_bangkok
from khlang.governance.people import GovernanceError


def text(form: dict, name: str, *, required: bool = False, label: str | None = None) -> str:
    """A trimmed text field; a required one that is empty is refused naming the field."""
    value = form.get(name)
    value = value.strip() if isinstance(value, str) else ""
    if required and not value:
        raise GovernanceError(f"{label or name}: required")
    return value


def date(form: dict, name: str, *, past: bool = True, default_today: bool = True) -> dt.date:
    """A date field (YYYY-MM-DD, C.E. or B.E.); for things that already happened, a future date is refused."""
    raw = text(form, name)
    if not raw:
        if default_today:
            return today_bangkok()
        raise GovernanceError(f"{name}: give a date (YYYY-MM-DD, C.E. or B.E.)")
    try:
        day = parse_date(raw)
    except ValueError as exc:
        raise GovernanceError(f"{name}: {exc}") from None
    if past:
        not_in_future(day, name)
    return day


def not_in_future(day: dt.date, field: str) -> None:
    """The library's own check when it has one; else: no later than tomorrow in Asia/Bangkok."""
    try:
        from khlang.identity.dates import not_in_future as library_check
    except ImportError:
        pass
    else:
        library_check(day, field)
        return
    if day > today_bangkok() + dt.timedelta(days=1):
        raise GovernanceError(f"{field}: {day.isoformat()} is in the future; record what has already happened")


def listed(form: dict, name: str) -> list[str]:
    """A repeated field (several inputs of one name), as trimmed strings in order."""
    value = form.get(name)
    values = value if isinstance(value, list) else ([] if value is None else [value])
    return [v.strip() if isinstance(v, str) else "" for v in values]
