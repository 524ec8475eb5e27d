"""issues sync: turn what the sources observed into issues, in one transaction, idempotently.

One issue per fingerprint. A failing observation opens an issue (or reopens a resolved or closed
one); a passing observation resolves an unresolved one; a failure still failing only refreshes its
evidence. Overdue items are then escalated. Running again with the same data and date changes nothing.
The DAG runs it as the scheduler (SCHEDULER); a person running it by hand needs the `issue.sync`
permission. Each run writes one audit row with what it changed.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from khlang.declarations import Catalog
from khlang.governance.escalation import escalate
from khlang.governance.lifecycle import event, new_issue, reopen, resolve
from khlang.governance.observations import ISSUE_SOURCES, Observation, SyncInputs
from khlang.governance.people import assignees, unit_people
from khlang.governance.policies import PolicySet
from khlang.governance.records import Issue
from khlang.governance.vocabulary import DONE, UNRESOLVED
from khlang.identity import SCHEDULER, Actor, audit, authorize
from khlang.store import Store
from khlang.store.locks import run_lock


def observe(catalog: Catalog, store: Store, as_of: dt.date, policies: PolicySet | None) -> list[Observation]:
    """Every registered source's observations; one per fingerprint (a failure wins over a pass)."""
    with store.reading() as session:
        existing = {i.fingerprint: (i.source, i.dataset, i.code)
                    for i in session.scalars(select(Issue).where(Issue.status.in_(UNRESOLVED)))}
    inputs = SyncInputs(catalog, store, as_of, existing, policies)
    merged: dict[str, Observation] = {}
    for source in ISSUE_SOURCES.values():
        for obs in source(inputs):
            prior = merged.get(obs.fingerprint)
            if prior is None or (obs.failing and not prior.failing):
                merged[obs.fingerprint] = obs
    return list(merged.values())


def sync_issues(catalog: Catalog, store: Store, run_key: str, as_of: dt.date,
                policies: PolicySet | None = None, actor: Actor = SCHEDULER) -> dict:
    """Open, refresh, resolve and reopen issues from every source, then escalate; returns what changed."""
    authorize(catalog, actor, "issue.sync")
    observations = observe(catalog, store, as_of, policies)
    summary = {"run_key": run_key, "as_of": as_of.isoformat(), "observed": len(observations),
               "failing": sum(o.failing for o in observations), "opened": [], "reopened": [], "resolved": [],
               "updated": [], "escalated": []}
    with store.transaction() as session:
        run_lock(session, "issues")  # fingerprints are global: every sync, whatever its run key, takes turns
        issues = {i.fingerprint: i for i in session.scalars(select(Issue).options(
            selectinload(Issue.events), selectinload(Issue.root_causes), selectinload(Issue.actions)))}
        for obs in sorted(observations, key=lambda o: o.fingerprint):
            issue = issues.get(obs.fingerprint)
            if obs.failing:
                people = assignees(catalog, obs.dataset) if obs.dataset else unit_people(catalog, obs.unit or "")
                if issue is None:
                    issue = new_issue(fp=obs.fingerprint, source=obs.source, origin_kind=obs.origin_kind,
                                      code=obs.code, category=obs.category, title=obs.title, detail=obs.detail,
                                      severity=obs.severity, weight=obs.weight, dataset=obs.dataset,
                                      column=obs.column, unit=obs.unit, dimension=obs.dimension, people=people,
                                      on=as_of, actor=SCHEDULER.person, evidence=obs.evidence, run_key=run_key)
                    session.add(issue)
                    issues[obs.fingerprint] = issue
                    session.flush()
                    summary["opened"].append(issue.id)
                    continue
                if issue.status in DONE:
                    if as_of < (issue.resolved_on or issue.cycle_opened_on):
                        continue  # an older run replayed after a newer resolution: never move back in time
                    reopen(issue, as_of, f"fails again: {obs.detail}", run_key)
                    summary["reopened"].append(issue.id)
                if _refresh(issue, obs, people, as_of, run_key):
                    summary["updated"].append(issue.id)
            elif issue is not None and issue.status in UNRESOLVED and issue.source == obs.source:
                if as_of < issue.cycle_opened_on:
                    continue
                resolve(issue, as_of, obs.note or "passes again", run_key=run_key)
                if obs.evidence:
                    issue.evidence = obs.evidence
                summary["resolved"].append(issue.id)
        summary["escalated"] = escalate(session, list(issues.values()), as_of, run_key)
        summary["updated"] = sorted(set(summary["updated"]) - set(summary["opened"]) - set(summary["reopened"]))
        audit(session, actor, "issue.sync", "issue_sync", run_key,
              after={k: summary[k] for k in ("as_of", "observed", "failing", "opened", "reopened", "resolved",
                                              "updated")} | {"escalated": len(summary["escalated"])})
    return summary


def _refresh(issue: Issue, obs: Observation, people: list[dict], as_of: dt.date, run_key: str) -> bool:
    """Keep a still-failing issue's evidence current; changes of severity or assignees are events."""
    changed = False
    if issue.severity != obs.severity or issue.weight != obs.weight:
        event(issue, "severity_changed", as_of, run_key=run_key,
              note=f"{issue.severity} (weight {issue.weight:g}) → {obs.severity} (weight {obs.weight:g})",
              data={"from": issue.severity, "to": obs.severity})
        issue.severity, issue.weight = obs.severity, obs.weight
        changed = True
    before = [a["person"] for a in issue.assignees or []]
    after = [a["person"] for a in people]
    if before != after:
        event(issue, "reassigned", as_of, run_key=run_key, note=f"{', '.join(before) or '—'} → {', '.join(after)}",
              data={"from": before, "to": after})
        issue.assignees = people
        changed = True
    issue.title, issue.detail, issue.unit = obs.title, obs.detail, obs.unit
    issue.evidence, issue.last_seen_run, issue.last_seen_on = obs.evidence, run_key, as_of
    return changed
