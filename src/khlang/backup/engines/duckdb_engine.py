"""DuckDB: EXPORT DATABASE to Parquet in a tar; restore with IMPORT DATABASE into a scratch database.

Why an export rather than a copy of the .duckdb file: the export runs in one read transaction of a
read-only connection, and DuckDB's file lock keeps every writer out while it runs, so the copy is
consistent; a copied file would also miss what still sits in a .wal file. Parquet stays readable
after DuckDB upgrades change the storage format, which matters for backups kept for months.
The restore runs the export's SQL with file access limited to the scratch folder.
"""

from __future__ import annotations

import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from khlang.backup.content import TableDigest, digest_rows
from khlang.backup.engines import BATCH, Database, Engine, Location, RestoreFailed, register
from khlang.config import settings
from khlang.errors import SourceError
from khlang.harvest.readers import literal, quote

REQUIRED = ("schema.sql", "load.sql")


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class DuckDBDatabase(Database):
    """An open DuckDB connection (the source read-only, or the scratch restore)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def tables(self) -> list[str]:
        rows = self.con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() "
            "WHERE database_name = current_database() AND NOT internal ORDER BY 1, 2").fetchall()
        return [name if schema == "main" else f"{schema}.{name}" for schema, name in rows]

    def digest(self, table: str) -> TableDigest:
        schema, _, name = table.rpartition(".")
        cur = self.con.execute(f"SELECT * FROM {quote(schema or 'main')}.{quote(name)}")
        columns = [d[0] for d in cur.description]
        return digest_rows(columns, iter(lambda: cur.fetchmany(BATCH), []))

    def close(self) -> None:
        self.con.close()


@register
class DuckDBEngine(Engine):
    """DuckDB database files (the data warehouse)."""

    name = "duckdb"
    suffix = ".duckdb.tar"
    errors = (duckdb.Error,)

    def backup(self, source: Location, out: Path) -> dict[str, TableDigest]:
        db = self.open(source)
        try:
            with tempfile.TemporaryDirectory(prefix=".export-", dir=out.parent) as tmp:
                export = Path(tmp) / "export"
                try:
                    db.con.execute(f"EXPORT DATABASE {literal(str(export))} (FORMAT parquet)")
                    digests = db.digests()
                except duckdb.Error as exc:
                    raise SourceError(f"{source.label}: export failed: {_first_line(exc)}") from None
                with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tar:
                    for path in sorted(export.iterdir()):
                        tar.add(path, arcname=path.name, filter=_anonymous)
            return digests
        finally:
            db.close()

    def open(self, source: Location) -> DuckDBDatabase:
        if source.path is None or not Path(source.path).is_file():
            raise SourceError(f"{source.label}: no such DuckDB file")
        path = Path(source.path)
        try:
            return DuckDBDatabase(duckdb.connect(str(path), read_only=True))
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise SourceError(f"{source.label}: another process is writing it; try again when it is done") from None
            raise SourceError(f"{source.label}: not a readable DuckDB database: {_first_line(exc)}") from None
        except duckdb.Error as exc:
            raise SourceError(f"{source.label}: not a readable DuckDB database: {_first_line(exc)}") from None

    @contextmanager
    def restore(self, backup: Path, scratch: Path, server_url: str | None) -> Iterator[Database]:
        export = scratch / "export"
        export.mkdir()
        _extract(backup, export)
        cfg = settings()
        spill = scratch / "spill"
        spill.mkdir()
        con = duckdb.connect(str(scratch / "restored.duckdb"), config={
            "memory_limit": cfg.duckdb_memory_limit, "threads": cfg.duckdb_threads,
            "temp_directory": str(spill)})
        db = DuckDBDatabase(con)
        try:
            # The export's SQL comes from the backup file: it may touch only the scratch folder.
            con.execute(f"SET allowed_directories = [{literal(str(export) + '/')}, {literal(str(spill) + '/')}]")
            con.execute("SET enable_external_access = false")
            try:
                con.execute(f"IMPORT DATABASE {literal(str(export))}")
                con.execute("CHECKPOINT")
            except duckdb.Error as exc:
                text = _first_line(exc).replace(str(export) + "/", "")
                raise RestoreFailed(f"integrity check failed: IMPORT DATABASE: {text}") from None
            yield db
        finally:
            db.close()

    def precheck(self, backup: Path) -> list[str]:
        size = backup.stat().st_size
        if size % 512:
            return [f"truncated: {size:,} bytes is not a whole number of 512-byte tar blocks"]
        return []

    def recognises(self, head: bytes) -> bool:
        return head[257:262] == b"ustar"

    def version(self) -> str:
        return duckdb.__version__


def _anonymous(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _extract(backup: Path, into: Path) -> None:
    """Unpack the export, refusing anything but plain files at the top of the archive."""
    try:
        with tarfile.open(backup, "r:") as tar:
            members = tar.getmembers()
            for m in members:
                if not m.isfile() or "/" in m.name or m.name in ("", ".", ".."):
                    raise RestoreFailed(f"integrity check failed: unexpected entry {m.name!r} in the DuckDB export")
            tar.extractall(into, members=members, filter="data")
    except RestoreFailed:
        raise
    except (tarfile.TarError, EOFError, OSError) as exc:
        text = _first_line(exc)
        if "unexpected end" in text.lower() or isinstance(exc, EOFError):
            raise RestoreFailed(f"truncated: the tar archive ends early ({text})") from None
        raise RestoreFailed(f"integrity check failed: not a readable tar archive ({text})") from None
    missing = [name for name in REQUIRED if not (into / name).is_file()]
    if missing:
        raise RestoreFailed(f"integrity check failed: not a DuckDB export ({', '.join(missing)} missing)")

