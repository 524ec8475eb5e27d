"""The words of the governance loop: issue categories, statuses, causes, and the procedure's control points.

Codes only; their Thai and English labels live in khlang.report.committee_labels.
"""

from __future__ import annotations

import datetime as dt

# สงพท.-11 step 10: the three kinds of problem the committee collects.
CATEGORIES: tuple[str, ...] = ("non_conformance", "low_data_quality", "cost_ineffective")

# open → rca_in_progress → action_planned → resolved → closed; resolved/closed → open again on recurrence.
STATUSES: tuple[str, ...] = ("open", "rca_in_progress", "action_planned", "resolved", "closed")
UNRESOLVED: frozenset[str] = frozenset({"open", "rca_in_progress", "action_planned"})
DONE: frozenset[str] = frozenset({"resolved", "closed"})

# Where an issue came from.
SOURCES: tuple[str, ...] = ("check", "catalogue", "policy", "manual", "linkage", "backup", "restore", "pir", "ea",
                            "ea_process")

# สงพท.-11 step 11: root-cause categories the committee analyses by.
CAUSE_CATEGORIES: tuple[str, ...] = ("people", "process", "technology", "data_source", "policy", "external")
ACTION_KINDS: tuple[str, ...] = ("corrective", "preventive")

SEVERITIES: tuple[str, ...] = ("low", "medium", "high", "critical")
SEVERITY_RANK: dict[str, int] = {s: i + 1 for i, s in enumerate(SEVERITIES)}

# Control points (จุดควบคุม) of สงพท.-11: problems collected within 15 days (step 10), root causes
# analysed within the next 15 days (step 11). An issue is "collected" once someone has taken it up
# (an RCA is started); its RCA is due 15 days after that deadline.
COLLECT_DAYS = 15
ANALYSE_DAYS = 15

# Escalation: how far overdue (days) reaches whom. Level 1 reminds the assignees (steward and owners),
# level 2 goes to the committee, level 3 to the Director (ผอก.).
ESCALATION_LEVELS: tuple[tuple[int, int, str], ...] = (
    (1, 1, "assignees"),
    (2, 15, "committee"),
    (3, 30, "director"),
)


def collect_due(opened_on: dt.date) -> dt.date:
    """The day by which an opened issue must have been taken up (step 10)."""
    return opened_on + dt.timedelta(days=COLLECT_DAYS)


def rca_due(opened_on: dt.date) -> dt.date:
    """The day by which its root cause must be analysed (step 11)."""
    return opened_on + dt.timedelta(days=COLLECT_DAYS + ANALYSE_DAYS)


def escalation_level(days_overdue: int) -> int:
    """0 when not overdue, else the highest level whose threshold the delay has reached."""
    level = 0
    for lvl, threshold, _who in ESCALATION_LEVELS:
        if days_overdue >= threshold:
            level = lvl
    return level


def escalation_target(level: int) -> str | None:
    """Who a level reaches: assignees, committee or director."""
    return next((who for lvl, _t, who in ESCALATION_LEVELS if lvl == level), None)


def priority(severity: str, weight: float) -> tuple[int, float]:
    """Ordering of issues: severity first, then the check's weight."""
    return SEVERITY_RANK.get(severity, 2), weight
