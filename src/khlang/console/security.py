"""Security headers on every response, and the sign-in form's own CSRF pair.

Once signed in, every form carries the session's CSRF token (kept with the session by
khlang.identity.sessions); before a session exists, the sign-in form carries the HMAC of a random
value held in a short-lived HttpOnly cookie, so a page of another site cannot post it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "khlang_session"
SIGNIN_COOKIE = "khlang_signin"
CSRF_FIELD = "csrf_token"

HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
# Swagger UI loads its script and style from a CDN (no inline script: /static/docs.js starts it).
DOCS_CSP = ("default-src 'self'; img-src 'self' data: https://fastapi.tiangolo.com; "
            "style-src 'self' https://cdn.jsdelivr.net; script-src 'self' https://cdn.jsdelivr.net; "
            "frame-ancestors 'none'; base-uri 'none'; object-src 'none'")


class SecurityHeaders:
    """ASGI middleware adding the headers above (and no-store on pages that show a person's data)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                present = {k.lower() for k, _ in headers}
                for name, value in HEADERS.items():
                    if name == "content-security-policy" and path == "/api/docs":
                        value = DOCS_CSP
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                if b"cache-control" not in present and not path.startswith("/static/"):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def csrf_token(nonce: str) -> str:
    """The sign-in form's token for the random value in its cookie."""
    return hmac.new(nonce.encode(), b"khlang-console-sign-in", hashlib.sha256).hexdigest()


def csrf_ok(nonce: str | None, submitted: str | None) -> bool:
    """True when the submitted sign-in token matches the cookie's value (constant-time comparison)."""
    if not nonce or not submitted or not isinstance(submitted, str):
        return False
    return hmac.compare_digest(csrf_token(nonce), submitted)


def new_nonce() -> str:
    """A random value for the sign-in form's own CSRF pair (before a session exists)."""
    return secrets.token_urlsafe(32)
