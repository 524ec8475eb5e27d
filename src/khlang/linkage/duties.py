"""Who may make which step of a linkage (สงพท.-08), and why a step is refused — checked before anything is written.

DT staff move a linkage through its review; only the Director decides it from `awaiting_decision`
(approve, return, reject) and suspends, resumes or ends an approved one. Four eyes: whoever made or
recorded an analysis of a linkage does not decide it. An outbound linkage whose data exceeds its
legal basis (the `exceeds_legal_basis` finding) is not approved, nor resumed, until that is fixed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from khlang.declarations import Catalog
from khlang.errors import KhlangError
from khlang.governance.people import GovernanceError, StateConflict
from khlang.identity import Actor, authorize
from khlang.linkage.register import Register
from khlang.linkage.state import LinkageState
from khlang.linkage.workflow import requirements, transition_problem

# The action of khlang.identity.permissions each move needs; a move not listed is a DT step.
DECISIONS = frozenset({("awaiting_decision", "approved"), ("awaiting_decision", "returned"),
                       ("awaiting_decision", "rejected")})
DIRECTOR_STEPS = frozenset({("approved", "suspended"), ("approved", "terminated"), ("suspended", "approved"),
                            ("suspended", "terminated")})
# The analyses are recorded while the linkage is under review (or returned to it).
ANALYSIS_STATUSES = {"technical": frozenset({"technical_review", "returned"}),
                     "legal": frozenset({"technical_review", "legal_review", "returned"})}


@dataclass(frozen=True)
class LinkageSubject:
    """A linkage as the permission rules see it: its datasets, its owning unit, who analysed it."""

    id: str
    datasets: tuple[str, ...]
    owner_unit: str | None
    analysed_by: frozenset[str]


def subject_of(state: LinkageState, *, deciding: bool = False) -> LinkageSubject:
    """The linkage for `authorize`; its analysts count (four eyes) only when the Director decides it."""
    analysts = frozenset(a.by for a in state.analyses if a.by) if deciding else frozenset()
    return LinkageSubject(state.entry.id, tuple(state.entry.datasets), state.entry.owner_unit, analysts)


def action_for(current: str, target: str) -> str:
    """The permission a move needs: the Director's decision, or a step of the review."""
    if (current, target) in DECISIONS or (current, target) in DIRECTOR_STEPS:
        return "linkage.decide"
    return "linkage.transition"


def workflow_refusal(register: Register, state: LinkageState, target: str, on: dt.date) -> KhlangError | None:
    """Why the workflow refuses this move now (409 for the state, 422 for the date), or None."""
    lid = state.entry.id
    why = transition_problem(state.status, target)
    if why:
        return StateConflict(str(register.problem(lid, "status", f"illegal transition: {why}")))
    if on < state.since:
        return GovernanceError(str(register.problem(
            lid, "status", f"{on.isoformat()} is before the current step ({state.status} since "
                           f"{state.since.isoformat()})")))
    missing = [needed for needed in requirements(target) if not state.has_evidence(needed)]
    if missing:
        what = " and the ".join(m.replace("_", " ") for m in missing)
        return StateConflict(str(register.problem(
            lid, missing[0], f"cannot move to {target}: record the {what} first "
                             f"(khlang linkage analysis {lid} {missing[0].split('_')[0]} …)")))
    return None


def actor_refusal(catalog: Catalog, register: Register, state: LinkageState, actor: Actor,
                  target: str) -> KhlangError | None:
    """Why this person may not make this move (403), or why the data forbids an approval (409), or None."""
    action = action_for(state.status, target)
    deciding = (state.status, target) in DECISIONS
    try:
        authorize(catalog, actor, action, linkage=subject_of(state, deciding=deciding))
    except KhlangError as exc:
        return exc
    if target == "approved":
        beyond = exceeds_legal_basis(catalog, register, state)
        if beyond:
            return StateConflict(
                f"{state.entry.id} cannot be approved: its data exceeds its legal basis "
                f"(exceeds_legal_basis: {'; '.join(beyond)}) — change the datasets or the legal basis, or return it "
                "· ข้อมูลเกินขอบเขตฐานทางกฎหมาย อนุมัติไม่ได้")
    return None


def analysis_refusal(catalog: Catalog, state: LinkageState, actor: Actor, kind: str) -> KhlangError | None:
    """Why this person may not record this analysis now, or None."""
    try:
        authorize(catalog, actor, f"linkage.analysis.{kind}", linkage=subject_of(state))
    except KhlangError as exc:
        return exc
    if state.status not in ANALYSIS_STATUSES[kind]:
        allowed = ", ".join(sorted(ANALYSIS_STATUSES[kind]))
        return StateConflict(f"{state.entry.id} is {state.status}: the {kind} analysis is recorded while it is "
                             f"{allowed}")
    return None


def exceeds_legal_basis(catalog: Catalog, register: Register, state: LinkageState) -> list[str]:
    """The open `exceeds_legal_basis` findings of a linkage, as the weekly check would report them."""
    from khlang.dates import today_bangkok
    from khlang.linkage.checks import FINDING_RULES, Context
    from khlang.linkage.workdays import load_calendar

    ctx = Context(state, register, catalog, load_calendar(catalog.directory), today_bangkok())
    return [f.detail for f in FINDING_RULES["exceeds_legal_basis"](ctx)]
