"""Signing in from tests: an account per person in the configured store, and KHLANG_TOKEN set to its token.

Use the `login` fixture (tests/conftest.py loads this module as a pytest plugin) with the `khlang_env` fixture:
`login("p06")` makes the CLI act as p06 until the next call; `login(None)` signs out.
"""

from __future__ import annotations

import pytest

PASSWORD = "a long test password"
ADMIN = "test-admin"


def _context():
    from khlang.config import settings
    from khlang.declarations import load_catalog
    from khlang.store import open_store

    return load_catalog(settings().catalog_dir), open_store(settings().store_url)


def admin_actor(catalog, store):
    """The store's administrator (p14), created through the bootstrap the first time."""
    from khlang.identity import actor_for
    from khlang.identity.accounts import add_user, find_account
    from khlang.identity.cli import bootstrap_actor

    with store.reading() as session:
        exists = find_account(session, ADMIN) is not None
    if not exists:
        add_user(store, catalog, bootstrap_actor(), ADMIN, "p14", [], PASSWORD)
    return actor_for(catalog, "p14", ADMIN, (), "cli")


def token_for(pid: str, roles: tuple[str, ...] = ()) -> str:
    """A fresh token of the account `user-<pid>` (made the first time, with these extra roles)."""
    from khlang.identity.accounts import add_user, find_account, issue_token

    catalog, store = _context()
    try:
        admin = admin_actor(catalog, store)
        if pid == "p14":
            return issue_token(store, admin, ADMIN, "test", catalog=catalog)
        username = f"user-{pid}"
        with store.reading() as session:
            exists = find_account(session, username) is not None
        if not exists:
            if pid == "khlang":
                add_user(store, catalog, admin, username, pid, ["scheduler"], None, source="system")
            else:
                add_user(store, catalog, admin, username, pid, list(roles), PASSWORD)
        return issue_token(store, admin, username, "test", catalog=catalog)
    finally:
        store.close()


@pytest.fixture
def login(monkeypatch, khlang_env):
    """login(pid) → the CLI acts as that person (KHLANG_TOKEN); login(None) → nobody is signed in."""
    def as_person(pid: str | None, roles: tuple[str, ...] = ()) -> str | None:
        if pid is None:
            monkeypatch.delenv("KHLANG_TOKEN", raising=False)
            return None
        token = token_for(pid, roles)
        monkeypatch.setenv("KHLANG_TOKEN", token)
        return token

    return as_person
