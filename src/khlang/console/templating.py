"""The console's Jinja2 environment: the report's filters and macros, autoescape on, plus the console's pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from khlang.report import render

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def environment() -> jinja2.Environment:
    """Console templates first, then the catalogue site's (for its macros), same filters as the reports."""
    env = render.environment()
    env.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(TEMPLATES), jinja2.FileSystemLoader(render.TEMPLATES)])
    from khlang.console import labels
    from khlang.report import committee_labels

    env.globals.update(CL=labels, CLS=committee_labels)
    env.filters["pretty"] = pretty
    return env


def pretty(value: Any) -> str:
    """JSON as a person reads it (Thai as is); escaped by the environment like any text."""
    import json

    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True, default=str)


def stylesheet() -> str:
    """The catalogue site's CSS followed by the console's own rules (served as /static/console.css)."""
    site = render.environment().get_template("_site.css.j2").render()
    return site + "\n" + (STATIC / "console.css").read_text(encoding="utf-8")


def render_page(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """One page as HTML."""
    return env.get_template(name).render(**context)
