"""PostgreSQL: `pg_dump -Fc` in an exported snapshot; restore with `pg_restore` into a scratch database.

The manifest's digests are read in the very snapshot pg_dump dumps (pg_export_snapshot), so they
describe exactly what the dump holds. The scratch database is created on the same server and
dropped afterwards, whatever happens; scratch databases left by a killed run are swept the next time.
Passwords go to pg_dump/pg_restore through PGPASSWORD, never on a command line.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from khlang.backup.content import TableDigest, digest_rows
from khlang.backup.engines import BATCH, Database, Engine, Location, RestoreFailed, register
from khlang.errors import SourceError

MAGIC = b"PGDMP"
SCRATCH_PREFIX = "khlang_restore_"
_SCRATCH = re.compile(r"^khlang_restore_(\d{14})_[0-9a-f]+$")
STALE_AFTER = dt.timedelta(days=1)


def _params(url: str, dbname: str | None = None) -> dict:
    """libpq parameters of a URL (postgresql+psycopg:// accepted), optionally for another database."""
    url = re.sub(r"^postgres(ql)?\+\w+://", "postgresql://", url)
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise SourceError(f"not a valid PostgreSQL URL: {exc}") from None
    if dbname is not None:
        params["dbname"] = dbname
    return params


def _connect(params: dict, autocommit: bool = False) -> psycopg.Connection:
    try:
        return psycopg.connect(**params, autocommit=autocommit, connect_timeout=30)
    except psycopg.Error as exc:
        where = f"{params.get('host', 'localhost')}:{params.get('port', 5432)}/{params.get('dbname', '')}"
        raise SourceError(f"cannot connect to PostgreSQL at {where}: {_first_line(exc)}") from None


def _client(params: dict) -> tuple[str, dict]:
    """A conninfo without the password and the environment that carries it."""
    safe = {k: v for k, v in params.items() if k != "password"}
    env = dict(os.environ, PGCONNECT_TIMEOUT="30")
    if "password" in params:
        env["PGPASSWORD"] = str(params["password"])
    return make_conninfo(**safe), env


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _stderr(proc: subprocess.CompletedProcess) -> str:
    lines = [re.sub(r"^(pg_restore|pg_dump): ", "", ln.strip())
             for ln in (proc.stderr or "").splitlines() if ln.strip()]
    errors = [ln for ln in lines if "error" in ln.lower()] or lines
    return "; ".join(errors[:3]) or f"exit code {proc.returncode}"


class PostgresDatabase(Database):
    """A connection in one read transaction; tables are read with a server-side cursor."""

    def __init__(self, conn: psycopg.Connection):
        self.conn = conn

    def tables(self) -> list[str]:
        rows = self.conn.execute(
            "SELECT schemaname, tablename FROM pg_catalog.pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2").fetchall()
        return [name if schema == "public" else f"{schema}.{name}" for schema, name in rows]

    def digest(self, table: str) -> TableDigest:
        schema, _, name = table.rpartition(".")
        query = sql.SQL("SELECT * FROM {}.{}").format(sql.Identifier(schema or "public"), sql.Identifier(name))
        with self.conn.cursor(name=f"khlang_digest_{uuid.uuid4().hex[:8]}") as cur:
            cur.itersize = BATCH
            cur.execute(query)
            assert cur.description is not None  # a SELECT always describes its columns
            columns = [d.name for d in cur.description]
            return digest_rows(columns, iter(lambda: cur.fetchmany(BATCH), []))

    def close(self) -> None:
        self.conn.close()


@register
class PostgresEngine(Engine):
    """PostgreSQL databases (the WMS in production)."""

    name = "postgres"
    suffix = ".pgdump"
    url_schemes = ("postgresql", "postgres")
    errors = (psycopg.Error,)

    def backup(self, source: Location, out: Path) -> dict[str, TableDigest]:
        params = _params(source.url or "")
        conn = _connect(params)
        try:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            row = conn.execute("SELECT pg_catalog.pg_export_snapshot()").fetchone()
            assert row is not None  # the function returns one row
            snapshot = row[0]
            conninfo, env = _client(params)
            proc = subprocess.run(
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--no-password",
                 f"--file={out}", f"--dbname={conninfo}"],
                env=env, capture_output=True, text=True)
            if proc.returncode != 0:
                raise SourceError(f"{source.label}: pg_dump failed: {_stderr(proc)}")
            return PostgresDatabase(conn).digests()
        except FileNotFoundError:
            raise SourceError("pg_dump is not installed (apt-get install postgresql-client)") from None
        finally:
            conn.close()

    def open(self, source: Location) -> Database:
        conn = _connect(_params(source.url or ""))
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        return PostgresDatabase(conn)

    @contextmanager
    def restore(self, backup: Path, scratch: Path, server_url: str | None) -> Iterator[Database]:
        if not server_url:
            raise SourceError("restoring a PostgreSQL dump needs a server: give --server URL or --against URL")
        server = _params(server_url)
        listing = self._pg_restore(["--list", str(backup)], server)
        if listing.returncode != 0:
            raise RestoreFailed(_reason("pg_restore --list", listing))
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
        name = f"{SCRATCH_PREFIX}{stamp}_{uuid.uuid4().hex[:10]}"
        admin = _connect(server, autocommit=True)
        db: PostgresDatabase | None = None
        try:
            _sweep(admin)
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            target = dict(server, dbname=name)
            proc = self._pg_restore(["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                                     "--no-password", f"--dbname={_client(target)[0]}", str(backup)], target)
            if proc.returncode != 0:
                raise RestoreFailed(_reason("pg_restore", proc))
            conn = _connect(target)
            conn.read_only = True
            db = PostgresDatabase(conn)
            yield db
        finally:
            if db is not None:
                db.close()
            try:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            finally:
                admin.close()

    def precheck(self, backup: Path) -> list[str]:
        with backup.open("rb") as fh:
            head = fh.read(5)
        if head != MAGIC:
            return ["integrity check failed: not a pg_dump custom-format archive (no PGDMP header)"]
        return []

    def recognises(self, head: bytes) -> bool:
        return head.startswith(MAGIC)

    def version(self) -> str:
        try:
            out = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return ""
        return out.strip().rsplit(" ", 1)[-1] if out else ""

    @staticmethod
    def _pg_restore(args: list[str], params: dict) -> subprocess.CompletedProcess:
        _conninfo, env = _client(params)
        try:
            return subprocess.run(["pg_restore", *args], env=env, capture_output=True, text=True)
        except FileNotFoundError:
            raise SourceError("pg_restore is not installed (apt-get install postgresql-client)") from None


def _reason(what: str, proc: subprocess.CompletedProcess) -> str:
    detail = _stderr(proc)
    lowered = detail.lower()
    if "end of file" in lowered or "unexpected eof" in lowered:
        return f"truncated: {what}: {detail}"
    return f"integrity check failed: {what}: {detail}"


def _sweep(admin: psycopg.Connection) -> None:
    """Drop scratch databases that a killed restore test left behind (older than a day)."""
    cutoff = dt.datetime.now(dt.UTC) - STALE_AFTER
    rows = admin.execute("SELECT datname FROM pg_catalog.pg_database WHERE datname LIKE %s",
                         (SCRATCH_PREFIX + "%",)).fetchall()
    for (name,) in rows:
        m = _SCRATCH.match(name)
        if not m:
            continue
        made = dt.datetime.strptime(m.group(1), "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
        if made < cutoff:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
