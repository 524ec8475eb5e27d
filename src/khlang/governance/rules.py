"""Automatic policy checks: one class per `check:` name of catalog/policies.yaml, registered here.

Each check type evaluates one rule over what Khlang already measured (declarations, the latest
catalogue snapshot, check results and scores, issues, self-assessments, the usage log) and returns one
outcome per subject: compliant, partial, non_compliant, or not_assessed when there is no evidence.
A type whose failures are not already issues from another source names the issue category they open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import Field, model_validator

from khlang.dates import format_both
from khlang.declarations import Catalog
from khlang.declarations.models import Kind, Name, Strict, add_period
from khlang.governance.people import dataset_unit
from khlang.registry import Registry

if TYPE_CHECKING:
    from khlang.governance.policies import PolicySet, Rule
    from khlang.governance.views import IssueView
    from khlang.quality.results import CheckResult

STATUSES = ("compliant", "partial", "non_compliant", "not_assessed")
SCORE = {"compliant": 1.0, "partial": 0.5, "non_compliant": 0.0}
Dimension = Literal["overall", "completeness", "validity", "uniqueness", "consistency", "timeliness", "accuracy",
                    "security"]


@dataclass(frozen=True)
class Outcome:
    """A rule's verdict on one subject (a dataset, a unit, an issue, a pair of datasets)."""

    subject: str
    status: str
    detail: str
    dataset: str | None = None
    unit: str | None = None


@dataclass
class Context:
    """Everything a rule may look at, gathered once per evaluation."""

    catalog: Catalog
    policies: PolicySet
    as_of: dt.date
    snapshot: dict | None = None
    results: list[CheckResult] = field(default_factory=list)
    scores: dict[str, dict[str, dict]] = field(default_factory=dict)
    issues: list[IssueView] = field(default_factory=list)
    assessments: dict[tuple[str, str], dict] = field(default_factory=dict)
    # The practices (แนวปฏิบัติ, step 6) set under each policy: policy id → [practice dict of governance.steps]
    practices: dict[str, list[dict]] = field(default_factory=dict)
    # Step 5 on record: policy id → its units' acknowledgements (governance.steps.acknowledgement_measure)
    acknowledgements: dict[str, dict] = field(default_factory=dict)

    def practices_of(self, policy_id: str, unit: str) -> list[dict]:
        """The practices of a policy that apply to a unit (those naming no unit apply to every unit)."""
        return [p for p in self.practices.get(policy_id, []) if not p["units"] or unit in p["units"]]

    def living(self, kinds: Sequence[str] | None = None) -> list:
        """Declared datasets not yet destroyed (of the given kinds)."""
        return [d for d in self.catalog.by_kind()
                if d.lifecycle.stage != "destroyed" and (not kinds or d.kind in kinds)]

    def unit(self, dataset: str | None) -> str | None:
        return dataset_unit(self.catalog, dataset)


class NoParams(Strict):
    """A check type without settings."""


class RuleType:
    """One kind of automatic check. Subclasses register with @rule_type."""

    name: ClassVar[str]
    Params: ClassVar[type[Strict]] = NoParams
    category: ClassVar[str | None] = None  # issue category its failures open; None: they are issues already
    method: ClassVar[str] = "automatic"

    @classmethod
    def problems(cls, params: Strict, catalog: Catalog) -> Iterator[tuple[tuple, str]]:
        """Cross-references of the settings that do not resolve (location inside params, message)."""
        return iter(())

    def evaluate(self, ctx: Context, rule: Rule) -> list[Outcome]:
        raise NotImplementedError


RULE_TYPES: Registry[str, type[RuleType]] = Registry("policy check")


def rule_type(name: str) -> Callable[[type[RuleType]], type[RuleType]]:
    """Register a check type under the `check:` name stewards write in policies.yaml."""
    def register(cls: type[RuleType]) -> type[RuleType]:
        cls.name = name
        RULE_TYPES.add(name, cls)
        return cls
    return register


def evaluate(ctx: Context, rule: Rule) -> list[Outcome]:
    """The outcomes of one declared rule."""
    return RULE_TYPES[rule.check]().evaluate(ctx, rule)


def _datasets_exist(catalog: Catalog, names: list[str], where: str) -> Iterator[tuple[tuple, str]]:
    for i, name in enumerate(names):
        if name not in catalog.datasets:
            yield (where, i), f"unknown dataset {name!r}"


class KindsParams(Strict):
    """Limit a rule to datasets of some kinds (all kinds when empty)."""

    kinds: list[Kind] = []


@rule_type("every_dataset_has_owners")
class EveryDatasetHasOwners(RuleType):
    """Step 7: a business owner and a digital owner, both still with the organisation (gaps open the issues)."""

    Params = KindsParams

    def evaluate(self, ctx: Context, rule: Rule) -> list[Outcome]:
        out = []
        for ds in ctx.living(rule.params.kinds):  # type: ignore[attr-defined]
            missing = []
            for role in ("business_owner", "digital_owner"):
                person = ctx.catalog.person(getattr(ds, role))
                if person is None:
                    missing.append(f"no {role}")
                elif not person.active or (person.left_on and person.left_on <= ctx.as_of):
                    missing.append(f"{role} {person.id} has left")
            status = "compliant" if not missing else ("partial" if len(missing) == 1 else "non_compliant")
            out.append(Outcome(ds.name, status, "; ".join(missing) or "both owners declared", ds.name,
                               ctx.unit(ds.name)))
        return out


@rule_type("pii_never_public")
class PiiNeverPublic(RuleType):
    """PDPA: a public dataset holds no personal data, declared or detected (the pii_in_public gap is the issue)."""

    def evaluate(self, ctx: Context, rule: Rule) -> list[Outcome]:
        out = []
        found = (ctx.snapshot or {}).get("datasets", {})
        for ds in ctx.living():
            if ds.classification != "public":
                continue
            declared = sorted({c.pii for c in ds.columns if c.pii} | set(ds.personal_data.categories))
            detected = sorted({c["name"] for c in found.get(ds.name, {}).get("columns", []) if c.get("pii")})
            bad = []
            if declared or ds.personal_data.contains_pii:
                bad.append("declared personal data: " + (", ".join(declared) or "contains_pii"))
            if detected:
                bad.append("personal data detected in columns: " + ", ".join(detected))
            out.append(Outcome(ds.name, "non_compliant" if bad else "compliant",
                               "; ".join(bad) or "no personal data", ds.name, ctx.unit(ds.name)))
        return out


class ScoreParams(Strict):
    kinds: list[Kind] = []
    datasets: list[Name] = []
    dimension: Dimension = "overall"
    threshold: float = Field(ge=0, le=100)


@rule_type("min_quality_score")
class MinQualityScore(RuleType):
    """A dataset's latest quality score on a dimension is at least the threshold."""

    Params = ScoreParams
    category = None  # a score below target is its failing checks, each of which is an issue already

    @classmethod
    def problems(cls, params: Strict, catalog: Catalog) -> Iterator[tuple[tuple, str]]:
        return _datasets_exist(catalog, params.datasets, "datasets")  # type: ignore[attr-defined]

    def evaluate(self, ctx: Context, rule: Rule) -> list[Outcome]:
        p = rule.params
        assert isinstance(p, ScoreParams)
        out = []
        for ds in ctx.living(p.kinds):
            if p.datasets and ds.name not in p.datasets:
                continue
            cell = ctx.scores.get(ds.name, {}).get(p.dimension)
            if not cell or cell.get("score") is None:
                out.append(Outcome(ds.name, "not_assessed", f"no {p.dimension} score yet", ds.name,
                                   ctx.unit(ds.name)))
                continue
            score = cell["score"]
            ok = score >= p.threshold
            out.append(Outcome(ds.name, "compliant" if ok else "non_compliant",
                               f"{p.dimension} score {score:.2f}% {'≥' if ok else '<'} {p.threshold:g}%",
                               ds.name, ctx.unit(ds.name)))
        return out


@rule_type("issues_rca_on_time")
class IssuesRcaOnTime(RuleType):
    """Step 11: every issue whose analysis is due has a root cause recorded by its due date."""

    def evaluate(self, ctx: Context, rule: Rule) -> list[Outcome]:
        out = []
        for issue in ctx.issues:
            if issue.rca_on is None and (issue.rca_due >= ctx.as_of
                                         or (issue.resolved_on is not None and issue.resolved_on <= issue.rca_due)):
                continue  # not due yet, or the problem went away before its analysis was due
            on_time = issue.rca_on is not None and issue.rca_on <= issue.rca_due
            detail = (f"RCA recorded {format_both(issue.rca_on)} (due {format_both(issue.rca_due)})"
                      if issue.rca_on else f"no RCA; due {format_both(issue.rca_due)}")
            out.append(Outcome(f"issue:{issue.id}", "compliant" if on_time else "non_compliant", detail,
                               issue.dataset, issue.unit))
        return out


class SelfAssessmentParams(Strict):
    """The units that assess themselves, and how long an assessment stays valid (default: the review cycle)."""

    units: list[str] = Field(min_length=1)
    valid_for: str | None = None

    @model_validator(mode="after")
    def _valid(self) -> SelfAssessmentParams:
        import re

        if self.valid_for is not None and not re.match(r"^\d+\s*[ymd]$", self.valid_for.strip()):
            raise ValueError("valid_for is a period like '1y' or '6m'")
        if len(set(self.units)) != len(self.units):
            raise ValueError("a unit is listed twice")
        return self


@rule_type("self_assessment")
class SelfAssessment(RuleType):
    """A rule no machine can check: each unit's latest recorded self-assessment, while still valid."""

    Params = SelfAssessmentParams
    category = "non_conformance"
    method = "self_assessment"

    @classmethod
    def problems(cls, params: Strict, catalog: Catalog) -> Iterator[tuple[tuple, str]]:
        for i, unit in enumerate(params.units):  # type: ignore[attr-defined]
            if catalog.units and unit not in catalog.units:
                yield ("units", i), f"unknown unit {unit!r}"

    def evaluate(self, ctx: Context, rule: Rule) -> list[Outcome]:
        policy = ctx.policies.policy(rule.policy_id)
        valid_for = rule.params.valid_for or (policy.entry.review_every if policy else "1y")  # type: ignore[attr-defined]
        out = []
        for unit in rule.params.units:  # type: ignore[attr-defined]
            a = ctx.assessments.get((rule.id, unit))
            due = [p for p in ctx.practices_of(rule.policy_id, unit)
                   if dt.date.fromisoformat(p["due_on"]) <= ctx.as_of]
            stale = [p for p in due if a is not None and a["assessed_on"] < dt.date.fromisoformat(p["due_on"])]
            if a is not None and stale:
                codes = ", ".join(f"{p['code']} (due {p['due_on']})" for p in stale)
                out.append(Outcome(f"unit:{unit}", "not_assessed",
                                   f"last assessed {a['assessed_on']}, before the practices fell due: {codes}",
                                   None, unit))
                continue
            if a is None:
                out.append(Outcome(f"unit:{unit}", "not_assessed", "no self-assessment recorded", None, unit))
                continue
            expires = add_period(a["assessed_on"], valid_for)
            if a["assessed_on"] > ctx.as_of:
                out.append(Outcome(f"unit:{unit}", "not_assessed", "assessment dated after the evaluation date",
                                   None, unit))
            elif expires < ctx.as_of:
                out.append(Outcome(f"unit:{unit}", "not_assessed",
                                   f"last assessed {a['assessed_on']} (expired {expires})", None, unit))
            else:
                out.append(Outcome(f"unit:{unit}", a["result"],
                                   f"assessed {a['assessed_on']} by {a['assessed_by']}: {a['evidence']}", None, unit))
        return out


# The cost-effectiveness rules live in their own module; importing it registers them here.
from khlang.governance import cost_rules  # noqa: E402,F401
