"""What waits for a person: linkages to analyse or decide, policies to approve or communicate, reports to
acknowledge (the Director).

Read from the linkage register merged with the store's steps, and from the policies file; what a
person may do is asked of the library's permission rules, so the list matches the buttons.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("khlang.console")

# The Director's decisions from awaiting_decision (สงพท.-08): what makes a linkage wait for a person's decision.
DECISIONS = frozenset({"approved", "returned", "rejected"})


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
    """Items this person may act on now: [{kind, id, title, status, action, href}].

    Asked of the same library functions that draw the buttons (available_analyses, available_transitions,
    available_policy_actions), so the list follows the store's records and four eyes, never the YAML alone.
    """
    from khlang.linkage.service import available_analyses, available_transitions

    out = []
    register = None
    states = linkage_states(console)
    if states:
        register = console.register()
    for lid, state in sorted(states.items()):
        analyses = available_analyses(console.catalog, console.store, actor, lid, register)
        moves = available_transitions(console.catalog, console.store, actor, lid, register)
        decisions = [m for m in moves if m in DECISIONS] if state.status == "awaiting_decision" else []
        for action in [f"linkage.analysis.{a}" for a in analyses] + (["linkage.decide"] if decisions else []):
            out.append({"kind": "linkage", "id": lid, "title": state.entry.agency, "status": state.status,
                        "action": action, "since": state.since, "href": f"/linkages/{lid}"})
    out += _policies_waiting(console, actor)
    out += _glossary_waiting(console, actor)
    out += _ea_waiting(console, actor)
    out += _governance_waiting(console, actor)
    out += reports_waiting(console, actor)
    return out


def reports_waiting(console: Any, actor: Any) -> list[dict]:
    """Published reports whose current file the Director has not acknowledged (only for whoever may acknowledge)."""
    from khlang.config import settings
    from khlang.identity import allowed
    from khlang.report.acknowledge import ACKNOWLEDGE, acknowledgements, published_reports

    if not allowed(console.catalog, actor, ACKNOWLEDGE):
        return []
    done = {(report, a["sha256"]) for report, acks in acknowledgements(console.store).items() for a in acks}
    out = []
    for report in published_reports(console.settings.reports_dir or settings().reports_dir):
        if (report.report_id, report.sha256()) not in done:
            title = report.subject or f"{report.title.th} {report.period}"
            out.append({"kind": "report", "id": report.number or report.report_id, "title": title,
                        "status": "awaiting_acknowledgement", "action": ACKNOWLEDGE, "since": report.date or None,
                        "href": f"/reports#{report.kind}-{report.key}"})
    return out


def _policies_waiting(console: Any, actor: Any) -> list[dict]:
    from khlang.governance.policy_decisions import available_policy_actions, with_decisions

    try:
        policies = with_decisions(console.policies(), console.store)
    except Exception as exc:
        log.warning("console: policies unreadable: %s", exc)
        return []
    out = []
    for policy in policies.policies:
        for action in available_policy_actions(console.catalog, policies, actor, policy.id):
            status = "awaiting_approval" if action == "approve" else "in_force"
            out.append({"kind": "policy", "id": policy.id, "title": policy.entry.title_th, "status": status,
                        "action": f"policy.{action}", "since": None, "href": f"/policies#{policy.id}"})
    return out


def _ea_waiting(console: Any, actor: Any) -> list[dict]:
    """EA versions waiting for this person: the Director's endorsement, an owner's value score, a survey answer."""
    from khlang.ea.perception import may_answer
    from khlang.ea.process import available_actions, versions
    from khlang.ea.value import available_scores

    out = []
    for v in versions(console.store):
        title = f"{v.title_th}"
        if "endorse" in available_actions(console.catalog, console.store, actor, v.code):
            out.append({"kind": "ea", "id": v.code, "title": title, "status": "submitted", "action": "ea.endorse",
                        "since": None, "href": f"/ea/{v.code}#endorsement"})
        if available_scores(console.catalog, console.store, actor, v.code):
            out.append({"kind": "ea", "id": v.code, "title": title, "status": "value_assessment",
                        "action": "ea.value_score", "since": None, "href": f"/ea/{v.code}#value"})
        if may_answer(console.catalog, console.store, actor, v.code):
            out.append({"kind": "ea", "id": v.code, "title": title, "status": "perception_survey",
                        "action": "ea.perception_answer", "since": None, "href": f"/ea/{v.code}#perception"})
    return out


def _glossary_waiting(console: Any, actor: Any) -> list[dict]:
    """The draft terms of the business glossary, for a member of the committee (who approves them)."""
    from khlang.governance.glossary import available_glossary_actions, with_approvals

    try:
        views = with_approvals(console.glossary(), console.store)
    except Exception as exc:
        log.warning("console: glossary unreadable: %s", exc)
        return []
    return [{"kind": "glossary", "id": v.id, "title": f"{v.term.term_th} · {v.term.term_en}",
             "status": "awaiting_approval", "action": "glossary.approve", "since": None, "href": f"/glossary#{v.id}"}
            for v in views if "approve" in available_glossary_actions(console.catalog, actor, v)]


def _governance_waiting(console: Any, actor: Any) -> list[dict]:
    """สงพท.-11 steps 4–5 waiting for this person: a resolution's lists for the Director to approve, a communicated
    policy for a unit's head (or a steward there) to acknowledge."""
    from khlang.dates import today_bangkok
    from khlang.governance.policy_decisions import with_decisions
    from khlang.governance.steps import acknowledgement_measure, governance_state
    from khlang.identity import allowed

    try:
        policies = with_decisions(console.policies(), console.store)
    except Exception as exc:
        log.warning("console: policies unreadable: %s", exc)
        return []
    state, today, catalog = governance_state(console.store), today_bangkok(), console.catalog
    out = []
    if allowed(catalog, actor, "lists.approve"):
        out += [{"kind": "governance", "id": r.number, "title": "รายการชุดข้อมูล · Dataset lists",
                 "status": "awaiting_approval", "action": "lists.approve", "since": r.meeting_on,
                 "href": "/governance#step-3"} for r in state.resolutions if r.id not in state.list_approvals]
    for p in policies.policies:
        comms = [c for c in p.recorded_communications if c.on <= today]
        if not comms:
            continue
        missing = acknowledgement_measure(catalog, state, p.id, comms[0].on, today)["missing"]
        out += [{"kind": "governance", "id": f"{p.id}/{u}", "title": p.entry.title_th,
                 "status": "awaiting_acknowledgement", "action": "policy.acknowledge", "since": comms[0].on,
                 "href": f"/governance#policy-{p.id}"}
                for u in missing if allowed(catalog, actor, "policy.acknowledge", unit=u)]
    return out
