"""SQLite: an online backup through SQLite's backup API; restore to a scratch copy and PRAGMA integrity_check."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from khlang.backup.content import TableDigest, digest_rows
from khlang.backup.engines import BATCH, Database, Engine, Location, RestoreFailed, register
from khlang.errors import SourceError

MAGIC = b"SQLite format 3\x00"
HEADER = 100


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class SQLiteDatabase(Database):
    """An open SQLite connection."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con

    def tables(self) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]

    def digest(self, table: str) -> TableDigest:
        cur = self.con.execute(f"SELECT * FROM {_quote(table)}")
        columns = [d[0] for d in cur.description]
        return digest_rows(columns, iter(lambda: cur.fetchmany(BATCH), []))

    def integrity(self) -> list[str]:
        rows = [r[0] for r in self.con.execute("PRAGMA integrity_check")]
        return [] if rows == ["ok"] else [f"PRAGMA integrity_check: {'; '.join(rows[:5])}"]

    def close(self) -> None:
        self.con.close()


@register
class SQLiteEngine(Engine):
    """SQLite files (the legacy WMS)."""

    name = "sqlite"
    suffix = ".sqlite"
    errors = (sqlite3.Error,)

    def backup(self, source: Location, out: Path) -> dict[str, TableDigest]:
        src = self._open_ro(source)
        dst = sqlite3.connect(out)
        try:
            # The backup API copies a consistent snapshot page by page while others keep using the file.
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
            dst.commit()
            return SQLiteDatabase(dst).digests()
        except sqlite3.Error as exc:
            raise SourceError(f"{source.label}: backup failed: {exc}") from None
        finally:
            dst.close()
            src.close()

    def open(self, source: Location) -> Database:
        return SQLiteDatabase(self._open_ro(source))

    @contextmanager
    def restore(self, backup: Path, scratch: Path, server_url: str | None) -> Iterator[Database]:
        copy = scratch / "restored.sqlite"
        shutil.copyfile(backup, copy)  # the backup itself is never opened for writing
        try:
            con = sqlite3.connect(copy)
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            raise RestoreFailed(f"integrity check failed: {exc}") from None
        db = SQLiteDatabase(con)
        try:
            yield db
        finally:
            db.close()

    def precheck(self, backup: Path) -> list[str]:
        size = backup.stat().st_size
        with backup.open("rb") as fh:
            head = fh.read(HEADER)
        if size < HEADER:
            return [f"truncated: {size:,} bytes is shorter than a SQLite header ({HEADER} bytes)"]
        if not head.startswith(MAGIC):
            return ["integrity check failed: not a SQLite database (the file header is wrong)"]
        page_size = int.from_bytes(head[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        if page_size < 512 or page_size & (page_size - 1):
            return [f"integrity check failed: the header's page size {page_size} is not valid"]
        if size % page_size:
            return [f"truncated: {size:,} bytes is not a whole number of {page_size:,}-byte pages"]
        pages = int.from_bytes(head[28:32], "big")
        if head[92:96] == head[24:28] and pages and size < pages * page_size:
            return [f"truncated: {size:,} bytes, the SQLite header says {pages:,} pages of {page_size:,} bytes"]
        return []

    def recognises(self, head: bytes) -> bool:
        return head.startswith(MAGIC)

    def version(self) -> str:
        return sqlite3.sqlite_version

    @staticmethod
    def _open_ro(source: Location) -> sqlite3.Connection:
        if source.path is None or not Path(source.path).is_file():
            raise SourceError(f"{source.label}: no such SQLite file")
        path = Path(source.path)
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            con.close()
            raise SourceError(f"{source.label}: not a readable SQLite database: {exc}") from None
        return con
