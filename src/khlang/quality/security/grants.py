"""Rules over the access register: who holds access, whether they should, and whether it was reviewed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from khlang.declarations import Dataset
from khlang.declarations.models import CLASSIFICATION_ORDER
from khlang.declarations.quality_decl import Grant
from khlang.quality.results import CheckResult
from khlang.quality.security.base import Context, finding, security_rule

REVIEW_MONTH, REVIEW_DAY = 9, 30  # สงพท.-04: every office reviews its list of system users by 30 September


def review_deadline(as_of: dt.date) -> dt.date:
    """The most recent 30 September on or before as_of: the last annual review that is due."""
    this_year = dt.date(as_of.year, REVIEW_MONTH, REVIEW_DAY)
    return this_year if this_year <= as_of else this_year.replace(year=as_of.year - 1)


def review_cycle_start(as_of: dt.date) -> dt.date:
    """First day of the review cycle that ended at the last deadline (1 October the year before)."""
    deadline = review_deadline(as_of)
    return deadline.replace(year=deadline.year - 1) + dt.timedelta(days=1)


def _grantee(ctx: Context, g: Grant) -> dict:
    """A grant as evidence: who, what access, which account, and its line in access.yaml."""
    return {"grantee": g.grantee, "access": g.access, **({"account": g.account} if g.account else {}),
            "line": ctx.register.line_of(g)}


def why_too_wide(ctx: Context, ds: Dataset, g: Grant) -> str | None:
    """Why the grant is wider than the dataset's classification allows, or None when it is within it.

    public: anyone may read; internal: any อคส. staff member or staff group, nobody outside;
    confidential: the people named on the dataset and the staff of their units; secret and
    top_secret: only the people named on the dataset. Write and admin: only the people named on
    the dataset and, below secret, the staff of the digital owner's unit; never a group or an outsider.
    """
    kind = ctx.register.grantee_kind(g.grantee)
    below_secret = CLASSIFICATION_ORDER.index(ds.classification) < CLASSIFICATION_ORDER.index("secret")
    holders, units = ctx.holders(ds), ctx.owning_units(ds)
    person = ctx.catalog.people.get(g.grantee) if kind == "person" else None
    group = ctx.register.groups.get(g.grantee)
    if g.access != "read":
        digital = ctx.catalog.person(ds.digital_owner)
        if g.grantee in holders:
            return None
        if person is not None and digital is not None and person.unit == digital.unit and below_secret:
            return None
        return f"{g.access} access is for the dataset's owners, steward and the digital owner's unit"
    if ds.classification == "public":
        return None
    if kind == "party":
        return f"an external party may not read {ds.classification} data"
    if group is not None and group.scope == "public":
        return f"the public may not read {ds.classification} data"
    if ds.classification == "internal":
        return None
    if g.grantee in holders:
        return None
    if ds.classification == "confidential":
        if person is not None and person.unit in units:
            return None
        if group is not None and group.scope == "unit" and group.unit in units:
            return None
        return f"confidential data is for the owning units ({', '.join(sorted(units))}) only"
    return f"{ds.classification} data is for its owners and steward only"


@security_rule("grant_too_wide", severity="high", weight=2.0)
def grant_too_wide(ctx: Context) -> Iterator[CheckResult]:
    """Grants wider than the dataset's classification allows."""
    for ds in ctx.datasets():
        grants = ctx.grants_on(ds.name)
        wide = [(g, why) for g in grants if (why := why_too_wide(ctx, ds, g))]
        yield finding(ctx, "grant_too_wide", ds, element_count=len(grants), unexpected_count=len(wide),
                      observed=len(wide), details={"classification": ds.classification, "grants": [
                          {**_grantee(ctx, g), "reason": why} for g, why in wide]})


@security_rule("account_left", severity="high", weight=2.0)
def account_left(ctx: Context) -> Iterator[CheckResult]:
    """Grants still held by people who have left อคส."""
    for ds in ctx.datasets():
        personal = [g for g in ctx.grants_on(ds.name) if ctx.register.grantee_kind(g.grantee) == "person"]
        left = [g for g in personal if ctx.has_left(ctx.catalog.people.get(g.grantee))]
        yield finding(ctx, "account_left", ds, element_count=len(personal), unexpected_count=len(left),
                      observed=len(left), details={"grants": [
                          {**_grantee(ctx, g), "left_on": _iso(ctx.catalog.people[g.grantee].left_on)} for g in left]})


@security_rule("account_not_reviewed", severity="medium", weight=1.0)
def account_not_reviewed(ctx: Context) -> Iterator[CheckResult]:
    """Grants not reviewed (nor granted) within the review cycle that ended on the last 30 September.

    A grant made during the cycle was approved then (form FM-EI-01), so it counts as reviewed; a
    review after the deadline, before as_of, also counts (the account has been looked at since).
    """
    deadline, start = review_deadline(ctx.as_of), review_cycle_start(ctx.as_of)
    for ds in ctx.datasets():
        grants = ctx.grants_on(ds.name)
        overdue = []
        for g in grants:
            last = max((d for d in (g.reviewed_on, g.granted_on) if d is not None and d <= ctx.as_of), default=None)
            if last is None or last < start:
                overdue.append({**_grantee(ctx, g), "last_reviewed": _iso(last)})
        yield finding(ctx, "account_not_reviewed", ds, element_count=len(grants), unexpected_count=len(overdue),
                      observed=len(overdue), details={"deadline": deadline.isoformat(),
                                                      "cycle_start": start.isoformat(), "grants": overdue})


REQUEST_FIELDS = ("reference", "approved_by")  # what an FM-EI-01 request leaves on the grant


@security_rule("grant_without_request", severity="medium", weight=1.0)
def grant_without_request(ctx: Context) -> Iterator[CheckResult]:
    """Grants in force with no FM-EI-01 request on record: no `reference` or no `approved_by` (one per grant)."""
    for ds in ctx.datasets():
        grants = ctx.grants_on(ds.name)
        bare = [{**_grantee(ctx, g), "missing": missing} for g in grants
                if (missing := [f for f in REQUEST_FIELDS if not getattr(g, f)])]
        yield finding(ctx, "grant_without_request", ds, element_count=len(grants), unexpected_count=len(bare),
                      observed=len(bare), details={"grants": bare})


@security_rule("self_approved", severity="high", weight=2.0)
def self_approved(ctx: Context) -> Iterator[CheckResult]:
    """Grants whose grantee approved or reviewed them: the request and its check need two people."""
    for ds in ctx.datasets():
        personal = [g for g in ctx.grants_on(ds.name) if ctx.register.grantee_kind(g.grantee) == "person"]
        own = [{**_grantee(ctx, g), "as": [r for r in ("approved_by", "reviewed_by") if getattr(g, r) == g.grantee]}
               for g in personal if g.grantee in (g.approved_by, g.reviewed_by)]
        yield finding(ctx, "self_approved", ds, element_count=len(personal), unexpected_count=len(own),
                      observed=len(own), details={"grants": own})


@dataclass(frozen=True)
class Transfer:
    """A person seen in one unit and then in another: the last day seen in the old one, the first in the new."""

    person: str
    old_unit: str
    new_unit: str
    last_seen_old: dt.date
    first_seen_new: dt.date


def transfers(ctx: Context) -> dict[str, list[Transfer]]:
    """Every change of unit in the snapshots' history, then the catalogue as of as_of; by person."""
    points = [(day, units) for day, units in ctx.unit_history if day <= ctx.as_of]
    points.append((ctx.as_of, {pid: p.unit for pid, p in ctx.catalog.people.items()}))
    last: dict[str, tuple[dt.date, str]] = {}
    out: dict[str, list[Transfer]] = {}
    for day, units in sorted(points, key=lambda p: p[0]):
        for pid, unit in units.items():
            seen = last.get(pid)
            if seen is not None and seen[1] != unit:
                out.setdefault(pid, []).append(Transfer(pid, seen[1], unit, seen[0], day))
            last[pid] = (day, unit)
    return out


@security_rule("transferred", severity="high", weight=2.0)
def transferred(ctx: Context) -> Iterator[CheckResult]:
    """Grants a person still holds for the work of a unit they have left for another.

    A grant is for the old unit's work when it was made before the move and its dataset belongs to the
    old unit (a unit of its owners or steward) and not to the new one; a review after the move (the new
    unit confirmed it) clears it.
    """
    moves = transfers(ctx)
    for ds in ctx.datasets():
        personal = [g for g in ctx.grants_on(ds.name) if ctx.register.grantee_kind(g.grantee) == "person"]
        units = ctx.owning_units(ds)
        held = []
        for g in personal:
            for t in moves.get(g.grantee, []):
                made_before = g.granted_on is None or g.granted_on <= t.last_seen_old
                confirmed = g.reviewed_on is not None and g.reviewed_on >= t.first_seen_new
                if made_before and not confirmed and t.old_unit in units and t.new_unit not in units:
                    held.append({**_grantee(ctx, g), "from_unit": t.old_unit, "to_unit": t.new_unit,
                                 "moved_between": [t.last_seen_old.isoformat(), t.first_seen_new.isoformat()]})
                    break
        yield finding(ctx, "transferred", ds, element_count=len(personal), unexpected_count=len(held),
                      observed=len(held), details={"grants": held})


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
