"""การเชื่อมโยงข้อมูล · Linkages (สงพท.-08): analyses recorded in the console, steps by role, the Director decides."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from khlang.console import forms
from khlang.console.people import checked_form, page_actor
from khlang.console.waiting import linkage_states
from khlang.dates import today_bangkok

router = APIRouter(include_in_schema=False)


@router.get("/linkages")
def linkage_list(request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """Every linkage of the register with where it stands now."""
    console = request.app.state.console
    states = sorted(linkage_states(console).values(), key=lambda s: s.entry.id)
    return console.page("linkages.html.j2", request, states=states)


def linkage_model(console, actor, linkage_id: str) -> dict:  # noqa: ANN001
    """The linkage view (state, analyses, history, findings) and what this person may do on it."""
    from khlang.linkage.service import available_analyses, available_transitions, linkage_view

    register = console.register()
    view = linkage_view(console.catalog, console.store, linkage_id, register)
    return {"view": view.to_dict(), "register": register,
            "transitions": available_transitions(console.catalog, console.store, actor, linkage_id, register),
            "analyses": available_analyses(console.catalog, console.store, actor, linkage_id, register),
            "today": today_bangkok()}


@router.get("/linkages/{linkage_id}")
def linkage_page(linkage_id: str, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """One linkage: analyses, history with who did each step, the forms and buttons this role allows."""
    console = request.app.state.console
    model = linkage_model(console, actor, linkage_id)
    model.pop("register")
    return console.page("linkage.html.j2", request, **model)


@router.post("/linkages/{linkage_id}/analyses")
async def record_analysis(linkage_id: str, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """Record the technical or legal analysis (reference, date, optional evidence file)."""
    from khlang.linkage.service import available_analyses
    from khlang.linkage.service import record_analysis as record

    console = request.app.state.console
    form = await checked_form(request)
    kind = forms.text(form, "kind", required=True)
    register = console.register()
    evidence_id = None
    upload = form.get("file")
    if (upload is not None and not isinstance(upload, str) and upload.filename
            and kind in available_analyses(console.catalog, console.store, actor, linkage_id, register)):
        from khlang.evidence import store_evidence

        evidence_id = store_evidence(console.store, actor, upload.file, upload.filename,
                                     subject_type="linkage", subject_id=linkage_id).id
    record(console.catalog, register, console.store, actor, linkage_id, kind,
           reference=forms.text(form, "reference", required=True), completed_on=forms.date(form, "completed_on"),
           summary=forms.text(form, "summary") or None, evidence_id=evidence_id)
    return RedirectResponse(f"/linkages/{linkage_id}?saved=1", status_code=303)


@router.post("/linkages/{linkage_id}/transitions")
async def transition(linkage_id: str, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """Move the linkage one step (the Director's decision is one of these)."""
    from khlang.linkage.service import record_transition

    console = request.app.state.console
    form = await checked_form(request)
    record_transition(console.catalog, console.register(), console.store, actor, linkage_id,
                      forms.text(form, "status", required=True), forms.text(form, "note", required=True),
                      on=forms.date(form, "on"))
    return RedirectResponse(f"/linkages/{linkage_id}?saved=1", status_code=303)
