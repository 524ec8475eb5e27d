"""MySQL / MariaDB: `mariadb-dump --single-transaction` (gzip); restore with the `mariadb` client into a scratch
database.

Why the manifest is read from a restore of the dump (restore-after-backup) and not from the live
database: pg_dump can dump inside a snapshot Khlang exported, so counting and dumping see the same
data. mariadb-dump cannot share a snapshot with another connection. The alternative, holding
`FLUSH TABLES WITH READ LOCK` while mariadb-dump and Khlang's counting transaction both open their
snapshots, freezes every write on the whole server (all databases, not only this one), first waits
for every running statement to end (one long report query stalls the server behind it), needs the
RELOAD privilege, and can only guess when mariadb-dump has taken its snapshot. So Khlang takes the
dump with `--single-transaction` (no lock beyond the dump's own consistent read) and then restores
the file it just wrote into a scratch database on the same server, runs CHECK TABLE there and reads
every table for the manifest. The manifest then describes exactly what the dump holds, by
construction, and the backup has been proven to restore the moment it is made. The price: the
backup takes about twice as long, the server needs room for a second copy while it runs, and the
account needs CREATE and DROP on `khlang\\_restore\\_%` databases. (Like mariadb-dump itself, the
snapshot is consistent for InnoDB tables only; MyISAM/Aria tables written during the dump are
dumped as they were read, and the manifest still says exactly what the file holds.)

Restore tests use the same restore: a scratch database `khlang_restore_<UTC time>_<random>` on the
server, always dropped afterwards (scratch databases a killed run left behind are dropped after a
day). The dump is streamed through Khlang into `mariadb --binary-mode --sandbox` (no client
commands, no shell escapes, no LOAD DATA LOCAL): statements that create, drop or switch databases
are removed and `ALTER DATABASE` is pointed at the scratch database, so a dump can never touch
another database; a dump of several databases is refused. A gzip stream that ends early, a last
line cut off, or a dump without mariadb-dump's closing `-- Dump completed` line is `truncated`.
Credentials reach the client tools through a temporary option file (mode 0600, removed afterwards),
never on a command line.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import logging
import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pymysql
import pymysql.cursors

from khlang.backup.content import TableDigest, digest_rows
from khlang.backup.engines import BATCH, Database, Engine, Location, RestoreFailed, register
from khlang.errors import SourceError

log = logging.getLogger(__name__)

SCHEMES = ("mysql", "mariadb")
SCRATCH_PREFIX = "khlang_restore_"
_SCRATCH = re.compile(r"^khlang_restore_(\d{14})_[0-9a-f]+$")
STALE_AFTER = dt.timedelta(days=1)
GZIP_MAGIC = b"\x1f\x8b"
DUMP_HEADERS = (b"-- MariaDB dump", b"-- MySQL dump")
DUMP_TRAILER = b"-- Dump completed"
SANDBOX_LINE = b"/*M!999999\\- enable the sandbox mode */"
DUMP_OPTIONS = ("--single-transaction", "--routines", "--triggers", "--hex-blob", "--quick",
                "--no-tablespaces", "--default-character-set=utf8mb4")
URL_OPTIONS = ("unix_socket", "ssl_ca", "ssl_cert", "ssl_key", "charset")
# A TIMESTAMP is read in UTC, so the session time zone of the reader cannot change a checksum.
SESSION_SETUP = "SET SESSION time_zone = '+00:00'"
_CHUNK = 1 << 20
_BASE_TABLES = ("BASE TABLE", "SYSTEM VERSIONED")


# ---------------------------------------------------------------- URLs and connections


def sqlalchemy_url(url: str) -> str:
    """mysql://, mariadb:// (or mysql+<driver>://) as the SQLAlchemy URL of the installed driver, mysql+pymysql://."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.split("+", 1)[0].lower() not in SCHEMES:
        raise SourceError(f"{scheme or url}: not a MySQL/MariaDB URL (mysql://user@host:3306/database)")
    return "mysql+pymysql://" + rest


@dataclass(frozen=True)
class Params:
    """Where a MySQL/MariaDB server is and who logs in; `password` never leaves this object in text."""

    host: str
    port: int
    user: str
    password: str | None = field(default=None, repr=False)
    database: str | None = None
    socket: str | None = None
    ssl: tuple[tuple[str, str], ...] = ()

    @property
    def where(self) -> str:
        """host:port/database, safe to show."""
        place = self.socket or f"{self.host}:{self.port}"
        return f"{place}/{self.database or ''}"


def params(url: str) -> Params:
    """Connection parameters of a mysql:// or mariadb:// URL (user and password percent-decoded)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        u = make_url(sqlalchemy_url(url))
        port = u.port
    except (ArgumentError, ValueError):  # their messages repeat the URL, password included
        raise SourceError("not a valid MySQL URL (mysql://user:password@host:3306/database)") from None
    unknown = sorted(set(u.query) - set(URL_OPTIONS))
    if unknown:
        raise SourceError(f"unsupported option {unknown[0]!r} in the MySQL URL (supported: {', '.join(URL_OPTIONS)})")
    query = {k: (v[-1] if isinstance(v, tuple) else v) for k, v in u.query.items()}
    ssl = tuple((k, query[k]) for k in ("ssl_ca", "ssl_cert", "ssl_key") if query.get(k))
    return Params(host=u.host or "localhost", port=port or 3306, user=u.username or "root",
                  password=u.password, database=u.database or None, socket=query.get("unix_socket"), ssl=ssl)


def connect(p: Params, database: str | None = None) -> pymysql.Connection:
    """A pymysql connection (utf8mb4, UTC session, autocommit); a clear SourceError when it cannot be made."""
    ssl = {k.removeprefix("ssl_"): v for k, v in p.ssl} or None
    try:
        return pymysql.connect(
            host=p.host, port=p.port, user=p.user, password=p.password or "", database=database,
            unix_socket=p.socket, ssl=ssl, charset="utf8mb4", connect_timeout=30,
            autocommit=True, local_infile=False, init_command=SESSION_SETUP)
    except pymysql.Error as exc:
        where = (p.socket or f"{p.host}:{p.port}") + f"/{database or ''}"
        raise SourceError(f"cannot connect to MySQL/MariaDB at {where}: {_message(exc)}") from None


def quote(identifier: str) -> str:
    """A MySQL identifier in backticks."""
    return "`" + identifier.replace("`", "``") + "`"


def _message(exc: BaseException) -> str:
    """pymysql's (code, 'text') as 'text (code)', first line only."""
    args: tuple[object, ...] = exc.args
    if len(args) >= 2 and isinstance(args[0], int):
        text = f"{str(args[1]).strip().splitlines()[0] if str(args[1]).strip() else type(exc).__name__} ({args[0]})"
    else:
        text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return _redact_values(text)


_VALUES = (
    (re.compile(r"near '.*?' at line (\d+)", re.S), r"near … at line \1"),
    (re.compile(r"near '.*", re.S), "near …"),
    (re.compile(r"Duplicate entry '.*?' for key", re.S), "Duplicate entry … for key"),
    (re.compile(r"value: '.*?'( for column)", re.S), r"value: …\1"),
)


def _redact_values(text: str) -> str:
    """Error text without the data values servers quote in it (they may be personal data)."""
    for pattern, repl in _VALUES:
        text = pattern.sub(repl, text)
    return text


def _option(value: str) -> str:
    """A value for a MySQL option file: double-quoted, with the escapes the option-file reader undoes."""
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
               .replace("\t", "\\t"))
    return f'"{escaped}"'


@contextmanager
def defaults_file(p: Params) -> Iterator[str]:
    """A temporary option file ([client] group, mode 0600) that carries the credentials; removed afterwards."""
    lines = ["[client]", f"user={_option(p.user)}", "default-character-set=utf8mb4",
             "max-allowed-packet=1073741824"]
    if p.password is not None:
        lines.append(f"password={_option(p.password)}")
    if p.socket:
        lines += [f"socket={_option(p.socket)}", "protocol=SOCKET"]
    else:
        lines += [f"host={_option(p.host)}", f"port={int(p.port)}", "protocol=TCP"]
    lines += [f"{k.replace('_', '-')}={_option(v)}" for k, v in p.ssl]
    fd, path = tempfile.mkstemp(prefix="khlang-mysql-", suffix=".cnf")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        yield path
    finally:
        Path(path).unlink(missing_ok=True)


def _client_env() -> dict:
    """The environment for the client tools: no password or server from the caller's environment."""
    drop = ("MYSQL_PWD", "MYSQL_HOST", "MYSQL_TCP_PORT", "MYSQL_UNIX_PORT", "MARIADB_PWD")
    return {k: v for k, v in os.environ.items() if k not in drop}


def _tool(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise SourceError(f"{names[0]} is not installed (apt-get install mariadb-client)")


def _stderr_text(err: IO[bytes]) -> str:
    err.seek(0)
    lines = [ln.strip() for ln in err.read().decode("utf-8", "replace").splitlines() if ln.strip()]
    lines = [re.sub(r"^(mariadb-dump|mysqldump|mariadb|mysql): ", "", ln) for ln in lines]
    lines = [ln for ln in lines if ln and "deprecated program name" not in ln.lower()]
    errors = [ln for ln in lines if "error" in ln.lower()] or lines
    return _redact_values("; ".join(errors[:3]))


# ---------------------------------------------------------------- reading a database


class MySQLDatabase(Database):
    """One database of a server; tables are read unbuffered (server-side), a batch at a time."""

    def __init__(self, conn: pymysql.Connection, database: str):
        self.conn = conn
        self.database = database

    def tables(self) -> list[str]:
        with self.conn.cursor() as cur:
            cur.execute("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s "
                        "AND TABLE_TYPE IN %s", (self.database, _BASE_TABLES))
            return sorted(r[0] for r in cur.fetchall())

    def digest(self, table: str) -> TableDigest:
        with self.conn.cursor(pymysql.cursors.SSCursor) as cur:
            cur.execute(f"SELECT * FROM {quote(self.database)}.{quote(table)}")
            columns = [d[0] for d in cur.description]
            return digest_rows(columns, _batches(cur))

    def integrity(self) -> list[str]:
        problems = []
        with self.conn.cursor() as cur:
            for table in self.tables():
                cur.execute(f"CHECK TABLE {quote(self.database)}.{quote(table)} EXTENDED")
                for _tbl, _op, kind, text in cur.fetchall():
                    kind, text = str(kind).lower(), str(text)
                    if kind == "error" or (kind == "status" and text not in ("OK", "Table is already up to date")):
                        problems.append(f"CHECK TABLE {table}: {_redact_values(text)}")
        return problems

    def close(self) -> None:
        with suppress(pymysql.Error):
            self.conn.close()


def _batches(cur: pymysql.cursors.SSCursor) -> Iterator[tuple[tuple, ...]]:
    while rows := cur.fetchmany(BATCH):  # () at the end, not []
        yield rows


# ---------------------------------------------------------------- the engine


@register
class MySQLEngine(Engine):
    """MySQL and MariaDB databases (one database of a server per backup)."""

    name = "mysql"
    suffix = ".mysql.sql.gz"
    url_schemes = SCHEMES
    errors = (pymysql.Error,)

    def backup(self, source: Location, out: Path) -> dict[str, TableDigest]:
        p, database = _source_params(source)
        connect(p, database).close()  # a clear error (unreachable, access denied, unknown database) first
        dump = _tool("mariadb-dump", "mysqldump")
        with defaults_file(p) as cnf, tempfile.TemporaryFile() as err:
            proc = subprocess.Popen([dump, f"--defaults-file={cnf}", *DUMP_OPTIONS, "--", database],
                                    stdout=subprocess.PIPE, stderr=err, env=_client_env())
            stdout = proc.stdout
            assert stdout is not None  # stdout=PIPE
            last = b""
            written = False
            try:
                with out.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6,
                                                          mtime=int(time.time())) as gz:
                    while chunk := stdout.read(_CHUNK):
                        gz.write(chunk)
                        last = (last + chunk)[-4096:]
                written = True
            finally:
                stdout.close()
                if not written and proc.poll() is None:
                    proc.kill()  # e.g. the disk is full: stop the dump too
                rc = proc.wait()
            if rc != 0:
                raise SourceError(f"{source.label}: mariadb-dump failed: {_stderr_text(err) or f'exit code {rc}'}")
        if not _last_line(last).startswith(DUMP_TRAILER):
            raise SourceError(f"{source.label}: mariadb-dump's output ends without its '-- Dump completed' line")
        # Restore-after-backup: the manifest is read from what the file holds (see the module docstring).
        try:
            with self.restore(out, out.parent, source.url) as db:
                problems = db.integrity()
                if problems:
                    raise SourceError(f"{source.label}: the dump restores but fails the integrity check: "
                                      f"{'; '.join(problems[:3])}")
                return db.digests()
        except RestoreFailed as exc:
            raise SourceError(f"{source.label}: the dump just taken does not restore: {exc.reason}") from None

    def open(self, source: Location) -> Database:
        p, database = _source_params(source)
        conn = connect(p, database)
        try:
            with conn.cursor() as cur:
                cur.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cur.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
        except pymysql.Error as exc:
            conn.close()
            raise SourceError(f"{source.label}: cannot open a read transaction: {_message(exc)}") from None
        return MySQLDatabase(conn, database)

    @contextmanager
    def restore(self, backup: Path, scratch: Path, server_url: str | None) -> Iterator[Database]:
        if not server_url:
            raise SourceError("restoring a MySQL/MariaDB dump needs a server: give --server URL or --against URL")
        server = params(server_url)
        admin = connect(server)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
        name = f"{SCRATCH_PREFIX}{stamp}_{uuid.uuid4().hex[:10]}"
        db: MySQLDatabase | None = None
        created = False
        try:
            _sweep(server, admin)
            try:
                with admin.cursor() as cur:
                    cur.execute(f"CREATE DATABASE {quote(name)}")
            except pymysql.Error as exc:
                raise SourceError(f"cannot create a scratch database on {server.where}: {_message(exc)} (the account "
                                  "needs CREATE and DROP on `khlang\\_restore\\_%` databases)") from None
            created = True
            _load(backup, server, name)
            db = MySQLDatabase(connect(server, name), name)
            yield db
        finally:
            if db is not None:
                db.close()
            if created:
                _drop(server, admin, name)
            admin.close()

    def precheck(self, backup: Path) -> list[str]:
        with backup.open("rb") as fh:
            head = fh.read(4096)
        if head.startswith(GZIP_MAGIC) or not head:
            return []
        if b"\x00" in head:
            return ["integrity check failed: neither a gzip file nor SQL text (binary data at the start)"]
        return []

    def recognises(self, head: bytes) -> bool:
        if head.startswith(GZIP_MAGIC):
            try:
                head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
            except zlib.error:
                return False
        return _is_dump_header(head)

    def version(self) -> str:
        try:
            out = subprocess.run([_tool("mariadb-dump", "mysqldump"), "--version"], capture_output=True, text=True,
                                 check=True, env=_client_env()).stdout
        except (OSError, subprocess.CalledProcessError, SourceError):
            return ""
        m = re.search(r"Distrib ([^,\s]+)|from ([^,\s]+)", out)
        return (m.group(1) or m.group(2)) if m else out.strip()


def _source_params(source: Location) -> tuple[Params, str]:
    """The server of a source URL and the database it names (a URL without one is refused)."""
    p = params(source.url or "")
    if not p.database:
        raise SourceError(f"{source.label}: the URL names no database (mysql://user@host:3306/DATABASE)")
    return p, p.database


def _is_dump_header(text: bytes) -> bool:
    if text.startswith(SANDBOX_LINE):
        return True
    return text.lstrip().startswith(DUMP_HEADERS)


def _last_line(data: bytes) -> bytes:
    lines = [ln for ln in data.splitlines() if ln.strip()]
    return lines[-1].strip() if lines else b""


# ---------------------------------------------------------------- loading a dump


_VERSION_COMMENT = re.compile(rb"^/\*M?!\d*\s*")
_DATABASE_STMT = re.compile(rb"^(CREATE|DROP)\s+(DATABASE|SCHEMA)\b", re.I)
_USE = re.compile(rb"^USE\s+(`(?:[^`]|``)*`|[A-Za-z0-9_$]+)", re.I)
_DELIMITER = re.compile(rb"^DELIMITER\s+(\S+)", re.I)
_DEFINER = re.compile(rb"DEFINER\s*=\s*(?:`(?:[^`]|``)*`|'(?:[^']|'')*'|[\w$]+)"  # user
                      rb"@(?:`(?:[^`]|``)*`|'(?:[^']|'')*'|[\w.%$-]+)")  # the host
# What mariadb-dump writes around routines when the database's collation differs from theirs.
_ALTER_DATABASE = re.compile(rb"^(ALTER DATABASE )(`(?:[^`]|``)*`)( CHARACTER SET \w+ COLLATE \w+ ;;\s*)$")


class _Feed:
    """The dump, line by line, made safe for the scratch database; `fault` says what was wrong with the stream.

    mariadb-dump starts every statement on a new line and escapes line breaks inside values, so a
    statement about databases is recognised by how its line starts (outside DELIMITER blocks,
    where routine bodies could start a line with anything). The DEFINER of views, triggers and
    routines is dropped in the scratch copy (the restoring account becomes their definer), so a
    restore test needs no SUPER or SET USER privilege; the backup file itself keeps them.
    """

    def __init__(self, scratch: str):
        self.scratch = quote(scratch).encode()
        self.database: bytes | None = None
        self.header = False
        self.in_block = False
        self.last = b""
        self.fault: str | None = None

    def lines(self, stream: IO[bytes]) -> Iterator[bytes]:
        for n, line in enumerate(stream):
            if n < 3 and line.lstrip().startswith(DUMP_HEADERS):
                self.header = True
            if not line.endswith(b"\n") and self.header:
                self.fault = "truncated: the dump's last line is cut off"  # mariadb-dump ends every line
                return
            if line.strip():
                self.last = line
            checked = self.check(line)
            if checked is None:
                return
            yield checked
        if self.header and not self.last.strip().startswith(DUMP_TRAILER):
            self.fault = "truncated: the dump ends without mariadb-dump's closing '-- Dump completed' line"

    def check(self, line: bytes) -> bytes | None:
        """The line to send (a statement about databases becomes an empty line); None to stop."""
        head = line[:256].lstrip()
        if not head[:1].isalpha() and not head.startswith(b"/*"):
            return line  # data rows "(…)", comments, blank lines: the cheap common case
        if b"DEFINER" in head and (head.startswith(b"/*!50") or head[:6].upper() == b"CREATE"):
            line = _DEFINER.sub(b"", line, count=1)
            head = line[:256].lstrip()
        m = _DELIMITER.match(head)
        if m:
            self.in_block = m.group(1) != b";"
            return line
        if self.in_block:
            m = _ALTER_DATABASE.match(line)
            return m.group(1) + self.scratch + m.group(3) if m else line
        bare = _VERSION_COMMENT.sub(b"", head)
        m = _USE.match(bare)
        if m:
            name = m.group(1)
            if self.database is not None and name != self.database:
                self.fault = (f"integrity check failed: the dump holds more than one database "
                              f"({self.database.decode(errors='replace')}, then {name.decode(errors='replace')}); "
                              "a restore test takes one database's dump")
                return None
            self.database = name
            return b"\n"
        if _DATABASE_STMT.match(bare):
            return b"\n"  # the scratch database stands in for the dumped one
        return line


def _open_dump(backup: Path) -> IO[bytes]:
    with backup.open("rb") as fh:
        compressed = fh.read(2) == GZIP_MAGIC
    if compressed:
        return io.BufferedReader(gzip.GzipFile(backup, "rb"), buffer_size=_CHUNK)  # type: ignore[arg-type]
    return backup.open("rb", buffering=_CHUNK)


def _load(backup: Path, server: Params, scratch: str) -> None:
    """Stream the dump into the scratch database through `mariadb`; RestoreFailed says why it did not load."""
    client = _tool("mariadb", "mysql")
    feed = _Feed(scratch)
    stream_error: str | None = None
    with defaults_file(server) as cnf, tempfile.TemporaryFile() as err:
        args = [client, f"--defaults-file={cnf}", "--batch", "--binary-mode", "--local-infile=0",
                f"--database={scratch}"]
        if _supports_sandbox(client):
            args.insert(2, "--sandbox")
        proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=err,
                                env=_client_env(), bufsize=_CHUNK)
        stdin = proc.stdin
        assert stdin is not None
        try:
            with _open_dump(backup) as stream:
                for line in feed.lines(stream):
                    stdin.write(line)
        except BrokenPipeError:
            pass  # the client stopped at an error: its message says which
        except EOFError as exc:
            stream_error = f"truncated: the gzip stream ends early ({_first_line(exc)})"
        except (gzip.BadGzipFile, zlib.error, OSError) as exc:
            stream_error = f"integrity check failed: gzip: {_first_line(exc)}"
        finally:
            fault = stream_error or feed.fault
            try:
                if fault and proc.poll() is None:
                    proc.kill()  # nothing more of a damaged stream is executed
                else:
                    stdin.close()
            except BrokenPipeError:
                pass
            rc = proc.wait()
            with suppress(BrokenPipeError):
                stdin.close()
        client_error = _stderr_text(err) if rc not in (0, -9) else ""
        if rc not in (0, -9) and not client_error:
            client_error = f"exit code {rc}"
    reasons = [r for r in (fault, f"integrity check failed: mariadb: {client_error}" if client_error else None) if r]
    if reasons:
        raise RestoreFailed("; ".join(reasons))


_SANDBOX: dict[str, bool] = {}


def _supports_sandbox(client: str) -> bool:
    if client not in _SANDBOX:
        try:
            out = subprocess.run([client, "--help"], capture_output=True, text=True, env=_client_env()).stdout
        except OSError:
            out = ""
        _SANDBOX[client] = "--sandbox" in out
    return _SANDBOX[client]


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _drop(server: Params, admin: pymysql.Connection, name: str) -> None:
    """Drop a scratch database, ending any session still in it first; a failure is logged (the sweep retries)."""
    try:
        try:
            admin.ping(reconnect=False)
        except pymysql.Error:
            admin = connect(server)  # the admin session timed out during a long restore
        with admin.cursor() as cur:
            cur.execute("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = %s AND ID <> CONNECTION_ID()",
                        (name,))
            for (pid,) in cur.fetchall():
                with suppress(pymysql.Error):
                    cur.execute(f"KILL {int(pid)}")
            cur.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
    except (pymysql.Error, SourceError) as exc:
        log.warning("scratch database %s was not dropped (%s); a restore after a day drops it",
                    name, _message(exc))


def _sweep(server: Params, admin: pymysql.Connection) -> None:
    """Drop scratch databases that a killed run left behind (older than a day)."""
    cutoff = dt.datetime.now(dt.UTC) - STALE_AFTER
    with admin.cursor() as cur:
        cur.execute("SHOW DATABASES LIKE 'khlang\\_restore\\_%'")
        names = [r[0] for r in cur.fetchall()]
    for name in names:
        m = _SCRATCH.match(name)
        if not m:
            continue
        made = dt.datetime.strptime(m.group(1), "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
        if made < cutoff:
            _drop(server, admin, name)
