"""Errors as people see them: a Thai/English sentence and a status code, never a stack trace.

KhlangErrors carry messages written for users (the library refuses bad input in words); anything else
is a bug, logged with its traceback on the server and answered with a generic 500 sentence.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from khlang.console.labels import MESSAGES
from khlang.errors import DeclarationError, KhlangError

log = logging.getLogger("khlang.console")

MESSAGE_BY_STATUS = {401: "sign_in_first", 403: "forbidden", 404: "not_found", 409: "conflict", 422: "invalid",
                     500: "server"}


class SignInRequired(Exception):
    """A page was asked for without a valid session: send the browser to the sign-in form."""

    def __init__(self, next_url: str = "/") -> None:
        super().__init__(next_url)
        self.next_url = next_url


class CsrfRefused(Exception):
    """A state-changing form arrived without this session's token."""


def status_of(exc: KhlangError) -> int:
    """The HTTP status of a library error (the identity package's one table): 401/403/404/409, else 422."""
    from khlang.identity.http import status_for

    return status_for(exc)


def field_of(exc: KhlangError) -> str | None:
    """The field an error is about, when the library says so."""
    if isinstance(exc, DeclarationError) and exc.problems:
        return exc.problems[0].field
    return getattr(exc, "field", None)


def wants_json(request: Request) -> bool:
    """API calls get JSON errors; pages get an HTML page."""
    return request.url.path.startswith("/api/")


def error_page(request: Request, status: int, detail: str | None = None) -> Response:
    """The error page (or JSON body) for a status, with the library's own sentence when there is one."""
    message = MESSAGES[MESSAGE_BY_STATUS.get(status, "invalid" if status < 500 else "server")]
    if wants_json(request):
        body = {"detail": detail or message.en, "detail_th": message.th}
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse(body, status_code=status, headers=headers)
    console = request.app.state.console
    html = console.render("error.html.j2", request, actor=getattr(request.state, "actor", None),
                          status=status, message=message, detail=detail)
    return HTMLResponse(html, status_code=status)


def install(app: FastAPI) -> None:
    """Register the handlers: library errors, validation, HTTP errors, sign-in redirects, CSRF, bugs."""

    @app.exception_handler(KhlangError)
    async def _khlang(request: Request, exc: KhlangError) -> Response:
        status = status_of(exc)
        if status == 401 and not wants_json(request):
            return RedirectResponse(f"/sign-in?next={request.url.path}", status_code=303)
        body = error_page(request, status, str(exc))
        if isinstance(body, JSONResponse) and field_of(exc):
            import json

            data = json.loads(bytes(body.body))  # Response.body is typed bytes | memoryview
            data["field"] = field_of(exc)
            return JSONResponse(data, status_code=status)
        return body

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body"), "message": e.get("msg", "")}
                  for e in exc.errors()]
        if wants_json(request):
            return JSONResponse({"detail": "invalid input", "errors": errors}, status_code=422)
        return error_page(request, 422, "; ".join(f"{e['field']}: {e['message']}" for e in errors))

    @app.exception_handler(ValidationError)
    async def _model(request: Request, exc: ValidationError) -> Response:
        # A library model (RcaInput, ActionInput) refusing what the request model let through: bad input.
        errors = [{"field": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")}
                  for e in exc.errors()]
        if wants_json(request):
            return JSONResponse({"detail": "invalid input", "errors": errors}, status_code=422)
        return error_page(request, 422, "; ".join(f"{e['field']}: {e['message']}" for e in errors))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) and exc.status_code not in (404, 405) else None
        return error_page(request, exc.status_code, detail)

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, exc: SignInRequired) -> Response:
        return RedirectResponse(f"/sign-in?next={exc.next_url}", status_code=303)

    @app.exception_handler(CsrfRefused)
    async def _csrf(request: Request, exc: CsrfRefused) -> Response:
        return error_page(request, 403, MESSAGES["csrf"].en)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        log.exception("console: %s %s failed", request.method, request.url.path)
        return error_page(request, 500)
