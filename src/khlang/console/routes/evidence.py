"""Evidence downloads: only to people allowed to see the subject, always as an attachment, never sniffed."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from khlang.console.people import page_actor

router = APIRouter(include_in_schema=False)


def download(console, actor, evidence_id: str) -> Response:  # noqa: ANN001
    """The file as a download; the evidence store checks the reader may see its subject (403/404 otherwise)."""
    from khlang.evidence import open_evidence

    meta, data = open_evidence(console.store, console.catalog, actor, evidence_id)
    name = quote(meta.download_name)
    return Response(data, media_type="application/octet-stream", headers={
        "content-disposition": f"attachment; filename*=UTF-8''{name}",
        "x-content-type-options": "nosniff", "cache-control": "private, no-store",
        "content-security-policy": "default-src 'none'; sandbox"})


@router.get("/evidence/{evidence_id}")
def evidence(evidence_id: str, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """Download one evidence file."""
    return download(request.app.state.console, actor, evidence_id)
