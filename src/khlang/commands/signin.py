"""`khlang login`, `khlang logout`, `khlang whoami`: the CLI's own sign-in, kept as a token file."""

from __future__ import annotations

import argparse
from pathlib import Path

from khlang.cli import command, emit


def add_parser(groups: argparse._SubParsersAction) -> None:
    """Three one-word commands: `khlang login`, `khlang logout`, `khlang whoami`."""
    login = groups.add_parser("login", help="sign in; the token is kept in $KHLANG_VAR_DIR/tokens/<os-user>")
    login.add_argument("--username", default=None, help="default: ask")
    login.add_argument("--password-file", type=Path, default=None, help="default: ask (the password is not echoed)")
    groups.add_parser("logout", help="revoke the saved token and remove its file")
    who = groups.add_parser("whoami", help="who the CLI acts as (from KHLANG_TOKEN or the login token)")
    who.add_argument("--format", choices=["json", "table"], default="table")


@command("login")
def login(args: argparse.Namespace) -> int:
    import getpass

    from khlang.commands._common import load_declared_catalog, open_configured_store
    from khlang.identity.accounts import issue_token, revoke_token
    from khlang.identity.cli import cli_address, save_token, saved_token, token_file
    from khlang.identity.signin import sign_in

    catalog, store = load_declared_catalog(), open_configured_store()
    username = (args.username or input("username: ")).strip()
    if args.password_file is not None:
        from khlang.commands.users import read_password

        password = read_password(args.password_file)
    else:
        password = getpass.getpass("password: ")
    actor = sign_in(store, catalog, username, password, cli_address(), channel="cli")
    old = token_file().read_text(encoding="utf-8").strip() if token_file().is_file() else None
    path = save_token(issue_token(store, actor, actor.username, f"khlang login {cli_address()}"))
    if old:
        revoke_token(store, old, actor)
    person = catalog.people[actor.person]
    print(f"signed in as {actor.username} — {person.name} ({actor.person}); token saved in {path} (mode 0600)")
    if saved_token() != path.read_text(encoding="utf-8").strip():
        print("note: KHLANG_TOKEN is set and wins over the saved token")
    return 0


@command("logout")
def logout(args: argparse.Namespace) -> int:
    import os

    from khlang.commands._common import open_configured_store
    from khlang.identity.accounts import revoke_token
    from khlang.identity.cli import token_file

    path = token_file()
    if not path.is_file():
        print("not signed in (no saved token)")
        return 0
    token = path.read_text(encoding="utf-8").strip()
    revoked = revoke_token(open_configured_store(), token) if token else False
    path.unlink()
    print("signed out: the token is revoked and its file removed" if revoked
          else "signed out (the token was no longer valid)")
    if os.environ.get("KHLANG_TOKEN"):
        print("note: KHLANG_TOKEN is still set in this shell")
    return 0


@command("whoami")
def whoami(args: argparse.Namespace) -> int:
    from khlang.commands._common import load_declared_catalog, open_configured_store
    from khlang.identity import cli_actor
    from khlang.identity.roles import ROLES

    catalog, store = load_declared_catalog(), open_configured_store()
    actor = cli_actor(args, catalog, store)
    person = catalog.person(actor.person)
    data = {"username": actor.username, "person": actor.person, "name": person.name if person else "(system)",
            "name_en": person.name_en if person else None, "unit": person.unit if person else None,
            "roles": sorted(actor.roles), "channel": actor.channel, "address": actor.address}

    def table(d: dict) -> str:
        roles = ", ".join(f"{ROLES[r].label_th} ({r})" for r in d["roles"]) or "—"
        return (f"{d['username']}: {d['name']}" + (f" / {d['name_en']}" if d["name_en"] else "")
                + f" ({d['person']}, unit {d['unit'] or '—'})\nroles: {roles}\n")

    emit(data, args.format, table)
    return 0
