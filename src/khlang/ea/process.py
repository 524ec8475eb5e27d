"""The EA process (สงพท.-10) as versions: each step a record in the store made by the person the procedure names.

A version (e.g. EA2570) is opened by สงพท.; then, in the procedure's order and each within its control point
(จุดควบคุม), counted from the previous step's record:

1. the working group (คณะทำงาน DT) is appointed — its order's number, date, signer, members, file (5 days);
2. the plan of activities with dates (30 days);
3. the current state is gathered: a dated snapshot of the systems inventory, the catalogue and the lineage (kept
   with its sha256), and the working group's survey of staff technology use (60 days);
4. the draft (the five views, gap analysis: khlang.ea.views/gaps) is submitted to the Director;
5. the Director endorses it, or returns it with comments to be revised and resubmitted (15 days from submission);
6. the KM / innovation / technology committee is informed (15 days);
7. the adoption guideline for all units is recorded (5 days);
8. the technology value assessment (khlang.ea.value) is closed (5 days);
9. the stakeholder perception survey (khlang.ea.perception) is closed and scored (5 days);
10. feed-back: its key results become items of the next version's plan (30 days).

Every write checks its permission inside the function (`ea.manage`: the head of สงพท. and the DT analysts;
`ea.endorse`: the Director only), is audited, and writes nothing when refused or out of order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from khlang.dates import utcnow
from khlang.declarations import Catalog
from khlang.ea import permissions as _permissions  # noqa: F401 — registers the ea.* actions and rules
from khlang.ea.process_records import EaRecord, EaVersion
from khlang.governance.evidence_refs import not_in_future
from khlang.governance.people import GovernanceError, NotFound, StateConflict
from khlang.identity import Actor, allowed, audit, authorize
from khlang.registry import Registry
from khlang.store import Store

WG_ROLES: tuple[str, ...] = ("chair", "secretary", "member")


@dataclass(frozen=True)
class Step:
    """A step of สงพท.-10 with its control point: `days` after the record that starts it (None: no control point)."""

    number: int
    code: str
    days: int | None
    unit: str  # who answers for it when it is late: DTD (สงพท.) or EXE (the Director's office)


STEPS: Registry[str, Step] = Registry("EA process step")
for _s in (Step(1, "working_group", 5, "DTD"), Step(2, "plan", 30, "DTD"), Step(3, "current_state", 60, "DTD"),
           Step(4, "draft", None, "DTD"), Step(5, "endorsement", 15, "EXE"), Step(6, "committee_informed", 15, "DTD"),
           Step(7, "guideline", 5, "DTD"), Step(8, "value_assessment", 5, "DTD"),
           Step(9, "perception_survey", 5, "DTD"), Step(10, "feedback", 30, "DTD")):
    STEPS.add(_s.code, _s)

# A version's status, in the order the procedure reaches them.
STATUSES: tuple[str, ...] = ("opened", "group_appointed", "planned", "gathered", "submitted", "returned",
                             "endorsed", "informed", "adopted", "assessed", "surveyed", "fed_back")
# What each kind of record is (its label: labels.EA_RECORD_KINDS).
KINDS: tuple[str, ...] = ("working_group", "plan", "carried", "snapshot", "tech_survey", "submitted", "returned",
                          "endorsed", "informed", "guideline", "value_score", "value_assessed", "perception_opened",
                          "perception_response", "perception_import", "perception_closed", "feedback")


class EaProcessError(GovernanceError):
    """A record the EA process cannot take (bad input); nothing was written."""


# ---- reading ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rec:
    """One record as read back."""

    id: int
    kind: str
    on: dt.date
    data: dict
    sha256: str | None
    note: str | None
    by: str
    recorded_by: str


def _rec(row: EaRecord) -> Rec:
    return Rec(row.id, row.kind, row.on, dict(row.data or {}), row.sha256, row.note, row.by, row.recorded_by)


def versions(store: Store) -> list[EaVersion]:
    """Every version, oldest first."""
    with store.reading() as s:
        return list(s.scalars(select(EaVersion).order_by(EaVersion.opened_on, EaVersion.code)))


def _version(store: Store, code: str) -> EaVersion:
    with store.reading() as s:
        row = s.get(EaVersion, code)
    if row is None:
        known = ", ".join(v.code for v in versions(store)) or "none yet"
        raise NotFound(f"unknown EA version {code!r} (versions: {known})")
    return row


def records(store: Store, code: str, as_of: dt.date | None = None) -> list[Rec]:
    """The records of a version in the order they were made (those dated after `as_of` left out)."""
    with store.reading() as s:
        rows = s.scalars(select(EaRecord).where(EaRecord.version == code).order_by(EaRecord.id))
        out = [_rec(r) for r in rows]
    return [r for r in out if as_of is None or r.on <= as_of]


def _last(recs: list[Rec], kind: str) -> Rec | None:
    found = [r for r in recs if r.kind == kind]
    return found[-1] if found else None


def _status(recs: list[Rec]) -> str:
    kinds = {r.kind for r in recs}
    decisions = [r for r in recs if r.kind in ("submitted", "returned", "endorsed")]
    if "feedback" in kinds:
        return "fed_back"
    if "perception_closed" in kinds:
        return "surveyed"
    if "value_assessed" in kinds:
        return "assessed"
    if "guideline" in kinds:
        return "adopted"
    if "informed" in kinds:
        return "informed"
    if decisions:
        return {"submitted": "submitted", "returned": "returned", "endorsed": "endorsed"}[decisions[-1].kind]
    if "snapshot" in kinds and "tech_survey" in kinds:
        return "gathered"
    if "plan" in kinds:
        return "planned"
    if "working_group" in kinds:
        return "group_appointed"
    return "opened"


def _step_done(recs: list[Rec], code: str) -> dt.date | None:
    """When a step was done (its record's date), None while it is not."""
    def first(kind: str) -> dt.date | None:
        found = [r.on for r in recs if r.kind == kind]
        return found[0] if found else None

    if code == "current_state":
        snap, survey = first("snapshot"), first("tech_survey")
        return max(snap, survey) if snap and survey else None
    return first({"working_group": "working_group", "plan": "plan", "draft": "submitted", "endorsement": "endorsed",
                  "committee_informed": "informed", "guideline": "guideline", "value_assessment": "value_assessed",
                  "perception_survey": "perception_closed", "feedback": "feedback"}[code])


def step_states(opened_on: dt.date, recs: list[Rec], as_of: dt.date) -> list[dict]:
    """Each step with when its clock started, when it is due, when it was done, and its state on `as_of`:
    done, due (running, not late), overdue, returned (step 5 while the draft is being revised) or waiting."""
    out = []
    started: dt.date | None = opened_on
    for step in STEPS.values():
        done = _step_done(recs, step.code)
        start = started
        state = "waiting"
        if step.code == "endorsement":  # counted from the latest submission; paused while the draft is revised
            moves = [r for r in recs if r.kind in ("submitted", "returned")]
            start = moves[-1].on if moves and moves[-1].kind == "submitted" else None
            if moves and moves[-1].kind == "returned" and done is None:
                state = "returned"
        due = start + dt.timedelta(days=step.days) if start is not None and step.days is not None else None
        if done is not None:
            state = "done"
        elif start is not None and state != "returned":
            state = "overdue" if due is not None and as_of > due else "due"
        out.append({"number": step.number, "code": step.code, "days": step.days, "unit": step.unit,
                    "started_on": start, "due_on": due, "done_on": done, "state": state,
                    "days_late": (as_of - due).days if state == "overdue" and due else 0})
        started = done
    return out


def version_record(store: Store, code: str, as_of: dt.date | None = None) -> dict:
    """A version as the EA book and the console read it: title, status, plan, the working group, the snapshot,
    the surveys, every submission and return (with the Director's comments), the endorsement, the steps."""
    from khlang.dates import today_bangkok

    v = _version(store, code)
    day = as_of or today_bangkok()
    recs = records(store, code, day)
    wg = _last(recs, "working_group")
    plan = _last(recs, "plan")
    carried = [dict(item, source="feedback") for r in recs if r.kind == "carried" for item in r.data["items"]]
    snap = _last(recs, "snapshot")
    endorsed = _last(recs, "endorsed")
    informed, guideline = _last(recs, "informed"), _last(recs, "guideline")
    assessed, closed, fed = _last(recs, "value_assessed"), _last(recs, "perception_closed"), _last(recs, "feedback")
    return {
        "code": v.code, "title_th": v.title_th, "title_en": v.title_en or "", "opened_on": v.opened_on.isoformat(),
        "opened_by": v.by, "previous": v.previous, "status": _status(recs),
        "working_group": ({**wg.data, "recorded_on": wg.on.isoformat(), "recorded_by": wg.by} if wg else None),
        "plan": carried + ([dict(a, source="plan") for a in plan.data["activities"]] if plan else []),
        "plan_recorded_on": plan.on.isoformat() if plan else None,
        "snapshot": ({"taken_on": snap.on.isoformat(), "sha256": snap.sha256, "by": snap.by,
                      "systems": len(snap.data.get("systems", [])), "datasets": len(snap.data.get("datasets", [])),
                      "flows": len(snap.data.get("lineage", []))} if snap else None),
        "tech_surveys": [{**r.data, "on": r.on.isoformat(), "by": r.by} for r in recs if r.kind == "tech_survey"],
        "submissions": [{"on": r.on.isoformat(), "by": r.by, "note": r.note} for r in recs if r.kind == "submitted"],
        "returns": [{"on": r.on.isoformat(), "by": r.by, "comments": r.data.get("comments", "")}
                    for r in recs if r.kind == "returned"],
        "endorsed_by": endorsed.by if endorsed else None,
        "endorsed_on": endorsed.on.isoformat() if endorsed else None,
        "endorsement_note": endorsed.note if endorsed else None,
        "committee_informed": ({**informed.data, "on": informed.on.isoformat(), "by": informed.by}
                               if informed else None),
        "guideline": ({**guideline.data, "on": guideline.on.isoformat(), "by": guideline.by} if guideline else None),
        "value_assessment": ({**assessed.data, "on": assessed.on.isoformat(), "by": assessed.by}
                             if assessed else None),
        "perception": ({**closed.data, "on": closed.on.isoformat(), "by": closed.by} if closed else None),
        "feedback": ({**fed.data, "on": fed.on.isoformat(), "by": fed.by} if fed else None),
        "steps": [{**s, **{k: s[k].isoformat() if s[k] else None for k in ("started_on", "due_on", "done_on")}}
                  for s in step_states(v.opened_on, recs, day)],
    }


def snapshot_document(store: Store, code: str) -> tuple[dict, str] | None:
    """The newest snapshot of a version's current state and its sha256 (None before one is taken)."""
    snap = _last(records(store, code), "snapshot")
    return (snap.data, snap.sha256 or "") if snap else None


# ---- writing ------------------------------------------------------------------------------------------------------

def _clean(text: str | None) -> str | None:
    return (text or "").strip() or None


def _write(store: Store, actor: Actor, code: str, kind: str, on: dt.date, data: dict, *, action: str,
           note: str | None = None, sha256: str | None = None, check: Any = None) -> dict:
    """Append one record in one transaction, audited; `check(records)` raises StateConflict when out of order."""
    not_in_future(on, "on")
    with store.transaction() as session:
        if session.get(EaVersion, code) is None:
            raise NotFound(f"unknown EA version {code!r}")
        existing = [_rec(r) for r in session.scalars(select(EaRecord).where(EaRecord.version == code)
                                                     .order_by(EaRecord.id))]
        if check is not None:
            check(existing)
        row = EaRecord(version=code, kind=kind, on=on, data=data, sha256=sha256, note=_clean(note),
                       by=actor.acting_person, recorded_by=actor.username, channel=actor.channel, reason=actor.reason,
                       recorded_at=utcnow())
        session.add(row)
        session.flush()
        audit(session, actor, action, "ea_version", code, before={"status": _status(existing)},
              after={"kind": kind, "on": on.isoformat(), "record": row.id, **({"sha256": sha256} if sha256 else {})},
              note=row.note)
    return {"id": row.id, "version": code, "kind": kind, "on": on.isoformat(), "by": actor.acting_person,
            **({"sha256": sha256} if sha256 else {})}


def _needs(*kinds: str, not_after: tuple[str, ...] = ()) -> Any:
    def check(recs: list[Rec]) -> None:
        have = {r.kind for r in recs}
        missing = [k for k in kinds if k not in have]
        if missing:
            raise StateConflict(f"first record {', '.join(missing)} (สงพท.-10 steps are taken in order)")
        done = [k for k in not_after if k in have]
        if done:
            raise StateConflict(f"already recorded: {', '.join(done)}")
    return check


def open_version(catalog: Catalog, store: Store, actor: Actor, code: str, title_th: str, *, on: dt.date,
                 title_en: str | None = None, previous: str | None = None) -> dict:
    """สงพท. opens a review of the EA (a version, e.g. EA2570); its working group is due within 5 days."""
    authorize(catalog, actor, "ea.manage")
    not_in_future(on, "on")
    code = code.strip()
    if not code or len(code) > 40 or not all(ch.isalnum() or ch in "-_." for ch in code):
        raise EaProcessError("code: letters, digits, '-', '_' or '.', at most 40 (e.g. EA2570)")
    if not (title_th or "").strip():
        raise EaProcessError("title_th: the version's Thai title is required")
    with store.transaction() as session:
        if session.get(EaVersion, code) is not None:
            raise StateConflict(f"EA version {code} already exists")
        if previous is not None and session.get(EaVersion, previous) is None:
            raise NotFound(f"previous: unknown EA version {previous!r}")
        session.add(EaVersion(code=code, title_th=title_th.strip(), title_en=_clean(title_en), opened_on=on,
                              previous=previous, by=actor.acting_person, recorded_by=actor.username,
                              channel=actor.channel, reason=actor.reason, recorded_at=utcnow()))
        session.flush()
        audit(session, actor, "ea.manage", "ea_version", code, after={"status": "opened", "on": on.isoformat(),
                                                                      "title_th": title_th.strip()})
    return {"version": code, "status": "opened", "on": on.isoformat(), "by": actor.acting_person}


def appoint_working_group(catalog: Catalog, store: Store, actor: Actor, code: str, *, order_no: str,
                          order_date: dt.date, signed_by: str, members: list[dict], on: dt.date,
                          evidence: tuple[bytes, str] | None = None) -> dict:
    """Step 1: the working group's appointment order (number, date, signer) and its members from the business
    offices (person and role: chair, secretary, member), with the order's file kept as evidence."""
    authorize(catalog, actor, "ea.manage")
    if not (order_no or "").strip():
        raise EaProcessError("order_no: the order's number is required (e.g. คำสั่ง อคส. ที่ 123/2569)")
    not_in_future(order_date, "order_date")
    signer = catalog.person(signed_by)
    if signer is None:
        raise EaProcessError(f"signed_by: unknown person {signed_by!r}")
    seen: dict[str, str] = {}
    unit_of: dict[str, str] = {}
    for i, m in enumerate(members):
        pid, role = str(m.get("person", "")).strip(), str(m.get("role", "member")).strip()
        person = catalog.person(pid)
        if person is None or not person.active:
            raise EaProcessError(f"members[{i}].person: {pid!r} is not an active person of organisation.yaml")
        if role not in WG_ROLES:
            raise EaProcessError(f"members[{i}].role: {role!r} (roles: {', '.join(WG_ROLES)})")
        if pid in seen:
            raise EaProcessError(f"members[{i}].person: {pid} is listed twice")
        seen[pid] = role
        unit_of[pid] = person.unit
    if list(seen.values()).count("chair") != 1:
        raise EaProcessError("members: the working group has exactly one chair")
    units = sorted(set(unit_of.values()))
    if len([u for u in units if u not in ("DTO", "DTD", "DBA")]) < 2:
        raise EaProcessError("members: the working group takes members from at least two business offices")
    data = {"order_no": order_no.strip(), "order_date": order_date.isoformat(), "signed_by": signer.id,
            "members": [{"person": p, "role": r, "unit": unit_of[p]} for p, r in seen.items()],
            "units": units, "evidence_id": None}
    if evidence is not None:
        from khlang.evidence.store import store_evidence

        _version(store, code)
        data["evidence_id"] = store_evidence(store, actor, evidence[0], evidence[1], subject_type="ea_version",
                                             subject_id=code).id
    return _write(store, actor, code, "working_group", on, data, action="ea.manage",
                  check=_needs(not_after=("working_group",)))


def record_plan(catalog: Catalog, store: Store, actor: Actor, code: str, *, activities: list[dict],
                on: dt.date) -> dict:
    """Step 2: the plan of activities, each with its start and end date; a later plan replaces it."""
    authorize(catalog, actor, "ea.manage")
    if not activities:
        raise EaProcessError("activities: the plan has at least one activity")
    clean = []
    for i, a in enumerate(activities):
        name = str(a.get("activity", "")).strip()
        try:
            start, end = (dt.date.fromisoformat(str(a[k])) for k in ("start", "end"))
        except (KeyError, ValueError):
            raise EaProcessError(f"activities[{i}]: start and end dates (YYYY-MM-DD) are required") from None
        if not name:
            raise EaProcessError(f"activities[{i}].activity: say what is done")
        if end < start:
            raise EaProcessError(f"activities[{i}].end: {end} is before its start {start}")
        step = a.get("step")
        if step is not None and step not in STEPS:
            raise EaProcessError(f"activities[{i}].step: unknown step {step!r} (steps: {', '.join(STEPS)})")
        clean.append({"activity": name, "start": start.isoformat(), "end": end.isoformat(), "step": step})
    return _write(store, actor, code, "plan", on, {"activities": clean}, action="ea.manage",
                  check=_needs("working_group", not_after=("submitted",)))


def build_snapshot(catalog: Catalog, on: dt.date) -> dict:
    """The current state as the working group gathers it: every system of the inventory (khlang.ea.inventory),
    every dataset of the catalogue with its system and classification, and the lineage's flows."""
    from khlang.declarations.systems import load_systems
    from khlang.ea.checks import Inventory
    from khlang.ea.inventory import system_entries

    systems = load_systems(catalog) if catalog.directory and catalog.file("systems.yaml").exists() else {}
    inventory = Inventory(catalog, systems)
    datasets = [{"name": ds.name, "kind": ds.kind, "classification": ds.classification,
                 "system": getattr(ds, "source_system", None), "title_th": ds.title_th}
                for ds in sorted(catalog.datasets.values(), key=lambda d: d.name)]
    flows = [{"from": parent, "to": ds.name} for ds in sorted(catalog.datasets.values(), key=lambda d: d.name)
             for parent in ds.derived_from]
    return {"taken_on": on.isoformat(), "systems": system_entries(inventory), "datasets": datasets, "lineage": flows}


def canonical_sha256(document: dict) -> str:
    """The sha256 of a document's canonical JSON (sorted keys, UTF-8): what a snapshot is identified by."""
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def take_snapshot(catalog: Catalog, store: Store, actor: Actor, code: str, *, on: dt.date) -> dict:
    """Step 3: the dated snapshot of the current state, kept with its sha256."""
    authorize(catalog, actor, "ea.manage")
    doc = build_snapshot(catalog, on)
    return _write(store, actor, code, "snapshot", on, doc, action="ea.manage", sha256=canonical_sha256(doc),
                  check=_needs("plan", not_after=("endorsed",)))


def record_tech_survey(catalog: Catalog, store: Store, actor: Actor, code: str, *, unit: str, respondents: int,
                       systems_used: list[str], comments: list[str], on: dt.date) -> dict:
    """Step 3: the working group's survey of one office's staff: how many answered, which systems and technology
    they use, and their comments."""
    authorize(catalog, actor, "ea.manage")
    if unit not in catalog.units:
        raise EaProcessError(f"unit: unknown unit {unit!r} (units: {', '.join(catalog.units)})")
    if respondents < 1:
        raise EaProcessError("respondents: at least one person answered")
    data = {"unit": unit, "respondents": int(respondents), "systems_used": sorted({s.strip() for s in systems_used
                                                                                  if s.strip()}),
            "comments": [c.strip() for c in comments if c.strip()]}
    return _write(store, actor, code, "tech_survey", on, data, action="ea.manage",
                  check=_needs("plan", not_after=("endorsed",)))


def _pending(recs: list[Rec]) -> str | None:
    moves = [r.kind for r in recs if r.kind in ("submitted", "returned", "endorsed")]
    return moves[-1] if moves else None


def submit_draft(catalog: Catalog, store: Store, actor: Actor, code: str, *, on: dt.date,
                 note: str | None = None) -> dict:
    """Step 4→5: the draft goes to the Director (again, after a return, once revised)."""
    authorize(catalog, actor, "ea.manage")

    def check(recs: list[Rec]) -> None:
        _needs("plan", "snapshot", "tech_survey")(recs)
        state = _pending(recs)
        if state == "submitted":
            raise StateConflict("the draft is already with the Director")
        if state == "endorsed":
            raise StateConflict("the version is already endorsed")

    return _write(store, actor, code, "submitted", on, {}, action="ea.manage", note=note, check=check)


def _with_director(recs: list[Rec]) -> None:
    if _pending(recs) != "submitted":
        raise StateConflict("no draft is waiting for the Director (submit it first)")


def return_draft(catalog: Catalog, store: Store, actor: Actor, code: str, *, on: dt.date, comments: str) -> dict:
    """Step 5: the Director returns the draft with comments; สงพท. revises and resubmits it."""
    authorize(catalog, actor, "ea.endorse")
    if not (comments or "").strip():
        raise EaProcessError("comments: say what to revise (ระบุสิ่งที่ต้องแก้ไข)")
    return _write(store, actor, code, "returned", on, {"comments": comments.strip()}, action="ea.endorse",
                  check=_with_director)


def endorse(catalog: Catalog, store: Store, actor: Actor, code: str, *, on: dt.date, note: str | None = None) -> dict:
    """Step 5: the Director endorses the draft (เห็นชอบ)."""
    authorize(catalog, actor, "ea.endorse")
    return _write(store, actor, code, "endorsed", on, {}, action="ea.endorse", note=note, check=_with_director)


def inform_committee(catalog: Catalog, store: Store, actor: Actor, code: str, *, on: dt.date, meeting: str,
                     note: str | None = None) -> dict:
    """Step 6: the KM / innovation / technology committee is informed of the endorsed EA (its meeting)."""
    authorize(catalog, actor, "ea.manage")
    if not (meeting or "").strip():
        raise EaProcessError("meeting: the committee's meeting (e.g. ครั้งที่ 3/2570)")
    return _write(store, actor, code, "informed", on, {"meeting": meeting.strip()}, action="ea.manage", note=note,
                  check=_needs("endorsed", not_after=("informed",)))


def record_guideline(catalog: Catalog, store: Store, actor: Actor, code: str, *, on: dt.date, guideline: str,
                     circular: str | None = None) -> dict:
    """Step 7: the guideline for applying the EA in all units (แนวทางการนำ EA ไปใช้), with its circular."""
    authorize(catalog, actor, "ea.manage")
    if not (guideline or "").strip():
        raise EaProcessError("guideline: what every unit is to do with the EA")
    return _write(store, actor, code, "guideline", on, {"guideline": guideline.strip(), "circular": _clean(circular),
                                                        "units": sorted(catalog.units)},
                  action="ea.manage", check=_needs("informed", not_after=("guideline",)))


def available_actions(catalog: Catalog, store: Store, actor: Actor, code: str) -> list[str]:
    """What this person may do on the version now (the console's forms)."""
    recs = records(store, code)
    kinds = {r.kind for r in recs}
    out: list[str] = []
    state = _pending(recs)
    if allowed(catalog, actor, "ea.endorse") and state == "submitted":
        out += ["endorse", "return"]
    if allowed(catalog, actor, "ea.manage"):
        if "working_group" not in kinds:
            out.append("working_group")
        elif "plan" not in kinds:
            out.append("plan")
        if "plan" in kinds and "endorsed" not in kinds:
            out += ["snapshot", "tech_survey"]
        if {"plan", "snapshot", "tech_survey"} <= kinds and state in (None, "returned"):
            out.append("submit")
    return out


def feedback_items(recs: list[Rec]) -> list[dict]:
    """The key results that become the next version's plan: the survey's questions scored below มาก and its units
    that answered under half, and the systems whose cost is out of line or that nobody scored."""
    items: list[dict] = []
    closed, assessed = _last(recs, "perception_closed"), _last(recs, "value_assessed")
    if closed is not None:
        score = closed.data["score"]
        for q in score["questions"]:
            if q["level"] not in ("high", "very_high"):
                items.append({"activity": f"ปรับปรุงประเด็นที่ได้คะแนนต่ำ: {q['text']} (mean {q['mean']})",
                              "from": "perception", "ref": f"q{q['number']}"})
        for u in score["units"]:
            if u["response_rate"] is not None and u["response_rate"] < 0.5:
                items.append({"activity": f"เพิ่มการมีส่วนร่วมของหน่วยงาน {u['unit']} "
                                          f"(response rate {round(u['response_rate'] * 100)}%)",
                              "from": "perception", "ref": u["unit"]})
    if assessed is not None:
        for s in assessed.data["systems"]:
            if s["flags"]:
                items.append({"activity": f"ทบทวนความคุ้มค่าของระบบ {s['system']} {s['name_th']}: "
                                          + ", ".join(s["flags"]), "from": "value_assessment", "ref": s["system"]})
        for code in assessed.data["not_scored"]:
            items.append({"activity": f"ให้เจ้าของระบบ {code} ประเมินคุณค่าทางธุรกิจ",
                          "from": "value_assessment", "ref": code})
    return items


def feed_back(catalog: Catalog, store: Store, actor: Actor, code: str, *, next_code: str, on: dt.date,
              next_title_th: str | None = None) -> dict:
    """Step 10: the survey's and the assessment's key results become items of the next version's plan (the next
    version is opened if it is not yet)."""
    authorize(catalog, actor, "ea.manage")
    recs = records(store, code)
    _needs("perception_closed", not_after=("feedback",))(recs)
    items = feedback_items(recs)
    with store.reading() as s:
        exists = s.get(EaVersion, next_code) is not None
    if next_code == code:
        raise EaProcessError("next_code: the next version, not this one")
    if not exists:
        open_version(catalog, store, actor, next_code, next_title_th or f"สถาปัตยกรรมองค์กร {next_code}", on=on,
                     previous=code)
    out = _write(store, actor, code, "feedback", on, {"next": next_code, "items": items}, action="ea.manage",
                 check=_needs("perception_closed", not_after=("feedback",)))
    _write(store, actor, next_code, "carried", on, {"from": code, "items": items}, action="ea.manage")
    return {**out, "next": next_code, "items": len(items)}


def overdue_steps(store: Store, as_of: dt.date) -> list[dict]:
    """Every step of every version that is past its control point on `as_of` (for the register of findings)."""
    out = []
    for v in versions(store):
        if v.opened_on > as_of:
            continue
        for s in step_states(v.opened_on, records(store, v.code, as_of), as_of):
            if s["state"] == "overdue":
                out.append({"version": v.code, "title_th": v.title_th, **s})
    return out


def awaiting_director(store: Store, as_of: dt.date) -> list[dict]:
    """Versions whose draft waits for the Director's endorsement on `as_of`, with when it was submitted."""
    out = []
    for v in versions(store):
        recs = records(store, v.code, as_of)
        if _pending(recs) == "submitted":
            since = [r.on for r in recs if r.kind == "submitted"][-1]
            out.append({"version": v.code, "title_th": v.title_th, "title_en": v.title_en or v.code,
                        "since": since, "due_on": since + dt.timedelta(days=STEPS["endorsement"].days or 0),
                        "returns": sum(1 for r in recs if r.kind == "returned")})
    return out
