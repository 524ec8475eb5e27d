"""The decisions the committee report puts before the Director: each one named, with its deadline and who decides.

A decision source is one function registered under its kind (@decision_source); it reads what the procedure's
own library already says (the linkage check, the policies, the backup evidence, the PIR schedule, the issues'
escalation) and yields one Decision per thing to decide. A new kind of decision is one more function here.
Who decides comes from the catalogue: roles in organisation.yaml (the Director), owners in systems.yaml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from khlang.dates import BANGKOK, format_both
from khlang.governance.operations import Context
from khlang.governance.vocabulary import UNRESOLVED
from khlang.registry import Registry
from khlang.report.labels import BACKUP_PARTS, label, period_label

# A policy whose review falls due within this many days of the report is put before the Director now.
REVIEW_HORIZON_DAYS = 30


@dataclass(frozen=True)
class Decision:
    """One thing someone must decide: what, about which subject, by when, and who."""

    kind: str
    ref: str
    subject_th: str
    subject_en: str
    due_on: dt.date | None
    deciders: tuple[dict, ...]
    since: dt.date | None = None
    detail_th: str = ""
    detail_en: str = ""
    extra: dict = field(default_factory=dict)

    def to_dict(self, as_of: dt.date) -> dict:
        """JSON-ready, with how late it is on `as_of` (0 when not yet due)."""
        late = (as_of - self.due_on).days if self.due_on and as_of > self.due_on else 0
        return {"kind": self.kind, "ref": self.ref, "subject_th": self.subject_th, "subject_en": self.subject_en,
                "due_on": self.due_on.isoformat() if self.due_on else None,
                "since": self.since.isoformat() if self.since else None, "days_late": late,
                "deciders": list(self.deciders), "detail_th": self.detail_th, "detail_en": self.detail_en,
                **self.extra}


Source = Callable[[Context], Iterator[Decision]]
DECISION_SOURCES: Registry[str, Source] = Registry("decision source")


# @decision_source("kind") registers a source of decisions of that kind (labels: report.labels.DECISION_KINDS).
decision_source = DECISION_SOURCES.register


def decisions(ctx: Context) -> list[dict]:
    """Every decision of every source, kind by kind in registration order; within a kind the earliest deadline
    first (undated ones last), then by subject."""
    order = {kind: i for i, kind in enumerate(DECISION_SOURCES)}
    found = [d for source in DECISION_SOURCES.values() for d in source(ctx)]
    found.sort(key=lambda d: (order[d.kind], d.due_on is None, d.due_on or dt.date.max, d.ref))
    return [d.to_dict(ctx.as_of) for d in found]


def with_role(ctx: Context, role: str) -> tuple[dict, ...]:
    """The people holding a role of organisation.yaml (`roles: [director]`), as deciders; unfilled, one empty."""
    from khlang.notify.compose import with_role as holders

    people = [ctx.person(pid) for pid in holders(ctx.catalog, role)]
    active = [p for p in people if p and p["active"]] or people
    return tuple({"role": role, "person": p} for p in active) or ({"role": role, "person": None},)


def system_owner(ctx: Context, code: str, role: str) -> dict:
    """A system's business or digital owner of systems.yaml, as a decider (person None when unassigned)."""
    system = ctx.systems.get(code)
    return {"role": f"system_{role}", "person": ctx.person(getattr(system, role, None) if system else None)}


@decision_source("linkage_decision")
def _linkages_awaiting(ctx: Context) -> Iterator[Decision]:
    """สงพท.-08: the Director decides within 5 working days of the summary (approve, return or reject)."""
    from khlang.linkage.workflow import STEP_LIMITS

    result = ctx.linkage
    if result is None:
        return
    for lid, state in sorted(result.states.items()):
        if state.status != "awaiting_decision":
            continue
        e = state.entry
        due = ctx.calendar.add_working_days(state.since, STEP_LIMITS["decision"].working_days)
        yield Decision("linkage_decision", lid, f"{lid} {e.agency}", f"{lid} with {e.agency_en or e.agency}", due,
                       with_role(ctx, "director"), state.since,
                       f"เสนอเมื่อ {format_both(state.since)} ภายใน 5 วันทำการ",
                       f"submitted {format_both(state.since)}; 5 working days")


@decision_source("agreement_expired")
def _agreements_expired(ctx: Context) -> Iterator[Decision]:
    """The linkage check's `agreement_expired`: data still flows on an agreement that has ended."""
    result = ctx.linkage
    if result is None:
        return
    for f in result.findings:
        if f.finding != "agreement_expired":
            continue
        e = result.states[f.id].entry
        expired = e.agreement_expires_on
        yield Decision("agreement_expired", f.id, f"{f.id} {e.agency}", f"{f.id} with {e.agency_en or e.agency}",
                       expired, with_role(ctx, "director"), expired,
                       f"ข้อตกลงสิ้นสุด {format_both(expired)} แต่ยังเชื่อมโยงอยู่" if expired else "",
                       f"agreement ended {format_both(expired)}, linkage still active" if expired else "")


@decision_source("policy_approval")
def _policies_awaiting(ctx: Context) -> Iterator[Decision]:
    """สงพท.-11 step 4: drafts wait for the Director's approval (5 days from the committee's submission)."""
    for p in ctx.policies.policies:
        if p.in_force(ctx.as_of):
            continue
        yield Decision("policy_approval", p.id, p.entry.title_th, p.entry.title_en or p.id, None,
                       with_role(ctx, "director"), None,
                       "ภายใน 5 วันนับจากคณะกรรมการเสนอ (ขั้นตอนที่ 4)",
                       "within 5 days of the committee's submission (step 4)")


@decision_source("policy_review")
def _policies_to_review(ctx: Context) -> Iterator[Decision]:
    """A policy in force whose review (review_every after its last review or approval) falls due soon."""
    horizon = ctx.as_of + dt.timedelta(days=REVIEW_HORIZON_DAYS)
    for p in ctx.policies.policies:
        due = p.review_due()
        if not p.in_force(ctx.as_of) or due is None or due > horizon:
            continue
        every, last = period_label(p.entry.review_every), p.approvals[-1].on
        yield Decision("policy_review", p.id, p.entry.title_th, p.entry.title_en or p.id, due,
                       with_role(ctx, "director"), last,
                       f"ทบทวนทุก {every.th} อนุมัติล่าสุด {format_both(last)}",
                       f"reviewed every {every.en}; last approved {format_both(last)}")


@decision_source("backup_unverified")
def _backups_unverified(ctx: Context) -> Iterator[Decision]:
    """สงบข.-04: a backup target whose newest verification failed, never ran, or checked nothing (not configured)."""
    for t in ctx.backups:
        if t.verified:
            continue
        since = t.unverified_since.astimezone(BANGKOK).date() if t.unverified_since else None
        problems = [f["code"] for f in t.findings if f["severity"] != "low" or f["code"] == "not_configured"]
        system, part = ctx.systems.get(t.system), label(BACKUP_PARTS, t.part)
        th = f"{t.system} {system.name_th} · {part.th}" if system else f"{t.system} · {part.th}"
        en = f"{t.system} {system.name_en or t.system} · {part.en}" if system else f"{t.system} · {part.en}"
        yield Decision("backup_unverified", t.key, th, en, since, (system_owner(ctx, t.system, "digital_owner"),),
                       since, extra={"state": t.state, "findings": sorted(set(problems)),
                                     "not_configured": t.not_configured})


@decision_source("pir_overdue")
def _pirs_overdue(ctx: Context) -> Iterator[Decision]:
    """สงพท.-03: a PIR not recorded a month after it fell due (six months after go-live)."""
    for line in ctx.pirs:
        s = line.schedule
        if s.status != "overdue" or s.due_on is None:
            continue
        code = line.system.code
        yield Decision("pir_overdue", code, f"{code} {line.system.name_th}", f"{code} {line.system.name_en or code}",
                       s.due_on, (system_owner(ctx, code, "business_owner"), system_owner(ctx, code, "digital_owner")),
                       s.go_live, f"เริ่มใช้งาน {format_both(s.go_live)}" if s.go_live else "",
                       f"went live {format_both(s.go_live)}" if s.go_live else "")


@decision_source("issue_escalated")
def _issues_escalated(ctx: Context) -> Iterator[Decision]:
    """สงพท.-11 steps 10–11: unresolved issues whose control points are 30+ days late reach the Director."""
    for v in sorted(ctx.issues, key=lambda v: v.id):
        if v.status not in UNRESOLVED or v.escalation_level < 3:
            continue
        late = v.overdue(ctx.as_of)
        due = min((x["due_on"] for x in late), default=v.rca_due)
        yield Decision("issue_escalated", f"#{v.id}", f"#{v.id} {v.title}", f"#{v.id} {v.title}", due,
                       with_role(ctx, "director"), v.cycle_opened_on,
                       f"เปิดเมื่อ {format_both(v.cycle_opened_on)}", f"opened {format_both(v.cycle_opened_on)}",
                       extra={"severity": v.severity, "issue": {
                           "id": v.id, "title": v.title, "detail": v.detail, "source": v.source,
                           "origin_kind": v.origin_kind, "code": v.code, "dataset": v.dataset, "column": v.column,
                           "dimension": v.dimension}})


@decision_source("ea_endorsement")
def _ea_awaiting_director(ctx: Context) -> Iterator[Decision]:
    """สงพท.-10 step 5: a draft EA version waits for the Director's endorsement (15 days from its submission)."""
    from khlang.ea.process import awaiting_director

    for v in awaiting_director(ctx.store, ctx.as_of):
        again = f" (ส่งกลับแล้ว {v['returns']} ครั้ง)" if v["returns"] else ""
        yield Decision("ea_endorsement", v["version"], f"{v['version']} {v['title_th']}",
                       f"{v['version']} {v['title_en']}", v["due_on"], with_role(ctx, "director"), v["since"],
                       f"เสนอเมื่อ {format_both(v['since'])} ภายใน 15 วัน{again}",
                       f"submitted {format_both(v['since'])}; 15 days"
                       + (f" (returned {v['returns']} times)" if v["returns"] else ""))


@decision_source("governance_step")
def _governance_steps(ctx: Context) -> Iterator[Decision]:
    """สงพท.-11 steps 1–6 waiting for someone (the Director's appointment order and approval of the lists, the
    secretary's records, the units' acknowledgements), each timed from the previous step's record."""
    from khlang.governance.steps import STEPS, step_lines

    if ctx.catalog.directory is None:
        return
    for line in step_lines(ctx.catalog, ctx.store, ctx.policies, ctx.as_of):
        if line.state not in ("waiting", "overdue") or (line.step == 4 and not line.subject.startswith("lists:")):
            continue  # a policy awaiting approval is the policy_approval decision
        step = STEPS[line.step]
        secretary = ctx.catalog.organisation.governance.secretary
        deciders = with_role(ctx, "director") if step.role == "director" else \
            ({"role": step.role, "person": ctx.person(secretary) if step.role == "secretary" else None},)
        yield Decision("governance_step", f"{line.step}:{line.subject}", f"ขั้นตอนที่ {line.step} {step.label.th}",
                       f"Step {line.step}: {step.label.en}", line.due_on, deciders, line.since,
                       line.detail, line.detail, extra={"step": line.step, "subject": line.subject,
                                                        "state": line.state})
