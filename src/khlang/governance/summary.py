"""What the committee and the Director read for a period (steps 9–11): one model, built from the store
as it stood at the period's end (or an earlier as-of date), compared with the end of the period before.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from khlang.dates import today_bangkok, utcnow
from khlang.declarations import Catalog
from khlang.governance import compliance as comp
from khlang.governance.decisions import decisions
from khlang.governance.operations import Context, backup_section, ea_section, linkage_section, pir_section
from khlang.governance.people import GovernanceError
from khlang.governance.periods import Period
from khlang.governance.policies import PolicySet
from khlang.governance.quality_view import end_of_day, findings_at, row_shares_at, scores_at, trends
from khlang.governance.records import Issue
from khlang.governance.steps import governance_section
from khlang.governance.views import IssueView, view_at
from khlang.governance.vocabulary import CATEGORIES, CAUSE_CATEGORIES, SEVERITIES, UNRESOLVED
from khlang.quality.results import DIMENSIONS
from khlang.quality.scores import OVERALL, organisation
from khlang.store import Store

OPEN_ISSUES_SHOWN = 40


def committee_model(catalog: Catalog, store: Store, policies: PolicySet, period: Period,
                    as_of: dt.date | None = None, generated_at: dt.datetime | None = None) -> dict:
    """Every section of the committee report, as plain data."""
    as_of = as_of or min(period.end, today_bangkok())
    if not period.start <= as_of <= period.end:
        raise GovernanceError(f"--as-of {as_of} is outside the period {period.code} ({period.start} – {period.end})")
    prev = period.previous()
    people = {p.id: p for p in catalog.people.values()}

    with store.reading() as session:
        issues = session.scalars(select(Issue).options(
            selectinload(Issue.events), selectinload(Issue.root_causes), selectinload(Issue.actions))).all()
        now = [v for v in (view_at(i, as_of) for i in issues) if v is not None]
        before = [v for v in (view_at(i, prev.end) for i in issues) if v is not None]
        events = [(i.id, e.type, e.on, e.data or {}, e.note) for i in issues for e in i.events]

    quality = _quality(catalog, store, as_of, prev.end)
    issue_part = _issues(now, as_of, people)
    ops = Context(catalog, store, policies, as_of, now)
    model = {
        "generated_at": (generated_at or utcnow()).isoformat(),
        "period": _period(period, as_of),
        "previous": _period(prev, prev.end),
        "organisation": {"name_th": catalog.organisation.name_th, "name_en": catalog.organisation.name_en,
                         "abbreviation": catalog.organisation.abbreviation},
        "committee": [{"id": pid, "name": people[pid].name, "position": people[pid].position}
                      for pid in catalog.organisation.governance.committee if pid in people],
        "quality": quality,
        "findings": findings_at(store, end_of_day(as_of)),
        "check_descriptions": _check_descriptions(catalog),
        "rules": {r.id: {"policy": r.policy_id, "title_th": r.title_th, "title_en": r.title_en}
                  for r in policies.rules.values()},
        "issues": issue_part,
        "root_causes": _root_causes(now, period, as_of),
        "compliance": _compliance(catalog, store, policies, as_of, prev.end),
        "changes": _changes(now, before, events, period, as_of, quality),
        "decisions": decisions(ops),
        "linkages": linkage_section(ops),
        "backups": backup_section(ops),
        "pirs": pir_section(ops),
        "ea": ea_section(ops),
        "governance": governance_section(ops),
    }
    model["director"] = _director(model)
    return model


def _period(p: Period, as_of: dt.date) -> dict:
    return {"code": p.code, "kind": p.kind, "label_th": p.label_th, "label_en": p.label_en,
            "start": p.start.isoformat(), "end": p.end.isoformat(), "as_of": as_of.isoformat()}


def _delta(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else round(now - before, 2)


def _quality(catalog: Catalog, store: Store, as_of: dt.date, prev_end: dt.date) -> dict:
    run_key, computed_at, scores = scores_at(store, end_of_day(as_of))
    _prev_key, _prev_at, prev_scores = scores_at(store, end_of_day(prev_end))
    org, prev_org = organisation(scores), organisation(prev_scores)
    trend = trends(store, end_of_day(as_of))
    rows = row_shares_at(store, end_of_day(as_of))
    datasets = []
    for name in sorted(scores):
        ds = catalog.datasets.get(name)
        overall = scores[name].get(OVERALL, {}).get("score")
        before = prev_scores.get(name, {}).get(OVERALL, {}).get("score")
        datasets.append({"name": name, "title_th": ds.title_th if ds else name, "kind": ds.kind if ds else None,
                         "scores": {d: scores[name].get(d, {}).get("score") for d in DIMENSIONS},
                         "rows": {d: rows["datasets"].get(name, {}).get(d, {}).get("rows_pct")
                                  for d in (*DIMENSIONS, OVERALL)},
                         "overall": overall, "previous": before, "delta": _delta(overall, before),
                         "checks": scores[name].get(OVERALL, {}).get("checks"), "trend": trend.get(name, [])})
    datasets.sort(key=lambda d: (d["overall"] is None, d["overall"] if d["overall"] is not None else 0, d["name"]))
    return {"run_key": run_key, "computed_at": computed_at.isoformat() if computed_at else None,
            "dimensions": [{"code": d, "score": org.get(d), "previous": prev_org.get(d),
                            "delta": _delta(org.get(d), prev_org.get(d)),
                            "rows": rows["organisation"].get(d, {}).get("rows_pct")} for d in DIMENSIONS],
            "overall": {"score": org.get(OVERALL), "previous": prev_org.get(OVERALL),
                        "rows": rows["organisation"].get(OVERALL, {}).get("rows_pct"),
                        "delta": _delta(org.get(OVERALL), prev_org.get(OVERALL)),
                        "trend": trend.get("(organisation)", [])},
            "datasets": datasets}


def _check_descriptions(catalog: Catalog) -> dict[str, dict]:
    """What each declared consistency check tests, as its declaration words it (by check id)."""
    from khlang.quality.consistency import load_consistency

    return {c.id: {"th": c.description_th, "en": c.description_en} for c in load_consistency(catalog)
            if c.description_th or c.description_en}


def _about(v: IssueView) -> dict:
    """What an issue is about, as stored: its title and detail, and the codes the report labels them from."""
    return {"title": v.title, "detail": v.detail, "source": v.source, "origin_kind": v.origin_kind, "code": v.code,
            "dataset": v.dataset, "column": v.column, "dimension": v.dimension}


def _issue_row(v: IssueView, as_of: dt.date, people: dict) -> dict:
    late = v.overdue(as_of)
    return {"id": v.id, **_about(v), "category": v.category, "severity": v.severity,
            "status": v.status, "source": v.source, "dataset": v.dataset, "unit": v.unit, "cycle": v.cycle,
            "opened_on": v.opened_on.isoformat(), "cycle_opened_on": v.cycle_opened_on.isoformat(),
            "rca_due": v.rca_due.isoformat(), "escalation_level": v.escalation_level,
            "assignees": [people[a["person"]].name if a["person"] in people else a["person"] for a in v.assignees
                          if a.get("role") != "committee"] or ["คณะกรรมการ · Committee"],
            "overdue_days": max((x["days"] for x in late), default=0)}


def _issues(now: list[IssueView], as_of: dt.date, people: dict) -> dict:
    unresolved = sorted((v for v in now if v.status in UNRESOLVED),
                        key=lambda v: (-v.priority[0], -v.priority[1], v.opened_on, v.id))
    by_cat = []
    for cat in CATEGORIES:
        mine = [v for v in unresolved if v.category == cat]
        by_cat.append({"code": cat, "count": len(mine),
                       "by_severity": {s: sum(v.severity == s for v in mine) for s in SEVERITIES}})
    overdue_actions = []
    for v in now:
        for late in v.overdue(as_of):
            if late["subject"].startswith("action:"):
                a = next(x for x in v.actions if f"action:{x['id']}" == late["subject"])
                overdue_actions.append({"issue": v.id, **_about(v), "action": a["id"], "kind": a["kind"],
                                        "description": a["description"],
                                        "owner": people[a["owner"]].name if a["owner"] in people else a["owner"],
                                        "due_on": a["due_on"].isoformat(), "days": late["days"]})
    overdue_actions.sort(key=lambda a: -a["days"])
    overdue_issues = [_issue_row(v, as_of, people) for v in unresolved
                      if any(not x["subject"].startswith("action:") for x in v.overdue(as_of))]
    return {"total": len(now), "open_total": len(unresolved),
            "by_status": {s: sum(v.status == s for v in now) for s in ("open", "rca_in_progress", "action_planned",
                                                                       "resolved", "closed")},
            "by_category": by_cat,
            "by_severity": {s: sum(v.severity == s for v in unresolved) for s in SEVERITIES},
            "open": [_issue_row(v, as_of, people) for v in unresolved[:OPEN_ISSUES_SHOWN]],
            "open_not_shown": max(0, len(unresolved) - OPEN_ISSUES_SHOWN),
            "overdue_issues": overdue_issues, "overdue_actions": overdue_actions,
            "escalated_to_director": sum(v.escalation_level >= 3 for v in unresolved)}


def _root_causes(now: list[IssueView], period: Period, as_of: dt.date) -> dict:
    analysed = [v for v in now if v.root_cause is not None]
    counts = Counter(v.root_cause["cause_category"] for v in analysed)  # type: ignore[index]
    rows = []
    for v in sorted(analysed, key=lambda v: (v.root_cause["analysed_on"], v.id), reverse=True):  # type: ignore[index]
        rc = v.root_cause
        acts = [a for a in v.actions if a["cycle"] == v.cycle]
        rows.append({"issue": v.id, **_about(v), "category": v.category, "status": v.status,
                     "cause_category": rc["cause_category"], "root_cause": rc["root_cause"], "whys": rc["whys"],  # type: ignore[index]
                     "analysed_on": rc["analysed_on"].isoformat(), "in_period": period.contains(rc["analysed_on"]),  # type: ignore[index]
                     "actions": [{"kind": a["kind"], "description": a["description"], "due_on": a["due_on"].isoformat(),
                                  "done_on": a["done_on"].isoformat() if a["done_on"] else None} for a in acts]})
    unanalysed = sum(1 for v in now if v.status in UNRESOLVED and v.root_cause is None)
    return {"by_category": [{"code": c, "count": counts.get(c, 0)} for c in CAUSE_CATEGORIES],
            "analyses": rows, "analysed": len(analysed), "unresolved_without_rca": unanalysed}


def _latest_run(runs: list[dict], until: dt.date) -> dict | None:
    eligible = [r for r in runs if r["as_of"] <= until]
    return eligible[-1] if eligible else None


def _compliance(catalog: Catalog, store: Store, policies: PolicySet, as_of: dt.date, prev_end: dt.date) -> dict:
    runs = comp.runs(store, until=as_of)
    run, prev = _latest_run(runs, as_of), _latest_run(runs, prev_end)
    outcomes = run["outcomes"] if run else []
    per_policy, per_rule = comp.rollup(outcomes, "policy"), comp.rollup(outcomes, "rule")
    empty = {"score": None, "compliant": 0, "partial": 0, "non_compliant": 0, "not_assessed": 0}
    plist = []
    for p in policies.policies:
        e = p.entry
        plist.append({"id": p.id, "title_th": e.title_th, "title_en": e.title_en, "owner_unit": e.owner_unit,
                      "approved_on": p.approved_on.isoformat() if p.approved_on else None,
                      "communicated_on": p.communicated_on.isoformat() if p.communicated_on else None,
                      "review_due": due.isoformat() if (due := p.review_due()) else None,
                      "in_force": p.in_force(as_of), **per_policy.get(p.id, empty),
                      "rules": [{"id": r.id, "title_th": r.title_th, "title_en": r.title_en, "check": r.check,
                                 **per_rule.get(r.id, empty)} for r in p.rules]})
    units = []
    for code, cell in comp.rollup(outcomes, "unit").items():
        unit = catalog.units.get(code)
        units.append({"code": code, "name_th": unit.name_th if unit else code,
                      "name_en": unit.name_en if unit else code, **cell})
    measures = []
    for m in policies.measures:
        stored = (run or {}).get("measures", {}).get(m.entry.id, {})
        history = [{"on": r["as_of"].isoformat(), "value": r["measures"][m.entry.id]["value"]}
                   for r in _per_day(runs) if m.entry.id in r["measures"]]
        measures.append({"id": m.entry.id, "kind": m.entry.kind, "measure": m.entry.measure,
                         "title_th": m.entry.title_th, "title_en": m.entry.title_en, "value": stored.get("value"),
                         "target": m.entry.target,
                         "direction": m.direction, "met": stored.get("met"),
                         "previous": (prev or {}).get("measures", {}).get(m.entry.id, {}).get("value"),
                         "percent": m.entry.measure != "open_high_severity_issues", "trend": history[-12:]})
    overall = comp.overall(outcomes) if run else empty
    prev_overall = comp.overall(prev["outcomes"]) if prev else empty
    return {"run_key": run["run_key"] if run else None, "as_of": run["as_of"].isoformat() if run else None,
            "overall": overall, "previous_score": prev_overall["score"],
            "delta": _delta(overall["score"], prev_overall["score"]), "policies": plist, "units": units,
            "measures": measures, "non_compliant": [o for o in outcomes if o["status"] in ("non_compliant", "partial")]}


def _per_day(runs: list[dict]) -> list[dict]:
    """The last compliance run of each day."""
    last: dict[dt.date, dict] = {}
    for r in runs:
        last[r["as_of"]] = r
    return [last[d] for d in sorted(last)]


def _changes(now: list[IssueView], before: list[IssueView], events: list[tuple], period: Period,
             as_of: dt.date, quality: dict) -> dict:
    titles = {v.id: v for v in now}

    def in_period(kind: str) -> list[dict]:
        ids = sorted({i for i, t, on, _d, _n in events if t == kind and period.start <= on <= as_of})
        return [{"id": i, **_about(titles[i]), "category": titles[i].category, "severity": titles[i].severity}
                for i in ids if i in titles]

    was_open = sum(v.status in UNRESOLVED for v in before)
    is_open = sum(v.status in UNRESOLVED for v in now)
    deltas = [{"name": d["name"], "title_th": d["title_th"], "previous": d["previous"], "overall": d["overall"],
               "delta": d["delta"]} for d in quality["datasets"] if d["delta"]]
    deltas.sort(key=lambda d: d["delta"])
    return {"opened": in_period("opened"), "reopened": in_period("reopened"), "resolved": in_period("resolved"),
            "closed": in_period("closed"), "open_before": was_open, "open_now": is_open,
            "open_delta": is_open - was_open, "score_deltas": deltas,
            "first_period": not before and not quality["overall"]["previous"]}


def _director(model: dict) -> dict:
    """The headline numbers and the matters the Director must decide or know."""
    q, i, c = model["quality"], model["issues"], model["compliance"]
    matters = []  # what the Director should know; what they must decide is named in model["decisions"]
    critical = i["by_severity"].get("critical", 0) + i["by_severity"].get("high", 0)
    if critical:
        matters.append(("high_open", critical))
    off = [m for m in c["measures"] if m["met"] is False]
    if off:
        matters.append(("measures_off_target", len(off)))
    if model["root_causes"]["unresolved_without_rca"]:
        matters.append(("without_rca", model["root_causes"]["unresolved_without_rca"]))
    if i["overdue_actions"]:
        matters.append(("overdue_actions", len(i["overdue_actions"])))
    return {"quality_overall": q["overall"]["score"], "quality_delta": q["overall"]["delta"],
            "open_issues": i["open_total"], "opened_in_period": len(model["changes"]["opened"]),
            "resolved_in_period": len(model["changes"]["resolved"]), "overdue": len(i["overdue_issues"]),
            "overdue_actions": len(i["overdue_actions"]), "escalated_to_director": i["escalated_to_director"],
            "compliance": c["overall"]["score"], "compliance_delta": c["delta"],
            "decisions": len(model["decisions"]),
            "decisions_late": sum(1 for d in model["decisions"] if d["days_late"]),
            "matters": [{"code": code, "count": n} for code, n in matters]}
