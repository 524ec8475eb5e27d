"""Accounts tied to people of organisation.yaml: add, list, disable, reset a password, issue tokens.

Every change is authorized (`users.manage`, administrators only) and audited in its own transaction.
The first administrator is the one exception: while no administrator exists, `add_user` may create
one (the bootstrap), audited as the operating-system user who ran it.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from khlang.dates import utcnow
from khlang.declarations import Catalog
from khlang.errors import KhlangError
from khlang.identity.actor import SYSTEM_PERSON, Actor, declared_roles
from khlang.identity.audit import audit
from khlang.identity.passwords import check_strength, hash_password
from khlang.identity.permissions import PermissionDenied, authorize
from khlang.identity.records import Account, ApiToken, ConsoleSession
from khlang.identity.roles import why_not_declarable
from khlang.store import Store

USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,63}$")
SCHEDULER_USERNAME = "khlang-scheduler"
TOKEN_PREFIX = "khl_"


class AccountError(KhlangError):
    """A request about accounts that cannot be done (unknown user, duplicate, bad role); nothing written."""

    exit_code = 2


def token_digest(token: str) -> str:
    """What the store keeps of a token or session id: its sha256."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def find_account(session: Session, username: str) -> Account | None:
    """The account with that username, if any."""
    return session.scalars(select(Account).where(Account.username == username)).first()


def _account(session: Session, username: str) -> Account:
    acc = find_account(session, username)
    if acc is None:
        raise AccountError(f"no account {username!r} (see `khlang users list`)")
    return acc


def is_admin(catalog: Catalog, acc: Account) -> bool:
    """An active account whose person or own roles make it an administrator."""
    return acc.active and ("admin" in (acc.roles or []) or "admin" in declared_roles(catalog, acc.person))


def admin_exists(session: Session, catalog: Catalog) -> bool:
    """True once any active administrator account exists (the bootstrap is over)."""
    return any(is_admin(catalog, a) for a in session.scalars(select(Account).where(Account.active.is_(True))))


def _check_new(catalog: Catalog, username: str, person: str, roles: list[str], source: str) -> None:
    if not USERNAME.match(username or ""):
        raise AccountError(f"username: {username!r} must be 2–64 characters: a-z first, then a-z 0-9 . _ -")
    if source == "system":
        if person != SYSTEM_PERSON:
            raise AccountError(f"--person: the system account stands for {SYSTEM_PERSON!r}")
        return
    p = catalog.person(person)
    if p is None:
        known = ", ".join(sorted(catalog.people))
        raise AccountError(f"--person: unknown person {person!r} (organisation.yaml: {known})")
    if not p.active:
        raise AccountError(f"--person: {person} ({p.name}) has left the organisation")
    for code in roles:
        problem = why_not_declarable(code)
        if problem:
            raise AccountError(f"--role: {problem}")


def add_user(store: Store, catalog: Catalog, actor: Actor, username: str, person: str, roles: list[str] | tuple = (),
             password: str | None = None, *, source: str = "local") -> dict:
    """Create an account for a person (local with a password, or signing in through the directory)."""
    roles = list(dict.fromkeys(roles))
    _check_new(catalog, username, person, roles, source)
    if source == "local":
        check_strength(password or "", username)
    elif source not in ("directory", "system"):
        raise AccountError(f"source: local, directory or system (got {source!r})")
    now = utcnow()
    with store.transaction() as session:
        bootstrap = _authorize_add(session, catalog, actor, person, roles)
        if find_account(session, username) is not None:
            raise AccountError(f"username: {username!r} is taken")
        acc = Account(username=username, person=person, roles=roles, source=source,
                      password_hash=hash_password(password or "") if source == "local" else None, active=True,
                      failed_count=0, password_changed_at=now if source == "local" else None, created_at=now,
                      created_by=actor.username)
        session.add(acc)
        session.flush()
        after = {"username": username, "person": person, "roles": roles, "source": source}
        audit(session, actor, "account.add", "account", username, after=after,
              note="bootstrap: the first administrator" if bootstrap else None)
        return {**after, "id": acc.id, "bootstrap": bootstrap}


def _authorize_add(session: Session, catalog: Catalog, actor: Actor, person: str, roles: list[str]) -> bool:
    """Administrators add accounts; before any exists, only an administrator's own account may be added."""
    if admin_exists(session, catalog):
        authorize(catalog, actor, "users.manage")
        return False
    if "admin" in roles or "admin" in declared_roles(catalog, person):
        return True
    raise PermissionDenied("no administrator account yet: create one first "
                           "(`khlang users add NAME --person PID --role admin`)")


def list_users(store: Store, catalog: Catalog | None = None) -> list[dict]:
    """Every account, with its state (never a secret); with the catalogue, also the person's declared roles."""
    with store.reading() as session:
        accounts = list(session.scalars(select(Account).order_by(Account.username)))
        tokens = {a: 0 for a in (acc.id for acc in accounts)}
        for t in session.scalars(select(ApiToken).where(ApiToken.revoked_at.is_(None))):
            tokens[t.account_id] = tokens.get(t.account_id, 0) + 1
    return [{"username": a.username, "person": a.person, "roles": list(a.roles or []),
             "declared_roles": sorted(declared_roles(catalog, a.person)) if catalog is not None else None,
             "source": a.source,
             "active": a.active, "locked_until": a.locked_until, "last_sign_in_at": a.last_sign_in_at,
             "tokens": tokens.get(a.id, 0), "created_at": a.created_at, "disabled_at": a.disabled_at}
            for a in accounts]


def end_sessions(session: Session, account_id: int, reason: str) -> int:
    """End every open console session of an account; returns how many."""
    now = utcnow()
    ended = 0
    for s in session.scalars(select(ConsoleSession).where(ConsoleSession.account_id == account_id,
                                                           ConsoleSession.ended_at.is_(None))):
        s.ended_at, s.end_reason = now, reason
        ended += 1
    return ended


def revoke_tokens(session: Session, account_id: int) -> int:
    """Revoke every live token of an account; returns how many."""
    now = utcnow()
    revoked = 0
    for t in session.scalars(select(ApiToken).where(ApiToken.account_id == account_id, ApiToken.revoked_at.is_(None))):
        t.revoked_at = now
        revoked += 1
    return revoked


def disable_user(store: Store, catalog: Catalog, actor: Actor, username: str, note: str = "") -> dict:
    """Disable an account: it can no longer sign in, and its sessions and tokens stop working now."""
    with store.transaction() as session:
        authorize(catalog, actor, "users.manage")
        acc = _account(session, username)
        if not acc.active:
            raise AccountError(f"account {username!r} is already disabled")
        acc.active, acc.disabled_at = False, utcnow()
        sessions, tokens = end_sessions(session, acc.id, "account disabled"), revoke_tokens(session, acc.id)
        audit(session, actor, "account.disable", "account", username, before={"active": True},
              after={"active": False, "sessions_ended": sessions, "tokens_revoked": tokens}, note=note or None)
        return {"username": username, "active": False, "sessions_ended": sessions, "tokens_revoked": tokens}


def reset_password(store: Store, catalog: Catalog, actor: Actor, username: str, password: str) -> dict:
    """Set a new password (and lift a lock-out); the account's console sessions end."""
    with store.transaction() as session:
        authorize(catalog, actor, "users.manage")
        acc = _account(session, username)
        if acc.source != "local":
            raise AccountError(f"account {username!r} signs in through the {acc.source}: its password is kept there")
        check_strength(password, username)
        acc.password_hash, acc.password_changed_at = hash_password(password), utcnow()
        acc.failed_count, acc.first_failed_at, acc.locked_until = 0, None, None
        ended = end_sessions(session, acc.id, "password reset")
        audit(session, actor, "account.reset_password", "account", username, after={"sessions_ended": ended})
        return {"username": username, "sessions_ended": ended}


def issue_token(store: Store, actor: Actor, username: str, label: str = "", *,
                catalog: Catalog | None = None) -> str:
    """A new API/CLI token for an account: returned once, kept as its sha256.

    A person gets tokens for their own account (that is what `khlang login` does); only an
    administrator issues one for another account (the scheduler's, say).
    """
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.transaction() as session:
        acc = _account(session, username)
        own = actor.username == username and not actor.on_behalf_of
        if not own:
            if catalog is None:
                raise PermissionDenied(f"{actor.username} may not issue a token for {username}")
            authorize(catalog, actor, "users.manage")
        if not acc.active:
            raise AccountError(f"account {username!r} is disabled")
        row = ApiToken(account_id=acc.id, token_sha256=token_digest(token), label=label or "token",
                       created_at=utcnow(), created_by=actor.username)
        session.add(row)
        session.flush()
        audit(session, actor, "token.issue", "account", username, after={"token_id": row.id, "label": row.label})
    return token


def revoke_token(store: Store, token: str, actor: Actor | None = None) -> bool:
    """Revoke one token (logout); False when it was unknown or already revoked."""
    with store.transaction() as session:
        row = session.scalars(select(ApiToken).where(ApiToken.token_sha256 == token_digest(token))).first()
        if row is None or row.revoked_at is not None:
            return False
        row.revoked_at = utcnow()
        if actor is not None:
            acc = session.get(Account, row.account_id)
            audit(session, actor, "token.revoke", "account", acc.username if acc else row.account_id,
                  after={"token_id": row.id})
        return True


_ELSEWHERE = {name: "khlang.identity.signin" for name in ("sign_in", "actor_from_token", "SignInFailed", "NotSignedIn")}
_ELSEWHERE |= {name: "khlang.identity.sessions"
               for name in ("start_session", "session_actor", "end_session", "csrf_token", "check_csrf")}


def __getattr__(name: str):  # noqa: ANN202
    """Sign-in and sessions live in their own modules; the interface names them here too."""
    if name in _ELSEWHERE:
        import importlib

        return getattr(importlib.import_module(_ELSEWHERE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
