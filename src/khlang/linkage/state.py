"""The state of each linkage: the register's declared steps, overtaken by newer steps in the store.

The YAML register is what stewards write and review; `khlang linkage transition` records a step
in the store (validated, with who, when and why) and never rewrites the YAML, whose comments and
layout belong to people. When the store's newest step is as new as the register's or newer, the
store's status is the linkage's status, and the check reports the register as outdated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select, text

from khlang.dates import today_bangkok, utcnow
from khlang.errors import DeclarationError
from khlang.linkage.records import LinkageTransition
from khlang.linkage.register import LinkageEntry, Register
from khlang.linkage.workflow import decision_steps, requirements, transition_problem
from khlang.store import Store


@dataclass(frozen=True)
class StepRecord:
    """One step, from the register or from the store."""

    status: str
    date: dt.date
    by: str | None
    note: str | None
    source: str  # "register" | "store"
    recorded_at: dt.datetime | None = None

    def to_dict(self) -> dict:
        """JSON-ready."""
        return {"status": self.status, "date": self.date.isoformat(), "by": self.by, "note": self.note,
                "source": self.source,
                "recorded_at": self.recorded_at.isoformat() if self.recorded_at else None}


@dataclass
class LinkageState:
    """Where one linkage stands now."""

    entry: LinkageEntry
    status: str
    since: dt.date
    decided_on: dt.date | None
    steps: list[StepRecord] = field(default_factory=list)
    declared_status: str = ""
    from_store: bool = False

    @property
    def register_outdated(self) -> bool:
        """The store holds a newer status than the YAML declares."""
        return self.from_store and self.status != self.declared_status

    def entered(self, status: str) -> dt.date | None:
        """When the linkage last entered `status`."""
        days = [s.date for s in self.steps if s.status == status]
        return days[-1] if days else None


def store_steps(store: Store | None, linkage_id: str | None = None) -> dict[str, list[StepRecord]]:
    """Recorded steps by linkage id, oldest first."""
    if store is None:
        return {}
    query = select(LinkageTransition).order_by(LinkageTransition.step_date, LinkageTransition.recorded_at,
                                               LinkageTransition.id)
    if linkage_id is not None:
        query = query.where(LinkageTransition.linkage_id == linkage_id)
    out: dict[str, list[StepRecord]] = {}
    with store.reading() as session:
        for row in session.scalars(query):
            out.setdefault(row.linkage_id, []).append(
                StepRecord(row.to_status, row.step_date, row.by, row.note, "store", row.recorded_at))
    return out


def state_of(entry: LinkageEntry, recorded: list[StepRecord]) -> LinkageState:
    """Merge the declared steps with the recorded ones; a recorded step as new as the register's wins."""
    declared = [StepRecord(s.status, s.date, s.by, s.note, "register") for s in entry.steps()]
    last = declared[-1]
    newer = [s for s in recorded if s.date >= last.date]
    known = {(s.status, s.date) for s in declared}
    steps = declared + [s for s in recorded if (s.status, s.date) not in known]
    steps.sort(key=lambda s: (s.date, s.source == "store"))
    current = newer[-1] if newer else last
    decisions = [s.date for s in decision_steps(steps)]
    decided_on = decisions[-1] if decisions else entry.decided_on
    return LinkageState(entry, current.status, current.date, decided_on, steps, entry.status, bool(newer))


def current_states(register: Register, store: Store | None) -> dict[str, LinkageState]:
    """The effective state of every linkage of the register."""
    recorded = store_steps(store)
    return {lid: state_of(entry, recorded.get(lid, [])) for lid, entry in register.entries.items()}


def record_transition(register: Register, store: Store, linkage_id: str, status: str, by: str, note: str,
                      on: dt.date | None = None) -> StepRecord:
    """Validate one step against the workflow and the evidence, then append it in one transaction."""
    on = on or today_bangkok()
    entry = register.entries.get(linkage_id)
    if entry is None:
        known = ", ".join(sorted(register.entries)) or "none"
        raise DeclarationError([register.problem("", "id", f"unknown linkage {linkage_id!r} (known: {known})")])
    if not by.strip():
        raise DeclarationError([register.problem(linkage_id, "status", "--by must name who made the step")])
    with store.transaction() as session:
        if session.bind.dialect.name == "postgresql":
            # Two people moving the same linkage at once must not both pass the check (SQLite already
            # serialises writers with BEGIN IMMEDIATE); the lock ends with the transaction.
            session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"linkage:{linkage_id}"})
        rows = session.scalars(select(LinkageTransition).where(LinkageTransition.linkage_id == linkage_id)
                               .order_by(LinkageTransition.step_date, LinkageTransition.recorded_at,
                                         LinkageTransition.id)).all()
        recorded = [StepRecord(r.to_status, r.step_date, r.by, r.note, "store", r.recorded_at) for r in rows]
        state = state_of(entry, recorded)
        problems = []
        why = transition_problem(state.status, status)
        if why:
            problems.append(register.problem(linkage_id, "status", f"illegal transition: {why}"))
        if on < state.since:
            problems.append(register.problem(
                linkage_id, "status", f"{on.isoformat()} is before the current step ({state.status} since "
                                      f"{state.since.isoformat()})"))
        for needed in requirements(status):
            if getattr(entry, needed) is None:
                problems.append(register.problem(
                    linkage_id, needed, f"cannot move to {status}: record the {needed.replace('_', ' ')} "
                                        "in the register first"))
        if problems:
            raise DeclarationError(problems)
        now = utcnow()
        session.add(LinkageTransition(linkage_id=linkage_id, from_status=state.status, to_status=status, step_date=on,
                                      by=by.strip(), note=note, recorded_at=now))
    return StepRecord(status, on, by.strip(), note, "store", now)
