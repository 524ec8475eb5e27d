"""The state of each linkage: the register's declared steps and analyses, overtaken by the store's records.

The YAML register is what stewards wrote before the console; `khlang linkage import` copies a linkage's
steps and analyses into the store once, and from then on the store alone says where it stands. A
linkage not imported yet is the register's steps merged with the steps recorded in the store: when the
store's newest step is as new as the register's or newer, the store's status is the linkage's status,
and the check reports the register as outdated. The newest analysis of each kind recorded in the store
overrides the register's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from khlang.linkage.records import LinkageAnalysis, LinkageImport, LinkageStepActor, LinkageTransition
from khlang.linkage.register import Analysis, LinkageEntry, Register
from khlang.linkage.workflow import decision_steps
from khlang.store import Store

ANALYSIS_KINDS = ("technical", "legal")


@dataclass(frozen=True)
class StepRecord:
    """One step, from the register or from the store."""

    status: str
    date: dt.date
    by: str | None
    note: str | None
    source: str  # "register" | "store" | "import" (a register step copied into the store)
    recorded_at: dt.datetime | None = None
    recorded_by: str | None = None
    channel: str | None = None
    reason: str | None = None

    def to_dict(self) -> dict:
        """JSON-ready."""
        return {"status": self.status, "date": self.date.isoformat(), "by": self.by, "note": self.note,
                "source": self.source, "recorded_by": self.recorded_by, "channel": self.channel,
                "reason": self.reason, "recorded_at": self.recorded_at.isoformat() if self.recorded_at else None}


@dataclass(frozen=True)
class AnalysisRecord:
    """The technical or legal analysis of a linkage, from the register or recorded in the store."""

    kind: str
    reference: str
    completed_on: dt.date
    by: str | None
    summary: str | None
    source: str  # "register" | "store" | "import"
    evidence_id: str | None = None
    recorded_by: str | None = None
    channel: str | None = None
    reason: str | None = None
    recorded_at: dt.datetime | None = None

    def to_dict(self) -> dict:
        """JSON-ready."""
        return {"kind": self.kind, "reference": self.reference, "completed_on": self.completed_on.isoformat(),
                "by": self.by, "summary": self.summary, "source": self.source, "evidence_id": self.evidence_id,
                "recorded_by": self.recorded_by, "channel": self.channel, "reason": self.reason,
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
    analyses: list[AnalysisRecord] = field(default_factory=list)
    imported: bool = False

    @property
    def register_outdated(self) -> bool:
        """The store holds a newer status than the YAML declares."""
        return self.from_store and self.status != self.declared_status

    def analysis(self, kind: str) -> AnalysisRecord | None:
        """The analysis of this kind that counts now: the newest recorded, else the register's."""
        mine = [a for a in self.analyses if a.kind == kind]
        return mine[-1] if mine else None

    def has_evidence(self, needed: str) -> bool:
        """Whether a requirement of the workflow ("technical_analysis" | "legal_analysis") is met."""
        return self.analysis(needed.removesuffix("_analysis")) is not None

    def entered(self, status: str) -> dt.date | None:
        """When the linkage last entered `status`."""
        days = [s.date for s in self.steps if s.status == status]
        return days[-1] if days else None


def _step(row: LinkageTransition, who: LinkageStepActor | None) -> StepRecord:
    if who is None:  # recorded before accounts existed: `by` is whatever was typed
        return StepRecord(row.to_status, row.step_date, row.by, row.note, "store", row.recorded_at)
    source = "import" if who.source == "register" else "store"
    return StepRecord(row.to_status, row.step_date, row.by, row.note, source, row.recorded_at, who.recorded_by,
                      who.channel, who.reason)


def _analysis(row: LinkageAnalysis) -> AnalysisRecord:
    source = "import" if row.source == "register" else "store"
    return AnalysisRecord(row.kind, row.reference, row.completed_on, row.by, row.summary, source, row.evidence_id,
                          row.recorded_by, row.channel, row.reason, row.recorded_at)


@dataclass
class Recorded:
    """What the store holds about one linkage."""

    steps: list[StepRecord] = field(default_factory=list)
    analyses: list[AnalysisRecord] = field(default_factory=list)
    imported: bool = False


def read_recorded(session: Session, linkage_id: str | None = None) -> dict[str, Recorded]:
    """Recorded steps and analyses by linkage id, oldest first."""
    steps = (select(LinkageTransition, LinkageStepActor)
             .outerjoin(LinkageStepActor, LinkageStepActor.transition_id == LinkageTransition.id)
             .order_by(LinkageTransition.step_date, LinkageTransition.recorded_at, LinkageTransition.id))
    analyses = select(LinkageAnalysis).order_by(LinkageAnalysis.recorded_at, LinkageAnalysis.id)
    imports = select(LinkageImport.linkage_id)
    if linkage_id is not None:
        steps = steps.where(LinkageTransition.linkage_id == linkage_id)
        analyses = analyses.where(LinkageAnalysis.linkage_id == linkage_id)
        imports = imports.where(LinkageImport.linkage_id == linkage_id)
    out: dict[str, Recorded] = {}
    for row, who in session.execute(steps):
        out.setdefault(row.linkage_id, Recorded()).steps.append(_step(row, who))
    for arow in session.scalars(analyses):
        out.setdefault(arow.linkage_id, Recorded()).analyses.append(_analysis(arow))
    for lid in session.scalars(imports):
        out.setdefault(lid, Recorded()).imported = True
    return out


def store_steps(store: Store | None, linkage_id: str | None = None) -> dict[str, list[StepRecord]]:
    """Recorded steps by linkage id, oldest first."""
    if store is None:
        return {}
    with store.reading() as session:
        return {lid: r.steps for lid, r in read_recorded(session, linkage_id).items() if r.steps}


def declared_analyses(entry: LinkageEntry) -> list[AnalysisRecord]:
    """The analyses the register declares for an entry."""
    out = []
    for kind in ANALYSIS_KINDS:
        a: Analysis | None = getattr(entry, f"{kind}_analysis")
        if a is not None:
            out.append(AnalysisRecord(kind, a.reference, a.completed_on, a.by, a.summary, "register"))
    return out


def state_of(entry: LinkageEntry, recorded: list[StepRecord] | Recorded) -> LinkageState:
    """Where a linkage stands: the store's records alone once imported, else merged with the register."""
    rec = recorded if isinstance(recorded, Recorded) else Recorded(steps=list(recorded))
    if rec.imported and rec.steps:
        return _imported_state(entry, rec)
    declared = [StepRecord(s.status, s.date, s.by, s.note, "register") for s in entry.steps()]
    last = declared[-1]
    newer = [s for s in rec.steps if s.date >= last.date]
    known = {(s.status, s.date) for s in declared}
    steps = declared + [s for s in rec.steps if (s.status, s.date) not in known]
    steps.sort(key=lambda s: (s.date, s.source != "register"))
    current = newer[-1] if newer else last
    decisions = [s.date for s in decision_steps(steps)]
    decided_on = decisions[-1] if decisions else entry.decided_on
    analyses = declared_analyses(entry) + rec.analyses
    return LinkageState(entry, current.status, current.date, decided_on, steps, entry.status, bool(newer),
                        analyses, False)


def _imported_state(entry: LinkageEntry, rec: Recorded) -> LinkageState:
    steps = rec.steps
    current = steps[-1]
    decisions = [s.date for s in decision_steps(steps)]
    decided_on = decisions[-1] if decisions else entry.decided_on
    from_store = any(s.source == "store" for s in steps)
    return LinkageState(entry, current.status, current.date, decided_on, list(steps), entry.status,
                        from_store and current.source == "store", list(rec.analyses), True)


def current_states(register: Register, store: Store | None) -> dict[str, LinkageState]:
    """The effective state of every linkage of the register."""
    recorded: dict[str, Recorded] = {}
    if store is not None:
        with store.reading() as session:
            recorded = read_recorded(session)
    return {lid: state_of(entry, recorded.get(lid, Recorded())) for lid, entry in register.entries.items()}
