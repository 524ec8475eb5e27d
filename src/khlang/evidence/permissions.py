"""Who may read evidence: whoever answers for what it is attached to, and the governance roles that review it.

Added to the one permission table of khlang.identity (`add_rules`), so `authorize`/`allowed` decide it like
every other action; auditors read it (they read everything), nobody who has left may.
"""

from __future__ import annotations

from khlang.identity.permissions import ACTIONS, CONDITIONS, Action, Rule, Subject, add_rules

READ = "evidence.read"


@CONDITIONS.register("linkage_role")
def _linkage_role(s: Subject, role: str | None) -> bool:
    """Holds the role and the evidence belongs to a linkage (DT analysts and legal see linkage evidence)."""
    return s.linkage is not None and role in s.roles


ACTIONS.add(READ, Action(READ, "เปิดไฟล์หลักฐาน", "read an evidence file", writes=False))
ACTIONS.add("evidence.store", Action("evidence.store", "แนบไฟล์หลักฐาน", "attach an evidence file"))

add_rules([
    Rule((READ,), "allow", "answers_for_dataset"),
    Rule((READ,), "allow", "member_of_unit"),
    Rule((READ,), "allow", "assigned"),
    *(Rule((READ,), "allow", "holds_role", role) for role in ("committee", "secretary", "director", "auditor")),
    *(Rule((READ,), "allow", "linkage_role", role) for role in ("dt_analyst", "legal")),
])
