"""What each person is told, composed from the store: Thai first, English beside, B.E. dates.

Each composer returns Drafts; a draft's key says what it is about, so composing again (a re-run, a retry
after a kill) yields the same keys and queues nothing new. Recipients are people of organisation.yaml who
are still with the organisation and have an e-mail address.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from khlang.dates import format_both
from khlang.declarations import Catalog
from khlang.declarations.models import Person
from khlang.governance.records import Issue, IssueEvent
from khlang.governance.vocabulary import UNRESOLVED
from khlang.registry import Registry
from khlang.report.committee_labels import ESCALATION, STATUSES
from khlang.report.labels import label
from khlang.store import Store

DUE_SOON_DAYS = 7
# Escalations older than this are not announced any more (a new installation does not replay its history).
ESCALATION_WINDOW_DAYS = 14


@dataclass(frozen=True)
class Draft:
    """A message before it is queued: one recipient, one subject, one body."""

    key: str
    kind: str
    person: str
    subject: str
    body: str
    attachments: tuple[str, ...] = ()
    payload: dict = field(default_factory=dict)


def recipients(catalog: Catalog, person_ids: list[str]) -> list[Person]:
    """The people among `person_ids` who can be told: still with the organisation, with an e-mail address."""
    seen, out = set(), []
    for pid in person_ids:
        person = catalog.person(pid)
        if person is not None and person.active and person.email and pid not in seen:
            seen.add(pid)
            out.append(person)
    return out


def with_role(catalog: Catalog, role: str) -> list[str]:
    """Ids of the people who hold a role in organisation.yaml (the Director, the secretary …)."""
    return sorted(p.id for p in catalog.people.values() if role in (getattr(p, "roles", None) or ()))


def _greeting(person: Person) -> str:
    """เรียน + the name as organisation.yaml writes it (with its title), then the English form."""
    return f"เรียน {person.name} · Dear {person.name_en or person.name}"


def committee(catalog: Catalog) -> list[str]:
    """The committee as step 2 appointed it."""
    return list(catalog.organisation.governance.committee)


def _due(issue: Issue) -> tuple[str, dt.date]:
    """The control point the issue waits on: being taken up (open), else its root-cause analysis."""
    return ("collect", issue.collect_due) if issue.status == "open" else ("rca", issue.rca_due)


_DUE_LABEL = {"collect": ("รับเรื่อง", "take up"), "rca": ("วิเคราะห์สาเหตุ", "root-cause analysis")}


def _issue_line(issue: Issue, as_of: dt.date) -> str:
    kind, due = _due(issue)
    th, en = _DUE_LABEL[kind]
    late = (as_of - due).days
    when = f"กำหนด · due {format_both(due)}"
    if late > 0:
        when = f"เกินกำหนด {late} วัน · overdue by {late} days; {when}"
    status = label(STATUSES, issue.status)
    subject = issue.dataset or issue.unit or "-"
    return (f"  #{issue.id} [{issue.severity}] {issue.title} ({subject})\n"
            f"      {status.th} · {status.en}; {th} · {en}: {when}")


# A composer: the drafts of one kind of notification as of a day.
Composer = Callable[[Catalog, Store, dt.date], list[Draft]]
COMPOSERS: Registry[str, Composer] = Registry("notification kind")


@COMPOSERS.register("digest")
def digests(catalog: Catalog, store: Store, as_of: dt.date) -> list[Draft]:
    """A daily digest per person of what is assigned to them, due within a week, and overdue."""
    with store.reading() as session:
        issues = session.scalars(select(Issue).where(Issue.status.in_(sorted(UNRESOLVED)))).all()
    mine: dict[str, list[Issue]] = {}
    for issue in issues:
        for a in issue.assignees or []:
            mine.setdefault(a["person"], []).append(issue)
    drafts = []
    for person in recipients(catalog, sorted(mine)):
        items = sorted(mine[person.id], key=lambda i: (_due(i)[1], i.id))
        overdue = [i for i in items if _due(i)[1] < as_of]
        soon = [i for i in items if as_of <= _due(i)[1] <= as_of + dt.timedelta(days=DUE_SOON_DAYS)]
        subject = (f"[Khlang] งานของคุณ {format_both(as_of)}: เกินกำหนด {len(overdue)} · ใกล้ครบกำหนด {len(soon)} · "
                   f"Your work: {len(overdue)} overdue, {len(soon)} due soon, {len(items)} open")
        lines = [_greeting(person), "",
                 f"ประเด็นปัญหาที่มอบหมายให้ท่าน {len(items)} เรื่อง · {len(items)} issues are assigned to you."]
        for title, group in (("เกินกำหนด · Overdue", overdue), ("ใกล้ครบกำหนดใน 7 วัน · Due within 7 days", soon)):
            if group:
                lines += ["", title] + [_issue_line(i, as_of) for i in group]
        rest = [i for i in items if i not in overdue and i not in soon]
        if rest:
            lines += ["", "อื่น ๆ · Other open issues"] + [_issue_line(i, as_of) for i in rest]
        lines += ["", "— Khlang (คลัง), สำนักเทคโนโลยีดิจิทัล · Digital Technology Office"]
        drafts.append(Draft(f"digest:{person.id}:{as_of.isoformat()}", "digest", person.id, subject, "\n".join(lines),
                            payload={"overdue": [i.id for i in overdue], "due_soon": [i.id for i in soon],
                                     "open": [i.id for i in items]}))
    return drafts


@COMPOSERS.register("escalation")
def escalations(catalog: Catalog, store: Store, as_of: dt.date) -> list[Draft]:
    """Each escalation, when it happens, to the level it reached: assignees, the committee, the Director."""
    since = as_of - dt.timedelta(days=ESCALATION_WINDOW_DAYS)
    with store.reading() as session:
        events = session.scalars(select(IssueEvent).where(IssueEvent.type == "escalated", IssueEvent.on >= since)
                                 .options(selectinload(IssueEvent.issue))).all()
    drafts = []
    for ev in events:
        data, issue = ev.data or {}, ev.issue
        level = int(data.get("level", 1))
        if level == 1:
            targets = [a["person"] for a in issue.assignees or []]
        elif level == 2:
            targets = committee(catalog)
        else:
            targets = with_role(catalog, "director") or committee(catalog)
        who = label(ESCALATION, str(level))
        for person in recipients(catalog, targets):
            subject = (f"[Khlang] ยกระดับประเด็นปัญหา #{issue.id} ถึง{who.th} · Issue #{issue.id} escalated to "
                       f"{who.en.lower()}")
            body = "\n".join([
                _greeting(person), "",
                f"ประเด็นปัญหา #{issue.id} «{issue.title}» ({issue.dataset or issue.unit or '-'}) "
                f"เกินกำหนด {data.get('days')} วัน และถูกยกระดับถึง{who.th}",
                f"Issue #{issue.id} “{issue.title}” is {data.get('days')} days overdue and was escalated to "
                f"{who.en.lower()} on {format_both(ev.on)}.", "",
                _issue_line(issue, as_of), "", "— Khlang (คลัง)"])
            drafts.append(Draft(f"escalation:{ev.id}:{person.id}", "escalation", person.id, subject, body,
                                payload={"issue": issue.id, "level": level, "days": data.get("days")}))
    return drafts


def report_published(catalog: Catalog, period: str, pdf: str) -> list[Draft]:
    """The committee report of a period, with its PDF, to the committee, its secretary and the Director (once)."""
    targets = committee(catalog) + with_role(catalog, "secretary") + with_role(catalog, "director")
    drafts = []
    for person in recipients(catalog, targets):
        subject = f"[Khlang] รายงานต่อคณะกรรมการ ไตรมาส {period} · Committee report {period}"
        body = "\n".join([_greeting(person), "",
                          f"รายงานการกำกับดูแลข้อมูลต่อคณะกรรมการ ประจำไตรมาส {period} จัดทำแล้ว ดังแนบ",
                          f"The data-governance report to the committee for {period} is attached.", "",
                          "— Khlang (คลัง)"])
        drafts.append(Draft(f"report:{period}:{person.id}", "report", person.id, subject, body,
                            attachments=(pdf,), payload={"period": period}))
    return drafts


@COMPOSERS.register("decisions")
def decisions(catalog: Catalog, store: Store, as_of: dt.date) -> list[Draft]:
    """What waits for a decision, to each person who must make it: the committee report's "Decisions required"
    (khlang.governance.decisions) read on the day — linkages and policies for the Director, unverified
    backups and overdue PIRs for the systems' owners, issues escalated to the Director."""
    from khlang.governance.decisions import decisions as named
    from khlang.governance.operations import Context
    from khlang.governance.policy_decisions import policies_with_decisions
    from khlang.governance.views import issue_views
    from khlang.report.labels import DECISION_ASKS, DECISION_KINDS, label

    ctx = Context(catalog, store, policies_with_decisions(catalog, store), as_of, issue_views(store))
    mine: dict[str, list[dict]] = {}
    for d in named(ctx):
        for who in d["deciders"]:
            if who.get("person") and who["person"].get("active"):
                mine.setdefault(who["person"]["id"], []).append(d)
    drafts = []
    for person in recipients(catalog, sorted(mine)):
        items = mine[person.id]
        subject = (f"[Khlang] เรื่องที่รอท่านตัดสินใจ {len(items)} เรื่อง · {len(items)} decisions waiting for you")
        lines = [_greeting(person), "", "เรื่องที่รอการตัดสินใจของท่าน · Decisions waiting for you:"]
        for d in items:
            kind, ask = label(DECISION_KINDS, d["kind"]), label(DECISION_ASKS, d["kind"])
            due = f" — กำหนด · due {format_both(dt.date.fromisoformat(d['due_on']))}" if d.get("due_on") else ""
            late = f" (เกินกำหนด {d['days_late']} วัน · {d['days_late']} days late)" if d.get("days_late") else ""
            lines.append(f"  - {kind.th}: {d['subject_th']} · {kind.en}: {d['subject_en']}{due}{late}")
            lines.append(f"    {ask.th} · {ask.en}")
        lines += ["", "— Khlang (คลัง)"]
        drafts.append(Draft(f"decisions:{person.id}:{as_of.isoformat()}", "decisions", person.id, subject,
                            "\n".join(lines), payload={"items": [f"{d['kind']}:{d['ref']}" for d in items]}))
    return drafts
