"""ธรรมาภิบาลข้อมูล · Governance steps (สงพท.-11 steps 1–6): the structure, the committee's appointment order, its
resolutions, the Director's approval of the lists, the units' acknowledgements and the practices under a policy —
each recorded here by the person who decided, with its document; and where each step stands against its limit.

The page's forms and the JSON API (`/api/governance…`) call the same library functions, which check the permission.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import Field

from khlang.console import forms
from khlang.console.people import checked_form, page_actor
from khlang.console.routes.api import ERRORS, Actor, Strict
from khlang.dates import today_bangkok

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api", tags=["api"])


def _policies(console: Any) -> Any:
    from khlang.governance.policy_decisions import with_decisions

    return with_decisions(console.policies(), console.store)


def governance_model(console: Any, actor: Any, as_of: dt.date | None = None) -> dict:
    """What the page and the API show: every record of steps 1–6, and what this person may record."""
    from khlang.governance.steps import overview
    from khlang.identity import allowed

    day = as_of or today_bangkok()
    policies = _policies(console)
    catalog = console.catalog
    data = overview(catalog, console.store, policies, day)
    data["may"] = {code: allowed(catalog, actor, action) for code, action in (
        ("structure", "governance.structure"), ("appoint", "committee.appoint"), ("resolve", "committee.resolve"),
        ("approve_lists", "lists.approve"), ("practice", "policy.practice"))}
    data["may"]["acknowledge_units"] = [u for u in sorted(catalog.units)
                                        if allowed(catalog, actor, "policy.acknowledge", unit=u)]
    data["policies"] = [{"id": p.id, "title_th": p.entry.title_th, "title_en": p.entry.title_en,
                         "declared_approved_on": p.entry.approved_on.isoformat() if p.entry.approved_on else None,
                         "approval": None if p.recorded_approval is None else {
                             "on": p.recorded_approval.on.isoformat(), "by": p.recorded_approval.by,
                             "evidence_id": p.recorded_approval.evidence_id},
                         "communications": [{"on": c.on.isoformat(), "channel": c.channel, "audience": c.audience,
                                             "by": c.by, "evidence_id": c.evidence_id}
                                            for c in p.recorded_communications]} for p in policies.policies]
    return data


def _upload(form: dict) -> tuple[Any, str] | None:
    upload = form.get("file")
    if upload is None or isinstance(upload, str) or not upload.filename:
        return None
    return upload.file, upload.filename


def _back(anchor: str = "") -> Response:
    return RedirectResponse(f"/governance?saved=1{anchor}", status_code=303)


@router.get("/governance")
def governance_page(request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """Every step of the cycle with its records and documents; the forms this person may use."""
    from khlang.governance.policy_decisions import AUDIENCES, CHANNELS
    from khlang.governance.steps import LISTS, MEMBER_ROLES, STEP_STATES, STEPS

    console = request.app.state.console
    return console.page("governance.html.j2", request, g=governance_model(console, actor), today=today_bangkok(),
                        steps=STEPS, states=STEP_STATES, member_roles=list(MEMBER_ROLES.items()),
                        lists=list(LISTS.items()), channels=list(CHANNELS.items()),
                        audiences=list(AUDIENCES.items()))


@router.post("/governance/structure")
async def structure(request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """Step 1: the secretary records the structure's publication."""
    from khlang.governance.steps import publish_structure

    console = request.app.state.console
    form = await checked_form(request)
    publish_structure(console.catalog, console.store, actor, drafted_from=forms.date(form, "drafted_from"),
                      published_on=forms.date(form, "published_on"), note=forms.text(form, "note") or None,
                      evidence=_upload(form))
    return _back("#step-1")


@router.post("/governance/order")
async def order(request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """Step 2: the Director records the appointment order (members as repeated person/role fields)."""
    from khlang.governance.steps import record_appointment

    console = request.app.state.console
    form = await checked_form(request)
    people, roles = forms.listed(form, "member"), forms.listed(form, "role")
    members = [(p, r) for p, r in zip(people, roles, strict=False) if p]
    record_appointment(console.catalog, console.store, actor, number=forms.text(form, "number", required=True),
                       issued_on=forms.date(form, "issued_on"), term_from=forms.date(form, "term_from"),
                       term_until=forms.date(form, "term_until", past=False), members=members,
                       evidence=_upload(form))
    return _back("#step-2")


@router.post("/governance/resolutions")
async def resolution(request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """Step 3: a member or the secretary records the committee's resolution with its minutes."""
    from khlang.governance.steps import record_resolution

    console = request.app.state.console
    form = await checked_form(request)
    record_resolution(console.catalog, console.store, _policies(console), actor,
                      number=forms.text(form, "number", required=True), meeting_on=forms.date(form, "meeting_on"),
                      policy_ids=[p for p in forms.listed(form, "policy") if p],
                      note=forms.text(form, "note") or None, evidence=_upload(form))
    return _back("#step-3")


@router.post("/governance/lists-approval")
async def lists_approval(request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """Step 4: the Director approves the lists of a resolution."""
    from khlang.governance.steps import approve_lists

    console = request.app.state.console
    form = await checked_form(request)
    approve_lists(console.catalog, console.store, actor, resolution=forms.text(form, "resolution", required=True),
                  on=forms.date(form, "on"), note=forms.text(form, "note") or None, evidence=_upload(form))
    return _back("#step-4")


@router.post("/governance/policies/{policy_id}/acknowledge")
async def acknowledge(policy_id: str, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """Step 5: a unit's head (or a steward there) acknowledges a policy for the unit."""
    from khlang.governance.steps import acknowledge_policy

    console = request.app.state.console
    form = await checked_form(request)
    acknowledge_policy(console.catalog, console.store, _policies(console), actor, policy_id,
                       unit=forms.text(form, "unit", required=True), on=forms.date(form, "on"),
                       note=forms.text(form, "note") or None)
    return _back(f"#policy-{policy_id}")


@router.post("/governance/policies/{policy_id}/practices")
async def practice(policy_id: str, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """Step 6: the committee sets a practice under a policy."""
    from khlang.governance.steps import add_practice

    console = request.app.state.console
    form = await checked_form(request)
    add_practice(console.catalog, console.store, _policies(console), actor, policy_id,
                 code=forms.text(form, "code", required=True), what_th=forms.text(form, "what_th", required=True),
                 what_en=forms.text(form, "what_en") or None, shown_by=forms.text(form, "shown_by", required=True),
                 due_on=forms.date(form, "due_on", past=False), on=forms.date(form, "on"),
                 units=[u for u in forms.listed(form, "unit") if u])
    return _back(f"#policy-{policy_id}")


# --- the JSON API ------------------------------------------------------------------------------------------

class MemberIn(Strict):
    """A member of the committee and their role."""

    person: str = Field(min_length=1, max_length=60)
    role: str = Field(min_length=1, max_length=20, description="chair, vice_chair, member or secretary")


class OrderIn(Strict):
    """The Director's appointment order."""

    number: str = Field(min_length=1, max_length=60)
    issued_on: dt.date
    term_from: dt.date
    term_until: dt.date
    members: list[MemberIn] = Field(min_length=2)


class ResolutionIn(Strict):
    """A resolution of the committee (the four lists default to the catalogue's)."""

    number: str = Field(min_length=1, max_length=60)
    meeting_on: dt.date
    policies: list[str] = []
    lists: dict[str, list[str]] | None = None
    note: str = Field(default="", max_length=2000)


class ListsApprovalIn(Strict):
    """The Director's approval of a resolution's lists."""

    resolution: str = Field(min_length=1, max_length=60)
    on: dt.date | None = None
    note: str = Field(default="", max_length=2000)


class AcknowledgeIn(Strict):
    """A unit's acknowledgement of a policy."""

    unit: str = Field(min_length=1, max_length=20)
    on: dt.date | None = None
    note: str = Field(default="", max_length=2000)


class PracticeIn(Strict):
    """A practice under a policy."""

    code: str = Field(min_length=1, max_length=60)
    what_th: str = Field(min_length=1, max_length=4000)
    what_en: str | None = Field(default=None, max_length=4000)
    shown_by: str = Field(min_length=1, max_length=4000)
    due_on: dt.date
    on: dt.date | None = None
    units: list[str] = []


@api_router.get("/governance", responses=ERRORS)
def governance_json(request: Request, actor: Actor) -> dict:
    """Steps 1–6: structure, order, resolutions, approvals, acknowledgements, practices, each step's state."""
    return governance_model(request.app.state.console, actor)


@api_router.post("/governance/order", responses=ERRORS)
def order_json(body: OrderIn, request: Request, actor: Actor) -> dict:
    """Step 2: the Director records the committee's appointment order."""
    from khlang.governance.steps import record_appointment

    console = request.app.state.console
    return record_appointment(console.catalog, console.store, actor, number=body.number, issued_on=body.issued_on,
                              term_from=body.term_from, term_until=body.term_until,
                              members=[(m.person, m.role) for m in body.members])


@api_router.post("/governance/resolutions", responses=ERRORS)
def resolution_json(body: ResolutionIn, request: Request, actor: Actor) -> dict:
    """Step 3: a member or the secretary records a resolution of the committee."""
    from khlang.governance.steps import record_resolution

    console = request.app.state.console
    return record_resolution(console.catalog, console.store, _policies(console), actor, number=body.number,
                             meeting_on=body.meeting_on, policy_ids=body.policies, lists=body.lists,
                             note=body.note or None)


@api_router.post("/governance/lists-approval", responses=ERRORS)
def lists_approval_json(body: ListsApprovalIn, request: Request, actor: Actor) -> dict:
    """Step 4: the Director approves the lists of a resolution."""
    from khlang.governance.steps import approve_lists

    console = request.app.state.console
    return approve_lists(console.catalog, console.store, actor, resolution=body.resolution,
                         on=body.on or today_bangkok(), note=body.note or None)


@api_router.post("/policies/{policy_id}/acknowledge", responses=ERRORS)
def acknowledge_json(body: AcknowledgeIn, request: Request, actor: Actor,
                     policy_id: str = Path(max_length=60)) -> dict:
    """Step 5: a unit's head (or a steward there) acknowledges a policy for the unit."""
    from khlang.governance.steps import acknowledge_policy

    console = request.app.state.console
    return acknowledge_policy(console.catalog, console.store, _policies(console), actor, policy_id, unit=body.unit,
                              on=body.on or today_bangkok(), note=body.note or None)


@api_router.post("/policies/{policy_id}/practices", responses=ERRORS)
def practice_json(body: PracticeIn, request: Request, actor: Actor, policy_id: str = Path(max_length=60)) -> dict:
    """Step 6: the committee (or its secretary) sets a practice under a policy."""
    from khlang.governance.steps import add_practice

    console = request.app.state.console
    return add_practice(console.catalog, console.store, _policies(console), actor, policy_id, code=body.code,
                        what_th=body.what_th, what_en=body.what_en, shown_by=body.shown_by, due_on=body.due_on,
                        on=body.on or today_bangkok(), units=body.units)
