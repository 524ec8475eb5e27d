"""Outcome and in-process measures of compliance (step 8), one function each, registered by name.

An outcome measure says where the organisation stands (how many datasets comply, the quality of
master data); an in-process measure says whether the governance process itself runs on time (root
causes analysed within the control points, actions done by their dates, self-assessments current).
Each returns (numerator, denominator) for a percentage, or (value, None) for a count or a score;
(None, None) when there is nothing to measure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from khlang.governance.vocabulary import SEVERITY_RANK
from khlang.registry import Registry

if TYPE_CHECKING:
    from khlang.governance.rules import Context, Outcome

Fraction = tuple[float | None, float | None]


@dataclass(frozen=True)
class MeasureSpec:
    """How a measure is computed, whether it is an outcome or in-process measure, and which way is better."""

    name: str
    kind: str  # outcome | in_process
    direction: str  # higher | lower
    percent: bool
    compute: Callable[[Context, list[tuple[str, Outcome]]], Fraction]


MEASURES: Registry[str, MeasureSpec] = Registry("compliance measure")


def measure(name: str, kind: str, direction: str = "higher", percent: bool = True) -> Callable:
    """Register a measure under the name policies.yaml uses in `measure:`."""
    def register(fn: Callable) -> Callable:
        MEASURES.add(name, MeasureSpec(name, kind, direction, percent, fn))
        return fn
    return register


def value_of(spec: MeasureSpec, fraction: Fraction) -> float | None:
    """The measure's value: a percentage of numerator over denominator, or the number itself."""
    num, den = fraction
    if not spec.percent:
        return num
    if num is None or not den:
        return None
    return round(100.0 * num / den, 2)


# ---------------------------------------------------------------- outcome measures
@measure("datasets_compliant_percent", "outcome")
def _datasets_compliant(ctx: Context, outcomes: list[tuple[str, Outcome]]) -> Fraction:
    """Share of living datasets with no partial or non-compliant automatic outcome."""
    living = {d.name for d in ctx.living()}
    failing = {o.dataset for _rule, o in outcomes if o.dataset in living and o.status in ("partial", "non_compliant")}
    return (len(living - failing), len(living)) if living else (None, None)


@measure("policy_compliance_percent", "outcome")
def _policy_compliance(ctx: Context, outcomes: list[tuple[str, Outcome]]) -> Fraction:
    """Assessed outcomes, compliant counting 1 and partial ½."""
    from khlang.governance.rules import SCORE

    scored = [SCORE[o.status] for _rule, o in outcomes if o.status in SCORE]
    return (sum(scored), len(scored)) if scored else (None, None)


@measure("master_quality_score", "outcome")
def _master_quality(ctx: Context, outcomes: list[tuple[str, Outcome]]) -> Fraction:
    """Weighted share of passed checks over every master dataset (the goal is ≥ 95%)."""
    masters = {d.name for d in ctx.living(["master"])}
    cells = [dims["overall"] for ds, dims in ctx.scores.items() if ds in masters and "overall" in dims]
    total = sum(c["total_weight"] for c in cells)
    return (sum(c["passed_weight"] for c in cells), total) if total else (None, None)


@measure("open_high_severity_issues", "outcome", direction="lower", percent=False)
def _open_high(ctx: Context, outcomes: list[tuple[str, Outcome]]) -> Fraction:
    """Unresolved issues of high or critical severity."""
    from khlang.governance.vocabulary import UNRESOLVED

    return (float(sum(1 for i in ctx.issues if i.status in UNRESOLVED
                      and SEVERITY_RANK.get(i.severity, 0) >= SEVERITY_RANK["high"])), None)


# ---------------------------------------------------------------- in-process measures
@measure("issues_collected_on_time_percent", "in_process")
def _collected(ctx: Context, outcomes: list[tuple[str, Outcome]]) -> Fraction:
    """Step 10: issues taken up (an RCA started) within 15 days, among those whose deadline has come."""
    due = [i for i in ctx.issues if i.taken_up_on is not None or _still_due(i, i.collect_due, ctx.as_of)]
    ok = [i for i in due if i.taken_up_on is not None and i.taken_up_on <= i.collect_due]
    return (len(ok), len(due)) if due else (None, None)


@measure("issues_rca_on_time_percent", "in_process")
def _rca_on_time(ctx: Context, outcomes: list[tuple[str, Outcome]]) -> Fraction:
    """Step 11: root causes analysed by their due date, among issues whose analysis is due or done."""
    due = [i for i in ctx.issues if i.rca_on is not None or _still_due(i, i.rca_due, ctx.as_of)]
    ok = [i for i in due if i.rca_on is not None and i.rca_on <= i.rca_due]
    return (len(ok), len(due)) if due else (None, None)


def _still_due(issue, deadline: dt.date, as_of: dt.date) -> bool:  # noqa: ANN001
    """The deadline has passed and the problem had not gone away by then (a problem that resolved
    itself before its deadline needs no taking up)."""
    return deadline < as_of and (issue.resolved_on is None or issue.resolved_on > deadline)


@measure("actions_on_time_percent", "in_process")
def _actions_on_time(ctx: Context, outcomes: list[tuple[str, Outcome]]) -> Fraction:
    """Corrective and preventive actions done by their due date, among those due or done."""
    due = [a for i in ctx.issues for a in i.actions if a["due_on"] < ctx.as_of or a["done_on"] is not None]
    ok = [a for a in due if a["done_on"] is not None and a["done_on"] <= a["due_on"]]
    return (len(ok), len(due)) if due else (None, None)


@measure("self_assessments_current_percent", "in_process")
def _assessments_current(ctx: Context, outcomes: list[tuple[str, Outcome]]) -> Fraction:
    """Units whose self-assessment of each self-assessed rule is recorded and still valid."""
    rules = {r.id for r in ctx.policies.rules.values() if r.check == "self_assessment"}
    mine = [o for rule, o in outcomes if rule in rules]
    ok = [o for o in mine if o.status != "not_assessed"]
    return (len(ok), len(mine)) if mine else (None, None)


@measure("policies_communicated_on_time_percent", "in_process")
def _communicated(ctx: Context, outcomes: list[tuple[str, Outcome]]) -> Fraction:
    """Step 5: approved policies communicated within 5 days of the Director's approval — and, once the cycle's
    records are kept (an appointment order on record), acknowledged by every unit within 5 days of the first
    communication: then the measure is the share of units' acknowledgements on time, not one date per policy."""
    approved = [p for p in ctx.policies.policies if p.in_force(ctx.as_of)]
    if ctx.acknowledgements and approved:
        counted = [ctx.acknowledgements.get(p.id) for p in approved]
        units = max((m["units"] for m in counted if m), default=0)
        on_time = sum(m["on_time"] for m in counted if m)
        return (on_time, units * len(approved)) if units else (None, None)
    ok = [p for p in approved if p.communicated_on and p.communicated_on <= ctx.as_of
          and p.communicated_on <= p.approved_on + dt.timedelta(days=5)]  # type: ignore[operator]
    return (len(ok), len(approved)) if approved else (None, None)


@measure("policies_reviewed_on_time_percent", "in_process")
def _reviewed(ctx: Context, outcomes: list[tuple[str, Outcome]]) -> Fraction:
    """Step 8: approved policies not past their review date."""
    approved = [p for p in ctx.policies.policies if p.in_force(ctx.as_of)]
    ok = [p for p in approved if (p.review_due() or ctx.as_of) >= ctx.as_of]
    return (len(ok), len(approved)) if approved else (None, None)


@measure("access_reviews_done_percent", "in_process")
def _access_reviews(ctx: Context, outcomes: list[tuple[str, Outcome]]) -> Fraction:
    """สงพท.-04: access grants reviewed within the last year (catalog/access.yaml)."""
    from khlang.declarations.quality_decl import load_access_file

    register = load_access_file(ctx.catalog)
    grants = [g for g in register.grants if not ((end := g.ends_on()) and end < ctx.as_of)]
    if not grants:
        return (None, None)
    since = _year_before(ctx.as_of)
    ok = [g for g in grants if (last := g.reviewed_on or g.granted_on) is not None and last > since]
    return (len(ok), len(grants))


def _year_before(day: dt.date) -> dt.date:
    """The same day a year earlier (28 February for 29 February)."""
    if day.month == 2 and day.day == 29:
        return day.replace(year=day.year - 1, day=28)
    return day.replace(year=day.year - 1)
