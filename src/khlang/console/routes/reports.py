"""รายงาน · Reports: the published reports with their PDFs, and the Director's acknowledgement of each."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from khlang.console import forms
from khlang.console.people import checked_form, page_actor

router = APIRouter(include_in_schema=False)


def reports_dir(console) -> Path:  # noqa: ANN001
    """The published reports' folder this console lists (KHLANG_REPORTS_DIR)."""
    from khlang.config import settings

    return console.settings.reports_dir or settings().reports_dir


def report_rows(console, actor) -> list[dict]:  # noqa: ANN001
    """Every published report with its file's sha256, its acknowledgements and whether this person may acknowledge."""
    from khlang.identity import allowed
    from khlang.report.acknowledge import ACKNOWLEDGE, acknowledgements, published_reports

    acks = acknowledgements(console.store)
    may_ack = allowed(console.catalog, actor, ACKNOWLEDGE)
    rows = []
    for report in published_reports(reports_dir(console)):
        sha256 = report.sha256()
        done = acks.get(report.report_id, [])
        current = [a for a in done if a["sha256"] == sha256]
        rows.append({"report": report, "sha256": sha256, "acks": done, "current": current[-1] if current else None,
                     "may_ack": may_ack and not current})
    return rows


@router.get("/reports")
def report_list(request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """Every published report: its memo's number and date, the PDF, and who acknowledged which file."""
    console = request.app.state.console
    return console.page("reports.html.j2", request, rows=report_rows(console, actor))


@router.get("/reports/{kind}/{key}/pdf")
def report_pdf(kind: str, key: str, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """The report's PDF as a download."""
    from khlang.report.acknowledge import find_report

    report = find_report(reports_dir(request.app.state.console), kind, key)
    name = quote(f"{kind}-{key}.pdf")
    return Response(report.pdf.read_bytes(), media_type="application/pdf", headers={
        "content-disposition": f"attachment; filename*=UTF-8''{name}", "x-content-type-options": "nosniff",
        "cache-control": "private, no-store", "content-security-policy": "default-src 'none'; sandbox"})


@router.post("/reports/{kind}/{key}/acknowledge")
async def acknowledge(kind: str, key: str, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """The Director acknowledges the report as it is now (the library checks the role)."""
    from khlang.report.acknowledge import acknowledge_report

    console = request.app.state.console
    form = await checked_form(request)
    acknowledge_report(console.catalog, console.store, actor, reports_dir(console), kind, key,
                       note=forms.text(form, "note") or None)
    return RedirectResponse(f"/reports?saved=1#{kind}-{key}", status_code=303)
