"""ประเด็นปัญหา · Issues: the list, one issue's history, and the steps people take on it.

Every form posts to a route that checks the session's CSRF token, then calls the library function
that writes (and checks the permission, four eyes included, and writes the audit row). Success
redirects back to the issue (303); a refusal shows the library's sentence with its status code.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from khlang.console import acts, forms, reading
from khlang.console.people import checked_form, page_actor
from khlang.dates import today_bangkok
from khlang.governance.findings import explain
from khlang.governance.vocabulary import CAUSE_CATEGORIES, STATUSES

router = APIRouter(include_in_schema=False)


@router.get("/issues")
def issue_list(request: Request, status: str | None = None, dataset: str | None = None, mine: bool = False,
               page: int = 1, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """Issues, filtered; unresolved and most overdue first."""
    console = request.app.state.console
    status = status if status in STATUSES else None
    dataset = dataset if dataset in console.catalog.datasets else None
    page = max(1, min(page, 10_000))
    if mine:
        datasets = [d["name"] for d in reading.my_datasets(console.catalog, actor.acting_person)]
        person = console.catalog.person(actor.acting_person)
        result = reading.issues_page(console.store, status=status, dataset=dataset, datasets=datasets,
                                     person=actor.acting_person, unit=person.unit if person else None,
                                     offset=(page - 1) * reading.PAGE_SIZE)
    else:
        result = reading.issues_page(console.store, status=status, dataset=dataset,
                                     offset=(page - 1) * reading.PAGE_SIZE)
    return console.page("issues.html.j2", request, result=result, status=status, dataset=dataset, mine=mine,
                        page=page, page_size=reading.PAGE_SIZE, statuses=STATUSES,
                        datasets=sorted(console.catalog.datasets))


def issue_model(console, actor, issue_id: int) -> dict:  # noqa: ANN001
    """The issue with its history and what this person may do on it now."""
    detail = acts.issue_detail(console, issue_id)
    return {"issue": detail, "can": acts.possible(console, actor, issue_id, detail),
            "findings": explain((detail.get("evidence") or {}).get("findings", [])),
            "causes": CAUSE_CATEGORIES, "today": today_bangkok(), "evidence": acts.evidence_of(console, issue_id),
            "people": sorted((p for p in console.catalog.people.values() if p.active), key=lambda p: p.id)}


@router.get("/issues/{issue_id}")
def issue_page(issue_id: int, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """One issue: history, root cause, actions, evidence, and the forms this person may use."""
    console = request.app.state.console
    return console.page("issue.html.j2", request, **issue_model(console, actor, issue_id))


def _back(issue_id: int) -> Response:
    return RedirectResponse(f"/issues/{issue_id}?saved=1", status_code=303)


@router.post("/issues/{issue_id}/ack")
async def take_up(issue_id: int, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """รับเรื่อง: open → rca_in_progress."""
    form = await checked_form(request)
    acts.acknowledge(request.app.state.console, actor, issue_id, on=forms.date(form, "on"),
                     note=forms.text(form, "note"))
    return _back(issue_id)


@router.post("/issues/{issue_id}/rca")
async def root_cause(issue_id: int, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """Record the 5 whys, the cause category and the corrective/preventive actions."""
    form = await checked_form(request)
    acts.record_rca(request.app.state.console, actor, issue_id, acts.rca_from_form(form, actor))
    return _back(issue_id)


@router.post("/issues/{issue_id}/actions/{action_id}/done")
async def action_done(issue_id: int, action_id: int, request: Request,
                      actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """An action was carried out (not in the future)."""
    form = await checked_form(request)
    acts.action_done(request.app.state.console, actor, issue_id, action_id, on=forms.date(form, "on"),
                     note=forms.text(form, "note"))
    return _back(issue_id)


@router.post("/issues/{issue_id}/resolve")
async def resolve(issue_id: int, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """A hand-raised issue is fixed (issues from checks resolve themselves when the check passes)."""
    form = await checked_form(request)
    acts.resolve(request.app.state.console, actor, issue_id, on=forms.date(form, "on"),
                 note=forms.text(form, "note", required=True, label="note"))
    return _back(issue_id)


@router.post("/issues/{issue_id}/close")
async def close(issue_id: int, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """Verify effectiveness and close: by someone other than who fixed it (four eyes)."""
    form = await checked_form(request)
    acts.close(request.app.state.console, actor, issue_id, on=forms.date(form, "on"),
               note=forms.text(form, "note", required=True, label="note"))
    return _back(issue_id)


@router.post("/issues/{issue_id}/evidence")
async def attach(issue_id: int, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """Attach an evidence file (type checked by content, size-limited, stored outside anything served)."""
    form = await checked_form(request)
    upload = form.get("file")
    if upload is None or isinstance(upload, str) or not getattr(upload, "filename", ""):
        from khlang.governance.people import GovernanceError

        raise GovernanceError("file: choose a file to attach")
    acts.attach(request.app.state.console, actor, issue_id, upload.file, upload.filename)
    return _back(issue_id)
