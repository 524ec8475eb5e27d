"""The other procedures as the committee report shows them: linkages (สงพท.-08), backups and restore tests
(สงบข.-04/05), post-implementation reviews (สงพท.-03) and the EA inventory (สงพท.-10).

Each section is read from the library that owns the procedure (the linkage check, the backup evidence in the
store, the PIR schedule, the EA rules); this module only shapes what they say into status tables. The
Context reads each of them once, for the sections and for the decisions (khlang.governance.decisions).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

from khlang.dates import BANGKOK
from khlang.declarations import Catalog
from khlang.governance.policies import PolicySet
from khlang.governance.quality_view import end_of_day
from khlang.governance.views import IssueView
from khlang.store import Store

if TYPE_CHECKING:
    from khlang.backup.status import TargetStatus
    from khlang.declarations.systems import System
    from khlang.linkage.runs import CheckResult
    from khlang.linkage.state import LinkageState
    from khlang.linkage.workdays import WorkingCalendar
    from khlang.pir.reviews import PirLine

# Linkage statuses that need nothing from anyone (the rest are shown as "in progress" or as a problem).
LINKAGE_SETTLED = frozenset({"approved", "rejected", "terminated"})


@dataclass
class Context:
    """What the sections and the decision sources read, each read at most once."""

    catalog: Catalog
    store: Store
    policies: PolicySet
    as_of: dt.date
    issues: list[IssueView]

    def _declared(self, name: str) -> bool:
        return self.catalog.directory is not None and (self.catalog.directory / name).exists()

    @cached_property
    def linkage(self) -> CheckResult | None:
        """The linkage register merged with the store, as it stood on the day, and checked then (None without
        linkages.yaml): steps dated later are not yet taken, linkages requested later not yet known."""
        if not self._declared("linkages.yaml"):
            return None
        from khlang.linkage.checks import check
        from khlang.linkage.register import load_register
        from khlang.linkage.runs import CheckResult
        from khlang.linkage.state import current_states

        register = load_register(self.catalog)
        states = {lid: _state_on(state, self.as_of) for lid, state in current_states(register, self.store).items()
                  if state.entry.requested_on <= self.as_of}
        return CheckResult(register, states, check(register, states, self.catalog, self.calendar, self.as_of),
                           self.as_of)

    @cached_property
    def calendar(self) -> WorkingCalendar:
        from khlang.linkage.workdays import load_calendar

        return load_calendar(self.catalog.directory)

    @cached_property
    def systems(self) -> dict[str, System]:
        if not self._declared("systems.yaml"):
            return {}
        from khlang.declarations.systems import load_systems

        return load_systems(self.catalog)

    @cached_property
    def backups(self) -> list[TargetStatus]:
        """Every declared backup target's newest verification and restore test by the end of the day."""
        if not self._declared("backups.yaml"):
            return []
        from khlang.backup.declarations import load_backups
        from khlang.backup.status import target_statuses

        return target_statuses(self.store, load_backups(self.catalog), end_of_day(self.as_of))

    @cached_property
    def pirs(self) -> list[PirLine]:
        """Every system's PIR on the day."""
        if not self.systems:
            return []
        from khlang.pir.reviews import pir_lines

        return pir_lines(self.systems, self.store, self.as_of)

    def person(self, pid: str | None) -> dict | None:
        """A person as the report names them: name, English name, position, still with the organisation."""
        if not pid:
            return None
        p = self.catalog.person(pid)
        if p is None:
            return {"id": pid, "name": pid, "name_en": None, "position": None, "active": False}
        return {"id": p.id, "name": p.name, "name_en": p.name_en, "position": p.position, "active": p.active}


def _state_on(state: LinkageState, as_of: dt.date) -> LinkageState:
    """A linkage's state on a past day: its steps up to that day (the register's implied request included)."""
    from khlang.linkage.workflow import decision_steps

    steps = [s for s in state.steps if s.date <= as_of]
    if steps == state.steps:
        return state
    decided = [s.date for s in decision_steps(steps)]
    last = steps[-1] if steps else None
    return replace(state, status=last.status if last else "requested",
                   since=last.date if last else state.entry.requested_on, steps=steps,
                   decided_on=decided[-1] if decided else None, from_store=False)


def _day(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(BANGKOK).date().isoformat() if moment else None


def linkage_section(ctx: Context) -> dict | None:
    """Every linkage of the register: its status, agreement, last exchange and the check's findings."""
    result = ctx.linkage
    if result is None:
        return None
    findings: dict[str, list[dict]] = {}
    for f in result.findings:
        findings.setdefault(f.id, []).append({"code": f.finding, "severity": f.severity, "detail": f.detail})
    rows = []
    for lid, state in sorted(result.states.items()):
        e = state.entry
        mine = findings.get(lid, [])
        rows.append({"id": lid, "agency": e.agency, "agency_en": e.agency_en, "status": state.status,
                     "since": state.since.isoformat(), "direction": e.direction,
                     "agreement_expires_on": e.agreement_expires_on.isoformat() if e.agreement_expires_on else None,
                     "last_exchange_on": e.last_exchange_on.isoformat() if e.last_exchange_on else None,
                     "findings": mine, "fine": not mine})
    return {"as_of": result.as_of.isoformat(), "linkages": rows, "fine": sum(r["fine"] for r in rows),
            "with_findings": sum(not r["fine"] for r in rows),
            "by_status": {s: sum(r["status"] == s for r in rows) for s in sorted({state.status for state in
                                                                                   result.states.values()})}}


def backup_section(ctx: Context) -> dict | None:
    """Every backup target's state (verified or not, and why) and each database's newest restore test."""
    if not ctx._declared("backups.yaml"):
        return None
    targets = [t.to_dict() | {"checked_on": _day(t.checked_at), "latest_backup_on": _day(t.latest_backup_at)}
               for t in ctx.backups]
    restores = [{"system": t.system, "part": t.part, "key": t.key, "restore_test": t.restore_test,
                 **(t.restore or {})} for t in ctx.backups if t.part == "database"]
    return {"targets": targets, "verified": sum(t["verified"] for t in targets),
            "unverified": sum(not t["verified"] for t in targets), "restore_tests": restores,
            "restores_passed": sum(1 for r in restores if r.get("ok") is True),
            "restores_failed": sum(1 for r in restores if r.get("ok") is False),
            "restores_missing": sum(1 for r in restores if "ok" not in r)}


def pir_section(ctx: Context) -> dict | None:
    """Every system's post-implementation review: go-live, due date, status, and the score once recorded."""
    if not ctx.systems:
        return None
    rows = [line.to_dict() for line in ctx.pirs]
    return {"systems": rows, "overdue": sum(r["status"] == "overdue" for r in rows),
            "due": sum(r["status"] == "due" for r in rows), "recorded": sum(r["status"] == "recorded" for r in rows)}


def _ea_versions(ctx: Context) -> list[dict]:
    """The EA review's versions in the store (สงพท.-10) with their status and the steps past their control point."""
    from khlang.ea.process import version_record, versions

    out = []
    for v in versions(ctx.store):
        if v.opened_on > ctx.as_of:
            continue
        rec = version_record(ctx.store, v.code, ctx.as_of)
        overdue = [{k: s[k] for k in ("number", "code", "due_on", "days_late")}
                   for s in rec["steps"] if s["state"] == "overdue"]
        out.append({"code": v.code, "title_th": v.title_th, "status": rec["status"],
                    "endorsed_on": rec["endorsed_on"], "returns": len(rec["returns"]), "overdue": overdue})
    return out


def ea_section(ctx: Context) -> dict | None:
    """The EA: each system's state, hosting and controls with the EA checks' and gap analysis's findings, the
    gap analysis itself, and the newest EA check kept in the store (the EA DAG's) by the report's day."""
    if not ctx.systems:
        return None
    from khlang.ea.gaps import ea_findings, gap_analysis, system_of_element
    from khlang.ea.gaps_records import latest_ea_check
    from khlang.ea.views import Architecture
    from khlang.ea.views_decl import load_ea

    arch = Architecture(ctx.catalog, ctx.systems, load_ea(ctx.catalog, ctx.systems), ctx.as_of)
    inventory = arch.inventory
    found = ea_findings(arch)
    by_system: dict[str, list[dict]] = {}
    for f in found:
        code = system_of_element(arch, f.subject) or inventory.system_of(f.subject) or ""
        by_system.setdefault(code, []).append({"subject": f.subject, "code": f.finding, "severity": f.severity,
                                               "detail": f.detail})
    rows = []
    for code, s in sorted(ctx.systems.items()):
        mine = by_system.get(code, [])
        rows.append({"code": code, "name_th": s.name_th, "name_en": s.name_en, "ea_state": s.ea_state,
                     "hosting": s.technology.hosting, "controls": list(s.security_controls),
                     "datasets": inventory.datasets_of(code), "findings": mine, "fine": not mine,
                     "target_date": s.target_date.isoformat() if s.target_date else None})
    unplaced = [f for key, fs in by_system.items() if key not in ctx.systems for f in fs]
    stored = latest_ea_check(ctx.store, ctx.as_of)
    return {"systems": rows, "unplaced": unplaced, "fine": sum(r["fine"] for r in rows),
            "versions": _ea_versions(ctx),
            "with_findings": sum(not r["fine"] for r in rows), "gaps": [g.to_dict() for g in gap_analysis(arch)],
            "last_check": {k: stored[k] for k in ("run_key", "as_of", "finding_count")} if stored else None}
