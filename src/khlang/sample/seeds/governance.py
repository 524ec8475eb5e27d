"""สงพท.-11 steps 1–6 of the demo, each recorded by its person through the permission-checked library functions:
the secretary publishes the structure, the Director appoints the committee, the secretary records the committee's
resolutions with their minutes, the Director approves the policies and the lists, the secretary communicates
them, each unit's head acknowledges them, and the committee sets the practices.

One step is left overdue on purpose: no practice is set under `cost_effective_data` (step 6, 15 days from its
communication of 20 March 2026), so the issue sync files `governance:step_overdue` and the committee report shows it.
One dataset is left off the approved lists, so it shows as pending approval.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from khlang.governance.people import StateConflict, unit_head
from khlang.sample.seeds import seed

D = dt.date
FIRST = ("data_ownership", "personal_data_protection", "master_data_management", "data_quality", "access_control")
LATER = ("cost_effective_data",)


def _pdf(title: str) -> tuple[bytes, str]:
    """A small PDF standing in for the signed document (the demo has no scanner)."""
    body = f"%PDF-1.4\n% Khlang demo document: {title}\n%%EOF\n".encode()
    return body, f"{title}.pdf"


def _once(done: dict, key: str, record: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Record one decision; one already on record (StateConflict) is counted as such (the seed is idempotent)."""
    try:
        record(*args, **kwargs)
        done[key] = done.get(key, 0) + 1
    except StateConflict:
        done["already"] = done.get("already", 0) + 1


@seed("governance_steps")
def governance_steps(catalog: Any, store: Any) -> dict:
    """Steps 1–6 of the first cycle (2568–2569) as the secretary, the Director and the units' heads record them."""
    from khlang.governance.policy_decisions import approve_policy, communicate_policy, policies_with_decisions
    from khlang.governance.steps import (
        acknowledge_policy,
        add_practice,
        approve_lists,
        catalogue_lists,
        expected_units,
        publish_structure,
        record_appointment,
        record_resolution,
    )
    from khlang.identity.actor import actor_for

    def who(pid: str) -> Any:
        return actor_for(catalog, pid, f"seed-{pid}")

    governance = catalog.organisation.governance
    secretary, director = who(governance.secretary), who("p10")
    done: dict = {}
    _once(done, "structure", publish_structure, catalog, store, secretary, drafted_from=D(2025, 10, 27),
          published_on=D(2025, 11, 3), note="เผยแพร่ในอินทราเน็ตและเว็บไซต์บัญชีข้อมูล",
          evidence=_pdf("governance-structure-2568"))
    members = [("p02", "chair"), *((p, "member") for p in governance.committee if p != "p02"),
               (governance.secretary, "secretary")]
    _once(done, "order", record_appointment, catalog, store, director, number="อคส. 215/2568",
          issued_on=D(2025, 11, 28), term_from=D(2025, 11, 28), term_until=D(2027, 11, 27), members=members,
          evidence=_pdf("order-215-2568"))
    lists = catalogue_lists(catalog)
    held_back = lists["warehouse"][-1] if lists["warehouse"] else None  # added after the approved list
    approved = {k: [n for n in v if n != held_back] for k, v in lists.items()}
    cycle = (("1/2568", D(2025, 12, 11), FIRST, D(2025, 12, 15), D(2025, 12, 18)),
             ("2/2569", D(2026, 2, 26), LATER, D(2026, 3, 2), D(2026, 3, 20)))
    for number, meeting, ids, approve_on, told_on in cycle:
        tag = number.replace("/", "-")
        policies = policies_with_decisions(catalog, store)
        _once(done, "resolution", record_resolution, catalog, store, policies, secretary, number=number,
              meeting_on=meeting, policy_ids=list(ids), lists=approved, evidence=_pdf(f"minutes-{tag}"))
        _once(done, "lists_approval", approve_lists, catalog, store, director, resolution=number, on=approve_on,
              evidence=_pdf(f"lists-approval-{tag}"))
        for pid in ids:
            _once(done, "policy_approval", approve_policy, catalog, store, policies, director, pid, on=approve_on,
                  note="อนุมัติตามมติคณะกรรมการ", evidence=_pdf(f"approval-{pid}"))
        policies = policies_with_decisions(catalog, store)
        for pid in ids:
            for channel in ("circular", "intranet"):
                policy = policies.policy(pid)
                if policy is None or any(c.channel == channel for c in policy.recorded_communications):
                    done["already"] = done.get("already", 0) + 1
                    continue
                communicate_policy(catalog, store, policies, secretary, pid, channel=channel, audience="internal",
                                   on=told_on, evidence=_pdf(f"{channel}-{pid}"))
                done["communication"] = done.get("communication", 0) + 1
            policies = policies_with_decisions(catalog, store)
            for i, unit in enumerate(expected_units(catalog)):
                head = unit_head(catalog, unit)
                if head is not None:
                    _once(done, "acknowledgement", acknowledge_policy, catalog, store, policies, who(head), pid,
                          unit=unit, on=told_on + dt.timedelta(days=1 + i % 2))
            if pid in FIRST:
                _once(done, "practice", add_practice, catalog, store, policies, secretary, pid, code=f"{pid}_annual",
                      on=told_on + dt.timedelta(days=7),
                      what_th="ทุกหน่วยงานทบทวนชุดข้อมูลของตนตามนโยบายและรายงานผลต่อเลขานุการคณะกรรมการ",
                      what_en="Every unit reviews its datasets against the policy and reports to the secretary",
                      due_on=D(2026, 9, 30), shown_by="แบบประเมินตนเองในระบบ พร้อมไฟล์หลักฐาน (self-assessment)")
    return done
