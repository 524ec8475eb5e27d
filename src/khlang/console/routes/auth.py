"""Sign in and sign out: a server-side session in an HttpOnly, SameSite cookie (Secure over HTTPS)."""

from __future__ import annotations

from urllib.parse import urlparse

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from khlang.console.errors import CsrfRefused
from khlang.console.labels import MESSAGES
from khlang.console.people import checked_form, client_address
from khlang.console.security import SESSION_COOKIE, SIGNIN_COOKIE, csrf_ok, csrf_token, new_nonce

router = APIRouter(include_in_schema=False)


def _safe_next(value: str | None) -> str:
    """Only a path of this console (no scheme, no host, no //) may follow sign-in."""
    if not value or not value.startswith("/") or value.startswith("//") or urlparse(value).netloc:
        return "/"
    return value


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


@router.get("/sign-in")
def sign_in_form(request: Request, next: str = "/") -> Response:  # noqa: A002
    """The sign-in form, with its own CSRF pair (a random cookie and its HMAC in the form)."""
    nonce = new_nonce()
    response = request.app.state.console.page("sign_in.html.j2", request, next=_safe_next(next),
                                              signin_token=csrf_token(nonce), error=None)
    response.set_cookie(SIGNIN_COOKIE, nonce, httponly=True, samesite="strict", secure=_secure(request),
                        path="/sign-in", max_age=1800)
    return response


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    """Check the password (local Argon2 or the directory), start a session, go to the page asked for."""
    from khlang.identity.sessions import start_session
    from khlang.identity.signin import sign_in as check_password

    form = await request.form()
    if not csrf_ok(request.cookies.get(SIGNIN_COOKIE), form.get("signin_token")):  # type: ignore[arg-type]
        raise CsrfRefused()
    console = request.app.state.console
    username, password = str(form.get("username") or "").strip(), str(form.get("password") or "")
    target = _safe_next(str(form.get("next") or "/"))
    try:
        actor = check_password(console.store, console.catalog, username, password, client_address(request))
    except Exception as exc:
        if type(exc).__name__ not in ("SignInFailed", "NotSignedIn", "PermissionDenied"):
            raise
        nonce = new_nonce()
        response = console.page("sign_in.html.j2", request, status_code=401, next=target,
                                signin_token=csrf_token(nonce), error=MESSAGES["signin_failed"])
        response.set_cookie(SIGNIN_COOKIE, nonce, httponly=True, samesite="strict", secure=_secure(request),
                            path="/sign-in", max_age=1800)
        return response
    session_token, _csrf = start_session(console.store, actor, client_address(request),
                                         request.headers.get("user-agent", "")[:300])
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, session_token, httponly=True, samesite="lax", secure=_secure(request),
                        path="/")
    response.delete_cookie(SIGNIN_COOKIE, path="/sign-in")
    return response


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    """End the session on the server and forget the cookie."""
    from khlang.identity.sessions import end_session

    await checked_form(request)
    end_session(request.app.state.console.store, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/sign-in?signed_out=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
