"""Who does what in the EA process (สงพท.-10), added to the one permission table of khlang.identity.

สงพท. (its head, the DT analysts) records the review's work; only the Director endorses or returns the draft; a
system's business and digital owners score its value; the people invited answer the perception survey (both
"assigned": the write passes its owners or invitees as the object's assignees). Evidence attached to a version
(the working group's order) is read by สงพท.'s people and the governance roles that read evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from khlang.declarations import Catalog
from khlang.evidence.subjects import SUBJECTS
from khlang.identity.permissions import ACTIONS, Action, Rule, add_rules

for _a in (
    Action("ea.manage", "บันทึกงานทบทวนสถาปัตยกรรมองค์กร (EA)", "record the EA review's work"),
    Action("ea.endorse", "ให้ความเห็นชอบหรือส่งกลับสถาปัตยกรรมองค์กร (ผอก.)", "endorse or return the EA as the Director"),
    Action("ea.value_score", "ให้คะแนนคุณค่าทางธุรกิจของระบบงาน", "score a system's business value"),
    Action("ea.perception_answer", "ตอบแบบสำรวจการรับรู้กระบวนการ EA", "answer the EA perception survey"),
):
    ACTIONS.add(_a.code, _a)

add_rules([
    Rule(("ea.manage",), "allow", "heads_unit", "DTD"),
    Rule(("ea.manage",), "allow", "holds_role", "dt_analyst"),
    Rule(("ea.endorse",), "allow", "holds_role", "director"),
    Rule(("ea.value_score", "ea.perception_answer"), "allow", "assigned"),
])


@dataclass(frozen=True)
class _Members:
    """An EA version as the evidence rules see it: its working group's members are the ones assigned it."""

    assignees: tuple[dict, ...]
    unit: str = "DTD"


@SUBJECTS.register("ea_version")
def _ea_version(session: Session, _catalog: Catalog, subject_id: str) -> dict[str, Any] | None:
    """Evidence of an EA version (the working group's appointment order): สงพท.'s people and the working group's
    members read it (and the Director, the committee and auditors, as all evidence)."""
    from sqlalchemy import select

    from khlang.ea.process_records import EaRecord, EaVersion

    if session.get(EaVersion, subject_id) is None:
        return None
    people: set[str] = set()
    for row in session.scalars(select(EaRecord).where(EaRecord.version == subject_id,
                                                      EaRecord.kind == "working_group")):
        people |= {m["person"] for m in row.data.get("members", [])} | {row.by}
    return {"unit": "DTD", "issue": _Members(tuple({"person": p, "active": True} for p in sorted(people)))}
