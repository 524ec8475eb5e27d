"""Who may do what, as data: rules of (actions, allow | deny, condition), evaluated in one function.

Every write of the library calls `authorize` before it writes; the console, the API, the CLI and the
DAGs therefore obey the same rules. A rule's condition is a named function of the actor and the object
(holds a role, answers for the dataset, works in the unit, is assigned the issue). Deny wins over allow;
with no allowing rule the answer is no. Duties the procedures separate (four eyes) are checked after the
rules, from the object's own history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any, Literal

from khlang.declarations import Catalog
from khlang.errors import KhlangError
from khlang.identity.actor import SYSTEM_PERSON, Actor, declared_roles
from khlang.registry import DuplicateEntry, Registry

OWNER_ROLES = ("steward", "business_owner", "digital_owner")


class PermissionDenied(KhlangError):
    """The actor may not do this (HTTP 403); nothing was written."""

    exit_code = 3


class FourEyes(PermissionDenied):
    """The same person may not do both halves of a duty the procedure separates."""


@dataclass(frozen=True)
class Action:
    """Something a person can do, with the names people read; `writes` is False for reads."""

    code: str
    label_th: str
    label_en: str
    writes: bool = True


ACTIONS: Registry[str, Action] = Registry("action")

for _a in (
    Action("issue.open", "เปิดประเด็นปัญหา", "raise an issue"),
    Action("issue.ack", "รับเรื่องประเด็นปัญหา", "take an issue up"),
    Action("issue.rca", "บันทึกการวิเคราะห์สาเหตุ", "record the root cause"),
    Action("issue.action_done", "บันทึกว่าดำเนินการแก้ไขแล้ว", "mark an action done"),
    Action("issue.resolve", "บันทึกว่าแก้ไขปัญหาแล้ว", "resolve an issue by hand"),
    Action("issue.close", "ตรวจสอบประสิทธิผลและปิดประเด็น", "verify and close an issue"),
    Action("issue.attach", "แนบหลักฐาน", "attach evidence to an issue"),
    Action("issue.sync", "ปรับปรุงประเด็นปัญหาจากผลการตรวจ", "sync issues from checks (automated)"),
    Action("run.record", "บันทึกผลการทำงานอัตโนมัติ", "record a scheduled run"),
    Action("linkage.analysis.technical", "บันทึกผลการวิเคราะห์ด้านเทคนิค", "record the technical analysis"),
    Action("linkage.analysis.legal", "บันทึกผลการวิเคราะห์ด้านข้อมูลและกฎหมาย", "record the legal analysis"),
    Action("linkage.transition", "เปลี่ยนขั้นตอนการเชื่อมโยงข้อมูล", "move a linkage to its next step"),
    Action("linkage.decide", "พิจารณาอนุมัติการเชื่อมโยงข้อมูล", "decide a linkage"),
    Action("linkage.import", "นำเข้าทะเบียนการเชื่อมโยงข้อมูล", "import the linkage register"),
    Action("glossary.approve", "อนุมัติคำศัพท์ในอภิธานศัพท์", "approve a glossary term"),
    Action("policy.approve", "อนุมัตินโยบายข้อมูล", "approve a policy"),
    Action("policy.communicate", "บันทึกการสื่อสารนโยบาย", "record a policy communication"),
    Action("policy.assess", "บันทึกการประเมินตนเอง", "record a self-assessment"),
    Action("governance.structure", "บันทึกการเผยแพร่โครงสร้างธรรมาภิบาลข้อมูล",
           "record the governance structure's publication"),
    Action("committee.appoint", "บันทึกคำสั่งแต่งตั้งคณะกรรมการ", "record the committee's appointment order"),
    Action("committee.resolve", "บันทึกมติคณะกรรมการ", "record a resolution of the committee"),
    Action("lists.approve", "อนุมัติรายการชุดข้อมูล ข้อมูลหลัก ข้อมูลอ้างอิง และคลังข้อมูล",
           "approve the dataset, master, reference and warehouse lists"),
    Action("policy.acknowledge", "รับทราบนโยบายข้อมูลในนามหน่วยงาน", "acknowledge a policy for a unit"),
    Action("policy.practice", "บันทึกแนวปฏิบัติตามนโยบาย", "record a practice under a policy"),
    Action("report.director_ack", "ผู้อำนวยการรับทราบรายงาน", "acknowledge a report as the Director"),
    Action("users.manage", "จัดการบัญชีผู้ใช้", "manage accounts"),
    Action("accounts.circular", "ออกหนังสือเวียนทบทวนบัญชีผู้ใช้งานประจำปี", "issue the annual account review circular"),
    Action("accounts.review_reply", "บันทึกผลการทบทวนรายชื่อผู้ใช้งานของหน่วยงาน", "record the office's account review"),
    Action("audit.read", "อ่านบันทึกการตรวจสอบ", "read the audit log", writes=False),
    Action("pii.unmasked", "ดูข้อมูลส่วนบุคคลที่ไม่ปิดบัง", "see personal data unmasked", writes=False),
):
    ACTIONS.add(_a.code, _a)


@dataclass(frozen=True)
class Subject:
    """What a condition looks at: the catalogue, who acts (as which person, with which roles), the object."""

    catalog: Catalog
    actor: Actor
    person: str
    roles: frozenset[str]
    action: Action
    dataset: str | None = None
    datasets: tuple[str, ...] = ()
    unit: str | None = None
    issue: Any = None
    linkage: Any = None


Condition = Callable[[Subject, str | None], bool]
CONDITIONS: Registry[str, Condition] = Registry("permission condition")


@CONDITIONS.register("holds_role")
def _holds_role(s: Subject, role: str | None) -> bool:
    return role in s.roles


@CONDITIONS.register("answers_for_dataset")
def _answers_for_dataset(s: Subject, _arg: str | None) -> bool:
    """The person is the steward, business owner or digital owner of (one of) the object's datasets."""
    return any(s.person in dataset_people(s.catalog, name) for name in s.datasets)


@CONDITIONS.register("member_of_unit")
def _member_of_unit(s: Subject, _arg: str | None) -> bool:
    """The person works in the unit the object belongs to (objects of a unit, not of a dataset)."""
    if s.datasets or s.unit is None:
        return False
    person = s.catalog.person(s.person)
    return person is not None and person.unit == s.unit


@CONDITIONS.register("heads_unit")
def _heads_unit(s: Subject, unit: str | None) -> bool:
    """The person heads (organisation.yaml `head:`) the unit named, else the object's unit; a unit without an
    active head is answered for by the head of the unit above it."""
    code, seen = unit or s.unit, set()
    while code and code not in seen:
        seen.add(code)
        decl = s.catalog.units.get(code)
        if decl is None:
            return False
        head = s.catalog.person(decl.head) if decl.head else None
        if head is not None and head.active:
            return head.id == s.person
        code = decl.parent
    return False


@CONDITIONS.register("steward_in_unit")
def _steward_in_unit(s: Subject, _arg: str | None) -> bool:
    """The person works in the object's unit and stewards a dataset."""
    person = s.catalog.person(s.person)
    if s.unit is None or person is None or person.unit != s.unit:
        return False
    return any(ds.steward == s.person for ds in s.catalog.datasets.values())


@CONDITIONS.register("assigned")
def _assigned(s: Subject, _arg: str | None) -> bool:
    """The issue is assigned to the person (e.g. the committee, for a dataset nobody active owns)."""
    people = getattr(s.issue, "assignees", None) or []
    return any(a.get("person") == s.person and a.get("active", True) for a in people)


@CONDITIONS.register("not_active_person")
def _not_active_person(s: Subject, _arg: str | None) -> bool:
    """Someone who is not (or no longer) a person of the organisation, other than the system account."""
    if s.person == SYSTEM_PERSON:
        return False
    person = s.catalog.person(s.person)
    return person is None or not person.active


@CONDITIONS.register("system")
def _system(s: Subject, _arg: str | None) -> bool:
    return s.person == SYSTEM_PERSON


@dataclass(frozen=True)
class Rule:
    """Actions (codes or patterns such as `issue.*`) × effect × condition; `writes_only` limits it to writes."""

    actions: tuple[str, ...]
    effect: Literal["allow", "deny"]
    condition: str
    argument: str | None = None
    why: str = ""
    writes_only: bool = False

    def covers(self, action: Action) -> bool:
        """True when this rule speaks about `action`."""
        if self.writes_only and not action.writes:
            return False
        return any(fnmatchcase(action.code, pattern) for pattern in self.actions)

    def holds(self, subject: Subject) -> bool:
        """True when the rule's condition holds for this actor and object."""
        return CONDITIONS[self.condition](subject, self.argument)


ISSUE_WORK = ("issue.ack", "issue.rca", "issue.action_done", "issue.resolve", "issue.attach", "issue.close")

RULES: list[Rule] = [
    # Who acts on an issue: those who answer for its dataset, or its unit, or whom it is assigned to.
    Rule(ISSUE_WORK + ("issue.open",), "allow", "answers_for_dataset"),
    Rule(ISSUE_WORK + ("issue.open",), "allow", "member_of_unit"),
    Rule(ISSUE_WORK, "allow", "assigned"),
    # The committee analyses root causes (step 11), verifies, and raises issues from its meetings.
    Rule(("issue.rca", "issue.close", "issue.open", "issue.sync"), "allow", "holds_role", "committee"),
    Rule(("issue.open",), "allow", "holds_role", "secretary"),
    Rule(("issue.open",), "allow", "holds_role", "director"),
    Rule(("issue.sync", "run.record"), "allow", "holds_role", "scheduler"),
    Rule(("issue.sync", "run.record"), "allow", "holds_role", "dt_analyst"),
    # Linkages with external agencies (สงพท.-08).
    Rule(("linkage.analysis.technical", "linkage.import"), "allow", "holds_role", "dt_analyst"),
    Rule(("linkage.analysis.legal",), "allow", "holds_role", "legal"),
    Rule(("linkage.transition",), "allow", "holds_role", "dt_analyst"),
    Rule(("linkage.transition",), "allow", "holds_role", "legal"),
    Rule(("linkage.transition",), "allow", "holds_role", "secretary"),
    Rule(("linkage.transition",), "allow", "answers_for_dataset"),
    Rule(("linkage.decide", "policy.approve"), "allow", "holds_role", "director"),
    # The business glossary (step 1's definitions): the committee approves each term.
    Rule(("glossary.approve",), "allow", "holds_role", "committee"),
    # Policies and reports.
    Rule(("policy.communicate",), "allow", "holds_role", "secretary"),
    Rule(("policy.assess",), "allow", "member_of_unit"),
    # สงพท.-11 steps 1–6: the secretary publishes the structure and records resolutions and practices (members of
    # the committee may too); only the Director appoints the committee and approves the lists; a unit's head or a
    # steward working there acknowledges a policy for the unit.
    Rule(("governance.structure", "committee.resolve", "policy.practice"), "allow", "holds_role", "secretary"),
    Rule(("committee.resolve", "policy.practice"), "allow", "holds_role", "committee"),
    Rule(("committee.appoint", "lists.approve"), "allow", "holds_role", "director"),
    Rule(("policy.acknowledge",), "allow", "heads_unit"),
    Rule(("policy.acknowledge",), "allow", "steward_in_unit"),
    Rule(("report.director_ack",), "allow", "holds_role", "director"),  # the memos' ผอก. block: the Director only
    # สงพท.-04: the สงพท. section (its head, the DT analysts) sends the circular; each office's head or a steward
    # working there records its reply.
    Rule(("accounts.circular",), "allow", "holds_role", "dt_analyst"),
    Rule(("accounts.circular",), "allow", "heads_unit", "DTD"),
    Rule(("accounts.review_reply",), "allow", "heads_unit"),
    Rule(("accounts.review_reply",), "allow", "steward_in_unit"),
    # Accounts, the audit log, personal data.
    Rule(("users.manage",), "allow", "holds_role", "admin"),
    Rule(("audit.read",), "allow", "holds_role", "auditor"),
    Rule(("audit.read",), "allow", "holds_role", "admin"),
    Rule(("pii.unmasked",), "allow", "answers_for_dataset"),
    # Deny wins.
    Rule(("*",), "deny", "holds_role", "auditor", "auditors read everything and change nothing", writes_only=True),
    Rule(("*",), "deny", "not_active_person", why="is not an active person of organisation.yaml"),
]


def dataset_people(catalog: Catalog, dataset: str | None) -> set[str]:
    """The active steward and owners of a dataset."""
    ds = catalog.datasets.get(dataset) if dataset else None
    if ds is None:
        return set()
    out = set()
    for role in OWNER_ROLES:
        person = catalog.person(getattr(ds, role))
        if person is not None and person.active:
            out.add(person.id)
    return out


# Four eyes: for an action, the people who did the other half (they may not do this one).
SEPARATED_DUTIES: Registry[str, Callable[[Subject], set[str]]] = Registry("separated duty")


@SEPARATED_DUTIES.register("issue.close")
def issue_fixers(s: Subject) -> set[str]:
    """Who fixed the issue in its current occurrence: recorded its RCA, did its actions, resolved it by hand."""
    issue = s.issue
    if issue is None:
        return set()
    cycle = getattr(issue, "cycle", None)
    fixed = {"rca_recorded", "rca_revised", "action_done"}
    out = set()
    for e in getattr(issue, "events", None) or []:
        if (e.data or {}).get("cycle") != cycle:
            continue
        if e.type in fixed or (e.type == "resolved" and e.actor != SYSTEM_PERSON):
            out.add(e.actor)
    return out


@SEPARATED_DUTIES.register("linkage.decide")
def linkage_analysts(s: Subject) -> set[str]:
    """Who recorded an analysis of the linkage (its `analysed_by`: person ids)."""
    return set(getattr(s.linkage, "analysed_by", None) or ())


def _datasets_of(dataset: str | None, issue: Any, linkage: Any) -> tuple[str, ...]:
    names: list[str] = []
    for value in (dataset, getattr(issue, "dataset", None), getattr(linkage, "dataset", None)):
        if value:
            names.append(value)
    names += list(getattr(linkage, "datasets", None) or ())
    return tuple(dict.fromkeys(names))


def subject_for(catalog: Catalog, actor: Actor, action: str, *, dataset: str | None = None, unit: str | None = None,
                issue: Any = None, linkage: Any = None) -> Subject:
    """The actor and object as the rules see them; recording on behalf is checked here."""
    act = ACTIONS[action]
    if actor.on_behalf_of:
        if "admin" not in actor.roles:
            raise PermissionDenied(f"{actor.username}: only an administrator records on behalf of someone "
                                   "(ไม่มีสิทธิ์บันทึกแทนผู้อื่น)")
        if not (actor.reason or "").strip():
            raise PermissionDenied("--reason: say why you record on behalf of someone (ระบุเหตุผล)")
        person, roles = actor.on_behalf_of, declared_roles(catalog, actor.on_behalf_of)
    else:
        person, roles = actor.person, actor.roles | declared_roles(catalog, actor.person)
    return Subject(catalog=catalog, actor=actor, person=person, roles=frozenset(roles), action=act, dataset=dataset,
                   datasets=_datasets_of(dataset, issue, linkage), unit=unit or getattr(issue, "unit", None),
                   issue=issue, linkage=linkage)


def decide(subject: Subject, rules: Iterable[Rule] | None = None) -> tuple[bool, str]:
    """(allowed, why not): a denying rule that holds wins; else any allowing rule that holds allows."""
    covering = [r for r in (RULES if rules is None else rules) if r.covers(subject.action)]
    for rule in covering:
        if rule.effect == "deny" and rule.holds(subject):
            return False, rule.why or "is not allowed to"
    if any(rule.effect == "allow" and rule.holds(subject) for rule in covering):
        return True, ""
    return False, _who_may(covering)


def _who_may(rules: list[Rule]) -> str:
    """A sentence naming who may do it, from the allowing rules."""
    from khlang.identity.roles import ROLES

    names = []
    for r in rules:
        if r.effect != "allow":
            continue
        if r.condition == "holds_role" and r.argument is not None and r.argument in ROLES:
            names.append(ROLES[r.argument].label_en.lower())
        elif r.condition == "answers_for_dataset":
            names.append("the dataset's steward or owners")
        elif r.condition == "member_of_unit":
            names.append("people of the unit")
        elif r.condition == "assigned":
            names.append("its assignees")
        elif r.condition == "heads_unit":
            names.append(f"the head of {r.argument}" if r.argument else "the unit's head")
        elif r.condition == "steward_in_unit":
            names.append("a data steward of the unit")
    return "only " + ", ".join(dict.fromkeys(names)) + " may" if names else "nobody may"


def authorize(catalog: Catalog, actor: Actor, action: str, *, dataset: str | None = None, unit: str | None = None,
              issue: Any = None, linkage: Any = None) -> None:
    """Refuse (PermissionDenied, FourEyes) unless the rules let this actor do `action` on this object."""
    subject = subject_for(catalog, actor, action, dataset=dataset, unit=unit, issue=issue, linkage=linkage)
    ok, why = decide(subject)
    act = subject.action
    if not ok:
        raise PermissionDenied(f"ไม่มีสิทธิ์{act.label_th} — {subject.person} ({actor.username}) may not "
                               f"{act.label_en}{_object_text(subject)}: {why}")
    if action in SEPARATED_DUTIES and subject.person in SEPARATED_DUTIES[action](subject):
        raise FourEyes(f"หลักสี่ตา (four eyes): {subject.person} did the other half of this work{_object_text(subject)} "
                       f"and may not also {act.label_en}; another person must")


def allowed(catalog: Catalog, actor: Actor, action: str, *, dataset: str | None = None, unit: str | None = None,
            issue: Any = None, linkage: Any = None) -> bool:
    """True when `authorize` would let it through."""
    try:
        authorize(catalog, actor, action, dataset=dataset, unit=unit, issue=issue, linkage=linkage)
    except PermissionDenied:
        return False
    return True


def may_see_pii(catalog: Catalog, actor: Actor, dataset: str) -> bool:
    """Personal data unmasked: only the dataset's steward and owners (not admins, auditors or the Director)."""
    return allowed(catalog, actor, "pii.unmasked", dataset=dataset)


def _object_text(s: Subject) -> str:
    if s.issue is not None and getattr(s.issue, "id", None) is not None:
        return f" on issue #{s.issue.id}"
    if s.linkage is not None:
        return f" on linkage {getattr(s.linkage, 'id', '')}".rstrip()
    if s.datasets:
        return f" on dataset {', '.join(s.datasets)}"
    if s.unit:
        return f" for unit {s.unit}"
    return ""


def add_rules(rules: Iterable[Rule]) -> None:
    """Let a feature module add its rules to the one table (conditions must be registered first).

    The table is ordered, not named, but it is a registry like the others: the same rule twice is an error.
    """
    for rule in rules:
        CONDITIONS[rule.condition]  # an unknown condition is refused here, not at first use
        if rule in RULES:
            raise DuplicateEntry(f"permission rule {rule!r} is already registered")
        RULES.append(rule)


__all__ = ["ACTIONS", "CONDITIONS", "RULES", "SEPARATED_DUTIES", "Action", "FourEyes", "PermissionDenied", "Rule",
           "Subject", "add_rules", "allowed", "authorize", "dataset_people", "decide", "may_see_pii"]
