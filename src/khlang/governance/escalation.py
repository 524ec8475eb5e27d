"""Escalation of overdue issues and actions: the further past a control point, the higher it goes.

Deterministic for a given evaluation date: each overdue item (taking the issue up, its root-cause
analysis, each open action) is escalated once per level it reaches — to the assignees, then the
committee, then the Director — so re-running on the same date adds nothing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from khlang.governance.lifecycle import SYSTEM, event
from khlang.governance.records import Issue
from khlang.governance.views import view_of
from khlang.governance.vocabulary import escalation_level, escalation_target


def escalate(session: Session, issues: list[Issue], as_of: dt.date, run_key: str | None = None) -> list[dict]:
    """Escalate what is overdue on `as_of`; set each issue's current level; return the new escalations."""
    added = []
    for issue in issues:
        if issue.status == "closed":
            if issue.escalation_level:
                issue.escalation_level = 0
            continue
        view = view_of(issue)
        reached: dict[str, int] = {}
        for e in issue.events:
            data = e.data or {}
            if e.type == "escalated" and data.get("cycle") == issue.cycle:
                reached[data["subject"]] = max(reached.get(data["subject"], 0), data.get("level", 0))
        current = 0
        for late in view.overdue(as_of):
            level = escalation_level(late["days"])
            current = max(current, level)
            if level > reached.get(late["subject"], 0):
                target = escalation_target(level)
                note = (f"{late['subject']} overdue by {late['days']} days (due {late['due_on']}): "
                        f"escalated to the {target}")
                event(issue, "escalated", as_of, actor=SYSTEM, note=note, run_key=run_key,
                      data={"subject": late["subject"], "level": level, "target": target, "days": late["days"],
                            "due_on": late["due_on"].isoformat()})
                added.append({"issue": issue.id, "subject": late["subject"], "level": level, "target": target,
                              "days": late["days"]})
        if issue.escalation_level != current:
            issue.escalation_level = current
    return added
