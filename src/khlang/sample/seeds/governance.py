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


def _once(done: dict, key: str, record: Callable[[], Any]) -> None:
    try:
        record()
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
    _once(done, "structure", lambda: publish_structure(
        catalog, store, secretary, drafted_from=D(2025, 10, 27), published_on=D(2025, 11, 3),
        note="เผยแพร่ในอินทราเน็ตและเว็บไซต์บัญชีข้อมูล", evidence=_pdf("governance-structure-2568")))
    members = [("p02", "chair"), *((p, "member") for p in governance.committee if p != "p02"), (governance.secretary,
                                                                                                 "secretary")]
    _once(done, "order", lambda: record_appointment(
        catalog, store, director, number="อคส. 215/2568", issued_on=D(2025, 11, 28), term_from=D(2025, 11, 28),
        term_until=D(2027, 11, 27), members=members, evidence=_pdf("order-215-2568")))
    lists = catalogue_lists(catalog)
    held_back = lists["warehouse"][-1] if lists["warehouse"] else None  # added after the approved list
    approved = {k: [n for n in v if n != held_back] for k, v in lists.items()}
    policies = policies_with_decisions(catalog, store)
    for number, meeting, ids, approve_on, told_on in (("1/2568", D(2025, 12, 11), FIRST, D(2025, 12, 15),
                                                       D(2025, 12, 18)),
                                                      ("2/2569", D(2026, 2, 26), LATER, D(2026, 3, 2),
                                                       D(2026, 3, 20))):
        _once(done, "resolution", lambda n=number, m=meeting, i=ids: record_resolution(
            catalog, store, policies, secretary, number=n, meeting_on=m, policy_ids=list(i), lists=approved,
            evidence=_pdf(f"minutes-{n.replace('/', '-')}")))
        _once(done, "lists_approval", lambda n=number, a=approve_on: approve_lists(
            catalog, store, director, resolution=n, on=a, evidence=_pdf(f"lists-approval-{n.replace('/', '-')}")))
        for pid in ids:
            _once(done, "policy_approval", lambda p=pid, a=approve_on: approve_policy(
                catalog, store, policies, director, p, on=a, note="อนุมัติตามมติคณะกรรมการ",
                evidence=_pdf(f"approval-{p}")))
        policies = policies_with_decisions(catalog, store)
        for pid in ids:
            for channel in ("circular", "intranet"):
                if any(c.channel == channel for c in policies.policy(pid).recorded_communications):
                    done["already"] = done.get("already", 0) + 1
                    continue
                communicate_policy(catalog, store, policies, secretary, pid, channel=channel, audience="internal",
                                   on=told_on, evidence=_pdf(f"{channel}-{pid}"))
                done["communication"] = done.get("communication", 0) + 1
            for i, unit in enumerate(expected_units(catalog)):
                head = unit_head(catalog, unit)
                if head is None:
                    continue
                _once(done, "acknowledgement", lambda p=pid, u=unit, h=head, k=i: acknowledge_policy(
                    catalog, store, policies, who(h), p, unit=u, on=told_on + dt.timedelta(days=1 + k % 2)))
            if pid in FIRST:
                _once(done, "practice", lambda p=pid, t=told_on: add_practice(
                    catalog, store, policies, secretary, p, code=f"{p}_annual", on=t + dt.timedelta(days=7),
                    what_th="ทุกหน่วยงานทบทวนชุดข้อมูลของตนตามนโยบายและรายงานผลต่อเลขานุการคณะกรรมการ",
                    what_en="Every unit reviews its datasets against the policy and reports to the secretary",
                    due_on=D(2026, 9, 30), shown_by="แบบประเมินตนเองในระบบ พร้อมไฟล์หลักฐาน (self-assessment)"))
    return done
