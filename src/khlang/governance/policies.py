"""Data policies (นโยบายข้อมูล) as the committee declares them in catalog/policies.yaml (steps 3–6, 8).

Each policy records its approval by the Director (step 4), its communication (step 5) and its review
cycle; each rule names an automatic check type of khlang.governance.rules or `self_assessment`.
catalog/usage.yaml (optional) records how often each dataset is read, for the cost rules.
Every error is reported as file:line: field: message and nothing runs on a bad file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, field_validator

from khlang.declarations import Catalog, Collector
from khlang.declarations.models import Date, Name, Strict, add_period
from khlang.declarations.yamlsource import LocatedDocument

POLICIES_FILE = "policies.yaml"
USAGE_FILE = "usage.yaml"
_PERIOD = re.compile(r"^\d+\s*[ymd]$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")

Severity = Literal["low", "medium", "high", "critical"]


def _period(value: str) -> str:
    if not isinstance(value, str) or not _PERIOD.match(value.strip()):
        raise ValueError("a period like '1y', '6m' or '90d'")
    return value.strip()


Period = Annotated[str, BeforeValidator(_period)]


class RuleEntry(Strict):
    """One rule of a policy: what it requires and how it is checked."""

    id: Name
    title_th: str = Field(min_length=1)
    title_en: str | None = None
    check: str
    severity: Severity = "medium"
    params: dict = {}


class PolicyEntry(Strict):
    """One policy: who owns it, when the Director approved it and when it was communicated."""

    id: Name
    title_th: str = Field(min_length=1)
    title_en: str | None = None
    statement_th: str | None = None
    statement_en: str | None = None
    owner_unit: str
    document: str | None = None
    approved_on: Date | None = None
    approved_by: str | None = None
    communicated_on: Date | None = None
    reviewed_on: Date | None = None
    review_every: Period = "1y"
    rules: list[dict] = Field(min_length=1)


class MeasureEntry(Strict):
    """An outcome or in-process measure of compliance (step 8) with its target."""

    id: Name
    kind: Literal["outcome", "in_process"]
    title_th: str = Field(min_length=1)
    title_en: str | None = None
    measure: str
    target: float | None = None


class UsageEntry(Strict):
    """How often one dataset was read in one month, summarised from an access log."""

    dataset: Name
    month: str
    reads: int = Field(ge=0)
    readers: int | None = Field(None, ge=0)
    source: str | None = None

    @field_validator("month", mode="before")
    @classmethod
    def _month(cls, value: object) -> str:
        m = _MONTH.match(str(value).strip())
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise ValueError("a month like 2026-10 or 2569-10 (B.E.)")
        year = int(m.group(1))
        year = year - 543 if year >= 2400 else year
        return f"{year:04d}-{int(m.group(2)):02d}"


@dataclass(frozen=True)
class Rule:
    """A validated rule with its policy and its check type's parameters."""

    id: str
    policy_id: str
    title_th: str
    title_en: str | None
    check: str
    severity: str
    params: Strict
    line: int | None = None


@dataclass(frozen=True)
class Approval:
    """One approval of a policy by the Director: declared in the YAML (history) or recorded in the store."""

    on: dt.date
    by: str | None
    source: str  # "register" (policies.yaml approved_on) | "store"
    note: str | None = None
    evidence_id: str | None = None


@dataclass(frozen=True)
class Communication:
    """One communication of a policy (step 5): declared in the YAML (a date only) or recorded in the store."""

    on: dt.date
    source: str
    channel: str | None = None  # circular | intranet | email | meeting
    audience: str | None = None  # internal | external
    by: str | None = None
    evidence_id: str | None = None


@dataclass(frozen=True)
class Policy:
    """A validated policy, its rules, and its approvals and communications (the YAML's and the store's)."""

    entry: PolicyEntry
    rules: tuple[Rule, ...]
    recorded_approvals: tuple[Approval, ...] = ()
    recorded_communications: tuple[Communication, ...] = ()

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def approvals(self) -> list[Approval]:
        """Every approval, oldest first: the store's records, and the YAML's approved_on (the declared plan, kept
        as history) unless the Director's record of that same day is in the store."""
        recorded = {a.on for a in self.recorded_approvals}
        declared = [Approval(self.entry.approved_on, self.entry.approved_by, "register")] \
            if self.entry.approved_on and self.entry.approved_on not in recorded else []
        return sorted([*declared, *self.recorded_approvals], key=lambda a: a.on)

    @property
    def communications(self) -> list[Communication]:
        """Every communication, oldest first."""
        declared = [Communication(self.entry.communicated_on, "register")] if self.entry.communicated_on else []
        return sorted([*declared, *self.recorded_communications], key=lambda c: c.on)

    @property
    def approved_on(self) -> dt.date | None:
        """When the policy first came into force (its first approval)."""
        approvals = self.approvals
        return approvals[0].on if approvals else None

    @property
    def communicated_on(self) -> dt.date | None:
        """The first communication on or after the first approval."""
        first = self.approved_on
        days = [c.on for c in self.communications if first is not None and c.on >= first]
        return days[0] if days else None

    @property
    def recorded_approval(self) -> Approval | None:
        """The Director's first approval on record in the store (what the console and reports show as the
        approval); None while only policies.yaml declares one."""
        return min(self.recorded_approvals, key=lambda a: a.on) if self.recorded_approvals else None

    def in_force(self, as_of: dt.date) -> bool:
        """Approved by the Director on or before `as_of` (step 4); drafts are shown, never evaluated."""
        return any(a.on <= as_of for a in self.approvals)

    def review_due(self) -> dt.date | None:
        """When the policy must next be reviewed (from its last review or re-approval, else its approval)."""
        approvals = self.approvals
        bases = [d for d in (self.entry.reviewed_on, approvals[-1].on if approvals else None) if d]
        return add_period(max(bases), self.entry.review_every) if bases else None


@dataclass(frozen=True)
class Measure:
    """A validated measure: its declaration and whether higher or lower values are better."""

    entry: MeasureEntry
    direction: str


@dataclass
class PolicySet:
    """Everything catalog/policies.yaml and catalog/usage.yaml declare."""

    policies: list[Policy] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    usage: list[UsageEntry] = field(default_factory=list)
    path: Path | None = None

    def __len__(self) -> int:
        """How many rules are declared (what `catalog validate` counts)."""
        return sum(len(p.rules) for p in self.policies)

    @property
    def rules(self) -> dict[str, Rule]:
        """Every rule by id (ids are unique across policies)."""
        return {r.id: r for p in self.policies for r in p.rules}

    def rules_in_force(self, as_of: dt.date) -> list[Rule]:
        """The rules of the policies in force on `as_of`."""
        return [r for p in self.policies if p.in_force(as_of) for r in p.rules]

    def policy(self, policy_id: str) -> Policy | None:
        return next((p for p in self.policies if p.id == policy_id), None)


def load_policies(catalog: Catalog, path: Path | None = None, usage_path: Path | None = None) -> PolicySet:
    """Load and validate the policies (and the usage log); no policies file means no policies."""
    from khlang.governance.measures import MEASURES
    from khlang.governance.rules import RULE_TYPES

    directory = Path(catalog.directory) if catalog.directory else None
    if path is None and directory is None:
        raise ValueError("the catalogue was not loaded from a folder: pass the policies file")
    path = path or directory / POLICIES_FILE  # type: ignore[operator]
    usage_path = usage_path or (path.parent / USAGE_FILE)
    out = PolicySet(path=path if path.exists() else None)
    col = Collector()
    if path.exists():
        doc = col.document(path)
        if doc is not None and _only_keys(col, doc, {"policies", "measures"}):
            _policies(col, doc, catalog, RULE_TYPES, out)
            for entry, loc in col.items(doc, "measures", MeasureEntry, required=False):
                spec = MEASURES.get(entry.measure)
                if spec is None:
                    col.add(doc, (*loc, "measure"),
                            f"unknown measure {entry.measure!r} (known: {', '.join(sorted(MEASURES))})")
                elif spec.kind != entry.kind:
                    col.add(doc, (*loc, "kind"), f"{entry.measure} is an {spec.kind.replace('_', '-')} measure")
                elif any(m.entry.id == entry.id for m in out.measures):
                    col.add(doc, (*loc, "id"), f"duplicate measure id {entry.id!r}")
                else:
                    out.measures.append(Measure(entry, spec.direction))
    if usage_path.exists():
        udoc = col.document(usage_path)
        if udoc is not None and _only_keys(col, udoc, {"usage"}):
            seen: set[tuple[str, str]] = set()
            for use, loc in col.items(udoc, "usage", UsageEntry):
                if use.dataset not in catalog.datasets:
                    col.add(udoc, (*loc, "dataset"), f"unknown dataset {use.dataset!r}")
                elif (use.dataset, use.month) in seen:
                    col.add(udoc, (*loc, "month"), f"{use.dataset} {use.month} is listed twice")
                else:
                    seen.add((use.dataset, use.month))
                    out.usage.append(use)
    col.raise_if_any()
    return out


def _policies(col: Collector, doc: LocatedDocument, catalog: Catalog, types: Mapping, out: PolicySet) -> None:
    rule_lines: dict[str, int | None] = {}
    for entry, loc in col.items(doc, "policies", PolicyEntry):
        if any(p.id == entry.id for p in out.policies):
            col.add(doc, (*loc, "id"), f"duplicate policy id {entry.id!r}")
            continue
        if catalog.units and entry.owner_unit not in catalog.units:
            col.add(doc, (*loc, "owner_unit"), f"unknown unit {entry.owner_unit!r} (units: {', '.join(catalog.units)})")
        if entry.communicated_on and not entry.approved_on:
            col.add(doc, (*loc, "communicated_on"),
                    "communicated before the Director approved it (approved_on missing)")
        elif entry.communicated_on and entry.approved_on and entry.communicated_on < entry.approved_on:
            col.add(doc, (*loc, "communicated_on"), "is before approved_on")
        if entry.reviewed_on and entry.approved_on and entry.reviewed_on < entry.approved_on:
            col.add(doc, (*loc, "reviewed_on"), "is before approved_on")
        rules = []
        for i, raw in enumerate(entry.rules):
            rloc = (*loc, "rules", i)
            rule = col.one(doc, rloc, raw, RuleEntry)
            if rule is None:
                continue
            if rule.id in rule_lines:
                col.add(doc, (*rloc, "id"), f"duplicate rule id {rule.id!r} (first at line {rule_lines[rule.id]})")
                continue
            rule_lines[rule.id] = doc.line_of((*rloc, "id"))
            kind = types.get(rule.check)
            if kind is None:
                col.add(doc, (*rloc, "check"), f"unknown check {rule.check!r} (known: {', '.join(sorted(types))})")
                continue
            params = col.one(doc, (*rloc, "params"), rule.params, kind.Params)
            if params is None:
                continue
            for rel, message in kind.problems(params, catalog):
                col.add(doc, (*rloc, "params", *rel), message)
            rules.append(Rule(rule.id, entry.id, rule.title_th, rule.title_en, rule.check, rule.severity, params,
                              doc.line_of(rloc)))
        out.policies.append(Policy(entry, tuple(rules)))


def _only_keys(col: Collector, doc: LocatedDocument, allowed: set[str]) -> bool:
    """Unknown top-level keys are errors; False when the file is not a mapping at all."""
    if not isinstance(doc.data, dict):
        col.add(doc, (), "expected a mapping at the top of the file")
        return False
    for key in doc.data:
        if key not in allowed:
            col.add(doc, (key,), f"unknown top-level key (expected: {', '.join(sorted(allowed))})")
    return True


__all__ = ["Approval", "Communication", "Measure", "Policy", "PolicySet", "Rule", "UsageEntry", "load_policies"]
