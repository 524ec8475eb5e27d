"""งานของฉัน · My work: my issues (overdue first), what waits for my decision or approval, my datasets."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from khlang.console import reading
from khlang.console.people import page_actor
from khlang.console.waiting import waiting_for
from khlang.dates import today_bangkok

router = APIRouter(include_in_schema=False)


@router.get("/")
def my_work(request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """The first page after sign-in."""
    console = request.app.state.console
    today = today_bangkok()
    return console.page("work.html.j2", request, today=today,
                        issues=reading.assigned_issues(console.store, console.catalog, actor.acting_person, today),
                        waiting=waiting_for(console, actor),
                        datasets=reading.my_datasets(console.catalog, actor.acting_person))
