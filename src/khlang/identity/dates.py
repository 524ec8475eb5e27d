"""Dates of things that already happened: never more than a day after today in Bangkok."""

from __future__ import annotations

import datetime as dt

from khlang.dates import format_both, today_bangkok


def not_in_future(on: dt.date, field: str, today: dt.date | None = None) -> dt.date:
    """Refuse a date more than one day ahead (Asia/Bangkok): a record of the past cannot be dated tomorrow+1."""
    from khlang.governance.people import GovernanceError

    today = today or today_bangkok()
    if on > today + dt.timedelta(days=1):
        raise GovernanceError(f"{field}: {format_both(on)} is in the future (today is {format_both(today)}); "
                              "วันที่ต้องไม่เป็นวันในอนาคต")
    return on
