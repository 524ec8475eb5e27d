"""Restore test (สงบข.-05): restore a backup into scratch space, check it, and compare it with what it should hold.

A backup is ok only when it restores, passes its engine's integrity check, and every table has the
rows and content its manifest recorded (and, with a source to compare with, the source's).
`reason` names what is wrong first: empty, truncated, checksum mismatch, integrity check failed,
rows short, content differs.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from khlang.backup.content import TableDigest
from khlang.backup.engines import Location, RestoreFailed, detect_engine, get_engine
from khlang.backup.manifest import Manifest, ManifestError, file_problems, read_manifest, sha256_file
from khlang.config import settings
from khlang.errors import SourceError


@dataclass
class TableResult:
    """One restored table and what it was compared with."""

    name: str
    rows: int | None
    checksum: str | None
    expected_rows: int | None = None
    expected_checksum: str | None = None
    expected_from: str | None = None
    matches: bool | None = None


@dataclass
class RestoreResult:
    """The outcome of one restore test."""

    ok: bool
    reason: str
    backup: Path
    engine: str
    size: int
    sha256: str | None
    against: str | None
    tables: dict[str, TableResult] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    duration_s: float = 0.0
    manifest: Manifest | None = None

    def to_dict(self) -> dict:
        """The documented shape: {"ok", "reason", "tables": {NAME: {"rows", "matches"}}}."""
        return {"ok": self.ok, "reason": self.reason,
                "tables": {n: {"rows": t.rows, "matches": t.matches} for n, t in self.tables.items()}}


def restore_test(backup: Path, against: Location | None = None, server_url: str | None = None,
                 engine: str | None = None) -> RestoreResult:
    """Restore `backup` into scratch space, run the integrity check, list and compare every table."""
    started = time.monotonic()
    backup = Path(backup)
    if not backup.is_file():
        raise SourceError(f"{backup}: no such backup file")
    problems: list[str] = []
    try:
        manifest = read_manifest(backup)
    except ManifestError as exc:
        manifest = None
        problems.append(f"manifest unreadable: {exc}")
    name = engine or (manifest.engine if manifest else None) or detect_engine(backup)
    if name is None:
        raise SourceError(f"{backup}: cannot tell which database engine made this backup; give --engine")
    if name == "programs":
        raise SourceError(f"{backup}: a program backup has no database to restore; "
                          "check it with `khlang backup verify --part programs`")
    eng = get_engine(name)
    if against is not None and against.engine != name:
        raise SourceError(f"cannot compare a {name} backup with a {against.engine} source")
    if server_url is None and against is not None:
        server_url = against.url
    size = backup.stat().st_size
    result = RestoreResult(False, "", backup, name, size, None, against.label if against else None,
                           manifest=manifest)
    if size == 0:
        problems.insert(0, "empty: the backup file has 0 bytes")
        return _finish(result, problems, started)
    result.sha256 = sha256_file(backup)
    if manifest is not None:
        problems.extend(file_problems(backup, manifest, result.sha256))
    if not any(p.startswith("truncated") for p in problems):
        problems.extend(eng.precheck(backup))

    restored: dict[str, TableDigest] = {}
    opened = False
    scratch_root = settings().tmp_dir / "restore"
    scratch_root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="restore-", dir=scratch_root))
    try:
        with eng.restore(backup, scratch, server_url) as db:
            opened = True
            problems.extend(f"integrity check failed: {p}" for p in db.integrity())
            for table in db.tables():
                try:
                    restored[table] = db.digest(table)
                except eng.errors as exc:
                    problems.append(f"integrity check failed: reading table {table}: {_first_line(exc)}")
                    result.tables[table] = TableResult(table, None, None)
    except RestoreFailed as exc:
        opened = False
        problems.append(exc.reason)
    except eng.errors as exc:
        opened = False
        problems.append(f"integrity check failed: {_first_line(exc)}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    for table, d in restored.items():
        result.tables[table] = TableResult(table, d.rows, d.checksum)
    if opened and manifest is not None and manifest.tables:
        recorded = {n: TableDigest(int(t["rows"]), str(t["checksum"])) for n, t in manifest.tables.items()}
        problems.extend(_compare(result, recorded, "manifest", mark=against is None))
    if opened and against is not None:
        with eng.open(against) as source:
            expected = source.digests()
        problems.extend(_compare(result, expected, "source", mark=True))
    if opened and not result.tables and not problems:
        problems.append("no tables: the restored database is empty")
    return _finish(result, problems, started)


def _compare(result: RestoreResult, expected: dict[str, TableDigest], what: str, mark: bool) -> list[str]:
    """Problems of the restored tables against the manifest's or the source's digests."""
    problems = []
    for name in sorted(set(expected) | set(result.tables)):
        want = expected.get(name)
        got = result.tables.get(name)
        if got is None:
            assert want is not None
            problems.append(f"table missing: {name} is not in the backup ({what} has {want.rows:,} rows)")
            if mark:
                result.tables[name] = TableResult(name, None, None, want.rows, want.checksum, what, False)
            continue
        if want is None:
            problems.append(f"unexpected table: {name} is in the backup but not in the {what}")
            if mark:
                got.expected_from, got.matches = what, False
            continue
        if got.rows is None:
            matches = False
        elif got.rows < want.rows:
            problems.append(f"rows short: table {name} has {got.rows:,}, {what} has {want.rows:,}")
            matches = False
        elif got.rows > want.rows:
            problems.append(f"rows extra: table {name} has {got.rows:,}, {what} has {want.rows:,}")
            matches = False
        elif got.checksum != want.checksum:
            problems.append(f"content differs: table {name} has the same {got.rows:,} rows but its content "
                            f"checksum differs from the {what}'s")
            matches = False
        else:
            matches = True
        if mark:
            got.expected_rows, got.expected_checksum, got.expected_from = want.rows, want.checksum, what
            got.matches = matches
    return problems


def _finish(result: RestoreResult, problems: list[str], started: float) -> RestoreResult:
    result.problems = problems
    result.ok = not problems
    result.duration_s = round(time.monotonic() - started, 3)
    if problems:
        result.reason = "; ".join(problems)
    else:
        rows = sum(t.rows or 0 for t in result.tables.values())
        compared = "the source" if result.against else ("its manifest" if result.manifest else None)
        result.reason = (f"restored {len(result.tables)} table(s), {rows:,} rows; integrity check passed"
                         + (f"; row counts and content checksums match {compared}" if compared else ""))
    return result


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
