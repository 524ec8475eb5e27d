"""Source readers: one profiling class per kind of source, named by its source type's plugin (khlang.sources).

Every reader pushes the work down to where the data is (DuckDB over files, SQLite,
PostgreSQL or MySQL/MariaDB in their own engines), so profiling streams and memory stays bounded.
A reader of a database server names its URL schemes (`url_schemes`) and is opened with the URL.
"""

from __future__ import annotations

import atexit
import os
import re
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import duckdb

from khlang.config import settings
from khlang.errors import SourceError

if TYPE_CHECKING:
    from sqlalchemy import Engine

SAMPLE_ROWS = 2000
COUNT_COLUMNS_PER_PASS = 64
PII_CANDIDATE_TYPES = ("VARCHAR", "TEXT", "CHAR", "STRING", "BIGINT", "HUGEINT", "INTEGER", "INT", "NUMERIC",
                       "TINYTEXT", "MEDIUMTEXT", "LONGTEXT")


@dataclass(frozen=True)
class Table:
    """A table-like object in a source: a file, or a table of a database (`error`: why it cannot be read)."""

    name: str
    object: str
    columns: tuple[tuple[str, str], ...]
    error: str | None = None


@dataclass(frozen=True)
class Counts:
    """What one aggregate pass over a table measured."""

    row_count: int
    nulls: dict[str, int]
    distinct: dict[str, int]
    distinct_exact: bool


def quote(identifier: str) -> str:
    """Quote an identifier for DuckDB, SQLite and PostgreSQL alike (all use ANSI double quotes)."""
    return '"' + identifier.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A SQL string literal, for the few places DuckDB takes no bound parameter (views, ATTACH)."""
    return "'" + text.replace("'", "''") + "'"


def exact_distinct_limit() -> int:
    """Above this many rows, distinct counts use HyperLogLog so a scan stays one pass in bounded memory."""
    return int(os.environ.get("KHLANG_EXACT_DISTINCT_MAX_ROWS", "5000000"))


def is_pii_candidate(type_name: str) -> bool:
    """Whether a column's type can hold PII values worth sampling."""
    upper = type_name.upper()
    return any(upper.startswith(t) for t in PII_CANDIDATE_TYPES)


def duckdb_reason(exc: Exception) -> str:
    """DuckDB's first line only: the rest repeats the query and, for CSV, the offending line's values (PII)."""
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    hint = next((ln for ln in text.splitlines() if "not utf-8 encoded" in ln.lower()), None)
    return f"{first} ({hint.strip()} Use --encoding, e.g. cp874.)" if hint else first


def exact_counts_sql(relation: str, columns: tuple[tuple[str, str], ...]) -> str:
    """One aggregate pass: rows, then non-null and distinct counts per column (engines that count exactly)."""
    parts = ["count(*)"]
    for name, _type in columns:
        parts += [f"count({quote(name)})", f"count(DISTINCT {quote(name)})"]
    return f"SELECT {', '.join(parts)} FROM {relation}"


def exact_counts(values: tuple | list, columns: tuple[tuple[str, str], ...]) -> Counts:
    """Counts from the row `exact_counts_sql` returned."""
    row_count = int(values[0])
    nulls = {n: row_count - int(values[1 + 2 * i]) for i, (n, _t) in enumerate(columns)}
    distinct = {n: int(values[2 + 2 * i]) for i, (n, _t) in enumerate(columns)}
    return Counts(row_count, nulls, distinct, True)


def by_column(rows: Sequence[Any], columns: list[str]) -> dict[str, list]:
    """Sampled rows turned into each column's non-null values."""
    return {c: [r[i] for r in rows if r[i] is not None] for i, c in enumerate(columns)}


class Reader:
    """Lists a source's tables, profiles them and samples values."""

    url_schemes: tuple[str, ...] = ()  # a database server opened by URL (these schemes); () for files
    default_schema: str | None = None  # the schema of an unqualified table name (servers only)

    def tables(self) -> list[Table]:
        raise NotImplementedError

    def counts(self, table: Table) -> Counts:
        raise NotImplementedError

    def sample(self, table: Table, columns: list[str], n: int = SAMPLE_ROWS) -> dict[str, list]:
        raise NotImplementedError

    def encoding_note(self, table: Table) -> str | None:
        """How a table's text was decoded, when it was not plain UTF-8 (None for databases)."""
        return None

    def hand_over_copies(self) -> list[Path]:
        """Temporary copies of the data this reader made, now the caller's to remove (none for databases)."""
        return []

    def close(self) -> None:
        """Release connections."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def duckdb_connection(roots: Iterable[Path] | None = None) -> duckdb.DuckDBPyConnection:
    """An in-process DuckDB with a memory cap and spill space, so big files never exhaust RAM.

    It reaches only `roots` (folders or single files; by default the declared data roots) and its own
    scratch space: external access is off, and the configuration is locked, so a view inside a declared
    DuckDB file (`CREATE VIEW v AS SELECT * FROM read_csv('/etc/passwd')`) cannot read the host's files,
    write files, or load extensions.
    """
    cfg = settings()
    cfg.tmp_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(config={
        "memory_limit": cfg.duckdb_memory_limit,
        "threads": cfg.duckdb_threads,
        "temp_directory": str(cfg.tmp_dir / "duckdb"),
        "preserve_insertion_order": False,
    })
    folders, files = [_folder(cfg.tmp_dir)], []
    for root in data_roots() if roots is None else roots:
        path = Path(root).resolve()
        if path.is_file():
            files += [str(path), f"{path}.wal"]  # DuckDB looks for a database's write-ahead log beside it
        else:
            folders.append(_folder(path))
    con.execute(f"SET allowed_directories = [{', '.join(literal(f) for f in folders)}]")
    if files:
        con.execute(f"SET allowed_paths = [{', '.join(literal(f) for f in files)}]")
    con.execute("SET enable_external_access = false")
    con.execute("SET enable_progress_bar = false")  # it would print into our JSON output
    bits = perfect_hash_bits(cfg.duckdb_memory_limit)
    if bits is not None:
        con.execute(f"SET perfect_ht_threshold = {bits}")
    con.execute("SET lock_configuration = true")
    return con


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(i?)B?\s*$", re.IGNORECASE)


def perfect_hash_bits(memory_limit: str) -> int | None:
    """The widest integer key range (in bits) DuckDB may group with a perfect hash table — an array indexed by
    the key, which the key column's statistics (Parquet's min/max) bound — instead of a hash table: measured
    1.9x faster on the uniqueness check of 10M sequential ids, and lighter. DuckDB allocates that table outside
    its memory limit, so it is sized to a quarter of the limit at 16 bytes a group (2GB: 24 bits, 16.7M ids);
    a wider range is grouped by hashing, which spills. None: a limit not written as a size (DuckDB's default)."""
    m = _SIZE.match(memory_limit)
    if m is None:
        return None
    base = 1024 if m.group(3) else 1000
    size = float(m.group(1)) * base ** ("KMGT".find(m.group(2).upper()) + 1 if m.group(2) else 0)
    return max(12, min(32, int(size / 4 / 16).bit_length() - 1))


def _folder(path: Path) -> str:
    """A folder as DuckDB's allow-list prefix: resolved, with a trailing separator so /data never admits /data2."""
    return str(Path(path).resolve()).rstrip(os.sep) + os.sep


def data_roots(data_dir: Path | None = None) -> list[Path]:
    """The folders declared data may live in: the data folder (KHLANG_DATA_DIR) and the operator's KHLANG_DATA_ROOTS."""
    extra = [Path(p) for p in os.environ.get("KHLANG_DATA_ROOTS", "").split(os.pathsep) if p.strip()]
    return [data_dir or settings().data_dir, *extra]


class _DuckDBBase(Reader):
    """Shared profiling for everything DuckDB reads (files and DuckDB databases)."""

    def __init__(self, roots: Iterable[Path] | None = None) -> None:
        self.con = duckdb_connection(roots)

    def relation_sql(self, table: Table) -> tuple[str, Any]:
        raise NotImplementedError

    def describe(self, sql: str, params: list) -> tuple[tuple[str, str], ...]:
        rows = self.con.execute(f"DESCRIBE SELECT * FROM {sql}", params).fetchall()
        return tuple((r[0], str(r[1])) for r in rows)

    def counts(self, table: Table) -> Counts:
        try:
            return self._counts(table)
        except duckdb.Error as exc:
            raise SourceError(f"{table.object}: cannot read: {duckdb_reason(exc)}") from None

    def _counts(self, table: Table) -> Counts:
        sql, params = self.relation_sql(table)
        row_count = one_row(self.con.execute(f"SELECT count(*) FROM {sql}", params).fetchone())[0]
        exact = row_count <= exact_distinct_limit()
        nulls, distinct = {}, {}
        # One pass for an ordinary table; a wide one in groups of columns, since every distinct count holds
        # its own hash table (300 columns at once exhausted a 2 GB cap on 1,000 rows).
        for start in range(0, len(table.columns), COUNT_COLUMNS_PER_PASS):
            group = table.columns[start:start + COUNT_COLUMNS_PER_PASS]
            parts = []
            for name, _type in group:
                q = quote(name)
                parts.append(f"count({q})")
                parts.append(f"count(DISTINCT {q})" if exact else f"approx_count_distinct({q})")
            values = one_row(self.con.execute(f"SELECT {', '.join(parts)} FROM {sql}", params).fetchone())
            for i, (name, _type) in enumerate(group):
                nulls[name] = row_count - int(values[2 * i])
                distinct[name] = int(values[2 * i + 1])
        return Counts(row_count, nulls, distinct, exact)

    def sample(self, table: Table, columns: list[str], n: int = SAMPLE_ROWS) -> dict[str, list]:
        if not columns:
            return {}
        sql, params = self.relation_sql(table)
        cols = ", ".join(quote(c) for c in columns)
        rows = self.con.execute(
            f"SELECT {cols} FROM {sql} USING SAMPLE reservoir({int(n)} ROWS) REPEATABLE (2569)", params
        ).fetchall()
        return by_column(rows, columns)

    def close(self) -> None:
        self.con.close()


class FilesReader(_DuckDBBase):
    """A folder (or one file) of Parquet and CSV files; each file is a dataset named by its stem."""

    def __init__(self, path: Path, encoding: str | None = None, **_: object):
        super().__init__([path])
        self.root = Path(path)
        self.encoding = encoding
        if not self.root.exists():
            raise SourceError(f"{self.root}: no such file or folder")
        self._files: dict[str, Path] = {}
        self._copies: dict[Path, Path] = {}  # a CSV → its UTF-8 copy, removed when this reader closes
        self.notes: dict[str, str] = {}  # object → how its text was read, when it was not plain UTF-8
        sweep_transcoded()

    def _walk(self) -> Iterable[Path]:
        if self.root.is_file():
            yield self.root
            return
        root = self.root.resolve()
        for path in sorted(self.root.rglob("*")):
            if path.suffix.lower() in (".parquet", ".csv", ".tsv") and path.is_file():
                if not path.resolve().is_relative_to(root):
                    continue  # a symlink out of the source's root is never followed
                yield path

    def tables(self) -> list[Table]:
        out = []
        base = self.root if self.root.is_dir() else self.root.parent
        for path in self._walk():
            obj = path.relative_to(base).as_posix()
            self._files[obj] = path
            try:
                out.append(self._describe_file(path, obj))
            except SourceError as exc:  # one bad file is its own dataset's problem, not its folder's
                out.append(Table(path.stem, obj, (), error=str(exc)))
        return out

    def _describe_file(self, path: Path, obj: str) -> Table:
        table = Table(path.stem, obj, ())
        sql, params = self.relation_sql(table)
        try:
            return Table(path.stem, obj, self.describe(sql, params))
        except duckdb.Error as exc:
            raise SourceError(f"{path}: cannot read: {duckdb_reason(exc)}") from None

    def encoding_note(self, table: Table) -> str | None:
        return self.notes.get(table.object)

    def hand_over_copies(self) -> list[Path]:
        """The UTF-8 copies made so far, now the caller's to remove (a view still reads them)."""
        copies = list(self._copies.values())
        self._copies.clear()
        return copies

    def close(self) -> None:
        for copy in self.hand_over_copies():
            release_copy(copy)
        super().close()

    def resolve(self, obj: str) -> Path:
        """The file for `obj`, which must stay inside the source's root."""
        if obj in self._files:
            return self._files[obj]
        base = (self.root if self.root.is_dir() else self.root.parent).resolve()
        path = (base / obj).resolve()
        if not path.is_relative_to(base):
            raise SourceError(f"{obj}: resolves outside the source folder {base}")
        return path

    def relation_sql(self, table: Table) -> tuple[str, Any]:
        path = self.resolve(table.object)
        if path.suffix.lower() == ".parquet":
            return "read_parquet($p)", _p(str(path))
        utf8 = self._utf8_copy(path)
        return "read_csv($p, auto_detect=true, header=true)", _p(str(utf8))

    def _utf8_copy(self, path: Path) -> Path:
        """The file itself when it is UTF-8, else a private UTF-8 copy (0600, removed on close)."""
        from khlang.harvest.encoding import is_utf8_file

        if path in self._copies:
            return self._copies[path]
        _check_csv_text(path)
        if self.encoding:
            if self.encoding.replace("_", "-").lower() in ("utf-8", "utf8", "ascii"):
                return path
            return self._copy(path, lambda out: _strict_copy(path, out, self.encoding or ""))
        detected = _detect(path)
        if detected in ("utf-8", "ascii") and is_utf8_file(path):
            return path
        legacy = detected if detected is not None and detected not in ("utf-8", "utf-8-sig", "ascii") else "cp874"
        return self._copy(path, lambda out: self._lines_copy(path, out, legacy))

    def _copy(self, path: Path, write: Callable[[Path], None]) -> Path:
        out = transcoded_dir() / f"{os.getpid()}-{uuid.uuid4().hex}.csv"
        _LIVE_COPIES.add(out)
        try:
            write(out)
        except BaseException:
            release_copy(out)
            raise
        self._copies[path] = out
        return out

    def _lines_copy(self, path: Path, out: Path, legacy: str) -> None:
        from khlang.harvest.encoding import transcode_lines

        try:
            legacy_lines, total = transcode_lines(path, out, legacy)
        except ValueError as exc:
            raise SourceError(f"cannot read as text: {exc}") from None
        if legacy_lines:
            obj = next((o for o, p in self._files.items() if p == path), path.name)
            label = f"{legacy} (TIS-620)" if legacy == "cp874" else legacy
            self.notes[obj] = f"{label} on {legacy_lines:,} of {total:,} lines, transcoded to UTF-8"


def max_columns() -> int:
    """Above this many columns a file is refused: profiling 20,000 columns exhausts memory, not insight."""
    return int(os.environ.get("KHLANG_MAX_COLUMNS", "1000"))


def _check_csv_text(path: Path) -> None:
    """Refuse binary data and over-wide files before DuckDB's sniffer spends memory on them."""
    from khlang.harvest.encoding import first_line_fields, looks_binary

    if looks_binary(path):
        raise SourceError(f"{path}: binary data (NUL bytes), not CSV text: export the table as CSV again")
    fields = first_line_fields(path)
    if fields is None:
        raise SourceError(f"{path}: the header line is longer than 4 MB: not a CSV header")
    if fields > max_columns():
        raise SourceError(f"{path}: {fields:,} columns, more than the {max_columns():,} a dataset may have "
                          "(KHLANG_MAX_COLUMNS)")


def _detect(path: Path) -> str | None:
    """The file's encoding, or None when no single one fits (UTF-8 and TIS-620 lines mixed, most often)."""
    from khlang.harvest.encoding import detect_encoding

    try:
        return detect_encoding(path)
    except ValueError:
        return None


def _strict_copy(path: Path, out: Path, encoding: str) -> None:
    from khlang.harvest.encoding import transcode_to_utf8

    try:
        transcode_to_utf8(path, out, encoding, mode=0o600)
    except (ValueError, LookupError) as exc:
        raise SourceError(f"cannot read as {encoding}: {exc}") from None


_LIVE_COPIES: set[Path] = set()  # UTF-8 copies this process is still reading


def transcoded_dir() -> Path:
    """Where private UTF-8 copies of legacy CSVs live while they are read."""
    return settings().tmp_dir / "transcoded"


def release_copy(copy: Path) -> None:
    """Remove a UTF-8 copy (personal data in plain text) as soon as nothing reads it."""
    _LIVE_COPIES.discard(copy)
    copy.unlink(missing_ok=True)


def sweep_transcoded() -> int:
    """Remove copies left by a killed process (or by older versions); copies of running processes stay."""
    folder = transcoded_dir()
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.iterdir():
        owner = path.name.lstrip(".").split("-", 1)[0]
        pid = int(owner) if owner.isdigit() else None
        if path in _LIVE_COPIES or (pid is not None and pid != os.getpid() and _running(pid)):
            continue
        path.unlink(missing_ok=True)
        removed += 1
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@atexit.register
def _remove_live_copies() -> None:
    for copy in list(_LIVE_COPIES):
        release_copy(copy)


def one_row(row: tuple | None) -> tuple:
    """The single row an aggregate query always returns (DB-API's fetchone() says None for no row)."""
    if row is None:
        raise RuntimeError("an aggregate query returned no row")
    return row


def _p(value: str) -> dict:
    return {"p": value}


class ParquetReader(FilesReader):
    """One Parquet file (or a folder of them)."""


class CsvReader(FilesReader):
    """One CSV file (or a folder of them), any encoding."""


class DuckDBReader(_DuckDBBase):
    """A DuckDB database file, attached read-only."""

    def __init__(self, path: Path, **_: object):
        super().__init__([path])
        if not Path(path).is_file():
            raise SourceError(f"{path}: no such DuckDB file")
        try:
            self.con.execute("ATTACH $p AS src (READ_ONLY)", {"p": str(path)})
        except duckdb.Error as exc:
            raise SourceError(f"{path}: not a readable DuckDB database: {duckdb_reason(exc)}") from None

    def tables(self) -> list[Table]:
        rows = self.con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = 'src' ORDER BY 1, 2"
        ).fetchall()
        out = []
        for schema, name in rows:
            obj = name if schema == "main" else f"{schema}.{name}"
            table = Table(name, obj, ())
            out.append(Table(name, obj, self.describe(*self.relation_sql(table))))
        return out

    def relation_sql(self, table: Table) -> tuple[str, Any]:
        schema, _, name = table.object.rpartition(".")
        return f"src.{quote(schema or 'main')}.{quote(name)}", []


class SQLiteReader(Reader):
    """A SQLite file, opened read-only; SQLite itself does the counting."""

    def __init__(self, path: Path, **_: object):
        path = Path(path)
        if not path.is_file():
            raise SourceError(f"{path}: no such SQLite file")
        self.con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            self.con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            self.con.close()
            raise SourceError(f"{path}: not a readable SQLite database: {exc}") from None

    def tables(self) -> list[Table]:
        names = [r[0] for r in self.con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        out = []
        for name in names:
            cols = tuple((r[1], (r[2] or "ANY").upper()) for r in self.con.execute(f"PRAGMA table_info({quote(name)})"))
            out.append(Table(name, name, cols))
        return out

    def counts(self, table: Table) -> Counts:
        values = self.con.execute(exact_counts_sql(quote(table.object), table.columns)).fetchone()
        return exact_counts(values, table.columns)

    def sample(self, table: Table, columns: list[str], n: int = SAMPLE_ROWS) -> dict[str, list]:
        if not columns:
            return {}
        total = self.con.execute(f"SELECT count(*) FROM {quote(table.object)}").fetchone()[0]
        stride = max(1, total // n)
        cols = ", ".join(quote(c) for c in columns)
        rows = self.con.execute(
            f"SELECT {cols} FROM {quote(table.object)} WHERE rowid % ? = 0 LIMIT ?", (stride, n)
        ).fetchall()
        return by_column(rows, columns)

    def close(self) -> None:
        self.con.close()


class ServerReader(Reader):
    """A database server reached through SQLAlchemy: the server counts, only a bounded sample travels."""

    engine: Engine

    @staticmethod
    def sqlalchemy_engine(url: str) -> Engine:
        """A SQLAlchemy engine for the server's URL."""
        raise NotImplementedError

    def _from(self, table: Table) -> str:
        raise NotImplementedError

    def counts(self, table: Table) -> Counts:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            values = conn.execute(text(exact_counts_sql(self._from(table), table.columns))).one()
        return exact_counts(values, table.columns)

    def sample(self, table: Table, columns: list[str], n: int = SAMPLE_ROWS) -> dict[str, list]:
        from sqlalchemy import text

        if not columns:
            return {}
        cols = ", ".join(quote(c) for c in columns)
        with self.engine.connect() as conn:
            rows = conn.execute(text(f"SELECT {cols} FROM {self._from(table)} LIMIT :n"), {"n": int(n)}).all()
        return by_column(rows, columns)

    def close(self) -> None:
        self.engine.dispose()


class PostgresReader(ServerReader):
    """A PostgreSQL database; the server counts, only a sample travels."""

    url_schemes = ("postgresql", "postgres")
    default_schema = "public"

    @staticmethod
    def sqlalchemy_engine(url: str) -> Engine:
        """A SQLAlchemy engine for the URL (psycopg 3)."""
        from sqlalchemy import create_engine

        from khlang.store.db import normalise_url

        return create_engine(normalise_url(os.path.expandvars(url)))

    def __init__(self, url: str, schemas: tuple[str, ...] = ("public",), **_: object):
        from sqlalchemy import inspect

        self.engine = self.sqlalchemy_engine(url)
        try:
            self.inspector = inspect(self.engine)
        except Exception as exc:  # noqa: BLE001 - any driver error is a source problem for the user
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
            raise SourceError(f"cannot connect to PostgreSQL source: {reason}") from None
        self.schemas = schemas

    def tables(self) -> list[Table]:
        out = []
        for schema in self.schemas:
            for name in sorted(self.inspector.get_table_names(schema=schema)):
                cols = tuple((c["name"], str(c["type"])) for c in self.inspector.get_columns(name, schema=schema))
                obj = name if schema == "public" else f"{schema}.{name}"
                out.append(Table(name, obj, cols))
        return out

    def _from(self, table: Table) -> str:
        schema, _, name = table.object.rpartition(".")
        return f"{quote(schema or 'public')}.{quote(name)}"




def sniff_type(location: str) -> str:
    """Guess a source type from a path or URL given on the command line (each type's plugin says how it looks)."""
    from khlang.sources import SOURCE_TYPES

    if "://" in location:
        scheme = location.split("://", 1)[0].split("+", 1)[0].lower()
        kind = next((k for k, t in SOURCE_TYPES.items() if scheme in t.url_schemes), None)
        if kind is None:
            known = ", ".join(f"{s}://" for t in SOURCE_TYPES.values() for s in t.url_schemes)
            raise SourceError(f"{location.split('://', 1)[0]}: unsupported URL scheme (supported: {known})")
        return kind
    path = Path(location)
    if path.is_dir():
        return next(k for k, t in SOURCE_TYPES.items() if t.folder)
    if not path.exists():
        raise SourceError(f"{location}: no such file or folder")
    with path.open("rb") as fh:
        head = fh.read(16)
    kind = next((k for k, t in SOURCE_TYPES.items() if t.magic and t.magic[1] == head[t.magic[0]:][:len(t.magic[1])]),
                None)
    # A file with a database type's suffix but not its magic bytes is refused, not read as something else.
    kind = kind or next((k for k, t in SOURCE_TYPES.items() if path.suffix.lower() in t.suffixes and not t.magic),
                        None)
    if kind is None:
        raise SourceError(f"{location}: unknown kind of file (expected Parquet, CSV, DuckDB or SQLite)")
    return kind


def open_reader(kind: str, path: Path | None = None, url: str | None = None, encoding: str | None = None) -> Reader:
    """The reader of a source type's plugin (khlang.sources), opened on the path or the URL."""
    from khlang.sources import SOURCE_TYPES

    if kind not in SOURCE_TYPES:
        raise SourceError(f"unknown source type {kind!r} (known: {', '.join(sorted(SOURCE_TYPES))})")
    return SOURCE_TYPES[kind].open_reader(path=path, url=url, encoding=encoding)


def is_url_source(kind: str) -> bool:
    """Whether a source type is a database server reached by URL (postgres, mysql) rather than a path."""
    from khlang.sources import SOURCE_TYPES

    return kind in SOURCE_TYPES and SOURCE_TYPES[kind].by_url
