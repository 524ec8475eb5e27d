"""The library calls behind the console's forms and the API: one place, the same for both.

Each function here calls the library function that writes; those check the permission (and four
eyes) themselves, write the audit row and refuse bad input before writing. The `possible` list
only decides which buttons to show.
"""

from __future__ import annotations

from typing import Any

from khlang.console import forms
from khlang.dates import today_bangkok


def _not_found(issue_id: int):  # noqa: ANN202
    from khlang.governance.people import NotFound

    return NotFound(f"no issue #{issue_id}")


def issue_detail(console: Any, issue_id: int) -> dict:
    """The issue with every event, root cause and action, or NotFound (404)."""
    from khlang.governance.views import issue_detail as detail

    data = detail(console.store, issue_id, today_bangkok())
    if data is None:
        raise _not_found(issue_id)
    return data


def _issue(console: Any, issue_id: int) -> Any:
    """The stored issue with its history, for the permission rules (which look at assignees and events)."""
    from khlang.governance.lifecycle import load_issue

    with console.store.reading() as session:
        issue = load_issue(session, issue_id)
        session.expunge_all()
        return issue


def possible(console: Any, actor: Any, issue_id: int, detail: dict | None = None) -> dict[str, bool]:
    """Which steps this person may take on this issue in its current state (the library decides; buttons only)."""
    from khlang.governance.lifecycle import available_actions

    actions = set(available_actions(console.catalog, actor, _issue(console, issue_id)))
    return {step: f"issue.{step}" in actions for step in ("ack", "rca", "action_done", "resolve", "close", "attach")}


def acknowledge(console: Any, actor: Any, issue_id: int, *, on: Any, note: str = "") -> None:
    """Take the issue up."""
    from khlang.governance.lifecycle import acknowledge as ack

    ack(console.catalog, console.store, issue_id, actor=actor, on=on, note=note)


def rca_from_form(form: dict, actor: Any) -> Any:
    """An RcaInput from the RCA form: up to 5 whys, up to 3 actions (empty rows ignored)."""
    from pydantic import ValidationError

    from khlang.governance.people import GovernanceError
    from khlang.governance.rca import ActionInput, RcaInput

    whys = [w for w in forms.listed(form, "why") if w]
    actions = []
    rows = zip(forms.listed(form, "action_kind"), forms.listed(form, "action_description"),
               forms.listed(form, "action_owner"), forms.listed(form, "action_due"), strict=False)
    try:
        for i, (kind, description, owner, due) in enumerate(rows):
            if not description:
                continue
            if not due:
                raise GovernanceError(f"action {i + 1}: due: give the date it must be done by")
            # The form's text, validated (and the due date parsed) by the model, as a file's would be.
            actions.append(ActionInput.model_validate(
                {"kind": kind or "corrective", "description": description, "owner": owner, "due": due}))
        analysed_on = forms.date(form, "analysed_on")
        return RcaInput.model_validate({
            "cause_category": forms.text(form, "cause_category"), "whys": whys,
            "root_cause": forms.text(form, "root_cause") or None, "analysed_by": actor.acting_person,
            "analysed_on": analysed_on, "actions": actions})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise GovernanceError(f"{where or 'rca'}: {first.get('msg')}") from None


def record_rca(console: Any, actor: Any, issue_id: int, rca: Any) -> dict:
    """Record (or revise) the root-cause analysis and its actions."""
    from khlang.governance.rca import record_rca as record

    return record(console.catalog, console.store, issue_id, rca, today_bangkok(), actor=actor)


def action_done(console: Any, actor: Any, issue_id: int, action_id: int, *, on: Any, note: str = "") -> None:
    """An action was carried out."""
    from khlang.governance.lifecycle import action_done as done

    done(console.catalog, console.store, issue_id, action_id, actor=actor, on=on, note=note)


def resolve(console: Any, actor: Any, issue_id: int, *, on: Any, note: str) -> None:
    """Resolve a hand-raised issue (issues from checks resolve when their check passes again)."""
    from khlang.governance.lifecycle import resolve_by_hand

    resolve_by_hand(console.catalog, console.store, issue_id, actor=actor, on=on, note=note)


def close(console: Any, actor: Any, issue_id: int, *, on: Any, note: str) -> None:
    """Verify and close (four eyes: not by who fixed it)."""
    from khlang.governance.lifecycle import close as close_issue

    close_issue(console.catalog, console.store, issue_id, actor=actor, on=on, note=note)


def attach(console: Any, actor: Any, issue_id: int, data: Any, filename: str) -> Any:
    """Attach evidence to the issue: permission first, then the evidence store checks type and size."""
    from khlang.evidence import store_evidence
    from khlang.identity import authorize

    issue = _issue(console, issue_id)
    authorize(console.catalog, actor, "issue.attach", dataset=issue.dataset, unit=issue.unit, issue=issue)
    return store_evidence(console.store, actor, data, filename, subject_type="issue", subject_id=str(issue_id))


def evidence_of(console: Any, issue_id: int) -> list[Any]:
    """Evidence files attached to the issue, oldest first."""
    from khlang.evidence import evidence_for

    with console.store.reading() as session:
        return list(evidence_for(session, "issue", str(issue_id)))
