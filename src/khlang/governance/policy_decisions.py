"""The Director's approval of a policy (step 4) and the secretary's record of each communication (step 5).

An approval recorded here puts the policy in force from its date, beside the `approved_on` of
policies.yaml, which is kept as the history of approvals made before Khlang recorded them. Both
writes check the actor's role inside the function, are audited, and write nothing when refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import BinaryIO

from sqlalchemy import select

from khlang.dates import utcnow
from khlang.declarations import Catalog
from khlang.governance.evidence_refs import check_evidence, not_in_future
from khlang.governance.people import GovernanceError, NotFound, StateConflict
from khlang.governance.policies import Approval, Communication, Policy, PolicySet
from khlang.governance.policy_records import PolicyApproval, PolicyCommunication
from khlang.identity import Actor, audit, authorize
from khlang.registry import Registry
from khlang.store import Store

CHANNELS: Registry[str, tuple[str, str]] = Registry("communication channel")
for _code, _labels in (("circular", ("หนังสือเวียน", "Circular")), ("intranet", ("อินทราเน็ต", "Intranet")),
                       ("email", ("อีเมล", "E-mail")), ("meeting", ("การประชุม", "Meeting"))):
    CHANNELS.add(_code, _labels)
AUDIENCES: Registry[str, tuple[str, str]] = Registry("communication audience")
for _code, _labels in (("internal", ("หน่วยงานภายใน", "Internal units")),
                       ("external", ("หน่วยงานภายนอก", "External parties"))):
    AUDIENCES.add(_code, _labels)


def _policy(policies: PolicySet, policy_id: str) -> Policy:
    policy = policies.policy(policy_id)
    if policy is None:
        known = ", ".join(p.id for p in policies.policies) or "none declared"
        raise NotFound(f"unknown policy {policy_id!r} (policies: {known})")
    return policy


def _one_of(value: str, registry: Registry, field_name: str) -> str:
    if value not in registry:
        raise GovernanceError(f"{field_name}: one of {', '.join(registry)} (got {value!r})")
    return value


def approve_policy(catalog: Catalog, store: Store, policies: PolicySet, actor: Actor, policy_id: str, *,
                   on: dt.date, note: str | None = None, evidence_id: str | None = None,
                   evidence: tuple[bytes | BinaryIO, str] | None = None) -> dict:
    """The Director approves a policy: from `on` it is in force and its rules are evaluated.

    The store's approval is the record of the decision; the `approved_on` of policies.yaml is the declared plan
    (an approval of that same date recorded here is the Director's record of it). `evidence` is the signed
    document, kept in the same transaction.
    """
    from khlang.evidence import record_evidence

    policy = _policy(policies, policy_id)
    authorize(catalog, actor, "policy.approve")
    not_in_future(on, "on")
    with store.transaction() as session:
        if evidence_id:
            check_evidence(session, evidence_id, ("policy", policy_id))
        same = session.scalar(select(PolicyApproval.id).where(PolicyApproval.policy_id == policy_id,
                                                             PolicyApproval.approved_on == on))
        if same is not None:
            raise StateConflict(f"{policy_id} is already approved on {on.isoformat()}")
        if evidence is not None:
            evidence_id = record_evidence(session, actor, evidence[0], evidence[1], subject_type="policy",
                                          subject_id=policy_id).id
        row = PolicyApproval(policy_id=policy_id, approved_on=on, note=(note or "").strip() or None,
                             evidence_id=evidence_id or None, by=actor.acting_person, recorded_by=actor.username,
                             channel=actor.channel, reason=actor.reason, recorded_at=utcnow())
        session.add(row)
        session.flush()
        after = {"approved_on": on.isoformat(), "note": row.note, "evidence_id": row.evidence_id}
        audit(session, actor, "policy.approve", "policy", policy_id,
              before={"in_force_since": policy.approved_on.isoformat() if policy.approved_on else None},
              after=after, note=row.note)
    return {"id": row.id, "policy": policy_id, **after, "by": actor.acting_person}


def communicate_policy(catalog: Catalog, store: Store, policies: PolicySet, actor: Actor, policy_id: str, *,
                       channel: str, audience: str, on: dt.date, evidence_id: str | None = None,
                       note: str | None = None, evidence: tuple[bytes | BinaryIO, str] | None = None) -> dict:
    """The committee secretary records one communication of an approved policy (channel, audience, date, proof)."""
    from khlang.evidence import record_evidence

    policy = with_decisions_one(store, _policy(policies, policy_id))
    authorize(catalog, actor, "policy.communicate")
    _one_of(channel, CHANNELS, "channel")
    _one_of(audience, AUDIENCES, "audience")
    not_in_future(on, "on")
    if not policy.in_force(on):
        raise StateConflict(f"{policy_id} is not approved on {on.isoformat()}: the Director approves a policy "
                            "before it is communicated (khlang policy approve)")
    with store.transaction() as session:
        if evidence_id:
            check_evidence(session, evidence_id, ("policy", policy_id))
        if evidence is not None:
            evidence_id = record_evidence(session, actor, evidence[0], evidence[1], subject_type="policy",
                                          subject_id=policy_id).id
        row = PolicyCommunication(policy_id=policy_id, channel_used=channel, audience=audience, communicated_on=on,
                                  note=(note or "").strip() or None, evidence_id=evidence_id or None,
                                  by=actor.acting_person, recorded_by=actor.username, channel=actor.channel,
                                  reason=actor.reason, recorded_at=utcnow())
        session.add(row)
        session.flush()
        after = {"channel": channel, "audience": audience, "communicated_on": on.isoformat(),
                 "evidence_id": row.evidence_id}
        audit(session, actor, "policy.communicate", "policy", policy_id, after=after, note=row.note)
    return {"id": row.id, "policy": policy_id, **after, "by": actor.acting_person}


def _recorded(store: Store) -> tuple[dict[str, list[Approval]], dict[str, list[Communication]]]:
    approvals: dict[str, list[Approval]] = {}
    communications: dict[str, list[Communication]] = {}
    with store.reading() as session:
        for a in session.scalars(select(PolicyApproval).order_by(PolicyApproval.approved_on, PolicyApproval.id)):
            approvals.setdefault(a.policy_id, []).append(Approval(a.approved_on, a.by, "store", a.note, a.evidence_id))
        for c in session.scalars(select(PolicyCommunication).order_by(PolicyCommunication.communicated_on,
                                                                      PolicyCommunication.id)):
            communications.setdefault(c.policy_id, []).append(
                Communication(c.communicated_on, "store", c.channel_used, c.audience, c.by, c.evidence_id))
    return approvals, communications


def with_decisions(policies: PolicySet, store: Store | None) -> PolicySet:
    """The policies with the approvals and communications recorded in the store (what puts them in force)."""
    if store is None:
        return policies
    approvals, communications = _recorded(store)
    merged = [replace(p, recorded_approvals=tuple(approvals.get(p.id, ())),
                      recorded_communications=tuple(communications.get(p.id, ()))) for p in policies.policies]
    return replace(policies, policies=merged)


def with_decisions_one(store: Store, policy: Policy) -> Policy:
    """One policy with its recorded approvals and communications."""
    approvals, communications = _recorded(store)
    return replace(policy, recorded_approvals=tuple(approvals.get(policy.id, ())),
                   recorded_communications=tuple(communications.get(policy.id, ())))


def policies_with_decisions(catalog: Catalog, store: Store) -> PolicySet:
    """The declared policies with the store's approvals and communications (what the console lists)."""
    from khlang.governance.policies import load_policies

    return with_decisions(load_policies(catalog), store)


def available_policy_actions(catalog: Catalog, policies: PolicySet, actor: Actor, policy_id: str,
                             as_of: dt.date | None = None) -> list[str]:
    """What this person may record on a policy now (the console's buttons): "approve", "communicate".

    `policies` should carry the store's records (with_decisions). The Director approves a draft, or
    re-approves a policy whose review is due; the secretary communicates a policy in force.
    """
    from khlang.dates import today_bangkok
    from khlang.identity import allowed

    policy = _policy(policies, policy_id)
    today = as_of or today_bangkok()
    out = []
    due = policy.review_due()
    if allowed(catalog, actor, "policy.approve") and (not policy.in_force(today) or (due and due <= today)):
        out.append("approve")
    if allowed(catalog, actor, "policy.communicate") and policy.in_force(today):
        out.append("communicate")
    return out
