"""The backup DAG's tasks; each is also a CLI command. They return small summaries for the log and XCom.

Monthly duties (restore tests, the program backup check) run in the first daily run that finds them
not yet done this month, so a missed or failed day is made up the next day rather than a month later.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from khlang.backup.declarations import BackupTarget, load_backups
from khlang.config import settings
from khlang.dates import BANGKOK, as_utc, utcnow

if TYPE_CHECKING:
    from khlang.backup.snapshot import Snapshot
    from khlang.store import Store

log = logging.getLogger(__name__)


def as_of_moment(value: object) -> dt.datetime:
    """The run's moment: an aware datetime, ISO text (a B.E. year is converted), or now."""
    if value is None or value == "":
        return utcnow()
    if isinstance(value, dt.datetime):  # pendulum's DateTime from Airflow too: made a plain UTC datetime
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return dt.datetime.fromtimestamp(value.timestamp(), dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(23, 59, 59), BANGKOK).astimezone(dt.UTC)
    from khlang.dates import ce_year, parse_date

    text = str(value).strip()
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return as_of_moment(parse_date(text))
    if moment.year >= 2400:
        moment = moment.replace(year=ce_year(moment.year))
    if moment.tzinfo is None:
        if len(text) <= 10:  # a bare date means the end of that day in Bangkok
            return as_of_moment(moment.date())
        moment = moment.replace(tzinfo=BANGKOK)
    return as_utc(moment)


def _context():  # noqa: ANN202
    from khlang.declarations import load_catalog
    from khlang.store import open_store

    cfg = settings()
    catalog = load_catalog(cfg.catalog_dir)
    return load_backups(catalog), open_store(cfg.store_url)


def period_key(moment: dt.datetime, frequency: str) -> tuple:
    """Which backup period (in Bangkok time) a moment falls in."""
    local = as_utc(moment).astimezone(BANGKOK)
    if frequency == "hourly":
        return (local.date(), local.hour)
    if frequency == "daily":
        return (local.date(),)
    if frequency == "weekly":
        return tuple(local.isocalendar()[:2])
    if frequency == "monthly":
        return (local.year, local.month)
    return (local.year, (local.month - 1) // 3)


def backup_due(target: BackupTarget, as_of: dt.datetime) -> bool:
    """A Khlang-made backup is due when none exists for this period, or the latest is incomplete."""
    from khlang.backup.verify import verify

    v = verify(target, as_of)
    latest = v.latest
    if latest is None:
        return True
    if any(f.code in ("checksum_mismatch", "manifest_missing") for f in v.findings):
        return True  # the procedure: incomplete → back up again
    return period_key(latest.created_at, target.frequency) != period_key(as_of, target.frequency)


def back_up(target: BackupTarget, store: Store, run_key: str | None,
            due_at: dt.datetime | None = None) -> Snapshot | None:
    """Take one target's backup and record it, one process at a time per destination folder.

    Holding the folder's lock it first removes what killed backups left (`.partial` files, files without
    manifest) and adopts complete backups the store never learnt of; then, when `due_at` is given, it
    backs up only if one is due (so parallel runs of the same period make one backup, not several).
    """
    from khlang.atomic import folder_lock
    from khlang.backup.evidence import adopt_backups, record_snapshot
    from khlang.backup.snapshot import sweep_unfinished, take_backup

    target.destination.mkdir(parents=True, exist_ok=True)
    with folder_lock(target.destination):
        for path in sweep_unfinished(target):
            log.warning("backup %s: removed %s, left by a backup that did not finish", target.key, path.name)
        for path in adopt_backups(store, target, run_key):
            log.warning("backup %s: adopted %s, complete but never recorded", target.key, path.name)
        if due_at is not None and not backup_due(target, due_at):
            return None
        snap = take_backup(target)
        record_snapshot(store, run_key, snap)
    return snap


def take_backups(run_key: str, as_of: object = None, part: str | None = None) -> dict:
    """Make the backups Khlang itself is declared to take (taken_by: khlang) that are due."""
    from khlang.errors import KhlangError

    moment = as_of_moment(as_of)
    targets, store = _context()
    taken, skipped, failed = [], [], []
    for target in targets:
        if target.taken_by != "khlang" or (part and target.part != part):
            continue
        if target.not_configured:
            skipped.append(f"{target.key}: not configured ({target.not_configured})")
            continue
        try:
            snap = back_up(target, store, run_key, due_at=moment)
        except KhlangError as exc:
            # One system's failure must not stop the others; verification then reports it missing or late.
            log.error("backup %s failed: %s", target.key, exc)
            failed.append(f"{target.key}: {exc}")
            continue
        if snap is None:
            skipped.append(f"{target.key}: already backed up this period")
            continue
        log.info("backup %s: %s (%s bytes)", target.key, snap.file, snap.manifest.size)
        taken.append(str(snap.file))
    return {"taken": taken, "skipped": skipped, "failed": failed}


def verify_targets(run_key: str, as_of: object = None, part: str | None = None, system: str | None = None,
                   only_due_programs: bool = False) -> dict:
    """Verify the declared backups (one part or all) and store the results under run_key."""
    from khlang.backup.declarations import select
    from khlang.backup.evidence import program_check_due, record_verifications
    from khlang.backup.verify import verify

    moment = as_of_moment(as_of)
    targets, store = _context()
    chosen = select(targets, system, part)
    if only_due_programs:
        chosen = [t for t in chosen if program_check_due(store, t, moment)]
    results = [verify(t, moment) for t in chosen]
    record_verifications(store, run_key, results)
    for v in results:
        for f in v.findings:
            level = logging.WARNING if f.severity in ("high", "medium") else logging.INFO
            log.log(level, "backup %s: %s: %s", v.target.key, f.code, f.detail)
    return {
        "as_of": moment.isoformat(), "run_key": run_key, "ok": all(v.ok for v in results),
        "targets": [v.to_dict() for v in results],
    }


def restore_tests(run_key: str, as_of: object = None) -> dict:
    """Restore-test the latest backup of every database whose monthly (or quarterly) test is still due."""
    from khlang.backup.engines import Location
    from khlang.backup.evidence import record_restore_test, restore_test_due
    from khlang.backup.restore import RestoreResult, restore_test
    from khlang.backup.verify import discover
    from khlang.errors import KhlangError

    moment = as_of_moment(as_of)
    targets, store = _context()
    done = []
    for target in targets:
        if not restore_test_due(store, target, moment):
            continue
        backups = discover(target)
        if not backups:
            log.warning("restore test %s: no backup to restore", target.key)
            done.append({"target": target.key, "ok": False, "reason": "missing: no backup to restore"})
            continue
        source = Location(target.engine, target.source_path, target.source_url, target.source_label)
        against = source if target.restore_against_source else None
        try:
            result = restore_test(backups[-1].path, against=against, server_url=target.source_url,
                                  engine=target.engine)
        except KhlangError as exc:
            # Evidence too: the test was attempted and could not run (e.g. the source is unreadable).
            result = RestoreResult(False, f"restore test could not run: {exc}", backups[-1].path, target.engine,
                                   backups[-1].size, None, source.label if against else None)
        record_restore_test(store, run_key, result, target)
        log.log(logging.INFO if result.ok else logging.WARNING, "restore test %s: %s", target.key, result.reason)
        done.append({"target": target.key, "ok": result.ok, "reason": result.reason})
    return {"tested": done}


def reports(as_of: object = None) -> list[str]:
    """Rewrite the monthly and quarterly reports of this period and the one before (IT-audit evidence)."""
    from khlang.backup.report import Period, write_report

    moment = as_of_moment(as_of)
    local = moment.astimezone(BANGKOK).date()
    month = Period.month(local.year, local.month)
    quarter = Period.quarter(local.year, (local.month - 1) // 3 + 1)
    written = []
    for period in (month.previous(), month, quarter.previous(), quarter):
        written.append(str(write_report(period)))
    return written
