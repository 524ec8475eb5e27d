"""Issues read back from the store as plain data: for the CLI, the rules, the measures and the report."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from khlang.dates import as_utc
from khlang.governance.records import Issue
from khlang.governance.vocabulary import UNRESOLVED, collect_due, priority, rca_due
from khlang.store import Store


@dataclass
class IssueView:
    """An issue's current state, with the dates the control points are measured from."""

    id: int
    fingerprint: str
    source: str
    origin_kind: str
    code: str
    category: str
    dataset: str | None
    column: str | None
    unit: str | None
    dimension: str | None
    title: str
    detail: str
    severity: str
    weight: float
    status: str
    cycle: int
    assignees: list[dict]
    opened_on: dt.date
    cycle_opened_on: dt.date
    collect_due: dt.date
    rca_due: dt.date
    resolved_on: dt.date | None
    closed_on: dt.date | None
    escalation_level: int
    evidence: dict | None
    verified_by: str | None
    verification_note: str | None
    taken_up_on: dt.date | None = None
    rca_on: dt.date | None = None
    root_cause: dict | None = None
    actions: list[dict] = field(default_factory=list)

    @property
    def priority(self) -> tuple[int, float]:
        return priority(self.severity, self.weight)

    def overdue(self, as_of: dt.date) -> list[dict]:
        """What is late on `as_of`: taking the issue up, its root-cause analysis, each open action."""
        late = []
        if self.status == "open" and as_of > self.collect_due:
            late.append({"subject": "collect", "due_on": self.collect_due, "days": (as_of - self.collect_due).days})
        if self.status in UNRESOLVED and self.rca_on is None and as_of > self.rca_due:
            late.append({"subject": "rca", "due_on": self.rca_due, "days": (as_of - self.rca_due).days})
        if self.status != "closed":
            for a in self.actions:
                if a["cycle"] == self.cycle and a["done_on"] is None and as_of > a["due_on"]:
                    late.append({"subject": f"action:{a['id']}", "due_on": a["due_on"],
                                 "days": (as_of - a["due_on"]).days})
        return late

    def to_dict(self, as_of: dt.date | None = None) -> dict:
        """JSON-ready (dates as ISO text), with what is overdue on `as_of`."""
        data = asdict(self)
        data["assignees"] = [a["person"] for a in self.assignees]
        data["assigned"] = self.assignees
        if as_of is not None:
            data["overdue"] = [{**o, "due_on": o["due_on"].isoformat()} for o in self.overdue(as_of)]
        out = _iso(data)
        assert isinstance(out, dict)
        return out

    @property
    def findings(self) -> list[dict]:
        """The findings this issue holds as its evidence (one defect found by several checks or rules)."""
        return list((self.evidence or {}).get("findings", []))

    def holds(self, finding: str) -> bool:
        """Whether a finding (a check's or a rule's fingerprint) is part of this issue."""
        return finding == self.fingerprint or any(m["fingerprint"] == finding for m in self.findings)


def _iso(value: object) -> object:
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    if isinstance(value, dt.datetime):
        return as_utc(value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def view_of(issue: Issue) -> IssueView:
    """The plain view of a loaded issue (events, root causes and actions loaded)."""
    events = [e for e in issue.events if (e.data or {}).get("cycle", 1) == issue.cycle]
    taken = [e.on for e in events if e.type in ("acknowledged", "rca_recorded")]
    analysed = [e.on for e in events if e.type == "rca_recorded"]
    rc = issue.root_cause()
    return IssueView(
        id=issue.id, fingerprint=issue.fingerprint, source=issue.source, origin_kind=issue.origin_kind,
        code=issue.code, category=issue.category, dataset=issue.dataset, column=issue.column, unit=issue.unit,
        dimension=issue.dimension, title=issue.title, detail=issue.detail, severity=issue.severity,
        weight=issue.weight, status=issue.status, cycle=issue.cycle, assignees=list(issue.assignees or []),
        opened_on=issue.opened_on, cycle_opened_on=issue.cycle_opened_on, collect_due=issue.collect_due,
        rca_due=issue.rca_due, resolved_on=issue.resolved_on, closed_on=issue.closed_on,
        escalation_level=issue.escalation_level, evidence=issue.evidence, verified_by=issue.verified_by,
        verification_note=issue.verification_note,
        taken_up_on=min(taken) if taken else None, rca_on=min(analysed) if analysed else None,
        root_cause=None if rc is None else {
            "cycle": rc.cycle, "cause_category": rc.cause_category, "whys": list(rc.whys),
            "root_cause": rc.root_cause, "analysed_by": rc.analysed_by, "analysed_on": rc.analysed_on},
        actions=[{"id": a.id, "cycle": a.cycle, "kind": a.kind, "description": a.description, "owner": a.owner,
                  "due_on": a.due_on, "done_on": a.done_on, "done_note": a.done_note, "created_on": a.created_on}
                 for a in issue.actions],
    )


def _loaded(query):  # noqa: ANN001, ANN202
    return query.options(selectinload(Issue.events), selectinload(Issue.root_causes), selectinload(Issue.actions))


def issue_views(store: Store | Session, status: str | None = None, dataset: str | None = None,
                category: str | None = None, unit: str | None = None) -> list[IssueView]:
    """Issues, highest priority first, then oldest first."""
    q = select(Issue)
    for col, value in ((Issue.status, status), (Issue.dataset, dataset), (Issue.category, category),
                       (Issue.unit, unit)):
        if value is not None:
            q = q.where(col == value)
    if isinstance(store, Session):
        rows = store.scalars(_loaded(q)).all()
        views = [view_of(i) for i in rows]
    else:
        with store.reading() as session:
            views = [view_of(i) for i in session.scalars(_loaded(q)).all()]
    return sorted(views, key=lambda v: (-v.priority[0], -v.priority[1], v.opened_on, v.id))


def issue_detail(store: Store, issue_id: int, as_of: dt.date) -> dict | None:
    """One issue with its full history: every event, every cycle's root cause, every action."""
    with store.reading() as session:
        issue = session.scalars(_loaded(select(Issue).where(Issue.id == issue_id))).first()
        if issue is None:
            return None
        data = view_of(issue).to_dict(as_of)
        data["events"] = _iso([{"id": e.id, "type": e.type, "from_status": e.from_status, "to_status": e.to_status,
                                "on": e.on, "at": e.at, "run_key": e.run_key, "actor": e.actor, "note": e.note,
                                "data": e.data} for e in issue.events])
        data["root_causes"] = _iso([{"cycle": rc.cycle, "cause_category": rc.cause_category, "whys": list(rc.whys),
                                     "root_cause": rc.root_cause, "analysed_by": rc.analysed_by,
                                     "analysed_on": rc.analysed_on} for rc in issue.root_causes])
        return data


def view_at(issue: Issue, as_of: dt.date) -> IssueView | None:
    """The issue as it stood at the end of `as_of`, replayed from its events; None if not yet opened."""
    events = [e for e in issue.events if e.on <= as_of]
    if not events:
        return None
    view = view_of(issue)
    if all(e.on <= as_of for e in issue.events):
        return view
    last_status = next(e for e in reversed(events) if e.to_status)
    cycle = (last_status.data or {}).get("cycle", 1)
    in_cycle = [e for e in events if (e.data or {}).get("cycle", 1) == cycle]
    start = next((e.on for e in in_cycle if e.type in ("opened", "reopened")), issue.opened_on)
    taken = [e.on for e in in_cycle if e.type in ("acknowledged", "rca_recorded")]
    analysed = [e.on for e in in_cycle if e.type == "rca_recorded"]
    resolved = [e.on for e in in_cycle if e.type == "resolved"]
    closed = [e.on for e in in_cycle if e.type == "closed"]
    view.status, view.cycle, view.cycle_opened_on = last_status.to_status, cycle, start  # type: ignore[assignment]
    view.collect_due, view.rca_due = collect_due(start), rca_due(start)
    view.taken_up_on = min(taken) if taken else None
    view.rca_on = min(analysed) if analysed else None
    view.resolved_on = resolved[-1] if resolved else None
    view.closed_on = closed[-1] if closed else None
    view.escalation_level = max([(e.data or {}).get("level", 0) for e in in_cycle if e.type == "escalated"] or [0])
    rcs = [rc for rc in issue.root_causes if rc.cycle == cycle and rc.analysed_on <= as_of]
    view.root_cause = None if not rcs else {
        "cycle": rcs[0].cycle, "cause_category": rcs[0].cause_category, "whys": list(rcs[0].whys),
        "root_cause": rcs[0].root_cause, "analysed_by": rcs[0].analysed_by, "analysed_on": rcs[0].analysed_on}
    view.actions = [{**a, "done_on": a["done_on"] if a["done_on"] and a["done_on"] <= as_of else None}
                    for a in view.actions if a["created_on"] <= as_of] if view.actions else []
    return view
