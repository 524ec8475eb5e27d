"""Gap analysis and roadmap of the EA (สงพท.-10), and every EA finding in one list.

For every To-Be element — a system of systems.yaml with `ea_state: to_be`, or a service, interface or server
of ea.yaml with `state: to_be` — the As-Is element it replaces, the project that delivers it and its target
date. The findings (each registered as `ea:<code>` in khlang.governance.findings, opened as issues by the
`ea` issue source):

- the EA inventory checks (khlang.ea.checks: unknown systems, secret data without controls, To-Be systems
  without a project, …);
- element_without_project: a To-Be element of ea.yaml with no project behind it;
- target_date_passed: a To-Be element whose target date has passed while it is still To-Be;
- retiring_holds_master: a retiring system that still holds master data;
- support_ended: a server in use whose vendor support has ended;
- control_contradicted: a system declares encryption at rest while the security check finds data it holds
  kept unencrypted (the EA must not claim what the security check refutes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass

from khlang.ea.checks import EaFinding, check_inventory
from khlang.ea.views import Architecture, security_findings_by_dataset
from khlang.registry import Registry

GapRule = Callable[[Architecture], Iterator[EaFinding]]
GAP_RULES: Registry[str, GapRule] = Registry("EA gap rule")
# Gap findings about a system's security: its security view shows them beside the security checks'.
SECURITY_GAPS = frozenset({"control_contradicted"})
SEVERITY_RANK = {"critical": -1, "high": 0, "medium": 1, "low": 2}


def gap_rule(code: str) -> Callable[[GapRule], GapRule]:
    """Register a gap-analysis rule under its finding code."""
    def register(fn: GapRule) -> GapRule:
        GAP_RULES.add(code, fn)
        return fn
    return register


@dataclass(frozen=True)
class Gap:
    """One line of the gap analysis: a To-Be element, what it replaces, its project and target date."""

    view: str
    code: str
    name_th: str
    name_en: str
    replaces: str | None
    replaces_name: str | None
    project: str
    target_date: str | None
    status: str  # planned | no_project | late

    def to_dict(self) -> dict:
        """JSON-ready."""
        return asdict(self)


def _names(arch: Architecture) -> dict[str, tuple[str, str]]:
    out = {c: (s.name_th, s.name_en or "") for c, s in arch.systems.items()}
    for _view, el, code in arch.ea.elements():
        server = f"{code} ({getattr(el, 'os', None) or getattr(el, 'role', '')})"
        out[code] = (getattr(el, "name_th", None) or server, getattr(el, "name_en", None) or server)
    return out


def system_of_element(arch: Architecture, code: str) -> str | None:
    """The system an element is about: itself, a service's first system, an interface's source, a server's
    first system (whose owners answer for its findings)."""
    if code in arch.systems:
        return code
    for _fn, svc in arch.ea.services():
        if svc.code == code:
            return svc.systems[0] if svc.systems else None
    for i in arch.ea.interfaces:
        if i.code == code:
            return i.from_
    for sv in arch.ea.servers:
        if sv.code == code:
            return sv.systems[0] if sv.systems else None
    return None


def _status(project: str, target: dt.date | None, as_of: dt.date) -> str:
    if not project.strip():
        return "no_project"
    return "late" if target is not None and target < as_of else "planned"


def gap_analysis(arch: Architecture) -> list[Gap]:
    """Every To-Be element with the As-Is it replaces, its project and target date, by target date."""
    names = _names(arch)
    rows = []
    for code, s in sorted(arch.systems.items()):
        if s.ea_state != "to_be":
            continue
        replaced = s.replaces
        rows.append(Gap("application", code, s.name_th, s.name_en or "", replaced,
                        names[replaced][0] if replaced else None, s.project or "",
                        s.target_date.isoformat() if s.target_date else None,
                        _status(s.project or "", s.target_date, arch.as_of)))
    for view, el, code in arch.ea.elements():
        if el.state != "to_be":
            continue
        th, en = names[code]
        rows.append(Gap(view, code, th, en, el.replaces, names[el.replaces][0] if el.replaces else None,
                        el.project or "", el.target_date.isoformat() if el.target_date else None,
                        _status(el.project or "", el.target_date, arch.as_of)))
    return sorted(rows, key=lambda g: (g.target_date or "9999", g.view, g.code))


def roadmap(arch: Architecture) -> list[dict]:
    """The gap analysis grouped by project, each with its elements by target date (no project: last)."""
    groups: dict[str, list[dict]] = {}
    for g in gap_analysis(arch):
        groups.setdefault(g.project, []).append(g.to_dict())
    return [{"project": p, "elements": els, "ends_on": max((e["target_date"] or "" for e in els), default="") or None}
            for p, els in sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0]))]


def gap_findings(arch: Architecture) -> list[EaFinding]:
    """The gap rules' findings alone, worst first."""
    found = [f for rule in GAP_RULES.values() for f in rule(arch)]
    return sorted(found, key=lambda f: (SEVERITY_RANK.get(f.severity, 3), f.finding, f.subject))


def ea_findings(arch: Architecture) -> list[EaFinding]:
    """The EA inventory checks and the gap rules, worst first."""
    found = check_inventory(arch.inventory) + gap_findings(arch)
    return sorted(found, key=lambda f: (SEVERITY_RANK.get(f.severity, 3), f.finding, f.subject))


@gap_rule("element_without_project")
def _element_without_project(arch: Architecture) -> Iterator[EaFinding]:
    for view, el, code in arch.ea.elements():
        if el.state == "to_be" and not (el.project or "").strip():
            line = arch.ea.lines.get(code)
            where = f" ({arch.ea.path.name}:{line})" if arch.ea.path and line else ""
            yield EaFinding(code, "element_without_project", "medium",
                            f"To-Be {view} element {code} has no project to deliver it{where}")


@gap_rule("target_date_passed")
def _target_passed(arch: Architecture) -> Iterator[EaFinding]:
    for g in gap_analysis(arch):
        if g.status == "late":
            yield EaFinding(g.code, "target_date_passed", "medium",
                            f"To-Be {g.view} element {g.code} was due on {g.target_date} and is still To-Be")


@gap_rule("retiring_holds_master")
def _retiring_master(arch: Architecture) -> Iterator[EaFinding]:
    for code, s in sorted(arch.systems.items()):
        if s.ea_state != "retiring":
            continue
        master = [n for n in arch.inventory.datasets_of(code)
                  if n in arch.catalog.datasets and arch.catalog.datasets[n].kind == "master"]
        if master:
            yield EaFinding(code, "retiring_holds_master", "high",
                            f"retiring system {code} ({s.name_th}) still holds master data: {', '.join(master)}")


@gap_rule("support_ended")
def _support_ended(arch: Architecture) -> Iterator[EaFinding]:
    for sv in arch.ea.servers:
        if sv.state != "to_be" and sv.support_ends is not None and sv.support_ends < arch.as_of:
            yield EaFinding(sv.code, "support_ended", "high",
                            f"server {sv.code} ({sv.os or sv.role}; {', '.join(sv.systems)}) has had no vendor "
                            f"support since {sv.support_ends.isoformat()}")


@gap_rule("control_contradicted")
def _contradicted(arch: Architecture) -> Iterator[EaFinding]:
    by_dataset = security_findings_by_dataset(arch)
    for code, s in sorted(arch.systems.items()):
        if "encryption_at_rest" not in s.security_controls:
            continue
        bare = [n for n in arch.inventory.datasets_of(code)
                if any(f["code"] == "unencrypted_secret" for f in by_dataset.get(n, []))]
        if bare:
            yield EaFinding(code, "control_contradicted", "high",
                            f"{code} declares encryption at rest, but the security check finds "
                            f"{', '.join(bare)} kept unencrypted")
