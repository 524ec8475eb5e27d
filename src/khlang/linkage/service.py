"""The linkage workflow's writes and views, for the CLI, the console and the API alike.

Every write checks the actor's permission inside the function (khlang.identity.authorize), is one
transaction with its audit row, and writes nothing when refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from khlang.dates import today_bangkok, utcnow
from khlang.declarations import Catalog
from khlang.governance.evidence_refs import check_evidence, not_in_future
from khlang.governance.people import GovernanceError, NotFound
from khlang.identity import Actor, audit, authorize
from khlang.linkage.checks import LinkageFinding, check
from khlang.linkage.duties import action_for, actor_refusal, analysis_refusal, workflow_refusal
from khlang.linkage.records import LinkageAnalysis, LinkageImport, LinkageStepActor, LinkageTransition
from khlang.linkage.register import LinkageEntry, Register, load_register
from khlang.linkage.state import (
    ANALYSIS_KINDS,
    AnalysisRecord,
    LinkageState,
    Recorded,
    StepRecord,
    read_recorded,
    state_of,
)
from khlang.linkage.workdays import load_calendar
from khlang.linkage.workflow import allowed_next
from khlang.store import Store


def _entry(register: Register, linkage_id: str) -> LinkageEntry:
    entry = register.entries.get(linkage_id)
    if entry is None:
        known = ", ".join(sorted(register.entries)) or "none"
        raise NotFound(f"unknown linkage {linkage_id!r} (known: {known})")
    return entry


def _lock(session: Session, linkage_id: str) -> None:
    """Two people moving the same linkage at once must not both pass the checks.

    SQLite already serialises writers with BEGIN IMMEDIATE; on PostgreSQL an advisory lock ends with
    the transaction.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"linkage:{linkage_id}"})


def _state(session: Session, entry: LinkageEntry) -> LinkageState:
    return state_of(entry, read_recorded(session, entry.id).get(entry.id, Recorded()))


def _note(note: str | None, field_name: str = "note") -> str:
    value = (note or "").strip()
    if not value:
        raise GovernanceError(f"{field_name}: say why (the memo, the decision, the reason)")
    return value


def record_transition(catalog: Catalog, register: Register, store: Store, actor: Actor, linkage_id: str,
                      status: str, note: str, on: dt.date | None = None) -> StepRecord:
    """Validate one step against the workflow, the evidence and the actor's role, then append it with its audit row."""
    on = on or today_bangkok()
    entry = _entry(register, linkage_id)
    note = _note(note)
    not_in_future(on, "on")
    with store.transaction() as session:
        _lock(session, linkage_id)
        state = _state(session, entry)
        refusal = workflow_refusal(register, state, status, on) or actor_refusal(catalog, register, state, actor,
                                                                                   status)
        if refusal is not None:
            raise refusal
        now = utcnow()
        _add_step(session, actor, linkage_id, state.status, status, on, actor.acting_person, note, now, "store")
        audit(session, actor, action_for(state.status, status), "linkage", linkage_id, before={"status": state.status},
              after={"status": status, "date": on.isoformat()}, note=note)
    return StepRecord(status, on, actor.acting_person, note, "store", now, actor.username, actor.channel, actor.reason)


def _add_step(session: Session, actor: Actor, linkage_id: str, before: str, status: str, on: dt.date, by: str,
              note: str, now: dt.datetime, source: str) -> None:
    row = LinkageTransition(linkage_id=linkage_id, from_status=before, to_status=status, step_date=on, by=by,
                            note=note, recorded_at=now)
    session.add(row)
    session.flush()
    session.add(LinkageStepActor(transition_id=row.id, recorded_by=actor.username, channel=actor.channel,
                                 reason=actor.reason, source=source))


def record_analysis(catalog: Catalog, register: Register, store: Store, actor: Actor, linkage_id: str, kind: str,
                    *, reference: str, completed_on: dt.date, summary: str | None = None,
                    evidence_id: str | None = None) -> AnalysisRecord:
    """Record the technical (DT staff) or legal analysis of a linkage, dated, with its evidence file."""
    if kind not in ANALYSIS_KINDS:
        raise GovernanceError(f"kind: one of {', '.join(ANALYSIS_KINDS)} (got {kind!r})")
    entry = _entry(register, linkage_id)
    reference = (reference or "").strip()
    if not reference:
        raise GovernanceError("reference: the memo or document number of the analysis (เลขที่หนังสือ)")
    if len(reference) > 200:
        raise GovernanceError("reference: at most 200 characters")
    not_in_future(completed_on, "completed_on")
    if completed_on < entry.requested_on:
        raise GovernanceError(f"completed_on: {completed_on.isoformat()} is before the request "
                              f"({entry.requested_on.isoformat()})")
    with store.transaction() as session:
        _lock(session, linkage_id)
        state = _state(session, entry)
        refusal = analysis_refusal(catalog, state, actor, kind)
        if refusal is not None:
            raise refusal
        if evidence_id:
            check_evidence(session, evidence_id, ("linkage", linkage_id))
        now = utcnow()
        row = LinkageAnalysis(linkage_id=linkage_id, kind=kind, reference=reference, completed_on=completed_on,
                              summary=(summary or "").strip() or None, evidence_id=evidence_id or None,
                              by=actor.acting_person, recorded_by=actor.username, channel=actor.channel,
                              reason=actor.reason, source="store", recorded_at=now)
        session.add(row)
        audit(session, actor, f"linkage.analysis.{kind}", "linkage", linkage_id,
              before=_analysis_dict(state.analysis(kind)),
              after={"kind": kind, "reference": reference, "completed_on": completed_on.isoformat(),
                     "evidence_id": evidence_id or None})
    return AnalysisRecord(kind, reference, completed_on, actor.acting_person, row.summary, "store", row.evidence_id,
                          actor.username, actor.channel, actor.reason, now)


def _analysis_dict(a: AnalysisRecord | None) -> dict | None:
    return None if a is None else {"kind": a.kind, "reference": a.reference,
                                   "completed_on": a.completed_on.isoformat(), "by": a.by}


@dataclass
class ImportResult:
    """What `khlang linkage import` copied into the store."""

    imported: dict[str, dict] = field(default_factory=dict)
    already: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """JSON-ready."""
        return {"imported": self.imported, "already_in_store": self.already}


def import_register(catalog: Catalog, register: Register, store: Store, actor: Actor) -> ImportResult:
    """Copy the register's steps and analyses into the store once per linkage; re-running imports nothing."""
    authorize(catalog, actor, "linkage.import")
    result = ImportResult()
    with store.transaction() as session:
        done = set(session.scalars(select(LinkageImport.linkage_id)))
        recorded = read_recorded(session)
        now = utcnow()
        for lid, entry in sorted(register.entries.items()):
            if lid in done:
                result.already.append(lid)
                continue
            state = state_of(entry, recorded.get(lid, Recorded()))
            result.imported[lid] = _import_one(session, actor, state, now)
    return result


def _import_one(session: Session, actor: Actor, state: LinkageState, now: dt.datetime) -> dict:
    lid = state.entry.id
    before = "requested"
    steps = 0
    for step in state.steps:
        if step.source == "register":
            _add_step(session, actor, lid, before, step.status, step.date, step.by or "", step.note or "", now,
                      "register")
            steps += 1
        before = step.status
    analyses = 0
    for a in state.analyses:
        if a.source == "register":
            session.add(LinkageAnalysis(linkage_id=lid, kind=a.kind, reference=a.reference,
                                        completed_on=a.completed_on, summary=a.summary, by=a.by,
                                        recorded_by=actor.username, channel=actor.channel, reason=actor.reason,
                                        source="register", recorded_at=now))
            analyses += 1
    session.add(LinkageImport(linkage_id=lid, declared_status=state.entry.status, steps=steps, analyses=analyses,
                              recorded_by=actor.username, imported_at=now))
    after = {"status": state.status, "steps": steps, "analyses": analyses}
    audit(session, actor, "linkage.import", "linkage", lid, after=after, note="imported from linkages.yaml")
    return after


@dataclass
class LinkageView:
    """One linkage as a person reads it: where it stands, its analyses, its history with actors, its findings."""

    state: LinkageState
    findings: list[LinkageFinding]

    def to_dict(self) -> dict:
        """JSON-ready (what GET /api/linkages/{id} answers)."""
        e, s = self.state.entry, self.state
        return {"id": e.id, "agency": e.agency, "agency_en": e.agency_en, "owner_unit": e.owner_unit,
                "datasets": list(e.datasets), "direction": e.direction, "purpose": e.purpose,
                "legal_basis": e.legal_basis, "legal_reference": e.legal_reference, "method": e.method,
                "frequency": e.frequency, "status": s.status, "since": s.since.isoformat(),
                "declared_status": s.declared_status, "imported": s.imported,
                "decided_on": s.decided_on.isoformat() if s.decided_on else None,
                "analyses": {k: (a.to_dict() if (a := s.analysis(k)) else None) for k in ANALYSIS_KINDS},
                "analysis_history": [a.to_dict() for a in s.analyses],
                "history": [step.to_dict() for step in s.steps],
                "findings": [f.to_dict() for f in self.findings]}


def linkage_view(catalog: Catalog, store: Store, linkage_id: str, register: Register | None = None,
                 as_of: dt.date | None = None) -> LinkageView:
    """Everything the linkage page shows; unknown ids are NotFound (404)."""
    register = register or load_register(catalog)
    entry = _entry(register, linkage_id)
    with store.reading() as session:
        state = _state(session, entry)
    findings = check(register, {linkage_id: state}, catalog, load_calendar(catalog.directory),
                     as_of or today_bangkok())
    return LinkageView(state, findings)


def available_transitions(catalog: Catalog, store: Store, actor: Actor, linkage_id: str,
                          register: Register | None = None) -> list[str]:
    """The statuses this person may move the linkage to now (the console's buttons), in workflow order."""
    register = register or load_register(catalog)
    entry = _entry(register, linkage_id)
    with store.reading() as session:
        state = _state(session, entry)
    today = max(today_bangkok(), state.since)
    return [target for target in sorted(allowed_next(state.status), key=_order)
            if workflow_refusal(register, state, target, today) is None
            and actor_refusal(catalog, register, state, actor, target) is None]


def available_analyses(catalog: Catalog, store: Store, actor: Actor, linkage_id: str,
                        register: Register | None = None) -> list[str]:
    """The analyses ("technical", "legal") this person may record on the linkage now (the console's forms)."""
    register = register or load_register(catalog)
    entry = _entry(register, linkage_id)
    with store.reading() as session:
        state = _state(session, entry)
    return [kind for kind in ANALYSIS_KINDS if analysis_refusal(catalog, state, actor, kind) is None]


def _order(status: str) -> int:
    from khlang.linkage.workflow import STATUSES

    return STATUSES.index(status)
