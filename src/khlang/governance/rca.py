"""Root-cause analysis (step 11): a cause category, a 5-whys chain, corrective and preventive actions.

Given on the command line or as a YAML file (validated, errors as file:line: field: message; dates
C.E. or B.E.). Recording it is one transaction: the analysis of the issue's current occurrence (a
revision replaces it and keeps the old one in the event), the new actions, the status it leads to,
and the audit row. The analyst is the signed-in actor; a file's `analysed_by`, when given, must be them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from khlang.dates import parse_date, utcnow
from khlang.declarations import Catalog, Collector
from khlang.declarations.models import Date, Strict
from khlang.governance.lifecycle import event, load_issue, provenance, state_of
from khlang.governance.people import GovernanceError, StateConflict, person_id
from khlang.governance.records import Action, RootCause
from khlang.governance.vocabulary import ACTION_KINDS, CAUSE_CATEGORIES, UNRESOLVED
from khlang.identity import Actor, audit, authorize
from khlang.identity.dates import not_in_future
from khlang.store import Store

CauseCategory = Literal["people", "process", "technology", "data_source", "policy", "external"]


class ActionInput(Strict):
    """One action: what, who (a person id or name), by when."""

    kind: Literal["corrective", "preventive"] = "corrective"
    description: str = Field(min_length=1, max_length=2000)
    owner: str = Field(min_length=1)
    due: Date


class RcaInput(Strict):
    """An analysis as a file states it (or as the command-line flags build it)."""

    issue: int | None = None
    cause_category: CauseCategory
    whys: list[str] = Field(min_length=1, max_length=10)
    root_cause: str | None = None
    analysed_by: str | None = Field(default=None, min_length=1)
    analysed_on: Date | None = None
    actions: list[ActionInput] = []

    @field_validator("whys")
    @classmethod
    def _whys(cls, whys: list[str]) -> list[str]:
        cleaned = [w.strip() for w in whys]
        if any(not w for w in cleaned):
            raise ValueError("an empty 'why'")
        return cleaned


def _find_person(catalog: Catalog, text: str) -> str | None:
    try:
        return person_id(catalog, text)
    except GovernanceError:
        return None


def load_rca_file(path: Path, catalog: Catalog) -> RcaInput:
    """Read and validate an RCA file; every problem at once, as file:line: field: message."""
    col = Collector()
    doc = col.document(Path(path))
    if doc is None:
        col.raise_if_any()
    assert doc is not None
    if not isinstance(doc.data, dict):
        col.add(doc, (), "expected a mapping (cause_category, whys, root_cause, actions)")
        col.raise_if_any()
    rca = col.one(doc, (), doc.data, RcaInput)
    if rca is not None:
        if rca.analysed_by is not None and _find_person(catalog, rca.analysed_by) is None:
            col.add(doc, ("analysed_by",), f"unknown or departed person {rca.analysed_by!r}")
        start = rca.analysed_on
        for i, a in enumerate(rca.actions):
            if _find_person(catalog, a.owner) is None:
                col.add(doc, ("actions", i, "owner"), f"unknown or departed person {a.owner!r}")
            if start and a.due < start:
                col.add(doc, ("actions", i, "due"), f"{a.due} is before the analysis ({start})")
    col.raise_if_any()
    assert rca is not None
    return rca


def parse_action(text: str, kind: str, flag: str) -> ActionInput:
    """'what|owner|due' from --action / --preventive."""
    parts = [p.strip() for p in text.split("|")]
    if len(parts) != 3 or not all(parts):
        raise GovernanceError(f"{flag} {text!r}: expected 'what|owner|due date' (e.g. 'ตรวจสอบรหัสคลัง|p06|2569-12-31')")
    try:
        due = parse_date(parts[2])
    except ValueError as exc:
        raise GovernanceError(f"{flag} {text!r}: {exc}") from None
    return ActionInput(kind=kind, description=parts[0], owner=parts[1], due=due)  # type: ignore[arg-type]


def from_flags(*, cause_category: str | None, whys: list[str], root_cause: str | None,
               on: dt.date | None, actions: list[str], preventive: list[str]) -> RcaInput:
    """An RcaInput from command-line flags, with the same checks as a file."""
    if cause_category not in CAUSE_CATEGORIES:
        raise GovernanceError(f"--cause-category: one of {', '.join(CAUSE_CATEGORIES)} (got {cause_category!r})")
    if not whys or any(not w.strip() for w in whys):
        raise GovernanceError("--why: give the chain of whys, one --why each (at least one, not empty)")
    acts = [parse_action(a, "corrective", "--action") for a in actions]
    acts += [parse_action(a, "preventive", "--preventive") for a in preventive]
    return RcaInput(cause_category=cause_category, whys=whys, root_cause=root_cause,  # type: ignore[arg-type]
                    analysed_on=on, actions=acts)


def record_rca(catalog: Catalog, store: Store, issue_id: int, rca: RcaInput, on: dt.date, *, actor: Actor) -> dict:
    """Record (or revise) the analysis of the issue's current occurrence and add its actions."""
    if rca.issue is not None and rca.issue != issue_id:
        raise GovernanceError(f"the RCA file is for issue #{rca.issue}, not #{issue_id}")
    analyst = actor.acting_person
    if rca.analysed_by is not None and person_id(catalog, rca.analysed_by, "analysed_by") != analyst:
        raise GovernanceError(f"analysed_by: {rca.analysed_by} is not who is recording it ({analyst}); the "
                              "analysis is recorded under the signed-in person (an administrator may record it "
                              "for them with --on-behalf-of and --reason)")
    analysed_on = not_in_future(rca.analysed_on or on, "analysed_on")
    owners = [person_id(catalog, a.owner, f"action {a.description!r}: owner") for a in rca.actions]
    for a in rca.actions:
        if a.kind not in ACTION_KINDS:
            raise GovernanceError(f"action kind: one of {', '.join(ACTION_KINDS)}")
        if a.due < analysed_on:
            raise GovernanceError(f"action {a.description!r}: due {a.due} is before the analysis ({analysed_on})")
    root = (rca.root_cause or rca.whys[-1]).strip()
    now = utcnow()
    with store.transaction() as session:
        issue = load_issue(session, issue_id)
        authorize(catalog, actor, "issue.rca", issue=issue)
        if issue.status == "closed":
            raise StateConflict(f"issue #{issue_id} is closed; a recurrence reopens it and asks for a new analysis")
        if analysed_on < issue.cycle_opened_on:
            raise GovernanceError(f"the analysis date {analysed_on} is before the issue was opened "
                                  f"({issue.cycle_opened_on})")
        before = state_of(issue)
        current = issue.root_cause()
        previous = None
        if current is None:
            current = RootCause(cycle=issue.cycle, cause_category=rca.cause_category, whys=list(rca.whys),
                                root_cause=root, analysed_by=analyst, analysed_on=analysed_on, recorded_at=now)
            issue.root_causes.append(current)
            kind = "rca_recorded"
        else:
            previous = {"cause_category": current.cause_category, "whys": list(current.whys),
                        "root_cause": current.root_cause, "analysed_by": current.analysed_by,
                        "analysed_on": current.analysed_on.isoformat()}
            current.cause_category, current.whys, current.root_cause = rca.cause_category, list(rca.whys), root
            current.analysed_by, current.analysed_on, current.recorded_at = analyst, analysed_on, now
            kind = "rca_revised"
        added = []
        for a, owner in zip(rca.actions, owners):
            action = Action(cycle=issue.cycle, kind=a.kind, description=a.description.strip(), owner=owner,
                            due_on=a.due, created_on=analysed_on, recorded_at=now)
            issue.actions.append(action)
            added.append(action)
        target = None
        if issue.status in UNRESOLVED:
            planned = any(x.kind == "corrective" for x in issue.actions if x.cycle == issue.cycle)
            wanted = "action_planned" if planned else "rca_in_progress"
            target = wanted if wanted != issue.status else None
        event(issue, kind, analysed_on, actor=analyst, note=root, to_status=target, at=now,
              data={"cause_category": rca.cause_category, "whys": list(rca.whys), "previous": previous,
                    **provenance(actor)})
        session.flush()
        for action in added:
            event(issue, "action_added", analysed_on, actor=analyst, note=action.description, at=now,
                  data={"action": action.id, "kind": action.kind, "owner": action.owner,
                        "due_on": action.due_on.isoformat()})
        audit(session, actor, "issue.rca", "issue", issue.id, before={**before, "root_cause": previous},
              after={**state_of(issue), "root_cause": {"cause_category": rca.cause_category, "whys": list(rca.whys),
                                                        "root_cause": root, "analysed_on": analysed_on},
                     "actions_added": [{"id": x.id, "kind": x.kind, "description": x.description, "owner": x.owner,
                                        "due_on": x.due_on} for x in added]})
        return {"issue": issue.id, "status": issue.status, "cycle": issue.cycle, "event": kind,
                "actions": [{"id": x.id, "kind": x.kind, "owner": x.owner, "due_on": x.due_on.isoformat()}
                            for x in added]}
