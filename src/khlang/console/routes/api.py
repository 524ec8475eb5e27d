"""The JSON API: the console's actions for scripts, with `Authorization: Bearer TOKEN`.

The same library calls as the pages (khlang.console.acts, the linkage service); errors map to
401 (no valid token), 403 (not allowed), 404 (unknown object), 409 (the state does not allow it)
and 422 (bad input, with the field) — and nothing is written on any of them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from khlang.console import acts, reading
from khlang.console.people import api_actor
from khlang.dates import today_bangkok

router = APIRouter(prefix="/api", tags=["api"])
IssueId = Annotated[int, Path(ge=1, le=2_147_483_647, description="the issue's number")]
Actor = Annotated[Any, Depends(api_actor)]

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "no valid token"}, 403: {"description": "not allowed (nothing written)"},
    404: {"description": "unknown object"}, 409: {"description": "the workflow state does not allow it"},
    422: {"description": "bad input, with the field (nothing written)"}}


class Strict(BaseModel):
    """Unknown fields are errors, as in the declarations."""

    model_config = ConfigDict(extra="forbid")


class AckIn(Strict):
    """Taking an issue up."""

    on: dt.date | None = Field(default=None, description="when (default today, Asia/Bangkok); not in the future")
    note: str = Field(default="", max_length=2000)


class ActionIn(Strict):
    """One corrective or preventive action of an RCA."""

    kind: Literal["corrective", "preventive"] = "corrective"
    description: str = Field(min_length=1, max_length=2000)
    owner: str = Field(min_length=1, max_length=200, description="a person id (or name) of organisation.yaml")
    due: dt.date


class RcaIn(Strict):
    """The fields of an RCA file (khlang.governance.rca.RcaInput); the analyst is the token's person."""

    issue: int | None = Field(default=None, ge=1, le=2_147_483_647)
    cause_category: Literal["people", "process", "technology", "data_source", "policy", "external"]
    whys: list[Annotated[str, Field(min_length=1, max_length=2000)]] = Field(min_length=1, max_length=10)
    root_cause: str | None = Field(default=None, max_length=2000)
    analysed_by: str | None = Field(default=None, max_length=200, description="if given, must be the token's person")
    analysed_on: dt.date | None = None
    actions: list[ActionIn] = Field(default=[], max_length=50)


class CloseIn(Strict):
    """Closing after verifying the actions were effective."""

    on: dt.date | None = None
    note: str = Field(min_length=1, max_length=2000, description="how the effectiveness was verified")


class TransitionIn(Strict):
    """One step of a linkage's workflow."""

    status: str = Field(min_length=1, max_length=30)
    note: str = Field(min_length=1, max_length=2000)
    on: dt.date | None = None


def _iso(value: Any) -> Any:
    """Dates and datetimes as ISO text, recursively."""
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_iso(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _row(r: reading.IssueRow) -> dict:
    return _iso({"id": r.id, "title": r.title, "dataset": r.dataset, "unit": r.unit, "status": r.status,
                 "severity": r.severity, "category": r.category, "opened_on": r.opened_on, "due": r.due,
                 "overdue_days": r.overdue_days})


@router.get("/me", responses=ERRORS)
def me(request: Request, actor: Actor) -> dict:
    """Who the token belongs to: person, roles, datasets."""
    console = request.app.state.console
    person = console.catalog.person(actor.acting_person)
    return {"person": actor.person, "username": actor.username, "roles": sorted(actor.roles),
            "name": person.name if person else None, "unit": person.unit if person else None,
            "datasets": reading.my_datasets(console.catalog, actor.acting_person)}


@router.get("/issues", responses=ERRORS)
def issues(request: Request, actor: Actor, mine: bool = False, status: str | None = Query(None, max_length=30),
           dataset: str | None = Query(None, max_length=200), limit: int = Query(50, ge=1, le=500),
           offset: int = Query(0, ge=0, le=10_000_000)) -> dict:
    """Issues, unresolved and most overdue first; `mine=true`: those of my datasets (and my unit)."""
    console = request.app.state.console
    datasets = unit = None
    if mine:
        datasets = [d["name"] for d in reading.my_datasets(console.catalog, actor.acting_person)]
        person = console.catalog.person(actor.acting_person)
        unit = person.unit if person else None
    result = reading.issues_page(console.store, status=status, dataset=dataset, datasets=datasets,
                                 person=actor.acting_person if mine else None, unit=unit, limit=limit, offset=offset)
    return {"total": result.total, "issues": [_row(r) for r in result.rows]}


@router.get("/issues/{issue_id}", responses=ERRORS)
def issue(issue_id: IssueId, request: Request, actor: Actor) -> dict:
    """One issue with its history, root causes and actions, and what the token's person may do on it."""
    console = request.app.state.console
    detail = acts.issue_detail(console, issue_id)
    return _iso({**detail, "may": acts.possible(console, actor, issue_id, detail)})


@router.post("/issues/{issue_id}/ack", responses=ERRORS)
def ack(issue_id: IssueId, request: Request, actor: Actor, body: Annotated[AckIn | None, Body()] = None) -> dict:
    """Take the issue up (open → rca_in_progress)."""
    console = request.app.state.console
    body = body or AckIn()
    acts.acknowledge(console, actor, issue_id, on=body.on or today_bangkok(), note=body.note)
    return _iso(acts.issue_detail(console, issue_id))


@router.post("/issues/{issue_id}/rca", responses=ERRORS)
def rca(issue_id: IssueId, body: RcaIn, request: Request, actor: Actor) -> dict:
    """Record (or revise) the root-cause analysis and its actions."""
    from khlang.governance.people import GovernanceError
    from khlang.governance.rca import ActionInput, RcaInput

    if body.analysed_by and body.analysed_by != actor.acting_person:
        raise GovernanceError("analysed_by: the analysis is recorded under your own name (leave it out)")
    data = RcaInput(issue=body.issue, cause_category=body.cause_category, whys=body.whys, root_cause=body.root_cause,
                    analysed_by=actor.acting_person, analysed_on=body.analysed_on,
                    actions=[ActionInput(**a.model_dump()) for a in body.actions])
    return _iso(acts.record_rca(request.app.state.console, actor, issue_id, data))


@router.post("/issues/{issue_id}/close", responses=ERRORS)
def close(issue_id: IssueId, body: CloseIn, request: Request, actor: Actor) -> dict:
    """Close after verification, by someone other than who fixed it (four eyes)."""
    console = request.app.state.console
    acts.close(console, actor, issue_id, on=body.on or today_bangkok(), note=body.note)
    return _iso(acts.issue_detail(console, issue_id))


@router.get("/datasets/{name}", responses=ERRORS)
def dataset(request: Request, actor: Actor, name: str = Path(max_length=200)) -> dict:
    """A dataset's owners, classification, scores, failing checks (PII masked unless yours), issues, drift."""
    from khlang.console.routes.datasets import dataset_model

    model = dataset_model(request.app.state.console, actor, name)
    ds = model["dataset"]
    return _iso({"name": ds.name, "title_th": ds.title_th, "title_en": ds.title_en, "kind": ds.kind,
                 "classification": ds.classification, "personal_data": ds.personal_data.model_dump(mode="json"),
                 "owners": {role: (p.id if p else None) for role, p in model["people"].items()},
                 "pii_unmasked": model["unmasked"], "scores": model["scores"], "failing_checks": model["failing"],
                 "open_issues": {"total": model["issues"].total, "issues": [_row(r) for r in model["issues"].rows]},
                 "last_scan": model["scan"], "lineage": model["lineage"],
                 "glossary_terms": [_term(v, ds.name) for v in model["terms"]],
                 "pending_approval": model["pending_approval"]})


def _term(view: Any, dataset: str | None = None) -> dict:
    """A glossary term as JSON: its names, definitions, steward, effective status (and the dataset's columns)."""
    out = view.to_dict()
    if dataset is not None:
        out["dataset_columns"] = view.term.columns_of(dataset)
    return out


@router.get("/glossary", responses=ERRORS)
def glossary(request: Request, actor: Actor) -> dict:
    """The business glossary: every term with its effective status and approvals, and whether you may approve it."""
    from khlang.governance.glossary import available_glossary_actions, with_approvals

    console = request.app.state.console
    return {"terms": [{**_term(v), "may": available_glossary_actions(console.catalog, actor, v)}
                      for v in with_approvals(console.glossary(), console.store)]}


class TermApproveIn(Strict):
    """A committee member's approval of a draft glossary term."""

    on: dt.date | None = Field(default=None, description="when (default today, Asia/Bangkok); not in the future")
    note: str = Field(default="", max_length=2000, description="the committee's meeting or resolution")


@router.post("/glossary/{term_id}/approve", responses=ERRORS)
def approve_glossary_term(request: Request, actor: Actor, term_id: str = Path(max_length=80),
                          body: Annotated[TermApproveIn | None, Body()] = None) -> dict:
    """A member of the committee approves a draft term (draft → approved); once."""
    from khlang.governance.glossary import approve_term

    console = request.app.state.console
    body = body or TermApproveIn()
    return _iso(approve_term(console.catalog, console.store, console.glossary(), actor, term_id,
                             on=body.on or today_bangkok(), note=body.note or None))


@router.get("/linkages/{linkage_id}", responses=ERRORS)
def linkage(request: Request, actor: Actor, linkage_id: str = Path(max_length=60)) -> dict:
    """A linkage: status, analyses, history with actors, findings, and the steps the token's person may take."""
    from khlang.console.routes.linkages import linkage_model

    model = linkage_model(request.app.state.console, actor, linkage_id)
    return _iso({**model["view"], "may_move_to": model["transitions"], "may_analyse": model["analyses"]})


@router.post("/linkages/{linkage_id}/transitions", responses=ERRORS)
def transition(body: TransitionIn, request: Request, actor: Actor, linkage_id: str = Path(max_length=60)) -> dict:
    """Move the linkage one step (approve / return / reject are the Director's)."""
    from khlang.linkage.service import record_transition

    console = request.app.state.console
    step = record_transition(console.catalog, console.register(), console.store, actor, linkage_id,
                             body.status, body.note, on=body.on)
    return _iso(step.to_dict())


class ReportAckIn(Strict):
    """The Director's acknowledgement of a report as it is now."""

    note: str = Field("", max_length=2000)


ReportKind = Annotated[str, Path(max_length=20, pattern=r"^[a-z]+$", description="committee, backup, restore, …")]
ReportKey = Annotated[str, Path(max_length=80, description="the period, month or system, e.g. 2026-11")]


@router.get("/reports", responses=ERRORS)
def reports(request: Request, actor: Actor) -> dict:
    """The published reports: memo number and date, the PDF's sha256, who acknowledged which file."""
    from khlang.console.routes.reports import report_rows

    out = []
    for row in report_rows(request.app.state.console, actor):
        r = row["report"]
        out.append({"report": r.report_id, "kind": r.kind, "key": r.key, "form": r.form, "subject": r.subject,
                    "period": r.period, "number": r.number or None, "date": r.date or None, "file": r.relative,
                    "sha256": row["sha256"], "pdf": f"/reports/{r.kind}/{r.key}/pdf", "may_acknowledge": row["may_ack"],
                    "acknowledgements": [{k: a[k] for k in ("by", "acknowledged_at", "sha256", "note", "evidence_id")}
                                         for a in row["acks"]]})
    return {"reports": _iso(out)}


@router.post("/reports/{kind}/{key}/acknowledge", responses=ERRORS)
def acknowledge_report(kind: ReportKind, key: ReportKey, request: Request, actor: Actor,
                       body: Annotated[ReportAckIn | None, Body()] = None) -> dict:
    """The Director acknowledges the report's current PDF (kept as evidence, once per file)."""
    from khlang.console.routes.reports import reports_dir
    from khlang.report.acknowledge import acknowledge_report as record

    console = request.app.state.console
    return _iso(record(console.catalog, console.store, actor, reports_dir(console), kind, key,
                       note=(body.note if body else "") or None))


@router.get("/audit", responses=ERRORS)
def audit(request: Request, actor: Actor, person: str | None = Query(None, max_length=200),
          object_type: str | None = Query(None, max_length=50), object_id: str | None = Query(None, max_length=200),
          limit: int = Query(200, ge=1, le=1000)) -> dict:
    """The audit log, newest first (auditors)."""
    from khlang.console.routes.audit import audit_rows

    rows = audit_rows(request.app.state.console, actor, person=person, object_type=object_type,
                      object_id=object_id, limit=limit)
    return {"entries": _iso(rows)}
