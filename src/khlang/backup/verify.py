"""Daily verification of backups (สงบข.-04): there, on time, the expected size, intact, kept as declared.

Each rule is one function registered under the finding code it produces; a new rule is one more
function here. Findings of severity high or medium make a target not ok; low ones are notes
(a new installation has fewer backups than it will keep: that is `retention_short`, low).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from khlang.backup.declarations import BackupTarget, subtract
from khlang.backup.manifest import Manifest, ManifestError, file_problems, is_manifest, read_manifest, sha256_file
from khlang.dates import as_utc, format_datetime_bangkok, utcnow
from khlang.registry import Registry

SEVERITY = {
    "not_configured": "high", "missing": "high", "late": "high", "checksum_mismatch": "high",
    "size_drop": "high", "size_jump": "medium", "manifest_missing": "medium", "incomplete": "medium",
    "retention_exceeded": "medium", "retention_short": "low",
}


@dataclass
class BackupFile:
    """A backup found in a destination folder, with its manifest when it has a readable one."""

    path: Path
    created_at: dt.datetime
    size: int
    manifest: Manifest | None
    manifest_error: str | None = None


@dataclass
class Finding:
    """Something wrong with a target's backups."""

    code: str
    detail: str
    file: str | None = None
    level: str | None = None

    @property
    def severity(self) -> str:
        return self.level or SEVERITY.get(self.code, "medium")

    def to_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "detail": self.detail, "file": self.file}


@dataclass
class Verification:
    """One target checked at one moment."""

    target: BackupTarget
    as_of: dt.datetime
    backups: list[BackupFile]
    findings: list[Finding] = field(default_factory=list)
    latest_sha256: str | None = None
    median_size: int | None = None

    @property
    def latest(self) -> BackupFile | None:
        return self.backups[-1] if self.backups else None

    @property
    def ok(self) -> bool:
        return not any(f.severity in ("high", "medium") for f in self.findings)

    def to_dict(self) -> dict:
        latest = self.latest
        return {
            "system": self.target.system, "part": self.target.part, "engine": self.target.engine,
            "ok": self.ok, "destination": str(self.target.destination), "backups": len(self.backups),
            "latest": None if latest is None else {
                "file": latest.path.name, "created_at": latest.created_at.isoformat(), "size": latest.size,
                "sha256": self.latest_sha256,
            },
            "median_size": self.median_size,
            "findings": [f.to_dict() for f in self.findings],
        }


Rule = Callable[[Verification, BackupFile], Iterator[Finding]]
RULES: Registry[str, Rule] = Registry("backup verification rule")


def rule(code: str) -> Callable[[Rule], Rule]:
    """Register a verification rule producing findings of `code`."""
    def register(fn: Rule) -> Rule:
        RULES.add(code, fn)
        return fn
    return register


def discover(target: BackupTarget) -> list[BackupFile]:
    """The backups in the target's destination matching its pattern, oldest first."""
    folder = target.destination
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        name = path.name
        if name.startswith(".") or is_manifest(path) or not fnmatch.fnmatch(name, target.pattern):
            continue
        if not path.is_file():
            continue
        stat = path.stat()
        manifest, error = None, None
        try:
            manifest = read_manifest(path)
        except ManifestError as exc:
            error = str(exc)
        created = manifest.created_at if manifest else dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC)
        found.append(BackupFile(path, as_utc(created), stat.st_size, manifest, error))
    return sorted(found, key=lambda b: (b.created_at, b.path.name))


def verify(target: BackupTarget, as_of: dt.datetime | None = None) -> Verification:
    """Check one target's backups against its declaration."""
    as_of = as_utc(as_of or utcnow())
    if target.not_configured:
        v = Verification(target, as_of, [])
        v.findings.append(Finding("not_configured", f"not configured: {target.not_configured}; nothing checked"))
        return v
    v = Verification(target, as_of, discover(target))
    if not v.backups:
        v.findings.append(Finding("missing", f"no backup matching {target.pattern} in {target.destination}"))
        return v
    latest = v.backups[-1]
    for fn in RULES.values():
        v.findings.extend(fn(v, latest))
    return v


@rule("late")
def _late(v: Verification, latest: BackupFile) -> Iterator[Finding]:
    age = v.as_of - latest.created_at
    allowed = v.target.interval + v.target.grace
    if age > allowed:
        yield Finding("late", f"the latest backup is {_age(age)} old; a {v.target.frequency} backup is due within "
                              f"{_age(allowed)}", latest.path.name)


@rule("manifest_missing")
def _manifest(v: Verification, latest: BackupFile) -> Iterator[Finding]:
    if latest.manifest is None:
        if latest.manifest_error:
            yield Finding("manifest_missing", latest.manifest_error, latest.path.name)
        elif v.target.manifest == "optional":
            # Made by a tool that writes no manifest: nothing to check the file against, noted only.
            yield Finding("manifest_missing", "no manifest (declared optional): the checksum cannot be checked",
                          latest.path.name, level="low")
        else:
            yield Finding("manifest_missing", "no manifest beside it: the backup may not have finished",
                          latest.path.name)


@rule("checksum_mismatch")
def _checksum(v: Verification, latest: BackupFile) -> Iterator[Finding]:
    v.latest_sha256 = sha256_file(latest.path)
    if latest.manifest is None:
        return
    for problem in file_problems(latest.path, latest.manifest, v.latest_sha256):
        yield Finding("checksum_mismatch", problem, latest.path.name)
    if v.target.part == "programs" and latest.size > 0:
        # สงพท.-06's file check: re-hash every file; after a whole-archive mismatch this names the damaged files.
        from khlang.backup.programs import check_archive

        for problem in check_archive(latest.path, latest.manifest.files).problems:
            yield Finding("checksum_mismatch", problem, latest.path.name)


@rule("incomplete")
def _incomplete(v: Verification, latest: BackupFile) -> Iterator[Finding]:
    if v.target.part != "programs" or latest.manifest is None or v.target.source_path is None:
        return
    from khlang.backup.programs import not_backed_up

    lacking = not_backed_up(v.target.source_path, latest.manifest.files, latest.created_at,
                            v.target.exclude)
    if lacking:
        shown = ", ".join(lacking[:5]) + (f" and {len(lacking) - 5} more" if len(lacking) > 5 else "")
        yield Finding("incomplete", f"{len(lacking)} file(s) of the program folder older than the backup are not "
                                    f"in it: {shown}", latest.path.name)


@rule("size")
def _size(v: Verification, latest: BackupFile) -> Iterator[Finding]:
    previous = v.backups[:-1][-v.target.size_window:]
    if not previous:
        return
    median = int(statistics.median(b.size for b in previous))
    v.median_size = median
    if median <= 0:
        return
    change = latest.size / median - 1
    tolerance = v.target.size_tolerance
    text = (f"{latest.size:,} bytes is {abs(change):.0%} {'below' if change < 0 else 'above'} the median "
            f"{median:,} of the previous {len(previous)} backup(s) (tolerance {tolerance:.0%})")
    if change < -tolerance:
        yield Finding("size_drop", text, latest.path.name)
    elif change > tolerance:
        yield Finding("size_jump", text, latest.path.name)


@rule("retention_short")
def _retention_short(v: Verification, latest: BackupFile) -> Iterator[Finding]:
    if len(v.backups) < v.target.keep:
        yield Finding("retention_short", f"{len(v.backups)} backup(s) kept; the declaration keeps {v.target.keep}")


@rule("retention_exceeded")
def _retention_exceeded(v: Verification, latest: BackupFile) -> Iterator[Finding]:
    if not v.target.max_age:
        return
    cutoff = subtract(v.as_of, v.target.max_age)
    old = [b for b in v.backups if b.created_at < cutoff]
    if old:
        yield Finding("retention_exceeded", f"{len(old)} backup(s) older than {v.target.max_age} are still kept "
                                            f"(oldest {format_datetime_bangkok(old[0].created_at)})", old[0].path.name)


def _age(delta: dt.timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.1f} hours" if hours < 48 else f"{hours / 24:.1f} days"
