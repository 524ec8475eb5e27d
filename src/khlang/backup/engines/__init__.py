"""Database engines Khlang backs up and restores: one module each, registered under the engine's name.

An engine knows three things: how to make a consistent backup of a live database (with the
digest of every table as the backup holds it), how to restore a backup into a scratch place and
run its own integrity check there, and how to read a database's tables for the content checksum.
Adding an engine is adding one module here.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from khlang.backup.content import TableDigest
from khlang.errors import SourceError
from khlang.registry import Registry

ENGINES: Registry[str, Engine] = Registry("backup engine")
BATCH = 10_000
E = TypeVar("E", bound="Engine")


def register(cls: type[E]) -> type[E]:
    """Register an engine class under its `name`."""
    ENGINES.add(cls.name, cls())
    return cls


class RestoreFailed(Exception):
    """The backup could not be restored; `reason` says why in the words of the report."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Location:
    """A live database: a file (SQLite, DuckDB) or a URL (PostgreSQL, MySQL/MariaDB); `label` is safe to show."""

    engine: str
    path: Path | None = None
    url: str | None = None
    label: str = ""


class Database:
    """An open database whose tables can be listed, checked and digested."""

    def tables(self) -> list[str]:
        raise NotImplementedError

    def digest(self, table: str) -> TableDigest:
        raise NotImplementedError

    def integrity(self) -> list[str]:
        """Problems found by the engine's own integrity check; [] when it passes."""
        return []

    def digests(self) -> dict[str, TableDigest]:
        """Every table's digest."""
        return {t: self.digest(t) for t in self.tables()}

    def close(self) -> None:
        """Release the connection."""

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Engine:
    """How one kind of database is backed up, restored and read."""

    name = ""
    suffix = ""
    url_schemes: tuple[str, ...] = ()  # a server reached by URL (these schemes); () for a database file
    errors: tuple[type[BaseException], ...] = ()

    def backup(self, source: Location, out: Path) -> dict[str, TableDigest]:
        """Write a consistent backup of `source` to `out`; return the digest of every table it holds."""
        raise NotImplementedError

    def open(self, source: Location) -> Database:
        """Open a live database read-only, to compare a restore with it."""
        raise NotImplementedError

    def restore(self, backup: Path, scratch: Path, server_url: str | None) -> AbstractContextManager[Database]:
        """Restore into scratch space (a folder, or a scratch database on the server) and drop it afterwards."""
        raise NotImplementedError

    def precheck(self, backup: Path) -> list[str]:
        """What the file's own structure says is wrong (e.g. truncated), before any restore."""
        return []

    def recognises(self, head: bytes) -> bool:
        """Whether the first 512 bytes of a file are this engine's backup format."""
        return False

    def version(self) -> str:
        return ""


def engines() -> Registry[str, Engine]:
    """Every registered engine by name."""
    _load()
    return ENGINES


def get_engine(name: str) -> Engine:
    """The registered engine of that name (an unknown name is an error listing the known ones)."""
    _load()
    return ENGINES[name]


def detect_engine(path: Path) -> str | None:
    """The engine whose backup format a file is in, by its name and then by its first bytes."""
    _load()
    for name, engine in ENGINES.items():
        if path.name.endswith(engine.suffix):
            return name
    with Path(path).open("rb") as fh:
        head = fh.read(512)
    return next((name for name, engine in ENGINES.items() if engine.recognises(head)), None)


def sniff_source(location: str) -> Location:
    """A live database named on the command line: a server URL (postgresql://, mysql://…), or a SQLite or DuckDB
    file."""
    from khlang.backup.declarations import redact

    if "://" in location:
        scheme = location.split("://", 1)[0].split("+", 1)[0].lower()
        name = next((n for n, e in engines().items() if scheme in e.url_schemes), None)
        if name is None:
            known = ", ".join(f"{s}://" for e in engines().values() for s in e.url_schemes)
            raise SourceError(f"{location.split('://', 1)[0]}: unsupported URL scheme (supported: {known})")
        return Location(name, url=location, label=redact(location))
    path = Path(location)
    if not path.is_file():
        raise SourceError(f"{location}: no such database file")
    with path.open("rb") as fh:
        head = fh.read(16)
    if head.startswith(b"SQLite format 3\x00"):
        return Location("sqlite", path=path, label=location)
    if head[8:12] == b"DUCK":
        return Location("duckdb", path=path, label=location)
    raise SourceError(f"{location}: not a SQLite or DuckDB database file")


def _load() -> None:
    # Not `if not ENGINES`: importing one engine module directly registers that engine alone.
    from khlang.backup.engines import duckdb_engine, mysql, postgres, sqlite  # noqa: F401 - registration
