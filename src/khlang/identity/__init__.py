"""Identity and permissions: who acts (Actor), what they may do (authorize), and the audit log of it.

The console, the API, the CLI and the DAGs all go through these: every write function of the library
takes an Actor, calls `authorize` before it writes and `audit` in the same transaction.
"""

from __future__ import annotations

from typing import Any

from khlang.identity.actor import SCHEDULER, Actor, actor_for, declared_roles
from khlang.identity.audit import audit, audit_entries
from khlang.identity.permissions import FourEyes, PermissionDenied, allowed, authorize, may_see_pii


def cli_actor(args: Any, catalog: Any = None, store: Any = None) -> Actor:
    """The Actor of a CLI write: from KHLANG_TOKEN or the `khlang login` token file (see khlang.identity.cli)."""
    from khlang.identity.cli import cli_actor as resolve

    return resolve(args, catalog, store)


__all__ = ["SCHEDULER", "Actor", "FourEyes", "PermissionDenied", "actor_for", "allowed", "audit", "audit_entries",
           "authorize", "cli_actor", "declared_roles", "may_see_pii"]
