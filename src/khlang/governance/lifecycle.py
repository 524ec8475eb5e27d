"""An issue's life: open → rca_in_progress → action_planned → resolved → closed, reopened on recurrence.

Every change is an event kept with the issue. The steps people take by hand (open an issue, take it
up, resolve a hand-raised issue, mark an action done, close after verifying effectiveness) are here;
each takes the Actor who does it, checks the permission rules (`khlang.identity.authorize`), and is
one transaction with its audit row that refuses bad input before writing anything: PermissionDenied
(or FourEyes), StateConflict when the issue's state does not allow the step, NotFound for an unknown
id, GovernanceError for bad values (dates of things that happened may not be in the future).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from khlang.dates import utcnow
from khlang.declarations import Catalog
from khlang.governance.observations import fingerprint
from khlang.governance.people import GovernanceError, NotFound, StateConflict, assignees, dataset_unit, unit_people
from khlang.governance.records import Issue, IssueEvent
from khlang.governance.vocabulary import CATEGORIES, DONE, SEVERITIES, UNRESOLVED, collect_due, rca_due
from khlang.identity import SCHEDULER, Actor, allowed, audit, authorize
from khlang.identity.dates import not_in_future
from khlang.store import Store

SYSTEM = SCHEDULER.person  # what events of the automated steps carry as their actor


def event(issue: Issue, type_: str, on: dt.date, *, actor: str = SYSTEM, note: str = "", run_key: str | None = None,
          to_status: str | None = None, data: dict | None = None, at: dt.datetime | None = None) -> IssueEvent:
    """Record one change (and apply the status change it carries)."""
    ev = IssueEvent(type=type_, from_status=issue.status if to_status else None, to_status=to_status, on=on,
                    at=at or utcnow(), run_key=run_key, actor=actor, note=note,
                    data={"cycle": issue.cycle, **(data or {})})
    issue.events.append(ev)
    if to_status:
        issue.status = to_status
    issue.updated_at = ev.at
    return ev


def new_issue(*, fp: str, source: str, origin_kind: str, code: str, category: str, title: str, detail: str,
              severity: str, weight: float, dataset: str | None, column: str | None, unit: str | None,
              dimension: str | None, people: list[dict], on: dt.date, actor: str, evidence: dict | None = None,
              run_key: str | None = None, note: str = "") -> Issue:
    """A new open issue with its control-point dates and its 'opened' event."""
    now = utcnow()
    issue = Issue(fingerprint=fp, source=source, origin_kind=origin_kind, code=code, category=category,
                  dataset=dataset, column=column, unit=unit, dimension=dimension, title=title, detail=detail,
                  severity=severity, weight=weight, status="open", cycle=1, assignees=people, opened_on=on,
                  cycle_opened_on=on, collect_due=collect_due(on), rca_due=rca_due(on), escalation_level=0,
                  evidence=evidence, last_seen_run=run_key, last_seen_on=on, created_by=actor, created_at=now,
                  updated_at=now)
    opened = event(issue, "opened", on, actor=actor, note=note or detail, run_key=run_key, to_status="open",
                   data={"assignees": [a["person"] for a in people]}, at=now)
    opened.from_status = None  # nothing before it
    return issue


def reopen(issue: Issue, on: dt.date, note: str, run_key: str | None = None) -> None:
    """A problem back after resolution: a new cycle that needs a new analysis, with fresh deadlines."""
    issue.cycle += 1
    issue.cycle_opened_on = on
    issue.collect_due, issue.rca_due = collect_due(on), rca_due(on)
    issue.resolved_on = issue.closed_on = None
    issue.verified_by = issue.verification_note = None
    event(issue, "reopened", on, note=note, run_key=run_key, to_status="open")


def resolve(issue: Issue, on: dt.date, note: str, actor: str = SYSTEM, run_key: str | None = None) -> None:
    """The problem is gone (a passing check, or by hand for a hand-raised issue)."""
    issue.resolved_on = on
    issue.escalation_level = 0
    event(issue, "resolved", on, actor=actor, note=note, run_key=run_key, to_status="resolved")


def load_issue(session: Session, issue_id: int) -> Issue:
    """The issue with that id, with its history, or NotFound."""
    issue = session.scalars(select(Issue).where(Issue.id == issue_id).options(
        selectinload(Issue.events), selectinload(Issue.root_causes), selectinload(Issue.actions))).first()
    if issue is None:
        raise NotFound(f"no issue #{issue_id} (see `khlang issues list`)")
    return issue


def provenance(actor: Actor) -> dict:
    """What an issue event keeps about a record made on someone's behalf (who typed it, and why)."""
    if not actor.on_behalf_of:
        return {}
    return {"on_behalf_of": actor.on_behalf_of, "recorded_by": actor.person, "username": actor.username,
            "reason": actor.reason}


def state_of(issue: Issue) -> dict:
    """An issue's state as the audit log keeps it before and after a change."""
    return {"status": issue.status, "cycle": issue.cycle, "resolved_on": issue.resolved_on,
            "closed_on": issue.closed_on, "verified_by": issue.verified_by}


def open_by_hand(catalog: Catalog, store: Store, *, actor: Actor, category: str, title: str, severity: str,
                 on: dt.date, dataset: str | None = None, unit: str | None = None, detail: str = "") -> int:
    """Raise an issue by hand (e.g. from a committee meeting); the same title on the same subject is refused."""
    if category not in CATEGORIES:
        raise GovernanceError(f"--category: one of {', '.join(CATEGORIES)} (got {category!r})")
    if severity not in SEVERITIES:
        raise GovernanceError(f"--severity: one of {', '.join(SEVERITIES)} (got {severity!r})")
    title = (title or "").strip()
    if not title:
        raise GovernanceError("--title: say what the problem is")
    if dataset is None and unit is None:
        raise GovernanceError("give --dataset or --unit: an issue belongs to a dataset or to a unit")
    if dataset is not None and dataset not in catalog.datasets:
        declared = ", ".join(sorted(catalog.datasets))
        raise GovernanceError(f"--dataset: unknown dataset {dataset!r} (declared: {declared})")
    if unit is not None and unit not in catalog.units:
        raise GovernanceError(f"--unit: unknown unit {unit!r} (units: {', '.join(catalog.units)})")
    not_in_future(on, "--on")
    authorize(catalog, actor, "issue.open", dataset=dataset, unit=unit)
    who = actor.acting_person
    fp = fingerprint("manual", category, dataset, unit, title)
    people = assignees(catalog, dataset) if dataset else unit_people(catalog, unit)  # type: ignore[arg-type]
    with store.transaction() as session:
        existing = session.scalars(select(Issue).where(Issue.fingerprint == fp)).first()
        if existing is not None and existing.status in UNRESOLVED:
            raise StateConflict(f"already raised as issue #{existing.id} ({existing.status})")
        if existing is not None:
            if on < (existing.resolved_on or existing.cycle_opened_on):
                raise GovernanceError(f"--on {on} is before issue #{existing.id} was resolved ({existing.resolved_on})")
            before = state_of(existing)
            reopen(existing, on, f"raised again by {who}: {detail.strip() or title}")
            existing.events[-1].actor = who
            existing.events[-1].data = {**(existing.events[-1].data or {}), **provenance(actor)}
            audit(session, actor, "issue.open", "issue", existing.id, before=before, after=state_of(existing),
                  note=detail.strip() or title)
            return existing.id
        issue = new_issue(fp=fp, source="manual", origin_kind="manual", code="manual", category=category,
                          title=title, detail=detail.strip() or title, severity=severity, weight=1.0,
                          dataset=dataset, column=None, unit=unit or dataset_unit(catalog, dataset), dimension=None,
                          people=people, on=on, actor=who)
        issue.events[0].data = {**(issue.events[0].data or {}), **provenance(actor)}
        session.add(issue)
        session.flush()
        audit(session, actor, "issue.open", "issue", issue.id,
              after={**state_of(issue), "title": title, "dataset": dataset, "unit": issue.unit,
                     "category": category, "severity": severity})
        return issue.id


def acknowledge(catalog: Catalog, store: Store, issue_id: int, *, actor: Actor, on: dt.date, note: str = "") -> None:
    """An assignee takes the issue up (step 10's 15-day control point): open → rca_in_progress."""
    not_in_future(on, "--on")
    with store.transaction() as session:
        issue = load_issue(session, issue_id)
        authorize(catalog, actor, "issue.ack", issue=issue)
        if issue.status != "open":
            raise StateConflict(f"issue #{issue_id} is {issue.status}: only an open issue is taken up")
        _not_before(issue, on)
        before = state_of(issue)
        event(issue, "acknowledged", on, actor=actor.acting_person, note=note, to_status="rca_in_progress",
              data=provenance(actor))
        audit(session, actor, "issue.ack", "issue", issue_id, before=before, after=state_of(issue), note=note or None)


def resolve_by_hand(catalog: Catalog, store: Store, issue_id: int, *, actor: Actor, on: dt.date, note: str) -> None:
    """Resolve a hand-raised issue; issues from checks, gaps and rules resolve when their evidence passes."""
    if not (note or "").strip():
        raise GovernanceError("--note: say how the problem was resolved")
    not_in_future(on, "--on")
    with store.transaction() as session:
        issue = load_issue(session, issue_id)
        authorize(catalog, actor, "issue.resolve", issue=issue)
        if issue.source != "manual":
            raise StateConflict(
                f"issue #{issue_id} comes from a {issue.source} and resolves itself when it passes again: "
                "fix the data or the declaration, then re-run the checks and `khlang issues sync`")
        if issue.status not in UNRESOLVED:
            raise StateConflict(f"issue #{issue_id} is already {issue.status}")
        _not_before(issue, on)
        before = state_of(issue)
        resolve(issue, on, note.strip(), actor=actor.acting_person)
        issue.events[-1].data = {**(issue.events[-1].data or {}), **provenance(actor)}
        audit(session, actor, "issue.resolve", "issue", issue_id, before=before, after=state_of(issue),
              note=note.strip())


def action_done(catalog: Catalog, store: Store, issue_id: int, action_id: int, *, actor: Actor, on: dt.date,
                note: str = "") -> None:
    """Record that a corrective or preventive action was carried out."""
    not_in_future(on, "--on")
    with store.transaction() as session:
        issue = load_issue(session, issue_id)
        authorize(catalog, actor, "issue.action_done", issue=issue)
        action = next((a for a in issue.actions if a.id == action_id), None)
        if action is None:
            known = ", ".join(str(a.id) for a in issue.actions) or "none"
            raise NotFound(f"issue #{issue_id} has no action {action_id} (its actions: {known})")
        if action.done_on is not None:
            raise StateConflict(f"action {action_id} was already done on {action.done_on}")
        if on < action.created_on:
            raise GovernanceError(f"--on {on} is before the action was planned ({action.created_on})")
        action.done_on, action.done_note = on, note.strip() or None
        event(issue, "action_done", on, actor=actor.acting_person, note=note.strip() or action.description,
              data={"action": action.id, "kind": action.kind, **provenance(actor)})
        audit(session, actor, "issue.action_done", "issue", issue_id, before={"action": action.id, "done_on": None},
              after={"action": action.id, "done_on": on, "done_note": action.done_note})


def close(catalog: Catalog, store: Store, issue_id: int, *, actor: Actor, on: dt.date, note: str) -> None:
    """Close after verifying the actions were effective, by someone other than who fixed it (four eyes)."""
    if not (note or "").strip():
        raise GovernanceError("--note: record how the effectiveness was verified")
    not_in_future(on, "--on")
    with store.transaction() as session:
        issue = load_issue(session, issue_id)
        authorize(catalog, actor, "issue.close", issue=issue)
        missing = closing_blockers(issue)
        if missing:
            raise StateConflict(f"issue #{issue_id} cannot be closed: " + "; ".join(missing))
        if issue.resolved_on and on < issue.resolved_on:
            raise GovernanceError(f"--on {on} is before the issue was resolved ({issue.resolved_on})")
        before = state_of(issue)
        who = actor.acting_person
        issue.closed_on, issue.verified_by, issue.verification_note = on, who, note.strip()
        event(issue, "closed", on, actor=who, note=note.strip(), to_status="closed",
              data={"verified_by": who, "effective": True, **provenance(actor)})
        audit(session, actor, "issue.close", "issue", issue_id, before=before, after=state_of(issue),
              note=note.strip())


def closing_blockers(issue: Issue) -> list[str]:
    """What still stands between an issue and its closure (empty when it may be closed)."""
    missing = []
    if issue.status != "resolved":
        missing.append(f"it is {issue.status}, not resolved"
                       + (" (its check still fails: the actions have not been effective yet)"
                          if issue.status in UNRESOLVED and issue.source != "manual" else ""))
    if issue.root_cause() is None:
        missing.append("no root-cause analysis recorded for this occurrence (`khlang issues rca`)")
    undone = [a for a in issue.current_actions() if a.kind == "corrective" and a.done_on is None]
    if undone:
        missing.append("corrective actions not done: " + ", ".join(f"{a.id} ({a.description})" for a in undone))
    return missing


def available_actions(catalog: Catalog, actor: Actor, issue: Issue) -> list[str]:
    """The steps this actor may take on this issue now (the buttons a page shows): state and permission both."""
    possible = []
    if issue.status == "open":
        possible.append("issue.ack")
    if issue.status != "closed":
        possible += ["issue.rca", "issue.attach"]
    if issue.status != "closed" and any(a.done_on is None for a in issue.current_actions()):
        possible.append("issue.action_done")
    if issue.source == "manual" and issue.status in UNRESOLVED:
        possible.append("issue.resolve")
    if not closing_blockers(issue):
        possible.append("issue.close")
    return [a for a in possible if allowed(catalog, actor, a, issue=issue)]


def _not_before(issue: Issue, on: dt.date) -> None:
    if on < issue.cycle_opened_on:
        raise GovernanceError(f"the date {on} is before the issue was opened ({issue.cycle_opened_on})")


__all__ = ["DONE", "SYSTEM", "acknowledge", "action_done", "available_actions", "close", "closing_blockers", "event",
           "load_issue",
           "new_issue", "open_by_hand", "provenance", "reopen", "resolve", "resolve_by_hand", "state_of"]
