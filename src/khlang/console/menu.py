"""The menu a person sees: only the areas they may use (the routes check again)."""

from __future__ import annotations

from typing import Any

from khlang.console.labels import PAGES


def may(console: Any, actor: Any, action: str, **objects: Any) -> bool:
    """Whether the library's permission rules allow `action` (for showing buttons; writes check again)."""
    from khlang.identity import allowed

    return allowed(console.catalog, actor, action, **objects)


def menu(console: Any, actor: Any) -> list[dict]:
    """(href, label, active-prefix) of each area this person may open."""
    items = [("/", "work"), ("/datasets", "datasets"), ("/issues", "issues"), ("/linkages", "linkages"),
             ("/policies", "policies"), ("/governance", "governance"), ("/glossary", "glossary"), ("/ea", "ea"),
             ("/reports", "reports")]
    if may(console, actor, "audit.read"):
        items.append(("/audit", "audit"))
    return [{"href": href, "label": PAGES[key], "key": key} for href, key in items]
