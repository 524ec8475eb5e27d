"""Writing backup evidence to the store, one transaction per run, and asking it what is due."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from sqlalchemy import delete, select

from khlang.backup.declarations import BackupTarget
from khlang.backup.manifest import Manifest
from khlang.backup.records import (
    BackupFinding,
    BackupSnapshot,
    BackupVerification,
    RestoreTest,
    RestoreTestTable,
)
from khlang.backup.restore import RestoreResult
from khlang.backup.snapshot import Snapshot
from khlang.backup.verify import Verification
from khlang.dates import BANGKOK, as_utc, utcnow
from khlang.store import Store
from khlang.store.locks import run_lock, run_locks


def manual_run_key() -> str:
    """A run key for a command run by hand: unique, and readable in the report."""
    return f"manual__{utcnow():%Y%m%dT%H%M%SZ}_{uuid.uuid4().hex[:6]}"


def record_verifications(store: Store, run_key: str, results: list[Verification]) -> list[int]:
    """Store one run's verifications; a re-run of the same run key replaces its rows for those targets."""
    now = utcnow()
    ids = []
    with store.transaction() as session:
        run_locks(session, [("backup_verification", run_key, v.target.system, v.target.part) for v in results])
        for v in results:
            session.execute(delete(BackupVerification).where(
                BackupVerification.run_key == run_key, BackupVerification.system == v.target.system,
                BackupVerification.part == v.target.part))
            latest = v.latest
            row = BackupVerification(
                run_key=run_key, checked_at=now, as_of=v.as_of, system=v.target.system, part=v.target.part,
                engine=v.target.engine, destination=str(v.target.destination), backups_found=len(v.backups),
                latest_file=latest.path.name if latest else None,
                latest_created_at=latest.created_at if latest else None,
                latest_size=latest.size if latest else None, latest_sha256=v.latest_sha256,
                median_size=v.median_size, ok=v.ok,
                findings=[BackupFinding(code=f.code, severity=f.severity, file=f.file, detail=f.detail)
                          for f in v.findings],
            )
            session.add(row)
            session.flush()
            ids.append(row.id)
    return ids


def record_restore_test(store: Store, run_key: str, result: RestoreResult,
                        target: BackupTarget | None = None) -> int:
    """Store one restore test with its tables; the same run key and backup file replaces the earlier row."""
    with store.transaction() as session:
        run_lock(session, "restore_test", run_key, str(result.backup))
        session.execute(delete(RestoreTest).where(RestoreTest.run_key == run_key,
                                                  RestoreTest.backup_file == str(result.backup)))
        row = RestoreTest(
            run_key=run_key, tested_at=utcnow(), system=target.system if target else None,
            part=target.part if target else None, engine=result.engine, backup_file=str(result.backup),
            backup_size=result.size, backup_sha256=result.sha256, against=result.against, ok=result.ok,
            reason=result.reason, duration_s=result.duration_s,
            tables=[RestoreTestTable(name=t.name, rows=t.rows, checksum=t.checksum, expected_rows=t.expected_rows,
                                     expected_checksum=t.expected_checksum, expected_from=t.expected_from,
                                     matches=t.matches) for t in result.tables.values()],
        )
        session.add(row)
        session.flush()
        return row.id


def record_snapshot(store: Store, run_key: str | None, snap: Snapshot) -> None:
    """Store that Khlang made a backup (and which old ones it removed)."""
    with store.transaction() as session:
        run_lock(session, "backup_snapshot", snap.target.system, snap.target.part)
        session.add(_snapshot_row(run_key, snap.target, snap.file, snap.manifest, snap.pruned))


def _snapshot_row(run_key: str | None, target: BackupTarget, file: Path, manifest: Manifest,
                  pruned: list[Path]) -> BackupSnapshot:
    return BackupSnapshot(
        run_key=run_key, taken_at=manifest.created_at, system=target.system, part=target.part,
        engine=target.engine, file=str(file), size=manifest.size, sha256=manifest.sha256,
        tables=manifest.tables or None, pruned=[str(p) for p in pruned] or None,
    )


def adopt_backups(store: Store, target: BackupTarget, run_key: str | None) -> list[Path]:
    """Record the complete backups on disk that the store never learnt of; returns them.

    A backup killed after its manifest was written but before the store was told is complete: it is
    adopted (recorded under this run key) once its file matches its manifest. One that does not match
    is left for verification to report (checksum_mismatch), and a new backup is then taken.
    """
    from khlang.backup.manifest import file_problems
    from khlang.backup.verify import discover

    if target.taken_by != "khlang" or target.not_configured:
        return []
    with store.reading() as session:
        known = {Path(f).name for f in session.scalars(select(BackupSnapshot.file).where(
            BackupSnapshot.system == target.system, BackupSnapshot.part == target.part))}
    adopted = []
    for b in discover(target):
        if b.manifest is None or b.path.name in known or file_problems(b.path, b.manifest):
            continue
        with store.transaction() as session:
            run_lock(session, "backup_snapshot", target.system, target.part)
            if session.scalar(select(BackupSnapshot.id).where(BackupSnapshot.file == str(b.path))) is not None:
                continue
            session.add(_snapshot_row(run_key, target, b.path, b.manifest, pruned=[]))
        adopted.append(b.path)
    return adopted


def month_start(as_of: dt.datetime) -> dt.datetime:
    """The start (UTC) of the Bangkok calendar month containing as_of."""
    local = as_utc(as_of).astimezone(BANGKOK)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0).astimezone(dt.UTC)


def quarter_start(as_of: dt.datetime) -> dt.datetime:
    """The start (UTC) of the Bangkok calendar quarter containing as_of."""
    local = as_utc(as_of).astimezone(BANGKOK)
    month = 3 * ((local.month - 1) // 3) + 1
    return local.replace(month=month, day=1, hour=0, minute=0, second=0, microsecond=0).astimezone(dt.UTC)


def restore_test_due(store: Store, target: BackupTarget, as_of: dt.datetime) -> bool:
    """Whether the target still needs a passing restore test this month (or quarter)."""
    if target.part != "database" or target.restore_test == "none" or target.not_configured:
        return False
    since = month_start(as_of) if target.restore_test == "monthly" else quarter_start(as_of)
    with store.reading() as session:
        passed = session.scalar(select(RestoreTest.id).where(
            RestoreTest.system == target.system, RestoreTest.part == target.part, RestoreTest.ok.is_(True),
            RestoreTest.tested_at >= since).limit(1))
    return passed is None


def program_check_due(store: Store, target: BackupTarget, as_of: dt.datetime) -> bool:
    """Whether the target's program backup has not been checked yet this month (สงพท.-06 is monthly)."""
    with store.reading() as session:
        done = session.scalar(select(BackupVerification.id).where(
            BackupVerification.system == target.system, BackupVerification.part == target.part,
            BackupVerification.checked_at >= month_start(as_of)).limit(1))
    return done is None
