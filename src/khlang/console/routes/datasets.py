"""ชุดข้อมูล · Datasets: the list, and one dataset's owners, quality, failing records, issues, drift, lineage."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from khlang.console import examples, reading
from khlang.console.people import page_actor
from khlang.dates import today_bangkok

router = APIRouter(include_in_schema=False)


@router.get("/datasets")
def dataset_list(request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """Every declared dataset, mine marked."""
    console = request.app.state.console
    mine = {d["name"] for d in reading.my_datasets(console.catalog, actor.acting_person)}
    rows = sorted(console.catalog.datasets.values(), key=lambda d: (d.name not in mine, d.name))
    stewards = {d.name: p.name for d in rows if (p := console.catalog.person(d.steward)) is not None}
    return console.page("datasets.html.j2", request, datasets=rows, mine=mine, stewards=stewards)


def dataset_model(console, actor, name: str) -> dict:  # noqa: ANN001
    """Everything the dataset page (and GET /api/datasets/{name}) shows, PII masked for this viewer."""
    from khlang.governance.people import NotFound
    from khlang.identity import may_see_pii

    ds = console.catalog.datasets.get(name)
    if ds is None:
        raise NotFound(f"no dataset {name!r}")
    unmasked = may_see_pii(console.catalog, actor, name)
    failing = reading.failing_checks(console.store, name)
    raw = examples.raw_examples(console, name, failing["failing"], failing["run_keys"])
    for f in failing["failing"]:
        values = raw.get(f["check"])
        if values is not None:
            f["examples"] = examples.shown(console.catalog, name, f["column"], values, unmasked)
        elif f["stored_examples"]:
            f["examples"] = [examples.stored_text(v) for v in f["stored_examples"][:examples.LIMIT]]
        else:
            f["examples"] = []
        f.pop("stored_examples", None)
    people = {role: console.catalog.person(getattr(ds, role)) for role in reading.ROLES}
    scan = reading.latest_scan(console.store, name)
    issues = reading.issues_page(console.store, dataset=name, open_only=True, as_of=today_bangkok())
    return {"dataset": ds, "people": people, "unmasked": unmasked, "failing": failing,
            "scores": reading.dataset_scores(console.store, name), "scan": scan, "issues": issues,
            "lineage": reading.lineage(console.catalog, name), "terms": _terms(console, name),
            "pending_approval": _pending_approval(console, name),
            "health": health(scan["gaps"] if scan else [], failing, issues.total)}


def _pending_approval(console, name: str) -> bool:  # noqa: ANN001
    """The dataset is not on the lists the Director approved last (สงพท.-11 step 4); False before any approval."""
    from khlang.governance.steps import governance_state, pending_approval

    state = governance_state(console.store)
    today = today_bangkok()
    return state.approved_lists(today) is not None and name in pending_approval(console.catalog, state, today)


def _terms(console, name: str) -> list:  # noqa: ANN001
    """The glossary terms of the dataset and its columns, with their effective status."""
    from khlang.governance.glossary import with_approvals

    return [v for v in with_approvals(console.glossary(), console.store) if v.term.describes(name)]


def health(gaps: list, failing: dict, open_issues: int) -> dict:
    """What the page says first: problems (gaps, failing checks, open issues), none, or not known yet.

    "No problems" only when the newest complete check found nothing failing, the last scan no gap, and no
    issue is open; a dataset never checked is "not known yet", whatever else is empty.
    """
    counts = {"gaps": len(gaps), "failing": len(failing["failing"]), "issues": open_issues}
    checked = bool(failing["run_keys"])
    state = "problems" if any(counts.values()) else ("clear" if checked else "unknown")
    return {"state": state, "checked": checked, **counts}


@router.get("/datasets/{name}")
def dataset_page(name: str, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """One dataset as its steward needs it."""
    console = request.app.state.console
    return console.page("dataset.html.j2", request, **dataset_model(console, actor, name))
