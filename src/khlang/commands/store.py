"""`khlang store …`: the governance store."""

from __future__ import annotations

import argparse
import sys

from khlang.cli import command
from khlang.commands._common import open_configured_store as _store


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang store upgrade`"""
    store = groups.add_parser("store", help="the governance store").add_subparsers(dest="name", required=True)
    store.add_parser("upgrade", help="create or migrate the store's tables")


@command("store", "upgrade")
def store_upgrade(_args: argparse.Namespace) -> int:
    from khlang.store.migrate import current

    store = _store()
    sys.stdout.write(f"store at revision {current(store.engine)}\n")
    return 0
