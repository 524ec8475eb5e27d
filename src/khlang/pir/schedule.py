"""When a Post-Implementation Review falls due (สงพท.-03): six calendar months after go-live.

A date that does not exist in the target month clamps to its last day (go-live 31 Aug 2026 →
due 28 Feb 2027). A PIR is `due` from its due date, `overdue` once a further month has passed
without a survey, and `lapsed` when it was never opened within twelve months of falling due:
such a system is listed for the audit trail but no longer opened or reminded (record a survey to
close it). Systems without a go-live date are `not_scheduled`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

PIR_AFTER_MONTHS = 6
OVERDUE_AFTER_MONTHS = 1
LAPSED_AFTER_MONTHS = 12
STATUSES = ("not_scheduled", "not_due", "due", "overdue", "recorded", "lapsed")


def add_months(day: dt.date, months: int) -> dt.date:
    """day + months, clamping the day to the end of the target month."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def due_date(go_live: dt.date) -> dt.date:
    """The day the PIR falls due."""
    return add_months(go_live, PIR_AFTER_MONTHS)


def overdue_after(due_on: dt.date) -> dt.date:
    """The last day a PIR is merely due; the day after, it is overdue."""
    return add_months(due_on, OVERDUE_AFTER_MONTHS)


@dataclass(frozen=True)
class Schedule:
    """A system's PIR dates and its status on one day."""

    system: str
    go_live: dt.date | None
    due_on: dt.date | None
    overdue_after: dt.date | None
    status: str


def status_on(system: str, go_live: dt.date | None, as_of: dt.date, opened: bool = False,
              recorded: bool = False) -> Schedule:
    """The PIR status of a system on `as_of`, given what the store knows (opened, recorded)."""
    if go_live is None:
        return Schedule(system, None, None, None, "not_scheduled")
    due = due_date(go_live)
    late = overdue_after(due)
    if recorded:
        status = "recorded"
    elif as_of < due:
        status = "not_due"
    elif as_of <= late:
        status = "due"
    elif not opened and as_of > add_months(due, LAPSED_AFTER_MONTHS):
        status = "lapsed"
    else:
        status = "overdue"
    return Schedule(system, go_live, due, late, status)
