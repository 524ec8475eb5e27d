"""Decisions that wait for the Director (ผอก.): linkages awaiting decision and policies not yet approved."""

from __future__ import annotations

import datetime as dt

from khlang.declarations import Catalog
from khlang.store import Store


def pending_decisions(catalog: Catalog, store: Store, as_of: dt.date) -> list[dict]:
    """Each decision with its deadline where the procedure sets one; an absent register or policy file is none."""
    items: list[dict] = []
    directory = catalog.directory
    if directory is not None and (directory / "linkages.yaml").exists():
        from khlang.linkage.register import load_register
        from khlang.linkage.state import current_states
        from khlang.linkage.workdays import load_calendar
        from khlang.linkage.workflow import STEP_LIMITS

        register = load_register(catalog)
        calendar = load_calendar(directory)
        states = current_states(register, store)
        for lid, state in sorted(states.items()):
            if state.status != "awaiting_decision":
                continue
            due = calendar.add_working_days(state.since, STEP_LIMITS["decision"].working_days) if state.since else None
            agency = state.entry.agency
            items.append({"id": f"linkage:{lid}", "due_on": due,
                          "th": f"การเชื่อมโยงข้อมูล {lid} กับ {agency}: รอ ผอก. พิจารณาอนุมัติ",
                          "en": f"data linkage {lid} with {agency}: awaiting the Director's decision"})
    if directory is not None and (directory / "policies.yaml").exists():
        from khlang.governance.policies import load_policies

        for policy in load_policies(catalog).policies:
            if not policy.in_force(as_of):
                items.append({"id": f"policy:{policy.id}", "due_on": None,
                              "th": f"นโยบาย {policy.entry.title_th}: รอ ผอก. อนุมัติ",
                              "en": f"policy {policy.entry.title_en or policy.id}: awaiting the Director's approval"})
    return items
