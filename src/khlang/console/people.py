"""Who is asking: the signed-in person of a page (session cookie) or of an API call (bearer token)."""

from __future__ import annotations

from fastapi import Request

from khlang.console.errors import CsrfRefused, SignInRequired
from khlang.console.security import CSRF_FIELD, SESSION_COOKIE


def client_address(request: Request) -> str | None:
    """The client's IP (the proxy's X-Forwarded-For when --proxy-headers and the proxy is trusted)."""
    return request.client.host if request.client else None


def page_actor(request: Request):  # noqa: ANN201 - an khlang.identity.Actor
    """The person signed in to this browser, or a redirect to the sign-in form."""
    from khlang.identity.sessions import csrf_token, session_actor

    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise SignInRequired(request.url.path)
    console = request.app.state.console
    try:
        actor = session_actor(console.store, console.catalog, token, client_address(request))
    except Exception as exc:  # NotSignedIn: expired, revoked, unknown
        if type(exc).__name__ in ("NotSignedIn", "SignInFailed"):
            raise SignInRequired(request.url.path) from None
        raise
    request.state.actor = actor
    request.state.session_token = token
    request.state.csrf = csrf_token(console.store, token)
    return actor


def api_actor(request: Request):  # noqa: ANN201 - an khlang.identity.Actor
    """The person whose API token is in `Authorization: Bearer …`; 401 (NotSignedIn) otherwise."""
    from khlang.identity.signin import NotSignedIn, actor_from_token

    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotSignedIn("send Authorization: Bearer TOKEN (from `khlang users token USERNAME`)")
    console = request.app.state.console
    actor = actor_from_token(console.store, console.catalog, token.strip(), channel="api",
                             address=client_address(request))
    request.state.actor = actor
    return actor


async def checked_form(request: Request) -> dict:
    """The posted form, once its CSRF token has been checked against the session (403 otherwise)."""
    from khlang.identity.sessions import check_csrf

    form = await request.form()
    submitted = form.get(CSRF_FIELD)
    if not check_csrf(request.app.state.console.store, request.cookies.get(SESSION_COOKIE),
                      submitted if isinstance(submitted, str) else None):
        raise CsrfRefused()
    return {k: form.getlist(k) if len(form.getlist(k)) > 1 else form.get(k) for k in form}
