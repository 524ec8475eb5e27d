"""What `khlang linkage check` finds in the register, one function per finding (@finding_rule).

Expiring and expired agreements, data flowing without approval, outbound data beyond what the
legal basis allows, steps overdue against the procedure's working-day limits, stale exchanges,
and a register that lags behind the transitions recorded in the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass

from khlang.dates import format_both
from khlang.declarations import CLASSIFICATION_ORDER, Catalog
from khlang.linkage.register import Register
from khlang.linkage.state import LinkageState
from khlang.linkage.workdays import WorkingCalendar
from khlang.linkage.workflow import ACTIVE, FINAL, STEP_LIMITS
from khlang.registry import Registry

EXPIRY_WARNING_DAYS = 90
# How long one declared exchange period lasts, in calendar days; stale after two periods without one.
PERIOD_DAYS = {"realtime": 1, "daily": 1, "weekly": 7, "monthly": 31, "quarterly": 92, "half_yearly": 183,
               "yearly": 366}
PRE_APPROVAL = frozenset({"requested", "technical_review", "legal_review", "awaiting_decision", "returned"})


@dataclass(frozen=True)
class LinkageFinding:
    """One thing the register's owner must act on."""

    id: str
    finding: str
    severity: str  # "high" | "medium" | "low"
    detail: str

    def to_dict(self) -> dict:
        """JSON-ready: {"id", "finding", "severity", "detail"}."""
        return asdict(self)


@dataclass(frozen=True)
class Context:
    """What a finding rule may look at."""

    state: LinkageState
    register: Register
    catalog: Catalog
    calendar: WorkingCalendar
    as_of: dt.date


Rule = Callable[[Context], Iterator[LinkageFinding]]
FINDING_RULES: Registry[str, Rule] = Registry("linkage finding rule")


def finding_rule(code: str) -> Callable[[Rule], Rule]:
    """Register a rule under its finding code."""
    def register(fn: Rule) -> Rule:
        FINDING_RULES.add(code, fn)
        return fn
    return register


def check(register: Register, states: dict[str, LinkageState], catalog: Catalog, calendar: WorkingCalendar,
          as_of: dt.date) -> list[LinkageFinding]:
    """Every finding of every linkage, worst first, then by id."""
    found: list[LinkageFinding] = []
    for lid in sorted(states):
        ctx = Context(states[lid], register, catalog, calendar, as_of)
        for rule in FINDING_RULES.values():
            found.extend(rule(ctx))
    rank = {"high": 0, "medium": 1, "low": 2}
    return sorted(found, key=lambda f: (rank.get(f.severity, 3), f.id, f.finding))


def _finding(ctx: Context, code: str, severity: str, detail: str) -> LinkageFinding:
    return LinkageFinding(ctx.state.entry.id, code, severity, detail)


@finding_rule("agreement_expiring")
def _expiring(ctx: Context) -> Iterator[LinkageFinding]:
    expires = ctx.state.entry.agreement_expires_on
    if ctx.state.status in ACTIVE and expires is not None:
        left = (expires - ctx.as_of).days
        if 0 <= left <= EXPIRY_WARNING_DAYS:
            yield _finding(ctx, "agreement_expiring", "medium",
                           f"agreement expires on {format_both(expires)}, in {left} days: renew or end it")


@finding_rule("agreement_expired")
def _expired(ctx: Context) -> Iterator[LinkageFinding]:
    expires = ctx.state.entry.agreement_expires_on
    if ctx.state.status in ACTIVE and expires is not None and expires < ctx.as_of:
        yield _finding(ctx, "agreement_expired", "high",
                       f"agreement expired on {format_both(expires)} but the linkage is still {ctx.state.status}")


@finding_rule("exchange_without_approval")
def _unapproved_flow(ctx: Context) -> Iterator[LinkageFinding]:
    state, last = ctx.state, ctx.state.entry.last_exchange_on
    if last is None:
        return
    if state.status in PRE_APPROVAL or state.status == "rejected":
        yield _finding(ctx, "exchange_without_approval", "high",
                       f"data was exchanged on {format_both(last)} but the linkage is {state.status}, "
                       "not approved")
    elif state.status in ACTIVE and state.decided_on and last < state.decided_on:
        yield _finding(ctx, "exchange_without_approval", "high",
                       f"data was exchanged on {format_both(last)}, before the approval of "
                       f"{format_both(state.decided_on)}")
    elif state.status in ("suspended", "terminated") and last > state.since:
        yield _finding(ctx, "exchange_without_approval", "high",
                       f"data was exchanged on {format_both(last)}, after the linkage was {state.status} "
                       f"on {format_both(state.since)}")


@finding_rule("exceeds_legal_basis")
def _beyond_basis(ctx: Context) -> Iterator[LinkageFinding]:
    entry = ctx.state.entry
    basis = ctx.register.bases.get(entry.legal_basis)
    if basis is None or entry.direction == "inbound" or ctx.state.status in FINAL:
        return
    ceiling = CLASSIFICATION_ORDER.index(basis.max_classification)
    for name in entry.datasets:
        ds = ctx.catalog.datasets.get(name)
        if ds is None:
            continue
        reasons = []
        if CLASSIFICATION_ORDER.index(ds.classification) > ceiling:
            reasons.append(f"it is {ds.classification} and {entry.legal_basis} allows at most "
                           f"{basis.max_classification}")
        pd = ds.personal_data
        if pd.contains_pii:
            if basis.personal_data == "none":
                reasons.append(f"it holds personal data and {entry.legal_basis} allows none")
            elif basis.personal_data == "consented" and pd.lawful_basis != "consent":
                reasons.append(f"it holds personal data collected on {pd.lawful_basis or 'no declared'} basis, "
                               f"and {entry.legal_basis} covers only data collected with consent")
            if pd.sensitive and not basis.sensitive_data:
                reasons.append(f"it holds sensitive personal data (PDPA s.26) that {entry.legal_basis} "
                               "does not cover")
        if reasons:
            yield _finding(ctx, "exceeds_legal_basis", "high",
                           f"outbound dataset {name}: " + "; ".join(reasons))


@finding_rule("step_overdue")
def _overdue(ctx: Context) -> Iterator[LinkageFinding]:
    for step, started in _open_steps(ctx):
        limit = STEP_LIMITS[step]
        deadline = ctx.calendar.add_working_days(started, limit.working_days)
        if ctx.as_of > deadline:
            late = ctx.calendar.working_days_between(deadline, ctx.as_of)
            # High once the step is late by its own limit again, or by a working week for the short steps.
            severity = "high" if late >= max(limit.working_days, 5) else "medium"
            yield _finding(ctx, "step_overdue", severity,
                           f"{step}: {limit.label_en} ({limit.label_th}) allows {limit.working_days} working "
                           f"day(s) from {format_both(started)}; due {format_both(deadline)}, "
                           f"{late} working day(s) late")


def _open_steps(ctx: Context) -> Iterator[tuple[str, dt.date]]:
    """The step the linkage is waiting on now, and when its clock started."""
    state, entry = ctx.state, ctx.state.entry
    if state.status == "requested":
        if entry.requirements_meeting_on is None:
            yield "requirements_meeting", entry.requested_on
        elif entry.agency_meeting_on is None:
            yield "agency_meeting", entry.requirements_meeting_on
        else:
            yield "technical_analysis", entry.agency_meeting_on
    elif state.status in ("technical_review", "returned"):
        # A linkage returned by the Director goes back to review: the technical limit applies again.
        yield "technical_analysis", state.since
    elif state.status == "legal_review":
        yield "summary", state.since
    elif state.status == "awaiting_decision":
        yield "decision", state.since
    elif state.status == "approved" and entry.registered_on is None and not state.from_store:
        # A transition recorded in Khlang is itself the register entry; a declared approval needs one.
        yield "registration", state.decided_on or state.since


@finding_rule("stale_exchange")
def _stale(ctx: Context) -> Iterator[LinkageFinding]:
    state, entry = ctx.state, ctx.state.entry
    period = PERIOD_DAYS.get(entry.frequency)
    if state.status not in ACTIVE or period is None:
        return
    reference = entry.last_exchange_on or entry.registered_on or state.decided_on or state.since
    due = reference + dt.timedelta(days=2 * period)
    if ctx.as_of > due:
        what = f"last exchange {format_both(entry.last_exchange_on)}" if entry.last_exchange_on \
            else f"no exchange since approval on {format_both(reference)}"
        yield _finding(ctx, "stale_exchange", "medium",
                       f"{what}; declared {entry.frequency}, so one was expected by {format_both(due)}")


@finding_rule("register_outdated")
def _outdated(ctx: Context) -> Iterator[LinkageFinding]:
    state = ctx.state
    if state.register_outdated:
        yield _finding(ctx, "register_outdated", "low",
                       f"the register says {state.declared_status} but {state.status} was recorded on "
                       f"{format_both(state.since)}: update linkages.yaml")
