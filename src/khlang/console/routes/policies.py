"""นโยบายข้อมูล · Policies: the Director approves, the secretary records communications, units assess themselves."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from khlang.console import forms
from khlang.console.people import checked_form, page_actor
from khlang.dates import today_bangkok

router = APIRouter(include_in_schema=False)


def _policies(console):  # noqa: ANN001, ANN202
    from khlang.governance.policy_decisions import with_decisions

    return with_decisions(console.policies(), console.store)


@router.get("/policies")
def policy_list(request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """Policies with their approvals and communications, and the self-assessment rules of each unit."""
    from khlang.governance.policy_decisions import AUDIENCES, CHANNELS, available_policy_actions
    from khlang.identity import allowed

    console = request.app.state.console
    policies = _policies(console)
    today = today_bangkok()
    assessable = []
    for rule in policies.rules.values():
        if rule.check == "self_assessment":
            units = [u for u in rule.params.units  # type: ignore[attr-defined]
                     if allowed(console.catalog, actor, "policy.assess", unit=u)]
            if units:
                from khlang.governance.compliance import practices_asked

                assessable.append({"rule": rule, "units": units,
                                   "practices": practices_asked(console.store, rule.policy_id, units[0], today)})
    may = {p.id: available_policy_actions(console.catalog, policies, actor, p.id, today) for p in policies.policies}
    return console.page("policies.html.j2", request, policies=policies.policies, today=today, may=may,
                        assessable=assessable, channels=list(CHANNELS.items()), audiences=list(AUDIENCES.items()),
                        results=("compliant", "partial", "non_compliant"))


def _back() -> Response:
    return RedirectResponse("/policies?saved=1", status_code=303)


@router.post("/policies/{policy_id}/approve")
async def approve(policy_id: str, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """The Director approves a policy (step 4)."""
    from khlang.governance.policy_decisions import approve_policy

    console = request.app.state.console
    form = await checked_form(request)
    approve_policy(console.catalog, console.store, _policies(console), actor, policy_id, on=forms.date(form, "on"),
                   note=forms.text(form, "note") or None)
    return _back()


@router.post("/policies/{policy_id}/communications")
async def communicate(policy_id: str, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """The secretary records one communication (step 5)."""
    from khlang.governance.policy_decisions import communicate_policy

    console = request.app.state.console
    form = await checked_form(request)
    communicate_policy(console.catalog, console.store, _policies(console), actor, policy_id,
                       channel=forms.text(form, "channel", required=True),
                       audience=forms.text(form, "audience", required=True), on=forms.date(form, "on"),
                       note=forms.text(form, "note") or None)
    return _back()


@router.post("/policies/rules/{rule_id}/assessments")
async def assess(rule_id: str, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """A unit records its self-assessment of a rule (step 8)."""
    from khlang.governance.compliance import assess as record

    console = request.app.state.console
    form = await checked_form(request)
    record(console.catalog, console.store, _policies(console), actor, rule_id,
           unit=forms.text(form, "unit", required=True), result=forms.text(form, "result", required=True),
           evidence=forms.text(form, "evidence", required=True), on=forms.date(form, "on"))
    return _back()
