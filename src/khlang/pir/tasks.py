"""The PIR DAG's tasks (monthly): open → remind → score → reports. Each is also a CLI command."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from khlang.config import settings
from khlang.dates import BANGKOK, today_bangkok

_SAFE = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*$")


def as_of_date(value: object) -> dt.date:
    """The day a run is about, in Bangkok: a date or datetime, ISO / Thai text (B.E. accepted), or today."""
    from khlang.dates import parse_date

    if value is None or value == "":
        return today_bangkok()
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return dt.datetime.fromtimestamp(value.timestamp(), BANGKOK).date()
    if isinstance(value, dt.date):
        return parse_date(value)
    text = str(value).strip()
    if "T" in text or " " in text.strip():
        try:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return parse_date(re.split(r"[ T]", text, maxsplit=1)[0])
        if moment.year >= 2400:
            return parse_date(moment.date())
        return as_of_date(moment if moment.tzinfo else moment.replace(tzinfo=BANGKOK))
    return parse_date(text)


def manual_run_key() -> str:
    """A run key for a step run by hand."""
    import uuid

    from khlang.dates import utcnow

    return f"manual__{utcnow():%Y%m%dT%H%M%SZ}_{uuid.uuid4().hex[:6]}"


def report_dir(system: str) -> Path:
    """reports/pir/<system>/ (a code that is not a safe folder name gets a slug)."""
    from khlang.report.site import slugify

    name = system if _SAFE.match(system) else slugify(system)
    return settings().reports_dir / "pir" / name


def _context():  # noqa: ANN202
    from khlang.declarations import load_catalog
    from khlang.declarations.systems import load_systems
    from khlang.store import open_store

    cfg = settings()
    catalog = load_catalog(cfg.catalog_dir)
    return catalog, load_systems(catalog), open_store(cfg.store_url)


def open_due(run_key: str | None, as_of: object = None) -> dict:
    """Open a review for every PIR that has fallen due."""
    from khlang.pir.reviews import open_due as do_open

    _catalog, systems, store = _context()
    return {"opened": do_open(systems, store, as_of_date(as_of), run_key)}


def remind(run_key: str | None, as_of: object = None) -> dict:
    """Remind (log + store event) about every open review that is overdue."""
    from khlang.pir.reviews import remind_overdue

    _catalog, systems, store = _context()
    return {"reminded": remind_overdue(systems, store, as_of_date(as_of), run_key)}


def score(run_key: str | None) -> dict:
    """Score every recorded survey from its stored responses."""
    from khlang.pir.reviews import score_surveys

    _catalog, _systems, store = _context()
    return {"scored": score_surveys(store, run_key)}


def reports(as_of: object = None) -> list[str]:
    """Write the report of every system whose PIR is open, due, overdue or recorded."""
    from khlang.pir.report import write_report
    from khlang.pir.reviews import pir_lines

    catalog, systems, store = _context()
    day = as_of_date(as_of)
    written = []
    for line in pir_lines(systems, store, day):
        if line.opened or line.schedule.status in ("due", "overdue", "recorded"):
            written.append(str(write_report(catalog, line.system, store, day, report_dir(line.system.code))))
    return written
