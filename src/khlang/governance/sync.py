"""issues sync: turn what the sources observed into issues, in one transaction, idempotently.

One issue per fingerprint. A failing observation opens an issue (or reopens a resolved or closed
one); a passing observation resolves an unresolved one; a failure still failing only refreshes its
evidence. Overdue items are then escalated. Running again with the same data and date changes nothing.
The DAG runs it as the scheduler (SCHEDULER); a person running it by hand needs the `issue.sync`
permission. Each run writes one audit row with what it changed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

import khlang.governance.operational  # noqa: F401  (registers the linkage, backup, restore, PIR and EA sources)
from khlang.declarations import Catalog
from khlang.governance.escalation import escalate
from khlang.governance.findings import FAMILIES, FINDING_TYPES, defect_key, people_for
from khlang.governance.lifecycle import event, new_issue, reopen, resolve
from khlang.governance.observations import ISSUE_SOURCES, Observation, SyncInputs, fingerprint
from khlang.governance.policies import PolicySet
from khlang.governance.records import Issue
from khlang.governance.vocabulary import DONE, SEVERITY_RANK, UNRESOLVED
from khlang.identity import SCHEDULER, Actor, audit, authorize
from khlang.store import Store
from khlang.store.locks import run_lock


def observe(catalog: Catalog, store: Store, as_of: dt.date, policies: PolicySet | None) -> list[Observation]:
    """Every registered source's observations; one per fingerprint (a failure wins over a pass)."""
    with store.reading() as session:
        existing: dict[str, tuple[str, str | None, str]] = {}
        for i in session.scalars(select(Issue).where(Issue.status.in_(UNRESOLVED))):
            members = _members(i)
            if not members:  # an issue of one finding, kept before issues grouped findings
                existing[i.fingerprint] = (i.source, i.dataset, i.code)
            for fp, m in members.items():
                if m.get("failing"):
                    existing[fp] = (m["source"], m.get("dataset"), m.get("code", ""))
    inputs = SyncInputs(catalog, store, as_of, existing, policies)
    merged: dict[str, Observation] = {}
    for source in ISSUE_SOURCES.values():
        for obs in source(inputs):
            prior = merged.get(obs.fingerprint)
            if prior is None or (obs.failing and not prior.failing):
                merged[obs.fingerprint] = obs
    return list(merged.values())


def _members(issue: Issue) -> dict[str, dict]:
    """The findings an issue holds as its evidence, by fingerprint."""
    return {m["fingerprint"]: m for m in (issue.evidence or {}).get("findings", [])}


def _member(obs: Observation, as_of: dt.date) -> dict:
    return {"fingerprint": obs.fingerprint, "source": obs.source, "finding": obs.finding, "code": obs.code,
            "title": obs.title, "detail": obs.detail, "severity": obs.severity, "weight": obs.weight,
            "dataset": obs.dataset, "column": obs.column, "failing": obs.failing, "seen_on": as_of.isoformat(),
            "evidence": obs.evidence}


def group_fingerprint(obs: Observation) -> str:
    """The issue a finding belongs to: its defect's (same family, same subject), else its own."""
    key = defect_key(obs)
    return fingerprint("defect", key) if key else obs.fingerprint


def sync_issues(catalog: Catalog, store: Store, run_key: str, as_of: dt.date,
                policies: PolicySet | None = None, actor: Actor = SCHEDULER) -> dict:
    """Open, refresh, resolve and reopen issues from every source, then escalate; returns what changed.

    One defect, one issue: findings of one defect family about one subject (findings.defect_key) are
    members of one issue, which fails while any member fails and resolves when none does.
    """
    authorize(catalog, actor, "issue.sync")
    observations = observe(catalog, store, as_of, policies)
    summary: dict[str, Any] = {
        "run_key": run_key, "as_of": as_of.isoformat(), "observed": len(observations),
        "failing": sum(o.failing for o in observations), "opened": [], "reopened": [], "resolved": [],
        "updated": [], "escalated": [], "merged": []}
    with store.transaction() as session:
        run_lock(session, "issues")  # fingerprints are global: every sync, whatever its run key, takes turns
        issues = {i.fingerprint: i for i in session.scalars(select(Issue).options(
            selectinload(Issue.events), selectinload(Issue.root_causes), selectinload(Issue.actions)))}
        holder: dict[str, str] = {}  # a finding's fingerprint → the fingerprint of the issue holding it
        for fp, held in issues.items():
            holder.setdefault(fp, fp)
            for member in _members(held):
                holder[member] = fp
        groups: dict[str, list[Observation]] = {}
        for obs in observations:
            gfp = group_fingerprint(obs) if obs.finding else holder.get(obs.fingerprint)
            if gfp is not None:
                groups.setdefault(gfp, []).append(obs)
        for gfp in sorted(groups):
            group = sorted(groups[gfp], key=lambda o: o.fingerprint)
            issue: Issue | None = issues.get(gfp) or _adopt(issues, holder, gfp, group, as_of, run_key, summary)
            members = _members(issue) if issue is not None else {}
            for obs in group:
                if obs.finding:
                    members[obs.fingerprint] = _member(obs, as_of)
                elif obs.fingerprint in members:
                    members[obs.fingerprint] |= {"failing": False, "seen_on": as_of.isoformat(), "note": obs.note}
            failing = [o for o in group if o.failing]
            if failing:
                lead = max(failing, key=lambda o: (SEVERITY_RANK.get(o.severity, 0), o.weight, o.source == "check"))
                people = people_for(catalog, lead)
                title, detail = _headline(lead, [m for m in members.values() if m["failing"]])
                severity = max((m["severity"] for m in members.values() if m["failing"]),
                               key=lambda s: SEVERITY_RANK.get(s, 0))
                weight = max(m.get("weight", 1.0) for m in members.values() if m["failing"])
                evidence = {**lead.evidence, "findings": sorted(members.values(), key=lambda m: m["fingerprint"])}
                if issue is None:
                    issue = new_issue(fp=gfp, source=lead.source, origin_kind=lead.origin_kind,
                                      code=lead.code, category=lead.category, title=title, detail=detail,
                                      severity=severity, weight=weight, dataset=lead.dataset,
                                      column=lead.column if len({m["column"] for m in members.values()}) == 1
                                      else None, unit=lead.unit, dimension=lead.dimension, people=people,
                                      on=as_of, actor=SCHEDULER.person, evidence=evidence, run_key=run_key)
                    session.add(issue)
                    issues[gfp] = issue
                    session.flush()
                    summary["opened"].append(issue.id)
                    continue
                if issue.status in DONE:
                    if as_of < (issue.resolved_on or issue.cycle_opened_on):
                        continue  # an older run replayed after a newer resolution: never move back in time
                    reopen(issue, as_of, f"fails again: {lead.detail}", run_key)
                    summary["reopened"].append(issue.id)
                if _refresh(issue, title, detail, severity, weight, lead.unit, evidence, people, as_of, run_key):
                    summary["updated"].append(issue.id)
            elif issue is not None:
                still = [m for m in members.values() if m["failing"]]
                issue.evidence = {**(issue.evidence or {}), "findings": sorted(members.values(),
                                                                               key=lambda m: m["fingerprint"])}
                if issue.status in UNRESOLVED and not still and as_of >= issue.cycle_opened_on:
                    resolve(issue, as_of, "; ".join(sorted({o.note for o in group if o.note})) or "passes again",
                            run_key=run_key)
                    summary["resolved"].append(issue.id)
        summary["escalated"] = escalate(session, list(issues.values()), as_of, run_key)
        summary["updated"] = sorted(set(summary["updated"]) - set(summary["opened"]) - set(summary["reopened"]))
        audit(session, actor, "issue.sync", "issue_sync", run_key,
              after={k: summary[k] for k in ("as_of", "observed", "failing", "opened", "reopened", "resolved",
                                              "updated", "merged")} | {"escalated": len(summary["escalated"])})
    return summary


def _adopt(issues: dict[str, Issue], holder: dict[str, str], gfp: str, group: list[Observation],
           as_of: dt.date, run_key: str, summary: dict) -> Issue | None:
    """An issue kept before its findings grouped becomes the defect's issue; others of the defect merge in."""
    held = sorted({issues[holder[o.fingerprint]] for o in group if o.fingerprint in holder}, key=lambda i: i.id)
    if not held:
        return None
    keep = next((i for i in held if i.status in UNRESOLVED), held[0])
    for other in held:
        if other is keep:
            continue
        for fp in list(_members(other)) + [other.fingerprint]:
            holder[fp] = gfp
        if other.status in UNRESOLVED:
            resolve(other, as_of, f"merged into issue #{keep.id}: one defect, one issue", run_key=run_key)
            summary["merged"].append(other.id)
    evidence = dict(keep.evidence or {})
    if "findings" not in evidence:  # its one finding becomes its first member
        evidence["findings"] = [{"fingerprint": keep.fingerprint, "source": keep.source, "finding": "",
                                 "code": keep.code, "title": keep.title, "detail": keep.detail,
                                 "severity": keep.severity, "weight": keep.weight, "dataset": keep.dataset,
                                 "column": keep.column, "failing": keep.status in UNRESOLVED,
                                 "seen_on": (keep.last_seen_on or as_of).isoformat(), "evidence": {}}]
    keep.evidence = evidence
    del issues[keep.fingerprint]
    keep.fingerprint = gfp
    issues[gfp] = keep
    holder[gfp] = gfp
    return keep


def _headline(lead: Observation, failing: list[dict]) -> tuple[str, str]:
    """An issue's title and detail: its finding's, or, for a defect found several ways, the defect's."""
    if len(failing) <= 1:
        return lead.title, lead.detail
    ft = FINDING_TYPES.get(lead.finding)
    family = FAMILIES.get(ft.family) if ft is not None and ft.family else None
    where = lead.dataset or lead.subject or ""
    if lead.column and len({m["column"] for m in failing}) == 1:
        where = f"{where}.{lead.column}"
    name = f"{family.th} · {family.en}" if family is not None else lead.title
    title = f"{where}: {name}"
    detail = f"{len(failing)} findings: " + "; ".join(f"{m['title']} — {m['detail']}" for m in failing)
    return title, detail


def _refresh(issue: Issue, title: str, detail: str, severity: str, weight: float, unit: str | None,
             evidence: dict, people: list[dict], as_of: dt.date, run_key: str) -> bool:
    """Keep a still-failing issue's evidence current; changes of severity or assignees are events."""
    changed = False
    if issue.severity != severity or issue.weight != weight:
        event(issue, "severity_changed", as_of, run_key=run_key,
              note=f"{issue.severity} (weight {issue.weight:g}) → {severity} (weight {weight:g})",
              data={"from": issue.severity, "to": severity})
        issue.severity, issue.weight = severity, weight
        changed = True
    before = [a["person"] for a in issue.assignees or []]
    after = [a["person"] for a in people]
    if before != after:
        event(issue, "reassigned", as_of, run_key=run_key, note=f"{', '.join(before) or '—'} → {', '.join(after)}",
              data={"from": before, "to": after})
        issue.assignees = people
        changed = True
    issue.title, issue.detail, issue.unit = title, detail, unit
    issue.evidence, issue.last_seen_run, issue.last_seen_on = evidence, run_key, as_of
    return changed
