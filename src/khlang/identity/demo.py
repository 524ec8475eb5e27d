"""Demo accounts for the people of the sample organisation, with random passwords in a private file."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import select

from khlang.atomic import write_text
from khlang.declarations import Catalog
from khlang.identity.accounts import (
    SCHEDULER_USERNAME,
    AccountError,
    add_user,
    admin_exists,
    find_account,
    issue_token,
    reset_password,
)
from khlang.identity.actor import SYSTEM_PERSON, Actor, actor_for, declared_roles
from khlang.identity.passwords import random_password
from khlang.identity.records import Account
from khlang.store import Store


def demo_username(catalog: Catalog, person_id: str) -> str:
    """A person's demo username: their English first name in lower case."""
    person = catalog.people[person_id]
    if not person.name_en:
        raise AccountError(f"{person_id} has no name_en in organisation.yaml: a demo username needs one")
    return person.name_en.split()[0].lower()


def _admin_person(catalog: Catalog) -> str:
    admins = sorted(pid for pid, p in catalog.people.items() if p.active and "admin" in p.roles)
    if not admins:
        raise AccountError("organisation.yaml has no active person with roles: [admin] to create the demo accounts")
    return admins[0]


def demo_accounts(store: Store, catalog: Catalog, actor: Actor, out: Path) -> list[dict]:
    """An account per active person (new password for those that exist) and the scheduler's; written to `out`."""
    rows: list[dict] = []
    with store.reading() as session:
        bootstrap = not admin_exists(session, catalog)
    people = sorted(pid for pid, p in catalog.people.items() if p.active)
    first = _admin_person(catalog) if bootstrap else None
    order = ([first] if first else []) + [p for p in people if p != first]
    for pid in order:
        username, password = demo_username(catalog, pid), random_password()
        with store.reading() as session:
            exists = find_account(session, username) is not None
        if exists:
            reset_password(store, catalog, actor, username, password)
        else:
            add_user(store, catalog, actor, username, pid, [], password)
        if pid == first:  # the first administrator now creates everyone else
            actor = actor_for(catalog, pid, username, (), "cli", actor.address)
        person = catalog.people[pid]
        rows.append({"username": username, "person": pid, "name": person.name,
                     "roles": ",".join(sorted(declared_roles(catalog, pid))) or "-", "secret": password})
    rows.append(_scheduler(store, catalog, actor))
    _write(out, rows)
    return [{k: v for k, v in r.items() if k != "secret"} for r in rows]


def _scheduler(store: Store, catalog: Catalog, actor: Actor) -> dict:
    """The scheduler's system account (no password; a token, for running its commands by hand)."""
    with store.reading() as session:
        exists = find_account(session, SCHEDULER_USERNAME) is not None
    if not exists:
        add_user(store, catalog, actor, SCHEDULER_USERNAME, SYSTEM_PERSON, ["scheduler"], None, source="system")
    token = issue_token(store, actor, SCHEDULER_USERNAME, "demo", catalog=catalog)
    return {"username": SCHEDULER_USERNAME, "person": SYSTEM_PERSON, "name": "(system)", "roles": "scheduler",
            "secret": f"token={token}"}


def _write(out: Path, rows: list[dict]) -> None:
    lines = ["# Khlang demo accounts for the sample organisation: keep this file private (mode 0600).",
             "# username\tperson\tname\troles\tpassword (the scheduler: its API token)"]
    lines += ["\t".join((r["username"], r["person"], r["name"], r["roles"], r["secret"])) for r in rows]
    write_text(Path(out), "\n".join(lines) + "\n")
    os.chmod(out, 0o600)


def demo_file_is_current(store: Store, out: Path) -> bool:
    """True when `out` exists and every account it lists is active in this store (nothing to redo)."""
    try:
        names = [line.split("\t", 1)[0] for line in Path(out).read_text(encoding="utf-8").splitlines()
                 if line and not line.startswith("#")]
    except FileNotFoundError:
        return False
    if not names:
        return False
    with store.reading() as session:
        active = set(session.scalars(select(Account.username).where(Account.active.is_(True))))
    return all(n in active for n in names)
