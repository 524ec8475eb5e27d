"""The business glossary's approvals (อภิธานศัพท์, สงพท.-11 steps 1 and 3): draft → approved by the committee.

A term's effective status is its declared status (glossary.yaml) overlaid by the approvals recorded here. An
approval is of the term's text (its names and definitions, by sha256): when the steward changes the text, the
term is a draft again until the committee approves the new text. The write checks the permission inside the
function (`glossary.approve`: a member of the committee), is audited, and writes nothing when refused.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass

from sqlalchemy import select

from khlang.dates import utcnow
from khlang.declarations import Catalog
from khlang.declarations.glossary import Glossary, Term, TermStatus
from khlang.governance.evidence_refs import not_in_future
from khlang.governance.glossary_records import GlossaryApproval
from khlang.governance.people import NotFound, StateConflict
from khlang.identity import Actor, audit, authorize
from khlang.store import Store

STATUSES: tuple[str, ...] = typing.get_args(TermStatus)


@dataclass(frozen=True)
class TermApproval:
    """One approval of a term: in glossary.yaml (`approved_on`) or recorded in the store."""

    on: dt.date
    by: str | None
    source: str  # "declared" | "store"
    note: str | None = None
    current: bool = True  # False: it approved an earlier text of the term


@dataclass(frozen=True)
class TermView:
    """A term with its effective status and every approval."""

    term: Term
    status: str
    approvals: tuple[TermApproval, ...]

    @property
    def id(self) -> str:
        return self.term.id

    @property
    def approved_on(self) -> dt.date | None:
        """The first approval of the current text, if any."""
        current = [a.on for a in self.approvals if a.current]
        return min(current) if current else None

    @property
    def changed_since_approval(self) -> bool:
        """The term was approved once, but its text changed since, so it waits for the committee again."""
        return self.status == "draft" and any(not a.current for a in self.approvals)

    def to_dict(self) -> dict:
        """Plain data for JSON and the site."""
        t = self.term
        return {"id": t.id, "term_th": t.term_th, "term_en": t.term_en, "definition_th": t.definition_th,
                "definition_en": t.definition_en, "steward": t.steward, "declared_status": t.status,
                "status": self.status, "approved_on": self.approved_on.isoformat() if self.approved_on else None,
                "changed_since_approval": self.changed_since_approval,
                "datasets": list(t.datasets), "columns": list(t.columns), "see_also": list(t.see_also),
                "approvals": [{"on": a.on.isoformat(), "by": a.by, "source": a.source, "note": a.note,
                               "current": a.current} for a in self.approvals]}


@dataclass(frozen=True)
class _Row:
    approved_on: dt.date
    by: str
    note: str | None
    text_sha256: str


def _recorded(store: Store | None) -> dict[str, list[_Row]]:
    out: dict[str, list[_Row]] = {}
    if store is None:
        return out
    with store.reading() as session:
        for row in session.scalars(select(GlossaryApproval).order_by(GlossaryApproval.approved_on,
                                                                     GlossaryApproval.id)):
            out.setdefault(row.term_id, []).append(_Row(row.approved_on, row.by, row.note, row.text_sha256))
    return out


def _view(term: Term, rows: list[_Row]) -> TermView:
    """The declared approval (if glossary.yaml dates one), then the store's; approved when declared so or when an
    approval of the current text is recorded."""
    approvals: list[TermApproval] = []
    if term.approved_on is not None:
        approvals.append(TermApproval(term.approved_on, None, "declared"))
    digest = term.text_digest
    approvals += [TermApproval(r.approved_on, r.by, "store", r.note, r.text_sha256 == digest) for r in rows]
    recorded = any(a.current and a.source == "store" for a in approvals)
    return TermView(term, "approved" if term.status == "approved" or recorded else "draft", tuple(approvals))


def with_approvals(glossary: Glossary, store: Store | None) -> list[TermView]:
    """Every term of the glossary with its effective status (declared, overlaid by the store's approvals)."""
    recorded = _recorded(store)
    return [_view(t, recorded.get(t.id, [])) for t in glossary.terms]


def term_view(glossary: Glossary, store: Store | None, term_id: str) -> TermView:
    """One term with its effective status; NotFound for an unknown id."""
    term = glossary.term(term_id)
    if term is None:
        known = ", ".join(t.id for t in glossary.terms) or "none declared"
        raise NotFound(f"unknown glossary term {term_id!r} (terms: {known})")
    return _view(term, _recorded(store).get(term_id, []))


def approve_term(catalog: Catalog, store: Store, glossary: Glossary, actor: Actor, term_id: str, *,
                 on: dt.date, note: str | None = None) -> dict:
    """A member of the committee approves a draft term's current text: from `on` it is approved."""
    view = term_view(glossary, store, term_id)
    authorize(catalog, actor, "glossary.approve")
    not_in_future(on, "on")
    if view.status == "approved":
        raise StateConflict(f"{term_id} is already approved"
                            + (f" (since {view.approved_on.isoformat()})" if view.approved_on else ""))
    digest = view.term.text_digest
    with store.transaction() as session:
        same = session.scalar(select(GlossaryApproval.id).where(GlossaryApproval.term_id == term_id,
                                                               GlossaryApproval.text_sha256 == digest))
        if same is not None:
            raise StateConflict(f"{term_id} is already approved")
        row = GlossaryApproval(term_id=term_id, text_sha256=digest, approved_on=on, note=(note or "").strip() or None,
                               by=actor.acting_person, recorded_by=actor.username, channel=actor.channel,
                               reason=actor.reason, recorded_at=utcnow())
        session.add(row)
        session.flush()
        after = {"status": "approved", "approved_on": on.isoformat(), "text_sha256": digest, "note": row.note}
        audit(session, actor, "glossary.approve", "glossary_term", term_id, before={"status": view.status},
              after=after, note=row.note)
    return {"id": row.id, "term": term_id, **after, "by": actor.acting_person}


def available_glossary_actions(catalog: Catalog, actor: Actor, view: TermView) -> list[str]:
    """What this person may do on a term now (the console's buttons): "approve" for a draft, by the committee."""
    from khlang.identity import allowed

    if view.status == "draft" and allowed(catalog, actor, "glossary.approve"):
        return ["approve"]
    return []
