"""Run-keyed writes take turns: N parallel runs of one run key all succeed and leave one copy.

A task re-run by Airflow while a zombie attempt still writes, or two people running the same
command, replace "what this run wrote" at the same moment. Delete-then-insert under READ
COMMITTED races on PostgreSQL (both deletes see nothing, the second insert violates the unique
key), so every run-keyed write first takes a transaction-scoped advisory lock named after what it
writes and its run key. SQLite needs nothing more: every write transaction there begins with
`BEGIN IMMEDIATE` (khlang.store.db), so its writers already take turns.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session


def lock_id(*key: str) -> int:
    """A stable signed 64-bit number for a lock name (the same in every process and on every machine)."""
    digest = hashlib.blake2b("\x1f".join(key).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_connection(conn: Connection, *key: str) -> None:
    """Hold the lock named `key` on this connection until its transaction ends."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id(*key)})
    # SQLite: BEGIN IMMEDIATE already made this transaction the only writer.


def run_lock(session: Session, *key: str) -> None:
    """Serialise one run-keyed write, e.g. run_lock(session, "catalog_snapshot", run_key).

    Call it first in the transaction, before reading what it will replace; locks of several keys
    are taken in sorted order by the caller (`run_locks`) so two writers never wait on each other.
    """
    lock_connection(session.connection(), *key)


def run_locks(session: Session, keys: list[tuple[str, ...]]) -> None:
    """Take several run locks in one fixed order (no deadlock between writers of overlapping sets)."""
    for key in sorted(set(keys)):
        run_lock(session, *key)
