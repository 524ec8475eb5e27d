"""The actor of a CLI command: a token from KHLANG_TOKEN or from the file `khlang login` wrote.

No command takes a free-text "by": the record carries the person the token belongs to. An
administrator may record on behalf of someone with `--on-behalf-of PID --reason TEXT`.
"""

from __future__ import annotations

import argparse
import getpass
import os
import socket
from pathlib import Path
from typing import Any

from khlang.identity.actor import SYSTEM_PERSON, Actor


def os_user() -> str:
    """The operating-system user running the command."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


def cli_address() -> str:
    """Where a CLI write came from: os-user@hostname."""
    return f"{os_user()}@{socket.gethostname()}"


def token_file() -> Path:
    """$KHLANG_VAR_DIR/tokens/<os-user>: where `khlang login` keeps this user's token (mode 0600)."""
    from khlang.config import settings

    return settings().var_dir / "tokens" / os_user()


def save_token(token: str) -> Path:
    """Write the token file atomically, readable by its owner only."""
    from khlang.atomic import write_text

    path = token_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    write_text(path, token + "\n")  # mkstemp creates the file 0600; the rename keeps that
    os.chmod(path, 0o600)
    return path


def saved_token() -> str | None:
    """The token for this command: KHLANG_TOKEN, else the login file, else None."""
    env = os.environ.get("KHLANG_TOKEN", "").strip()
    if env:
        return env
    path = token_file()
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return None
    return text or None


def add_actor_options(p: argparse.ArgumentParser) -> None:
    """--on-behalf-of / --reason on a command that writes (administrators only)."""
    p.add_argument("--on-behalf-of", default=None, metavar="PID",
                   help="administrators only: record this for a person (with --reason)")
    p.add_argument("--reason", default=None, help="why you record on behalf of someone (kept in the record)")


def cli_actor(args: Any, catalog: Any = None, store: Any = None) -> Actor:
    """The Actor of this CLI invocation; NotSignedIn (non-zero exit) without valid credentials."""
    from khlang.governance.people import person_id
    from khlang.identity.signin import NotSignedIn, actor_from_token

    token = saved_token()
    if token is None:
        raise NotSignedIn("not signed in: run `khlang login` "
                          "(or set KHLANG_TOKEN to a token from `khlang users token`): "
                          "a write records who made it — ยังไม่ได้เข้าสู่ระบบ")
    if catalog is None or store is None:
        from khlang.commands._common import load_declared_catalog, open_configured_store

        catalog = catalog or load_declared_catalog()
        store = store or open_configured_store()
    actor = actor_from_token(store, catalog, token, channel="cli", address=cli_address())
    behalf = getattr(args, "on_behalf_of", None)
    reason = (getattr(args, "reason", None) or "").strip()
    if reason and not behalf:
        from khlang.governance.people import GovernanceError

        raise GovernanceError("--reason goes with --on-behalf-of")
    if behalf:
        return actor.for_person(person_id(catalog, behalf, "--on-behalf-of"), reason)
    return actor


def bootstrap_actor() -> Actor:
    """Who creates the first administrator: the operating-system user, audited as such."""
    return Actor(person=SYSTEM_PERSON, username=f"os:{os_user()}", roles=frozenset(), channel="cli",
                 address=cli_address())
