"""อภิธานศัพท์ · Glossary: the business glossary's terms with their status; a committee member approves a draft."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from khlang.console import forms
from khlang.console.people import checked_form, page_actor
from khlang.dates import today_bangkok

router = APIRouter(include_in_schema=False)


@router.get("/glossary")
def glossary_list(request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """Every term: names, definitions, steward, effective status, linked datasets; the approve form where allowed."""
    from khlang.governance.glossary import available_glossary_actions, with_approvals

    console = request.app.state.console
    views = with_approvals(console.glossary(), console.store)
    may = {v.id: available_glossary_actions(console.catalog, actor, v) for v in views}
    return console.page("glossary.html.j2", request, terms=views, may=may, today=today_bangkok())


@router.post("/glossary/{term_id}/approve")
async def approve(term_id: str, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """A member of the committee approves a draft term."""
    from khlang.governance.glossary import approve_term

    console = request.app.state.console
    form = await checked_form(request)
    approve_term(console.catalog, console.store, console.glossary(), actor, term_id, on=forms.date(form, "on"),
                 note=forms.text(form, "note") or None)
    return RedirectResponse(f"/glossary?saved=1#{term_id}", status_code=303)
