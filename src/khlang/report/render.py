"""The one Jinja2 environment every Khlang report renders with: autoescape on, always.

Names, descriptions, regexes and sample values come from declarations and from the data
itself, so nothing reaches a page unescaped; the only Markup made here is the JSON filter,
which escapes what could end a <script> element.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from khlang import dates
from khlang.report import labels

TEMPLATES = Path(__file__).parent / "templates"
MISSING = "—"

# Characters that could close a <script> element, open an HTML comment or an entity,
# or end a JavaScript line (U+2028/9) inside embedded JSON.
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def environment() -> jinja2.Environment:
    """A strict, autoescaping environment over src/khlang/report/templates."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        be_date=be_date,
        bangkok=bangkok,
        thousands=thousands,
        json_script=json_script,
        percent=percent,
    )
    env.globals.update(labels=labels, label=labels.label, UI=labels.UI, MISSING=MISSING)
    return env


def json_script(value: Any) -> Markup:
    """JSON that is safe as the body of a <script> element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)


def be_date(value: object) -> str:
    """A date as 'YYYY-MM-DD (d ม.ค. พ.ศ.)'; text that is not a date is shown as given."""
    if value in (None, ""):
        return MISSING
    try:
        return dates.format_both(dates.parse_date(value))
    except ValueError:
        return str(value)


def bangkok(value: object) -> str:
    """A stored UTC moment (ISO text or datetime) shown in Asia/Bangkok with its B.E. date."""
    if value in (None, ""):
        return MISSING
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if not isinstance(value, dt.datetime):
        return str(value)
    return dates.format_datetime_bangkok(value)


def thousands(value: object) -> str:
    """5000 -> '5,000'; None -> '—'."""
    if value is None or isinstance(value, bool):
        return MISSING
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def percent(part: object, whole: object) -> str:
    """'0.2%' of part over whole, or '' when either is unknown or whole is zero."""
    if not isinstance(part, int) or not isinstance(whole, int) or whole <= 0:
        return ""
    share = 100 * part / whole
    return f"{share:.1f}%" if share >= 0.1 or share == 0 else "<0.1%"
