"""`khlang users …`: accounts of the people of organisation.yaml, their passwords and API tokens."""

from __future__ import annotations

import argparse
from pathlib import Path

from khlang.cli import command, emit, render_table


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang users add|list|disable|reset-password|token|demo-accounts`"""
    g = groups.add_parser("users", help="accounts, passwords and API tokens (administrators)").add_subparsers(
        dest="name", required=True)
    add = g.add_parser("add", help="create an account for a person (the first one: an administrator)")
    add.add_argument("username")
    add.add_argument("--person", required=True, help="the person's id in organisation.yaml")
    add.add_argument("--role", action="append", default=[], help="an extra role for this account (repeat)")
    add.add_argument("--password-file", type=Path, default=None,
                     help="read the password from this file's first line (default: ask for it)")
    add.add_argument("--directory", action="store_true",
                     help="the account signs in through the LDAP/AD directory (no local password)")
    add.add_argument("--format", choices=["json", "table"], default="table")
    lst = g.add_parser("list", help="every account and its state")
    lst.add_argument("--format", choices=["json", "table"], default="table")
    dis = g.add_parser("disable", help="disable an account: its sessions and tokens stop working now")
    dis.add_argument("username")
    dis.add_argument("--note", default="", help="why (kept in the audit log)")
    dis.add_argument("--format", choices=["json", "table"], default="table")
    rst = g.add_parser("reset-password", help="set a new password (lifts a lock-out, ends console sessions)")
    rst.add_argument("username")
    rst.add_argument("--password-file", type=Path, default=None)
    rst.add_argument("--format", choices=["json", "table"], default="table")
    tok = g.add_parser("token", help="a new API token for an account (shown once)")
    tok.add_argument("username")
    tok.add_argument("--label", default="", help="what the token is for (kept with it)")
    demo = g.add_parser("demo-accounts", help="an account per person of the sample organisation, passwords to a file")
    demo.add_argument("--out", type=Path, required=True, help="where to write usernames and passwords (mode 0600)")
    demo.add_argument("--unless-made", action="store_true",
                      help="do nothing when --out already lists this store's active accounts")


def read_password(path: Path | None, prompt: str = "password: ") -> str:
    """A password from a file's first line, or asked for twice on the terminal (never from the command line)."""
    import getpass

    from khlang.identity.accounts import AccountError

    if path is not None:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise AccountError(f"--password-file: cannot read {path}: {exc.strerror}") from None
        if not lines or not lines[0]:
            raise AccountError(f"--password-file: {path} is empty (the first line is the password)")
        return lines[0]
    first = getpass.getpass(prompt)
    if getpass.getpass("again: ") != first:
        raise AccountError("the two passwords differ; nothing was changed")
    return first


def _stores():  # noqa: ANN202
    from khlang.commands._common import load_declared_catalog, open_configured_store

    return load_declared_catalog(), open_configured_store()


def _admin_actor(args: argparse.Namespace, catalog, store):  # noqa: ANN001, ANN202
    """The signed-in administrator, or the operating-system user while no administrator exists (bootstrap)."""
    from khlang.identity import cli_actor
    from khlang.identity.accounts import admin_exists
    from khlang.identity.cli import bootstrap_actor

    with store.reading() as session:
        if not admin_exists(session, catalog):
            return bootstrap_actor()
    return cli_actor(args, catalog, store)


@command("users", "add")
def users_add(args: argparse.Namespace) -> int:
    from khlang.identity.accounts import add_user

    catalog, store = _stores()
    actor = _admin_actor(args, catalog, store)
    password = None if args.directory else read_password(args.password_file)
    made = add_user(store, catalog, actor, args.username, args.person, args.role, password,
                    source="directory" if args.directory else "local")
    emit(made, args.format, lambda d: f"account {d['username']} ({d['person']}) created"
                                      + (" — the first administrator" if d["bootstrap"] else "") + "\n")
    return 0


@command("users", "list")
def users_list(args: argparse.Namespace) -> int:
    from khlang.identity.accounts import list_users

    catalog, store = _stores()
    rows = list_users(store, catalog)
    cols = ["username", "person", "roles", "declared_roles", "source", "active", "locked_until", "last_sign_in_at",
            "tokens"]
    emit(rows, args.format, lambda rs: render_table(
        [{**r, "roles": ",".join(r["roles"]), "declared_roles": ",".join(r["declared_roles"] or [])} for r in rs],
        cols))
    return 0


@command("users", "disable")
def users_disable(args: argparse.Namespace) -> int:
    from khlang.identity import cli_actor
    from khlang.identity.accounts import disable_user

    catalog, store = _stores()
    data = disable_user(store, catalog, cli_actor(args, catalog, store), args.username, args.note)
    emit(data, args.format, lambda d: f"account {d['username']} disabled: {d['sessions_ended']} session(s) ended, "
                                      f"{d['tokens_revoked']} token(s) revoked\n")
    return 0


@command("users", "reset-password")
def users_reset_password(args: argparse.Namespace) -> int:
    from khlang.identity import cli_actor
    from khlang.identity.accounts import reset_password

    catalog, store = _stores()
    actor = cli_actor(args, catalog, store)
    data = reset_password(store, catalog, actor, args.username, read_password(args.password_file, "new password: "))
    emit(data, args.format, lambda d: f"password of {d['username']} changed; {d['sessions_ended']} session(s) ended\n")
    return 0


@command("users", "token")
def users_token(args: argparse.Namespace) -> int:
    import sys

    from khlang.identity import cli_actor
    from khlang.identity.accounts import issue_token

    catalog, store = _stores()
    token = issue_token(store, cli_actor(args, catalog, store), args.username, args.label, catalog=catalog)
    sys.stderr.write(f"a new token for {args.username}; it is shown only now: keep it as a secret "
                     "(use it as KHLANG_TOKEN or an HTTP header 'Authorization: Bearer …')\n")
    sys.stdout.write(token + "\n")
    return 0


@command("users", "demo-accounts")
def users_demo_accounts(args: argparse.Namespace) -> int:
    from khlang.identity.demo import demo_accounts, demo_file_is_current

    catalog, store = _stores()
    if args.unless_made and demo_file_is_current(store, args.out):
        print(f"demo accounts already made: {args.out}")
        return 0
    rows = demo_accounts(store, catalog, _admin_actor(args, catalog, store), args.out)
    print(render_table(rows, ["username", "person", "name", "roles"]), end="")
    print(f"{len(rows)} demo accounts; their passwords are in {args.out} (mode 0600)")
    return 0
