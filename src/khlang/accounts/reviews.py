"""The annual account review (สงพท.-04): a circular asks every office to review its list of system users by
30 September; each office's reply (reviewed on, by whom, a note, an optional evidence file) is recorded within
45 days of the circular. An office that has not replied by then is the finding `accounts:review_reply_overdue`, one
issue per office assigned to its head (the `account_review` issue source of khlang.governance.operational).

The offices asked are those whose people (still active) or unit groups hold a grant in force on the day the
circular is issued. Writes check `khlang.identity.authorize` and are audited in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import BinaryIO

from sqlalchemy import select

from khlang.accounts.records import ReviewCircular, ReviewReply
from khlang.dates import format_be, to_bangkok, today_bangkok, utcnow
from khlang.declarations import Catalog
from khlang.declarations.quality_decl import AccessRegister
from khlang.governance.people import GovernanceError, NotFound, StateConflict
from khlang.identity import Actor, audit, authorize
from khlang.store import Store
from khlang.store.locks import run_lock

REPLY_DAYS = 45
CIRCULAR, REPLY = "accounts.circular", "accounts.review_reply"


@dataclass(frozen=True)
class CircularState:
    """A circular as the security rule reads it: who was asked, by when, and who has replied (unit → day)."""

    cycle: int
    issued_on: dt.date
    reply_by: dt.date
    units: tuple[str, ...]
    replied: dict[str, dt.date] = field(default_factory=dict)

    def overdue(self, as_of: dt.date) -> list[str]:
        """The offices asked that have not replied, once the 45 days are over."""
        if as_of <= self.reply_by:
            return []
        return [u for u in self.units if u not in self.replied]


def offices_to_review(catalog: Catalog, register: AccessRegister, day: dt.date) -> list[str]:
    """The units whose active people or unit groups hold a grant in force on `day`."""
    units: set[str] = set()
    for g in register.grants:
        if not g.in_force(day):
            continue
        kind = register.grantee_kind(g.grantee)
        if kind == "group" and register.groups[g.grantee].unit:
            units.add(str(register.groups[g.grantee].unit))
        elif kind == "person" and (p := catalog.person(g.grantee)) is not None and p.active:
            units.add(p.unit)
    return sorted(units)


def _deadline(cycle: int) -> dt.date:
    return dt.date(cycle, 9, 30)


def issue_circular(catalog: Catalog, store: Store, actor: Actor, register: AccessRegister, *, cycle: int,
                   issued_on: dt.date, document_number: str | None = None) -> dict:
    """Record the circular of a cycle (C.E. year of its 30 September); once per cycle."""
    authorize(catalog, actor, CIRCULAR)
    if not 1900 <= cycle <= 2200:
        raise GovernanceError(f"--cycle {cycle}: a year like 2569 or 2026")
    units = offices_to_review(catalog, register, issued_on)
    with store.transaction() as session:
        run_lock(session, "account_review_circular", str(cycle))
        if session.scalar(select(ReviewCircular.id).where(ReviewCircular.cycle == cycle)) is not None:
            raise StateConflict(f"the account review circular of {cycle + 543} is already recorded "
                                "— บันทึกหนังสือเวียนของรอบนี้แล้ว")
        row = ReviewCircular(cycle=cycle, document_number=(document_number or "").strip() or None,
                             issued_on=issued_on, deadline=_deadline(cycle),
                             reply_by=issued_on + dt.timedelta(days=REPLY_DAYS), units=units,
                             by=actor.acting_person, recorded_by=actor.username, channel=actor.channel,
                             recorded_at=utcnow())
        session.add(row)
        session.flush()
        after = _circular_dict(row)
        audit(session, actor, CIRCULAR, "account_review_circular", cycle, after=after)
    return after


def record_reply(catalog: Catalog, store: Store, actor: Actor, *, cycle: int, unit: str, reviewed_on: dt.date,
                 note: str | None = None, evidence: tuple[bytes | BinaryIO, str] | None = None) -> dict:
    """Record an office's reply to the cycle's circular: by its head or a steward working there; once."""
    from khlang.evidence import record_evidence

    if unit not in catalog.units:
        raise NotFound(f"unit {unit!r}: no such unit in organisation.yaml — ไม่พบหน่วยงาน")
    authorize(catalog, actor, REPLY, unit=unit)
    with store.transaction() as session:
        run_lock(session, "account_review_reply", f"{cycle}:{unit}")
        circular = session.scalar(select(ReviewCircular).where(ReviewCircular.cycle == cycle))
        if circular is None:
            raise NotFound(f"no account review circular is recorded for {cycle + 543} — ยังไม่มีหนังสือเวียน")
        if unit not in (circular.units or []):
            raise GovernanceError(f"{unit} was not asked by the circular of {cycle + 543} "
                                  f"(asked: {', '.join(circular.units)})")
        if reviewed_on > today_bangkok():
            raise GovernanceError(f"--reviewed-on {reviewed_on.isoformat()}: in the future")
        done = session.scalar(select(ReviewReply).where(ReviewReply.circular_id == circular.id,
                                                        ReviewReply.unit == unit))
        if done is not None:
            raise StateConflict(f"{unit} has already replied to the circular of {cycle + 543} "
                                f"(reviewed {format_be(done.reviewed_on)}, by {done.by}) — บันทึกผลการทบทวนแล้ว")
        kept = None
        if evidence is not None:
            kept = record_evidence(session, actor, evidence[0], evidence[1], subject_type="unit", subject_id=unit)
        row = ReviewReply(circular_id=circular.id, unit=unit, reviewed_on=reviewed_on, by=actor.acting_person,
                          note=(note or "").strip() or None, evidence_id=kept.id if kept else None,
                          recorded_by=actor.username, channel=actor.channel, reason=actor.reason,
                          recorded_at=utcnow())
        session.add(row)
        session.flush()
        after = _reply_dict(row, circular)
        audit(session, actor, REPLY, "account_review_reply", f"{cycle}:{unit}", after=after, note=row.note)
    return after


def circular_state(store: Store, as_of: dt.date) -> CircularState | None:
    """The newest circular issued by as_of, with the replies recorded by then."""
    with store.reading() as session:
        circular = session.scalar(select(ReviewCircular).where(ReviewCircular.issued_on <= as_of)
                                  .order_by(ReviewCircular.issued_on.desc(), ReviewCircular.id.desc()).limit(1))
        if circular is None:
            return None
        replies = session.scalars(select(ReviewReply).where(ReviewReply.circular_id == circular.id)).all()
        return CircularState(circular.cycle, circular.issued_on, circular.reply_by, tuple(circular.units or ()),
                             {r.unit: r.reviewed_on for r in replies if r.reviewed_on <= as_of})


def review_status(catalog: Catalog, store: Store, cycle: int, as_of: dt.date) -> dict:
    """The circular of a cycle and each office asked: replied (when, by whom), waiting, or overdue."""
    with store.reading() as session:
        circular = session.scalar(select(ReviewCircular).where(ReviewCircular.cycle == cycle))
        if circular is None:
            raise NotFound(f"no account review circular is recorded for {cycle + 543} — ยังไม่มีหนังสือเวียน")
        replies = {r.unit: r for r in session.scalars(select(ReviewReply)
                                                      .where(ReviewReply.circular_id == circular.id))}
        offices = []
        for unit in circular.units or []:
            reply = replies.get(unit)
            state = "replied" if reply else ("overdue" if as_of > circular.reply_by else "waiting")
            decl = catalog.units.get(unit)
            offices.append({"unit": unit, "unit_name": decl.name_th if decl else unit, "state": state,
                            **(_reply_dict(reply, circular) if reply else {})})
        return {**_circular_dict(circular), "as_of": as_of.isoformat(), "as_of_be": format_be(as_of),
                "offices": offices}


def _circular_dict(c: ReviewCircular) -> dict:
    return {"cycle": c.cycle, "cycle_be": c.cycle + 543, "document_number": c.document_number,
            "issued_on": c.issued_on.isoformat(), "issued_on_be": format_be(c.issued_on),
            "deadline": c.deadline.isoformat(), "deadline_be": format_be(c.deadline),
            "reply_by": c.reply_by.isoformat(), "reply_by_be": format_be(c.reply_by), "units": list(c.units or []),
            "by": c.by}


def _reply_dict(r: ReviewReply, c: ReviewCircular) -> dict:
    return {"cycle": c.cycle, "unit": r.unit, "reviewed_on": r.reviewed_on.isoformat(),
            "reviewed_on_be": format_be(r.reviewed_on), "by": r.by, "note": r.note, "evidence_id": r.evidence_id,
            "recorded_by": r.recorded_by, "recorded_on": to_bangkok(r.recorded_at).date().isoformat(),
            "late": to_bangkok(r.recorded_at).date() > c.reply_by}
