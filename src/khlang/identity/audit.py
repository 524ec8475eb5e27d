"""The audit log: every write appends one row in the writer's own transaction; nothing edits it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from khlang.dates import utcnow
from khlang.identity.actor import Actor
from khlang.identity.records import AuditEntry

MAX_LIMIT = 10_000


def _plain(value: Any) -> Any:
    """JSON-safe copy (dates as ISO text, sets as sorted lists) of what changed."""
    if value is None:
        return None
    return json.loads(json.dumps(value, ensure_ascii=False, default=_default))


def _default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)


def audit(session: Session, actor: Actor, action: str, object_type: str, object_id: object, *,
          before: dict | None = None, after: dict | None = None, note: str | None = None) -> AuditEntry:
    """Append one audit row to the caller's transaction: who really acted (and for whom), from where, what changed."""
    entry = AuditEntry(at=utcnow(), person=actor.person, username=actor.username, channel=actor.channel,
                       address=actor.address, on_behalf_of=actor.on_behalf_of,
                       reason=actor.reason if actor.on_behalf_of else None, action=action,
                       object_type=object_type, object_id=str(object_id), before=_plain(before),
                       after=_plain(after), note=note)
    session.add(entry)
    return entry


def audit_entries(session: Session, *, actor: str | None = None, object_type: str | None = None,
                  object_id: object | None = None, since: dt.datetime | None = None, action: str | None = None,
                  limit: int = 200) -> list[AuditEntry]:
    """The newest audit rows first, filtered by person (or username), object, action and time."""
    q = select(AuditEntry)
    if actor:
        q = q.where((AuditEntry.person == actor) | (AuditEntry.username == actor) | (AuditEntry.on_behalf_of == actor))
    if object_type:
        q = q.where(AuditEntry.object_type == object_type)
    if object_id is not None:
        q = q.where(AuditEntry.object_id == str(object_id))
    if action:
        q = q.where(AuditEntry.action == action)
    if since is not None:
        q = q.where(AuditEntry.at >= since)
    q = q.order_by(AuditEntry.id.desc()).limit(max(1, min(int(limit), MAX_LIMIT)))
    return list(session.scalars(q))


def entry_dict(e: AuditEntry) -> dict:
    """An audit row as plain data (for JSON output and pages)."""
    return {"id": e.id, "at": e.at.isoformat() if e.at else None, "person": e.person, "username": e.username,
            "channel": e.channel, "address": e.address, "on_behalf_of": e.on_behalf_of, "reason": e.reason,
            "action": e.action, "object_type": e.object_type, "object_id": e.object_id, "before": e.before,
            "after": e.after, "note": e.note}
