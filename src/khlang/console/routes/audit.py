"""บันทึกการตรวจสอบ · Audit log: every write with who, when, from where and what changed. Read-only."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from khlang.console.people import page_actor

router = APIRouter(include_in_schema=False)
PAGE = 200


def audit_rows(console, actor, *, person: str | None = None, object_type: str | None = None,  # noqa: ANN001
               object_id: str | None = None, since: dt.datetime | None = None, limit: int = PAGE) -> list[dict]:
    """The newest audit rows, for those the rules let read the log (auditors); PermissionDenied otherwise."""
    from khlang.identity import audit_entries, authorize
    from khlang.identity.audit import entry_dict

    authorize(console.catalog, actor, "audit.read")
    with console.store.reading() as session:
        return [entry_dict(e) for e in audit_entries(session, actor=person or None, object_type=object_type or None,
                                                     object_id=object_id or None, since=since,
                                                     limit=max(1, min(limit, 1000)))]


@router.get("/audit")
def audit_page(request: Request, person: str | None = None, object_type: str | None = None,
               object_id: str | None = None, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """The log, newest first, filtered by person or object."""
    console = request.app.state.console
    rows = audit_rows(console, actor, person=person, object_type=object_type, object_id=object_id)
    return console.page("audit.html.j2", request, rows=rows, person_filter=person or "",
                        object_type=object_type or "", object_id=object_id or "")
