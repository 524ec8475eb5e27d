"""Compliance with the data policies (step 8): every rule evaluated, rolled up per policy and per unit,
with outcome and in-process measures; each evaluation is kept (per run key) so history can be shown.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from khlang.dates import utcnow
from khlang.declarations import Catalog
from khlang.governance.evidence_refs import check_evidence, not_in_future
from khlang.governance.measures import MEASURES, value_of
from khlang.governance.people import GovernanceError, NotFound
from khlang.governance.policies import PolicySet
from khlang.governance.policy_records import AssessmentActor
from khlang.governance.records import Assessment, ComplianceMeasure, ComplianceResult, ComplianceRun
from khlang.governance.rules import RULE_TYPES, SCORE, Context, Outcome, evaluate
from khlang.identity import Actor, audit, authorize
from khlang.store import Store
from khlang.store.locks import run_lock

RESULTS = ("compliant", "partial", "non_compliant")


def latest_assessments(store: Store, as_of: dt.date | None = None) -> dict[tuple[str, str], dict]:
    """The newest self-assessment of each (rule, unit) made on or before as_of."""
    with store.reading() as session:
        q = select(Assessment).order_by(Assessment.assessed_on, Assessment.id)
        if as_of is not None:
            q = q.where(Assessment.assessed_on <= as_of)
        out = {}
        for a in session.scalars(q):
            out[(a.rule_id, a.unit)] = {"result": a.result, "evidence": a.evidence, "assessed_by": a.assessed_by,
                                        "assessed_on": a.assessed_on, "policy_id": a.policy_id}
        return out


def gather(catalog: Catalog, store: Store, policies: PolicySet, as_of: dt.date) -> Context:
    """Everything the rules and measures read, from the store as it is now."""
    from khlang.catalog.view import latest_snapshot
    from khlang.governance.views import issue_views
    from khlang.quality.records import latest_results
    from khlang.quality.scores import compute

    results = latest_results(store)
    from khlang.governance.steps import acknowledgement_measure, governance_state, practice_dict

    state = governance_state(store)
    practices = {pid: [practice_dict(p) for p in ps if p.set_on <= as_of] for pid, ps in state.practices.items()}
    acknowledgements = {}
    if state.orders:  # the cycle is on record: step 5 counts the units' acknowledgements
        for p in policies.policies:
            comms = [c for c in p.recorded_communications if c.on <= as_of]
            if comms:
                acknowledgements[p.id] = acknowledgement_measure(catalog, state, p.id, comms[0].on, as_of)
    return Context(catalog=catalog, policies=policies, as_of=as_of, snapshot=latest_snapshot(store),
                   results=results, scores=compute(results), issues=issue_views(store),
                   assessments=latest_assessments(store, as_of), practices=practices,
                   acknowledgements=acknowledgements)


def evaluate_all(ctx: Context) -> list[tuple[str, Outcome]]:
    """(rule id, outcome) of every declared rule."""
    return [(rule.id, o) for rule in ctx.policies.rules_in_force(ctx.as_of) for o in evaluate(ctx, rule)]


def rollup(outcomes: list[dict], key: str) -> dict[str, dict]:
    """Per policy / rule / unit: counts by status and the score (compliant 1, partial ½; unassessed left out)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for o in outcomes:
        groups[o.get(key) or "—"].append(o["status"])
    out = {}
    for name, statuses in sorted(groups.items()):
        scored = [SCORE[s] for s in statuses if s in SCORE]
        out[name] = {"score": round(100.0 * sum(scored) / len(scored), 2) if scored else None,
                     **{s: statuses.count(s) for s in ("compliant", "partial", "non_compliant", "not_assessed")}}
    return out


def overall(outcomes: list[dict]) -> dict:
    """The organisation's compliance over every outcome."""
    return rollup([{**o, "scope": "all"} for o in outcomes], "scope").get("all") or {
        "score": None, "compliant": 0, "partial": 0, "non_compliant": 0, "not_assessed": 0}


def check_compliance(catalog: Catalog, store: Store, policies: PolicySet, run_key: str, as_of: dt.date) -> dict:
    """Evaluate every rule and measure and keep them as this run's compliance (a re-run replaces it)."""
    ctx = gather(catalog, store, policies, as_of)
    pairs = evaluate_all(ctx)
    rules = policies.rules
    outcomes = [{"policy": rules[rid].policy_id, "rule": rid, "method": RULE_TYPES[rules[rid].check].method,
                 "subject": o.subject, "dataset": o.dataset, "unit": o.unit, "status": o.status, "detail": o.detail}
                for rid, o in pairs]
    measures: list[dict[str, Any]] = []
    for m in policies.measures:
        spec = MEASURES[m.entry.measure]
        num, den = spec.compute(ctx, pairs)
        value = value_of(spec, (num, den))
        met = None
        if value is not None and m.entry.target is not None:
            met = value >= m.entry.target if spec.direction == "higher" else value <= m.entry.target
        measures.append({"id": m.entry.id, "measure": m.entry.measure, "kind": m.entry.kind,
                         "title_th": m.entry.title_th, "title_en": m.entry.title_en, "value": value,
                         "numerator": num, "denominator": den, "target": m.entry.target,
                         "direction": spec.direction, "percent": spec.percent, "met": met})
    now = utcnow()
    with store.transaction() as session:
        run_lock(session, "compliance_run", run_key)
        session.execute(delete(ComplianceRun).where(ComplianceRun.run_key == run_key))
        session.flush()
        run = ComplianceRun(run_key=run_key, as_of=as_of, evaluated_at=now)
        for o in outcomes:
            run.results.append(ComplianceResult(policy_id=o["policy"], rule_id=o["rule"], method=o["method"],
                                                subject=o["subject"], dataset=o["dataset"], unit=o["unit"],
                                                status=o["status"], detail=o["detail"]))
        for row in measures:
            run.measures.append(ComplianceMeasure(measure_id=row["id"], kind=row["kind"], value=row["value"],
                                                  numerator=row["numerator"], denominator=row["denominator"],
                                                  target=row["target"], direction=row["direction"], met=row["met"]))
        session.add(run)
    return {"run_key": run_key, "as_of": as_of.isoformat(), "overall": overall(outcomes),
            "policies": rollup(outcomes, "policy"), "units": rollup(outcomes, "unit"),
            "rules": rollup(outcomes, "rule"), "measures": measures, "outcomes": outcomes}


def runs(store: Store, until: dt.date | None = None) -> list[dict]:
    """Every stored compliance run (oldest first) with its results and measures, for history."""
    with store.reading() as session:
        q = select(ComplianceRun).options(selectinload(ComplianceRun.results), selectinload(ComplianceRun.measures))
        if until is not None:
            q = q.where(ComplianceRun.as_of <= until)
        out = []
        for run in session.scalars(q.order_by(ComplianceRun.as_of, ComplianceRun.evaluated_at, ComplianceRun.id)):
            out.append({
                "run_key": run.run_key, "as_of": run.as_of, "evaluated_at": run.evaluated_at,
                "outcomes": [{"policy": r.policy_id, "rule": r.rule_id, "method": r.method, "subject": r.subject,
                              "dataset": r.dataset, "unit": r.unit, "status": r.status, "detail": r.detail}
                             for r in run.results],
                "measures": {m.measure_id: {"kind": m.kind, "value": m.value, "numerator": m.numerator,
                                            "denominator": m.denominator, "target": m.target,
                                            "direction": m.direction, "met": m.met} for m in run.measures},
            })
        return out


def practices_asked(store: Store, policy_id: str, unit: str, on: dt.date) -> list[dict]:
    """The practices (step 6) a unit's self-assessment of a policy's rule answers for: those set by `on` that apply
    to the unit (the console shows them as the assessment's questions)."""
    from khlang.governance.steps import governance_state, practice_dict

    return [practice_dict(p) for p in governance_state(store).practices.get(policy_id, [])
            if p.set_on <= on and (not p.units or unit in p.units)]


def assess(catalog: Catalog, store: Store, policies: PolicySet, actor: Actor, rule_id: str, *, unit: str,
           result: str, evidence: str, on: dt.date, evidence_id: str | None = None) -> dict:
    """A member of a unit records the unit's self-assessment of a rule that no machine can check."""
    rule = policies.rules.get(rule_id)
    if rule is None:
        raise NotFound(f"unknown rule {rule_id!r} (rules: {', '.join(sorted(policies.rules)) or 'none declared'})")
    if rule.check != "self_assessment":
        raise GovernanceError(f"rule {rule_id!r} is checked automatically ({rule.check}); nothing to assess by hand")
    units = rule.params.units  # type: ignore[attr-defined]
    if unit not in units:
        raise GovernanceError(f"unit: {unit!r} does not assess {rule_id} (assessing units: {', '.join(units)})")
    authorize(catalog, actor, "policy.assess", unit=unit)
    if result not in RESULTS:
        raise GovernanceError(f"result: one of {', '.join(RESULTS)} (got {result!r})")
    if not (evidence or "").strip():
        raise GovernanceError("evidence: name the evidence (a document, a meeting, a system report)")
    not_in_future(on, "on")
    assessor = actor.acting_person
    asked = [p["code"] for p in practices_asked(store, rule.policy_id, unit, on)]
    with store.transaction() as session:
        if evidence_id:
            check_evidence(session, evidence_id, ("policy", rule.policy_id), ("unit", unit),
                           field_name="evidence_file")
        row = Assessment(policy_id=rule.policy_id, rule_id=rule_id, unit=unit, result=result,
                         evidence=evidence.strip(), assessed_by=assessor, assessed_on=on, recorded_at=utcnow())
        session.add(row)
        session.flush()
        session.add(AssessmentActor(assessment_id=row.id, recorded_by=actor.username, channel=actor.channel,
                                    reason=actor.reason, evidence_id=evidence_id or None))
        after = {"result": result, "assessed_on": on.isoformat(), "evidence": row.evidence,
                 "evidence_id": evidence_id or None, "practices": asked}
        audit(session, actor, "policy.assess", "policy_rule", f"{rule_id}:{unit}", after=after)
        return {"id": row.id, "policy": rule.policy_id, "rule": rule_id, "unit": unit, "result": result,
                "assessed_by": assessor, "assessed_on": on.isoformat(), "practices": asked}
