"""What waits for a person: linkages to analyse or decide, policies to approve or communicate.

Read from the linkage register merged with the store's steps, and from the policies file; what a
person may do is asked of the library's permission rules, so the list matches the buttons.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("khlang.console")

# Linkage status → the action that moves it on (who is asked is decided by the permission rules).
LINKAGE_WORK = {"technical_review": "linkage.analysis.technical", "legal_review": "linkage.analysis.legal",
                "awaiting_decision": "linkage.decide"}


def linkage_states(console: Any) -> dict:
    """Every linkage's current state (register + store), or {} when the register cannot be read."""
    from khlang.linkage.state import current_states

    try:
        register = console.register()
    except Exception as exc:  # a broken register is the linkage DAG's finding, not a console crash
        log.warning("console: linkage register unreadable: %s", exc)
        return {}
    return current_states(register, console.store)


def waiting_for(console: Any, actor: Any) -> list[dict]:
    """Items this person may act on now: [{kind, id, title, status, action, href}]."""
    from khlang.identity import allowed

    out = []
    for lid, state in sorted(linkage_states(console).items()):
        action = LINKAGE_WORK.get(state.status)
        if action and allowed(console.catalog, actor, action, linkage=state.entry):
            out.append({"kind": "linkage", "id": lid, "title": state.entry.agency, "status": state.status,
                        "action": action, "since": state.since, "href": f"/linkages/{lid}"})
    out += _policies_waiting(console, actor)
    return out


def _policies_waiting(console: Any, actor: Any) -> list[dict]:
    from khlang.identity import allowed

    try:
        policies = console.policies()
    except Exception as exc:
        log.warning("console: policies unreadable: %s", exc)
        return []
    out = []
    for policy in policies.policies:
        entry = policy.entry
        if entry.approved_on is None and allowed(console.catalog, actor, "policy.approve"):
            out.append({"kind": "policy", "id": policy.id, "title": entry.title_th, "status": "awaiting_approval",
                        "action": "policy.approve", "since": None, "href": f"/policies#{policy.id}"})
    return out
