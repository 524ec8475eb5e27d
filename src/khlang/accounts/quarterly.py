"""The quarterly summary of accounts (สงพท.-04): grants created, reviewed or changed, and removed in a quarter.

Read from the access register's dates (catalog/access.yaml): a grant is created on `granted_on`, reviewed or
changed on `reviewed_on`, removed on `revoked_on` or, when it was not revoked first, on `expires_on`. Each
grant counts for the unit of its grantee: a person's unit, a unit group's unit, else `all_staff`, `public`
or `external` (an external party).
"""

from __future__ import annotations

import datetime as dt

from khlang.dates import format_be
from khlang.declarations import Catalog
from khlang.declarations.quality_decl import AccessRegister, Grant
from khlang.governance.periods import Period
from khlang.report.labels import ACCOUNT_REPORT

EVENTS = ("created", "changed", "removed")


def grantee_unit(catalog: Catalog, register: AccessRegister, grantee: str) -> str:
    """The unit a grant counts for."""
    kind = register.grantee_kind(grantee)
    if kind == "party":
        return "external"
    if kind == "group":
        group = register.groups[grantee]
        return group.unit or group.scope
    person = catalog.people.get(grantee)
    return person.unit if person else "unknown"


def _removed_on(g: Grant) -> dt.date | None:
    if g.revoked_on and (g.expires_on is None or g.revoked_on <= g.expires_on):
        return g.revoked_on
    return g.expires_on


def _event_day(g: Grant, event: str) -> dt.date | None:
    return {"created": g.granted_on, "changed": g.reviewed_on, "removed": _removed_on(g)}[event]


def _entry(catalog: Catalog, register: AccessRegister, g: Grant, event: str, day: dt.date) -> dict:
    kind = register.grantee_kind(g.grantee)
    person = catalog.people.get(g.grantee) if kind == "person" else None
    name = person.name if person else (register.groups[g.grantee].name_th if kind == "group"
                                       else register.parties[g.grantee].name_th)
    return {"event": event, "on": day.isoformat(), "on_be": format_be(day), "dataset": g.dataset,
            "grantee": g.grantee, "grantee_name": name, "unit": grantee_unit(catalog, register, g.grantee),
            "access": g.access, "account": g.account, "reference": g.reference,
            "by": g.approved_by if event == "created" else g.reviewed_by if event == "changed" else None,
            "how": ("revoked" if g.revoked_on == day else "expired") if event == "removed" else None,
            "line": register.line_of(g)}


def account_report(catalog: Catalog, register: AccessRegister, period: Period) -> dict:
    """What happened to the accounts in the period, in total and per unit, with every grant listed."""
    entries = []
    for g in register.grants:
        for event in EVENTS:
            day = _event_day(g, event)
            if day is not None and period.contains(day):
                entries.append(_entry(catalog, register, g, event, day))
    entries.sort(key=lambda e: (e["on"], EVENTS.index(e["event"]), e["dataset"], e["grantee"]))
    # in force when the quarter ends and not removed in it (a grant expiring on its last day is a removal)
    in_force = [g for g in register.grants if g.in_force(period.end)
                and not ((day := _removed_on(g)) is not None and period.contains(day))]
    units: dict[str, dict[str, int]] = {}
    for e in entries:
        units.setdefault(e["unit"], dict.fromkeys((*EVENTS, "in_force"), 0))[e["event"]] += 1
    for g in in_force:
        units.setdefault(grantee_unit(catalog, register, g.grantee), dict.fromkeys((*EVENTS, "in_force"), 0))[
            "in_force"] += 1
    totals = {event: sum(1 for e in entries if e["event"] == event) for event in EVENTS}
    return {"period": {"code": period.code, "start": period.start.isoformat(), "end": period.end.isoformat(),
                       "start_be": format_be(period.start), "end_be": format_be(period.end),
                       "label_th": period.label_th, "label_en": period.label_en},
            "headings": {k: {"th": v.th, "en": v.en} for k, v in ACCOUNT_REPORT.items()},
            "totals": {**totals, "in_force": len(in_force)},
            "units": [{"unit": unit, "unit_name": _unit_name(catalog, unit), **counts}
                      for unit, counts in sorted(units.items())],
            "entries": entries}


def _unit_name(catalog: Catalog, unit: str) -> str:
    decl = catalog.units.get(unit)
    if decl is not None:
        return decl.name_th
    lab = ACCOUNT_REPORT.get(unit)
    return lab.th if lab else unit
