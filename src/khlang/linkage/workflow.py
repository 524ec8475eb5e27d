"""The workflow of สงพท.-08 (การเชื่อมโยงข้อมูลกับหน่วยงานภายนอก): statuses, legal moves, time limits.

requested → technical_review → legal_review → awaiting_decision → approved | returned | rejected;
returned goes back to review; an approved linkage may be suspended and resumed, or terminated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal[
    "requested", "technical_review", "legal_review", "awaiting_decision",
    "approved", "returned", "rejected", "suspended", "terminated",
]
STATUSES: tuple[str, ...] = (
    "requested", "technical_review", "legal_review", "awaiting_decision",
    "approved", "returned", "rejected", "suspended", "terminated",
)

# Every legal move; anything else is refused by `linkage validate` and `linkage transition`.
TRANSITIONS: dict[str, frozenset[str]] = {
    "requested": frozenset({"technical_review"}),
    "technical_review": frozenset({"legal_review"}),
    "legal_review": frozenset({"awaiting_decision"}),
    "awaiting_decision": frozenset({"approved", "returned", "rejected"}),
    "returned": frozenset({"technical_review", "legal_review"}),
    "approved": frozenset({"suspended", "terminated"}),
    "suspended": frozenset({"approved", "terminated"}),
    "rejected": frozenset(),
    "terminated": frozenset(),
}

# Statuses in which data may flow to or from the agency.
ACTIVE = frozenset({"approved"})
# Statuses reached only through the Director's approval.
APPROVED_ONCE = frozenset({"approved", "suspended"})
FINAL = frozenset({"rejected", "terminated"})
DECIDED = frozenset({"approved", "rejected", "returned"})


@dataclass(frozen=True)
class StepLimit:
    """A control point (จุดควบคุม) of the procedure: how long one step may take, in working days."""

    step: str
    status: str
    working_days: int
    label_th: str
    label_en: str


# The procedure's control points, in working days (Thai working days: Monday–Friday, not a public
# holiday). The first two meetings are written "2 days" and "4 days" in the procedure; Khlang counts
# them as working days too, like every other control point of the same procedure.
STEP_LIMITS: dict[str, StepLimit] = {
    "requirements_meeting": StepLimit("requirements_meeting", "requested", 2,
                                      "ประชุมรับทราบความต้องการ", "Requirements meeting"),
    "agency_meeting": StepLimit("agency_meeting", "requested", 4,
                                "ประชุมกับหน่วยงานภายนอกเพื่อกำหนดแนวทาง", "Meeting with the agency"),
    "technical_analysis": StepLimit("technical_analysis", "technical_review", 15,
                                    "วิเคราะห์ด้านเทคนิค (สทด.)", "Technical analysis"),
    "summary": StepLimit("summary", "legal_review", 10,
                         "วิเคราะห์ข้อมูลและกฎหมาย สรุปเสนอ ผอก.", "Legal analysis and summary for the Director"),
    "decision": StepLimit("decision", "awaiting_decision", 5, "ผอก. พิจารณาอนุมัติ", "Director's decision"),
    "registration": StepLimit("registration", "approved", 1,
                              "บันทึกในทะเบียนการเชื่อมโยงข้อมูล", "Entry in the linkage register"),
}


def allowed_next(status: str) -> frozenset[str]:
    """The statuses a linkage may move to from `status`."""
    return TRANSITIONS.get(status, frozenset())


def transition_problem(current: str, target: str) -> str | None:
    """Why current → target is not a legal move, or None when it is."""
    if target not in TRANSITIONS:
        return f"unknown status {target!r}"
    if target in allowed_next(current):
        return None
    allowed = ", ".join(sorted(allowed_next(current))) or "none: the linkage is closed"
    return f"cannot go from {current} to {target} (allowed: {allowed})"


def requirements(status: str) -> tuple[str, ...]:
    """Evidence a linkage must carry to be in `status` (the analyses the procedure names as evidence)."""
    if status == "legal_review":
        return ("technical_analysis",)
    if status in ("awaiting_decision", "approved", "suspended"):
        return ("technical_analysis", "legal_analysis")
    return ()


def decision_steps(steps: list) -> list:
    """The Director's decisions among ordered steps: what followed `awaiting_decision` (a resumption is not one)."""
    return [step for before, step in zip(steps, steps[1:])
            if before.status == "awaiting_decision" and step.status in DECIDED]
