"""Where each declared backup target stands at a moment: its newest verification and restore test in the store.

A target counts as verified only when its newest verification by that moment passed and actually checked
something: a target whose database is `not_configured` (its URL's environment variable is unset) was never
looked at, so it is not verified (its verification says not ok, with a high-severity finding). A target never
verified is not verified either.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from khlang.backup.declarations import BackupTarget
from khlang.backup.records import BackupVerification, RestoreTest
from khlang.dates import as_utc
from khlang.store import Store

# What a target's state is called (labels in khlang.report.labels.BACKUP_STATES).
VERIFIED, FAILED, NOT_CONFIGURED, NEVER_CHECKED = "verified", "failed", "not_configured", "never_checked"


@dataclass
class TargetStatus:
    """One declared target (or one the store knows but the declarations no longer do) at a moment."""

    system: str
    part: str
    engine: str
    frequency: str
    restore_test: str
    state: str
    checked_at: dt.datetime | None = None
    latest_backup_at: dt.datetime | None = None
    latest_file: str | None = None
    backups_found: int = 0
    findings: list[dict] = field(default_factory=list)
    unverified_since: dt.datetime | None = None
    restore: dict | None = None
    not_configured: str | None = None

    @property
    def key(self) -> str:
        return f"{self.system}/{self.part}"

    @property
    def verified(self) -> bool:
        return self.state == VERIFIED

    def to_dict(self) -> dict:
        """JSON-ready."""
        def iso(x: dt.datetime | None) -> str | None:
            return as_utc(x).isoformat() if x else None
        return {"system": self.system, "part": self.part, "key": self.key, "engine": self.engine,
                "frequency": self.frequency, "restore_test": self.restore_test, "state": self.state,
                "verified": self.verified, "checked_at": iso(self.checked_at),
                "latest_backup_at": iso(self.latest_backup_at), "latest_file": self.latest_file,
                "backups_found": self.backups_found, "findings": self.findings,
                "unverified_since": iso(self.unverified_since), "restore": self.restore,
                "not_configured": self.not_configured}


def _state(v: BackupVerification | None, target: BackupTarget | None) -> str:
    if v is None:
        return NOT_CONFIGURED if target is not None and target.not_configured else NEVER_CHECKED
    if any(f.code == "not_configured" for f in v.findings):
        return NOT_CONFIGURED
    return VERIFIED if v.ok else FAILED


def target_statuses(store: Store, targets: list[BackupTarget], moment: dt.datetime) -> list[TargetStatus]:
    """Every target's newest verification and newest restore test recorded by `moment`, by system and part."""
    with store.reading() as session:
        runs = session.scalars(select(BackupVerification).options(selectinload(BackupVerification.findings))
                               .where(BackupVerification.checked_at <= moment)
                               .order_by(BackupVerification.checked_at, BackupVerification.id)).all()
        tests = session.scalars(select(RestoreTest).where(RestoreTest.tested_at <= moment)
                                .order_by(RestoreTest.tested_at, RestoreTest.id)).all()
        history: dict[tuple[str, str], list[BackupVerification]] = {}
        for v in runs:
            history.setdefault((v.system, v.part), []).append(v)
        restores: dict[tuple[str, str], RestoreTest] = {}
        for t in tests:
            if t.system:
                restores[(t.system, t.part or "database")] = t
        declared = {(t.system, t.part): t for t in targets}
        out = []
        for key in sorted(set(declared) | set(history)):
            target, mine = declared.get(key), history.get(key, [])
            last = mine[-1] if mine else None
            state = _state(last, target)
            since = None
            if state != VERIFIED:  # the first verification of the current unverified streak
                for v in reversed(mine):
                    if _state(v, target) == VERIFIED:
                        break
                    since = v.checked_at
            rt = restores.get(key)
            out.append(TargetStatus(
                system=key[0], part=key[1], engine=target.engine if target else (last.engine if last else ""),
                frequency=target.frequency if target else "", restore_test=target.restore_test if target else "none",
                state=state, checked_at=as_utc(last.checked_at) if last else None,
                latest_backup_at=as_utc(last.latest_created_at) if last and last.latest_created_at else None,
                latest_file=last.latest_file if last else None, backups_found=last.backups_found if last else 0,
                findings=[{"code": f.code, "severity": f.severity, "detail": f.detail} for f in last.findings]
                if last else [],
                unverified_since=as_utc(since) if since else None,
                restore=None if rt is None else {
                    "tested_at": as_utc(rt.tested_at).isoformat(), "file": rt.backup_file.rsplit("/", 1)[-1],
                    "ok": rt.ok, "reason": rt.reason, "run_key": rt.run_key},
                not_configured=target.not_configured if target else None))
    return out
