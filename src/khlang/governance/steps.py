"""สงพท.-11 steps 1–6 as decisions on record: each one recorded in the store by the person who decided, with its
document, and each step's time limit counted from the previous step's record.

1. the secretary publishes the governance structure of organisation.yaml (7 days from the start of drafting);
2. the Director records the order appointing the committee (number, date, term, members and their roles);
3. a member or the secretary records the committee's resolution on the policies and the lists of datasets,
   master data, reference data and the warehouse (15 days from the order), with its minutes;
4. the Director approves the policies (khlang.governance.policy_decisions) and the lists (5 days from the resolution);
5. the secretary records each communication of a policy; each unit's head (or a steward working there)
   acknowledges it; the 5 days count the acknowledgements, not one date;
6. the committee sets the practices (แนวปฏิบัติ) under each policy (15 days from its first communication).

Every write checks the permission inside the function, is audited in the same transaction, keeps its evidence
file in that transaction, and writes nothing when refused. `governance_state` reads it all back; `step_lines`
says where each step stands on a day (done, done late, waiting, overdue) and an overdue step is the finding
`governance:step_overdue` (the issue source in khlang.governance.operational).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from khlang.dates import format_both, utcnow
from khlang.declarations import Catalog
from khlang.governance.evidence_refs import not_in_future
from khlang.governance.people import GovernanceError, NotFound, StateConflict
from khlang.governance.policies import Policy, PolicySet
from khlang.governance.step_records import (
    CommitteeOrder,
    CommitteeResolution,
    ListApproval,
    PolicyAcknowledgement,
    PolicyPractice,
    StructurePublication,
)
from khlang.identity import Actor, audit, authorize
from khlang.registry import Registry
from khlang.report.labels import Label
from khlang.store import Store

Evidence = tuple[bytes | BinaryIO, str]  # (the file's bytes, its name)
EVIDENCE_SUBJECT = "governance"


@dataclass(frozen=True)
class Step:
    """One step of สงพท.-11 kept here: its number, its label, its time limit and who records it."""

    number: int
    label: Label
    days: int | None  # None: the procedure sets no limit
    role: str  # who must act: director | secretary | committee | unit


STEPS: Registry[int, Step] = Registry("governance step")
for _s in (
    Step(1, Label("กำหนดโครงสร้างและหน้าที่ความรับผิดชอบด้านธรรมาภิบาลข้อมูล",
                  "Define the governance structure and responsibilities"), 7, "secretary"),
    Step(2, Label("ผู้อำนวยการแต่งตั้งคณะกรรมการ", "The Director appoints the committee"), None, "director"),
    Step(3, Label("คณะกรรมการกำหนดกฎเกณฑ์ นโยบาย และรายการชุดข้อมูล",
                  "The committee sets the rules, policies and the dataset lists"), 15, "secretary"),
    Step(4, Label("ผู้อำนวยการอนุมัตินโยบายและรายการชุดข้อมูล", "The Director approves the policies and the lists"),
         5, "director"),
    Step(5, Label("สื่อสารนโยบายให้ผู้เกี่ยวข้องทุกฝ่ายรับทราบ", "Communicate the policies to every stakeholder"),
         5, "secretary"),
    Step(6, Label("กำหนดแนวปฏิบัติตามนโยบาย", "Set the practices under the policies"), 15, "secretary"),
):
    STEPS.add(_s.number, _s)

MEMBER_ROLES: Registry[str, Label] = Registry("committee member role")
for _code, _label in (("chair", Label("ประธานกรรมการ", "Chair")),
                      ("vice_chair", Label("รองประธานกรรมการ", "Vice-chair")),
                      ("member", Label("กรรมการ", "Member")), ("secretary", Label("กรรมการและเลขานุการ", "Secretary"))):
    MEMBER_ROLES.add(_code, _label)

LISTS: Registry[str, Label] = Registry("governance list")
for _code, _label in (("datasets", Label("รายการชุดข้อมูล", "Datasets")), ("master", Label("ข้อมูลหลัก", "Master data")),
                      ("reference", Label("ข้อมูลอ้างอิง", "Reference data")),
                      ("warehouse", Label("คลังข้อมูล", "Data warehouse"))):
    LISTS.add(_code, _label)

STEP_STATES: Registry[str, Label] = Registry("governance step state")
for _code, _label in (("done", Label("ดำเนินการแล้ว", "Done")), ("late", Label("ดำเนินการแล้วแต่เกินกำหนด", "Done late")),
                      ("waiting", Label("รอดำเนินการ", "Waiting")), ("overdue", Label("เกินกำหนด", "Overdue"))):
    STEP_STATES.add(_code, _label)


# --- reading -----------------------------------------------------------------------------------------------

def structure_of(catalog: Catalog) -> dict:
    """Step 1's structure as organisation.yaml declares it: strategy, goals, scope, roles and the hierarchy."""
    from khlang.identity.roles import ROLES

    g = catalog.organisation.governance if catalog.organisation else None
    stewards = sorted({d.steward for d in catalog.datasets.values() if d.steward})
    owners = sorted({p for d in catalog.datasets.values() for p in (d.business_owner, d.digital_owner) if p})
    roles = [{"code": code, "label_th": r.label_th, "label_en": r.label_en, "authority": r.may}
             for code, r in ROLES.items()]
    return {"strategy": g.strategy if g else None, "goals": list(g.goals) if g else [],
            "scope": g.scope if g else None, "committee": list(g.committee) if g else [],
            "secretary": g.secretary if g else None,
            "hierarchy": ["director", "committee", "secretary", "owners", "stewards"],
            "owners": owners, "stewards": stewards, "roles": roles}


def structure_sha256(catalog: Catalog) -> str:
    """The sha256 of the declared structure: a publication lapses when organisation.yaml's structure changes."""
    s = structure_of(catalog)
    core = {k: s[k] for k in ("strategy", "goals", "scope", "committee", "secretary")}
    return hashlib.sha256(json.dumps(core, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass
class GovernanceState:
    """Every record of steps 1–6, oldest first."""

    structures: list[StructurePublication] = field(default_factory=list)
    orders: list[CommitteeOrder] = field(default_factory=list)
    resolutions: list[CommitteeResolution] = field(default_factory=list)
    list_approvals: dict[int, ListApproval] = field(default_factory=dict)  # by resolution id
    acknowledgements: dict[str, list[PolicyAcknowledgement]] = field(default_factory=dict)
    practices: dict[str, list[PolicyPractice]] = field(default_factory=dict)

    @property
    def order(self) -> CommitteeOrder | None:
        """The newest appointment order."""
        return self.orders[-1] if self.orders else None

    def approved_lists(self, as_of: dt.date) -> tuple[CommitteeResolution, ListApproval] | None:
        """The newest resolution whose lists the Director approved by `as_of`."""
        done = [(r, self.list_approvals[r.id]) for r in self.resolutions
                if r.id in self.list_approvals and self.list_approvals[r.id].approved_on <= as_of]
        return max(done, key=lambda ra: (ra[1].approved_on, ra[0].id)) if done else None


def governance_state(store: Store) -> GovernanceState:
    """Read every record of steps 1–6 (detached rows)."""
    out = GovernanceState()
    with store.reading() as session:
        out.structures = list(session.scalars(select(StructurePublication).order_by(
            StructurePublication.published_on, StructurePublication.id)))
        out.orders = list(session.scalars(select(CommitteeOrder).order_by(CommitteeOrder.issued_on,
                                                                          CommitteeOrder.id)))
        out.resolutions = list(session.scalars(select(CommitteeResolution).order_by(
            CommitteeResolution.meeting_on, CommitteeResolution.id)))
        out.list_approvals = {a.resolution_id: a for a in session.scalars(select(ListApproval))}
        for a in session.scalars(select(PolicyAcknowledgement).order_by(PolicyAcknowledgement.acknowledged_on)):
            out.acknowledgements.setdefault(a.policy_id, []).append(a)
        for p in session.scalars(select(PolicyPractice).order_by(PolicyPractice.set_on, PolicyPractice.id)):
            out.practices.setdefault(p.policy_id, []).append(p)
        session.expunge_all()
    return out


def catalogue_lists(catalog: Catalog) -> dict[str, list[str]]:
    """The four lists as the catalogue has them now (what a resolution proposes by default)."""
    return {"datasets": sorted(catalog.datasets), **{k: [d.name for d in catalog.by_kind(k)]
                                                     for k in ("master", "reference", "warehouse")}}


def pending_approval(catalog: Catalog, state: GovernanceState, as_of: dt.date) -> list[str]:
    """Datasets of the catalogue not on the lists the Director approved last: pending approval (all, when none was)."""
    approved = state.approved_lists(as_of)
    listed = set(approved[0].lists.get("datasets", [])) if approved else set()
    return sorted(set(catalog.datasets) - listed)


@dataclass(frozen=True)
class StepLine:
    """Where one step stands for one subject on a day."""

    step: int
    subject: str  # "structure", "order", "lists", a policy id …
    state: str  # STEP_STATES
    since: dt.date | None  # the previous step's record (the clock's start)
    due_on: dt.date | None
    done_on: dt.date | None = None
    by: str | None = None
    detail: str = ""

    def to_dict(self) -> dict:
        """JSON-ready, with the step's and the state's labels."""
        step, state = STEPS[self.step], STEP_STATES[self.state]
        return {"step": self.step, "step_th": step.label.th, "step_en": step.label.en, "days": step.days,
                "role": step.role, "subject": self.subject, "state": self.state, "state_th": state.th,
                "state_en": state.en, "since": _iso(self.since), "due_on": _iso(self.due_on),
                "done_on": _iso(self.done_on), "by": self.by, "detail": self.detail}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _line(step: int, subject: str, since: dt.date | None, done_on: dt.date | None, by: str | None, as_of: dt.date,
          detail: str = "") -> StepLine:
    days = STEPS[step].days
    due = since + dt.timedelta(days=days) if since is not None and days is not None else None
    if done_on is not None:
        state = "late" if due is not None and done_on > due else "done"
    else:
        state = "overdue" if due is not None and as_of > due else "waiting"
    return StepLine(step, subject, state, since, due, done_on, by, detail)


def step_lines(catalog: Catalog, store: Store, policies: PolicySet, as_of: dt.date,
               state: GovernanceState | None = None) -> list[StepLine]:
    """Every step of the newest cycle on `as_of`, each timed from the previous step's record.

    `policies` should carry the store's approvals and communications (policy_decisions.with_decisions).
    """
    st = state or governance_state(store)
    out: list[StepLine] = []
    pub = next((s for s in reversed(st.structures) if s.published_on <= as_of), None)
    out.append(_line(1, "structure", pub.drafted_from if pub else None, pub.published_on if pub else None,
                     pub.by if pub else None, as_of))
    order = next((o for o in reversed(st.orders) if o.issued_on <= as_of), None)
    out.append(_line(2, "order", pub.published_on if pub else None, order.issued_on if order else None,
                     order.by if order else None, as_of, order.number if order else ""))
    if order is None:
        return out
    resolutions = [r for r in st.resolutions if order.issued_on <= r.meeting_on <= as_of]
    first = resolutions[0] if resolutions else None
    out.append(_line(3, "resolution", order.issued_on, first.meeting_on if first else None,
                     first.by if first else None, as_of, first.number if first else ""))
    for r in resolutions:
        la = st.list_approvals.get(r.id)
        la = la if la is not None and la.approved_on <= as_of else None
        out.append(_line(4, f"lists:{r.number}", r.meeting_on, la.approved_on if la else None,
                         la.by if la else None, as_of, r.number))
        for pid in r.policies:
            policy = policies.policy(pid)
            if policy is None:
                continue
            approval = next((a for a in policy.recorded_approvals if r.meeting_on <= a.on <= as_of), None)
            out.append(_line(4, pid, r.meeting_on, approval.on if approval else None,
                             approval.by if approval else None, as_of, r.number))
            if approval is None:
                continue
            out.append(_communicated(catalog, st, policy, approval.on, as_of))
            comms = [c for c in policy.recorded_communications if approval.on <= c.on <= as_of]
            if comms:
                practice = next((p for p in st.practices.get(pid, []) if p.set_on <= as_of), None)
                out.append(_line(6, pid, comms[0].on, practice.set_on if practice else None,
                                 practice.by if practice else None, as_of,
                                 f"{len(st.practices.get(pid, []))} practice(s)"))
    return out


def expected_units(catalog: Catalog) -> list[str]:
    """The units a policy communicated inside the organisation must reach: every unit of organisation.yaml."""
    return sorted(catalog.units)


def acknowledgement_measure(catalog: Catalog, state: GovernanceState, policy_id: str, since: dt.date,
                            as_of: dt.date) -> dict:
    """Step 5's measure: how many units acknowledged within 5 days of the first communication (of those asked)."""
    limit = since + dt.timedelta(days=STEPS[5].days or 0)
    acks = {a.unit: a for a in state.acknowledgements.get(policy_id, []) if a.acknowledged_on <= as_of}
    units = expected_units(catalog)
    on_time = [u for u in units if u in acks and acks[u].acknowledged_on <= limit]
    return {"policy": policy_id, "since": since.isoformat(), "due_on": limit.isoformat(), "units": len(units),
            "acknowledged": len([u for u in units if u in acks]), "on_time": len(on_time),
            "missing": [u for u in units if u not in acks],
            "percent": round(100.0 * len(on_time) / len(units), 1) if units else None}


def _communicated(catalog: Catalog, st: GovernanceState, policy: Policy, approved_on: dt.date,
                  as_of: dt.date) -> StepLine:
    """Step 5 for one policy: communicated, and every unit acknowledged, within 5 days of the approval."""
    pid = policy.id
    comms = [c for c in policy.recorded_communications if approved_on <= c.on <= as_of]
    if not comms:
        return _line(5, pid, approved_on, None, None, as_of, "not communicated")
    m = acknowledgement_measure(catalog, st, pid, comms[0].on, as_of)
    acks = [a for a in st.acknowledgements.get(pid, []) if a.acknowledged_on <= as_of]
    done = max((a.acknowledged_on for a in acks), default=None) if not m["missing"] else None
    return _line(5, pid, approved_on, done, comms[0].by, as_of,
                 f"{m['acknowledged']}/{m['units']} units acknowledged ({m['on_time']} within 5 days)")


# --- writing -----------------------------------------------------------------------------------------------

def _keep(session: Session, actor: Actor, evidence: Evidence | None, subject: str) -> str | None:
    from khlang.evidence import record_evidence

    if evidence is None:
        return None
    return record_evidence(session, actor, evidence[0], evidence[1], subject_type=EVIDENCE_SUBJECT,
                           subject_id=subject).id


def _who(actor: Actor) -> dict:
    return {"by": actor.acting_person, "recorded_by": actor.username, "channel": actor.channel,
            "reason": actor.reason, "recorded_at": utcnow()}


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def publish_structure(catalog: Catalog, store: Store, actor: Actor, *, drafted_from: dt.date,
                      published_on: dt.date, note: str | None = None, evidence: Evidence | None = None) -> dict:
    """Step 1: the secretary records that the structure of organisation.yaml was published (once per text)."""
    authorize(catalog, actor, "governance.structure")
    not_in_future(published_on, "published_on")
    if drafted_from > published_on:
        raise GovernanceError("drafted_from: after published_on")
    sha = structure_sha256(catalog)
    with store.transaction() as session:
        if session.scalar(select(StructurePublication.id).where(StructurePublication.structure_sha256 == sha)):
            raise StateConflict("this governance structure is already recorded as published — บันทึกแล้ว")
        row = StructurePublication(drafted_from=drafted_from, published_on=published_on, structure_sha256=sha,
                                   note=_text(note), evidence_id=_keep(session, actor, evidence, "structure"),
                                   **_who(actor))
        session.add(row)
        session.flush()
        after = {"id": row.id, "drafted_from": drafted_from.isoformat(), "published_on": published_on.isoformat(),
                 "structure_sha256": sha, "evidence_id": row.evidence_id}
        audit(session, actor, "governance.structure", "governance_structure", row.id, after=after, note=row.note)
    return {**after, "by": actor.acting_person}


def record_appointment(catalog: Catalog, store: Store, actor: Actor, *, number: str, issued_on: dt.date,
                       term_from: dt.date, term_until: dt.date, members: list[tuple[str, str]],
                       evidence: Evidence | None = None) -> dict:
    """Step 2: the Director records the order appointing the committee: one chair, one secretary, members."""
    authorize(catalog, actor, "committee.appoint")
    number = (number or "").strip()
    if not number:
        raise GovernanceError("number: the order's number is required (คำสั่งเลขที่)")
    not_in_future(issued_on, "issued_on")
    if term_until <= term_from:
        raise GovernanceError("term_until: must be after term_from")
    seen: set[str] = set()
    for person, role in members:
        p = catalog.person(person)
        if p is None:
            raise NotFound(f"members: unknown person {person!r} (organisation.yaml people)")
        if not p.active:
            raise GovernanceError(f"members: {person} has left the organisation")
        if role not in MEMBER_ROLES:
            raise GovernanceError(f"members: role of {person}: one of {', '.join(MEMBER_ROLES)} (got {role!r})")
        if person in seen:
            raise GovernanceError(f"members: {person} is listed twice")
        seen.add(person)
    for role in ("chair", "secretary"):
        if sum(1 for _, r in members if r == role) != 1:
            raise GovernanceError(f"members: exactly one {role} (ประธาน/เลขานุการ) is required")
    with store.transaction() as session:
        if session.scalar(select(CommitteeOrder.id).where(CommitteeOrder.number == number)):
            raise StateConflict(f"order {number} is already recorded — บันทึกคำสั่งนี้แล้ว")
        row = CommitteeOrder(number=number, issued_on=issued_on, term_from=term_from, term_until=term_until,
                             members=[{"person": p, "role": r} for p, r in members],
                             evidence_id=_keep(session, actor, evidence, f"order:{number}"), **_who(actor))
        session.add(row)
        session.flush()
        after = order_dict(row)
        audit(session, actor, "committee.appoint", "committee_order", number, after=after)
    return after


def record_resolution(catalog: Catalog, store: Store, policies: PolicySet, actor: Actor, *, number: str,
                      meeting_on: dt.date, policy_ids: list[str], lists: dict[str, list[str]] | None = None,
                      note: str | None = None, evidence: Evidence | None = None) -> dict:
    """Step 3: a member or the secretary records the committee's resolution (with its minutes) after the order."""
    authorize(catalog, actor, "committee.resolve")
    number = (number or "").strip()
    if not number:
        raise GovernanceError("number: the resolution's number is required (มติที่)")
    not_in_future(meeting_on, "meeting_on")
    for pid in policy_ids:
        if policies.policy(pid) is None:
            raise NotFound(f"policies: unknown policy {pid!r}")
    chosen = lists if lists is not None else catalogue_lists(catalog)
    for key, names in chosen.items():
        if key not in LISTS:
            raise GovernanceError(f"lists: one of {', '.join(LISTS)} (got {key!r})")
        unknown = [n for n in names if n not in catalog.datasets]
        if unknown:
            raise NotFound(f"lists.{key}: unknown dataset(s) {', '.join(unknown)}")
    with store.transaction() as session:
        order = session.scalar(select(CommitteeOrder).where(CommitteeOrder.issued_on <= meeting_on)
                               .order_by(CommitteeOrder.issued_on.desc()).limit(1))
        if order is None:
            raise StateConflict("no appointment order on or before the meeting: the Director appoints the "
                                "committee first (step 2) — ยังไม่มีคำสั่งแต่งตั้งคณะกรรมการ")
        if session.scalar(select(CommitteeResolution.id).where(CommitteeResolution.number == number)):
            raise StateConflict(f"resolution {number} is already recorded — บันทึกมตินี้แล้ว")
        row = CommitteeResolution(number=number, meeting_on=meeting_on, policies=list(policy_ids),
                                  lists={k: sorted(v) for k, v in chosen.items()}, note=_text(note),
                                  evidence_id=_keep(session, actor, evidence, f"resolution:{number}"),
                                  **_who(actor))
        session.add(row)
        session.flush()
        after = resolution_dict(row)
        audit(session, actor, "committee.resolve", "committee_resolution", number, after=after, note=row.note)
    return after


def approve_lists(catalog: Catalog, store: Store, actor: Actor, *, resolution: str, on: dt.date,
                  note: str | None = None, evidence: Evidence | None = None) -> dict:
    """Step 4: the Director approves the lists of a resolution (on or after its meeting; once)."""
    authorize(catalog, actor, "lists.approve")
    not_in_future(on, "on")
    with store.transaction() as session:
        r = session.scalar(select(CommitteeResolution).where(CommitteeResolution.number == resolution))
        if r is None:
            raise NotFound(f"no resolution {resolution!r} is recorded — ไม่พบมติคณะกรรมการ")
        if on < r.meeting_on:
            raise GovernanceError(f"on: before the meeting of {format_both(r.meeting_on)}")
        if session.scalar(select(ListApproval.id).where(ListApproval.resolution_id == r.id)):
            raise StateConflict(f"the lists of resolution {resolution} are already approved — อนุมัติแล้ว")
        row = ListApproval(resolution_id=r.id, approved_on=on, note=_text(note),
                           evidence_id=_keep(session, actor, evidence, f"lists:{resolution}"), **_who(actor))
        session.add(row)
        session.flush()
        after = {"resolution": resolution, "approved_on": on.isoformat(), "evidence_id": row.evidence_id,
                 "datasets": len(r.lists.get("datasets", []))}
        audit(session, actor, "lists.approve", "committee_resolution", resolution, after=after, note=row.note)
    return {**after, "by": actor.acting_person}


def acknowledge_policy(catalog: Catalog, store: Store, policies: PolicySet, actor: Actor, policy_id: str, *,
                       unit: str, on: dt.date, note: str | None = None) -> dict:
    """Step 5: a unit's head (or a steward working there) acknowledges a communicated policy for the unit; once."""
    from khlang.governance.policy_decisions import with_decisions_one

    policy = policies.policy(policy_id)
    if policy is None:
        raise NotFound(f"unknown policy {policy_id!r}")
    if unit not in catalog.units:
        raise NotFound(f"unit {unit!r}: no such unit in organisation.yaml — ไม่พบหน่วยงาน")
    authorize(catalog, actor, "policy.acknowledge", unit=unit)
    not_in_future(on, "on")
    policy = with_decisions_one(store, policy)
    if not any(c.on <= on for c in policy.recorded_communications):
        raise StateConflict(f"{policy_id} has no communication recorded on or before {on.isoformat()}: "
                            "the secretary records it first — ยังไม่มีการสื่อสารนโยบาย")
    with store.transaction() as session:
        if session.scalar(select(PolicyAcknowledgement.id).where(PolicyAcknowledgement.policy_id == policy_id,
                                                                PolicyAcknowledgement.unit == unit)):
            raise StateConflict(f"{unit} has already acknowledged {policy_id} — รับทราบแล้ว")
        row = PolicyAcknowledgement(policy_id=policy_id, unit=unit, acknowledged_on=on, note=_text(note),
                                    **_who(actor))
        session.add(row)
        session.flush()
        after = {"policy": policy_id, "unit": unit, "acknowledged_on": on.isoformat()}
        audit(session, actor, "policy.acknowledge", "policy", policy_id, after=after, note=row.note)
    return {**after, "by": actor.acting_person}


def add_practice(catalog: Catalog, store: Store, policies: PolicySet, actor: Actor, policy_id: str, *, code: str,
                 what_th: str, shown_by: str, due_on: dt.date, on: dt.date, units: list[str] | None = None,
                 what_en: str | None = None) -> dict:
    """Step 6: the committee (or its secretary) sets a practice under a policy: what, by when, how it is shown."""
    if policies.policy(policy_id) is None:
        raise NotFound(f"unknown policy {policy_id!r}")
    authorize(catalog, actor, "policy.practice")
    not_in_future(on, "on")
    code = (code or "").strip()
    if not code or not (what_th or "").strip() or not (shown_by or "").strip():
        raise GovernanceError("code, what_th and shown_by are required (แนวปฏิบัติ สิ่งที่ต้องทำ วิธีแสดงหลักฐาน)")
    if due_on < on:
        raise GovernanceError("due_on: before the day the practice is set")
    for u in units or []:
        if u not in catalog.units:
            raise NotFound(f"units: unknown unit {u!r}")
    with store.transaction() as session:
        if session.scalar(select(PolicyPractice.id).where(PolicyPractice.policy_id == policy_id,
                                                         PolicyPractice.code == code)):
            raise StateConflict(f"practice {code} of {policy_id} is already recorded — บันทึกแล้ว")
        row = PolicyPractice(policy_id=policy_id, code=code, units=list(units or []), what_th=what_th.strip(),
                             what_en=_text(what_en), due_on=due_on, shown_by=shown_by.strip(), set_on=on,
                             **_who(actor))
        session.add(row)
        session.flush()
        after = practice_dict(row)
        audit(session, actor, "policy.practice", "policy", policy_id, after=after)
    return after


# --- plain data ----------------------------------------------------------------------------------------------

def order_dict(o: CommitteeOrder) -> dict:
    """An appointment order as JSON."""
    return {"number": o.number, "issued_on": o.issued_on.isoformat(), "term_from": o.term_from.isoformat(),
            "term_until": o.term_until.isoformat(), "members": list(o.members), "evidence_id": o.evidence_id,
            "by": o.by}


def resolution_dict(r: CommitteeResolution) -> dict:
    """A resolution as JSON."""
    return {"number": r.number, "meeting_on": r.meeting_on.isoformat(), "policies": list(r.policies),
            "lists": dict(r.lists), "note": r.note, "evidence_id": r.evidence_id, "by": r.by}


def practice_dict(p: PolicyPractice) -> dict:
    """A practice as JSON."""
    return {"policy": p.policy_id, "code": p.code, "units": list(p.units), "what_th": p.what_th,
            "what_en": p.what_en, "due_on": p.due_on.isoformat(), "shown_by": p.shown_by,
            "set_on": p.set_on.isoformat(), "by": p.by}


def overview(catalog: Catalog, store: Store, policies: PolicySet, as_of: dt.date) -> dict:
    """Everything of steps 1–6 as JSON (the console page, the API, `khlang governance status`, the reports)."""
    st = governance_state(store)
    approved = st.approved_lists(as_of)
    pub = st.structures[-1] if st.structures else None
    acks = {}
    for p in policies.policies:
        comms = [c for c in p.recorded_communications if c.on <= as_of]
        if comms:
            acks[p.id] = acknowledgement_measure(catalog, st, p.id, comms[0].on, as_of)
    return {
        "as_of": as_of.isoformat(),
        "structure": {**structure_of(catalog),
                      "current": bool(pub and pub.structure_sha256 == structure_sha256(catalog)),
                      "published_on": _iso(pub.published_on) if pub else None, "by": pub.by if pub else None,
                      "evidence_id": pub.evidence_id if pub else None},
        "order": order_dict(st.order) if st.order else None,
        "resolutions": [{**resolution_dict(r), "lists_approved_on": _iso(st.list_approvals[r.id].approved_on)
                         if r.id in st.list_approvals else None,
                         "lists_approved_by": st.list_approvals[r.id].by if r.id in st.list_approvals else None,
                         "lists_evidence_id": st.list_approvals[r.id].evidence_id
                         if r.id in st.list_approvals else None} for r in st.resolutions],
        "approved_lists": approved[0].number if approved else None,
        "pending_approval": pending_approval(catalog, st, as_of),
        "acknowledgements": acks,
        "practices": {pid: [practice_dict(p) for p in ps] for pid, ps in st.practices.items()},
        "steps": [line.to_dict() for line in step_lines(catalog, store, policies, as_of, st)],
    }


def governance_section(ctx: Any) -> dict | None:
    """The committee report's part on steps 1–6 (a khlang.governance.operations.Context): the structure, the
    order, the approved lists, what is pending, and every step with its state (overdue ones first)."""
    if ctx.catalog.directory is None:
        return None
    data = overview(ctx.catalog, ctx.store, ctx.policies, ctx.as_of)
    order = {"overdue": 0, "late": 1, "waiting": 2, "done": 3}
    data["steps"].sort(key=lambda s: (order[s["state"]], s["step"], s["subject"]))
    data["overdue"] = sum(1 for s in data["steps"] if s["state"] == "overdue")
    return data
