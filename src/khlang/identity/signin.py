"""Signing in: a local password (Argon2) or the organisation's directory, with lock-out; tokens to actors.

A failed sign-in says one generic sentence whatever went wrong (unknown user, wrong password, locked,
disabled), so the answer tells an attacker nothing. After `max_failures()` failures within
`failure_window()` the account is locked for `lock_time()`, even against the right password.
"""

from __future__ import annotations

import datetime as dt
import os

from sqlalchemy import select
from sqlalchemy.orm import Session

from khlang.dates import as_utc, utcnow
from khlang.declarations import Catalog
from khlang.errors import KhlangError
from khlang.identity import limits
from khlang.identity.accounts import find_account, token_digest
from khlang.identity.actor import Actor, actor_for
from khlang.identity.audit import audit
from khlang.identity.passwords import hash_password, needs_rehash, verify_password
from khlang.identity.records import Account, ApiToken
from khlang.store import Store

GENERIC = "sign-in failed: wrong username or password, or the account is locked or disabled " \
          "(เข้าสู่ระบบไม่สำเร็จ)"
TOKEN_TOUCH = dt.timedelta(seconds=60)  # last_used_at is refreshed at most this often (one write, not one per call)


class SignInFailed(KhlangError):
    """Credentials refused (HTTP 401); the message is the same for every reason."""

    exit_code = 3

    def __init__(self, message: str = GENERIC):
        super().__init__(message)


class NotSignedIn(KhlangError):
    """No valid credentials came with the request (HTTP 401)."""

    exit_code = 3


def directory_configured() -> bool:
    """True when an LDAP/AD directory is configured (KHLANG_LDAP_URL)."""
    return bool(os.environ.get("KHLANG_LDAP_URL"))


def _directory_person(username: str, password: str) -> str | None:
    """The person id the directory gives for these credentials, or None (imported only when configured)."""
    from khlang.identity.directory import DirectoryConfig, DirectoryUnavailable, authenticate

    config = DirectoryConfig.from_env()
    if config is None:  # KHLANG_LDAP_URL is blank: no directory to ask
        return None
    try:
        user = authenticate(config, username, password)
    except DirectoryUnavailable:
        raise SignInFailed("sign-in is not available now: the directory cannot be reached "
                           "(ติดต่อไดเรกทอรีไม่ได้ ลองใหม่ภายหลัง)") from None
    return user.person if user is not None else None


def _locked(acc: Account, now: dt.datetime) -> bool:
    return acc.locked_until is not None and as_utc(acc.locked_until) > now


def sign_in(store: Store, catalog: Catalog, username: str, password: str, address: str | None = None,
            channel: str = "console") -> Actor:
    """The Actor for these credentials, or SignInFailed (and a failure counted against the account)."""
    username = (username or "").strip().lower()
    now = utcnow()
    with store.reading() as session:
        acc = find_account(session, username)
    person: str | None = None
    if acc is None:
        if directory_configured() and password:
            person = _directory_person(username, password)
            if person is not None and _active(catalog, person):
                return _directory_first_sign_in(store, catalog, username, person, address, channel)
        verify_password(None, password)
        raise SignInFailed()
    if acc.source == "directory":
        person = _directory_person(username, password) if password and directory_configured() else None
        ok = person is not None and person == acc.person
    else:
        ok = acc.source == "local" and verify_password(acc.password_hash, password)
    return _record_outcome(store, catalog, acc.id, ok and _active(catalog, acc.person), password, address,
                           channel, now)


def _active(catalog: Catalog, person: str) -> bool:
    p = catalog.person(person)
    return p is not None and p.active


def _record_outcome(store: Store, catalog: Catalog, account_id: int, ok: bool, password: str,
                    address: str | None, channel: str, now: dt.datetime) -> Actor:
    """Count a failure (and lock at the limit) or record a success; raise after the transaction commits."""
    with store.transaction() as session:
        acc = session.get(Account, account_id)
        assert acc is not None
        who = Actor(person=acc.person, username=acc.username, channel=channel, address=address)
        if ok and acc.active and not _locked(acc, now):
            acc.failed_count, acc.first_failed_at, acc.last_sign_in_at = 0, None, now
            if acc.source == "local" and acc.password_hash and needs_rehash(acc.password_hash):
                acc.password_hash = hash_password(password)
            audit(session, who, "signin", "account", acc.username)
            return actor_for(catalog, acc.person, acc.username, acc.roles or [], channel, address)
        _count_failure(session, acc, who, now)
    raise SignInFailed()


def _count_failure(session: Session, acc: Account, who: Actor, now: dt.datetime) -> None:
    if _locked(acc, now) or not acc.active:
        audit(session, who, "signin.refused", "account", acc.username,
              note="locked" if acc.active else "disabled")
        return
    if acc.first_failed_at is None or now - as_utc(acc.first_failed_at) > limits.failure_window():
        acc.failed_count, acc.first_failed_at = 0, now
    acc.failed_count += 1
    audit(session, who, "signin.failed", "account", acc.username, after={"failures": acc.failed_count})
    if acc.failed_count >= limits.max_failures():
        acc.locked_until = now + limits.lock_time()
        acc.failed_count, acc.first_failed_at = 0, None
        audit(session, who, "account.locked", "account", acc.username, after={"locked_until": acc.locked_until})


def _directory_first_sign_in(store: Store, catalog: Catalog, username: str, person: str, address: str | None,
                             channel: str) -> Actor:
    """A directory user's first sign-in: their account is made from the directory's person id."""
    now = utcnow()
    who = Actor(person=person, username=username, channel=channel, address=address)
    with store.transaction() as session:
        if find_account(session, username) is None:
            session.add(Account(username=username, person=person, roles=[], source="directory", password_hash=None,
                                active=True, failed_count=0, created_at=now, created_by="directory",
                                last_sign_in_at=now))
            audit(session, who, "account.add", "account", username,
                  after={"username": username, "person": person, "roles": [], "source": "directory"},
                  note="first sign-in through the directory")
        audit(session, who, "signin", "account", username)
    return actor_for(catalog, person, username, [], channel, address)


def actor_from_token(store: Store, catalog: Catalog, token: str | None, channel: str = "api",
                     address: str | None = None) -> Actor:
    """The Actor a bearer token stands for; NotSignedIn when it is missing, unknown, revoked or disabled."""
    if not token:
        raise NotSignedIn("not signed in: run `khlang login` or set KHLANG_TOKEN (ยังไม่ได้เข้าสู่ระบบ)")
    digest = token_digest(token.strip())
    now = utcnow()
    with store.reading() as session:
        row = session.scalars(select(ApiToken).where(ApiToken.token_sha256 == digest)).first()
        acc = session.get(Account, row.account_id) if row is not None else None
    if row is None or acc is None or row.revoked_at is not None or not acc.active:
        raise NotSignedIn("the token is not valid (unknown, revoked, or its account is disabled): "
                          "run `khlang login` again (โทเคนไม่ถูกต้อง)")
    if acc.source != "system" and not _active(catalog, acc.person):
        raise NotSignedIn(f"the token's person {acc.person} is not an active person of organisation.yaml")
    if row.last_used_at is None or now - as_utc(row.last_used_at) > TOKEN_TOUCH:
        with store.transaction() as session:
            fresh = session.get(ApiToken, row.id)
            if fresh is not None:
                fresh.last_used_at = now
    if acc.source == "system":
        return Actor(person=acc.person, username=acc.username, roles=frozenset(acc.roles or ["scheduler"]),
                     channel=channel, address=address)
    return actor_for(catalog, acc.person, acc.username, acc.roles or [], channel, address)
