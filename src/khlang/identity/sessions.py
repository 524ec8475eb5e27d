"""Console sessions kept on the server: a random id in the cookie, its sha256 and a CSRF secret here.

A session ends after `limits.session_idle()` without a request, `limits.session_lifetime()` after
sign-in, at logout, or when its account is disabled or its password reset.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from sqlalchemy import select

from khlang.dates import as_utc, utcnow
from khlang.declarations import Catalog
from khlang.identity import limits
from khlang.identity.accounts import find_account, token_digest
from khlang.identity.actor import Actor, actor_for
from khlang.identity.audit import audit
from khlang.identity.records import Account, ConsoleSession
from khlang.identity.signin import NotSignedIn
from khlang.store import Store

SEEN_TOUCH = dt.timedelta(seconds=30)  # last_seen_at is written at most this often


def start_session(store: Store, actor: Actor, address: str | None, user_agent: str | None) -> tuple[str, str]:
    """A new session for a signed-in actor: (session token for the cookie, CSRF token for forms)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = utcnow()
    with store.transaction() as session:
        acc = find_account(session, actor.username)
        if acc is None or not acc.active:
            raise NotSignedIn("the account is unknown or disabled")
        row = ConsoleSession(account_id=acc.id, token_sha256=token_digest(token), csrf_secret=csrf, created_at=now,
                             last_seen_at=now, expires_at=now + limits.session_lifetime(),
                             address=(address or "")[:100] or None, user_agent=(user_agent or "")[:500] or None)
        session.add(row)
        session.flush()
        audit(session, actor, "session.start", "account", acc.username, after={"session_id": row.id})
    return token, csrf


def _expired(row: ConsoleSession, now: dt.datetime) -> str | None:
    if row.ended_at is not None:
        return row.end_reason or "ended"
    if now >= as_utc(row.expires_at):
        return "expired"
    if now - as_utc(row.last_seen_at) > limits.session_idle():
        return "idle"
    return None


def _live(store: Store, session_token: str | None) -> tuple[ConsoleSession, Account]:
    if not session_token:
        raise NotSignedIn("not signed in (ยังไม่ได้เข้าสู่ระบบ)")
    with store.reading() as session:
        row = session.scalars(select(ConsoleSession).where(
            ConsoleSession.token_sha256 == token_digest(session_token))).first()
        acc = session.get(Account, row.account_id) if row is not None else None
    if row is None or acc is None:
        raise NotSignedIn("not signed in (ยังไม่ได้เข้าสู่ระบบ)")
    reason = _expired(row, utcnow()) or (None if acc.active else "account disabled")
    if reason:
        raise NotSignedIn(f"the session has ended ({reason}): sign in again (กรุณาเข้าสู่ระบบอีกครั้ง)")
    return row, acc


def session_actor(store: Store, catalog: Catalog, session_token: str | None, address: str | None = None) -> Actor:
    """The Actor of a live session (refreshing its idle clock); NotSignedIn when it has ended."""
    row, acc = _live(store, session_token)
    person = catalog.person(acc.person)
    if person is None or not person.active:
        raise NotSignedIn(f"{acc.person} is not an active person of organisation.yaml")
    now = utcnow()
    if now - as_utc(row.last_seen_at) > SEEN_TOUCH:
        with store.transaction() as session:
            fresh = session.get(ConsoleSession, row.id)
            if fresh is not None and fresh.ended_at is None:
                fresh.last_seen_at = now
    return actor_for(catalog, acc.person, acc.username, acc.roles or [], "console", address)


def csrf_token(store: Store, session_token: str) -> str:
    """The CSRF token of a live session, to put in every form."""
    row, _acc = _live(store, session_token)
    return row.csrf_secret


def check_csrf(store: Store, session_token: str | None, submitted: str | None) -> bool:
    """True when a form's CSRF token is the one of its live session (compared in constant time)."""
    if not session_token or not submitted:
        return False
    try:
        row, _acc = _live(store, session_token)
    except NotSignedIn:
        return False
    return hmac.compare_digest(row.csrf_secret.encode(), submitted.encode())


def end_session(store: Store, session_token: str | None, reason: str = "logout") -> bool:
    """End a session (logout); False when there was none to end."""
    if not session_token:
        return False
    with store.transaction() as session:
        row = session.scalars(select(ConsoleSession).where(
            ConsoleSession.token_sha256 == token_digest(session_token))).first()
        if row is None or row.ended_at is not None:
            return False
        row.ended_at, row.end_reason = utcnow(), reason
        acc = session.get(Account, row.account_id)
        if acc is not None:
            audit(session, Actor(person=acc.person, username=acc.username, channel="console"), "session.end",
                  "account", acc.username, after={"session_id": row.id, "reason": reason})
        return True
