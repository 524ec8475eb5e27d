"""Make a backup the way the procedure wants it kept: the file whole or not at all, then its manifest.

The backup is written under a hidden `.partial` name and renamed when complete; the manifest is
written (atomically) only after that, so a backup without a manifest is one that did not finish.
A backup killed outright leaves the `.partial` file (or, killed between the rename and the manifest,
a file without manifest): the next backup of the target removes both before it starts.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from khlang.backup.declarations import BackupTarget, subtract, suffix
from khlang.backup.manifest import Manifest, manifest_path, sha256_file, write_manifest
from khlang.dates import as_utc, utcnow
from khlang.errors import KhlangError, SourceError


@dataclass
class Snapshot:
    """One backup made: its file, its manifest, and old backups removed under the retention rule."""

    target: BackupTarget
    file: Path
    manifest: Manifest
    pruned: list[Path] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "system": self.target.system, "part": self.target.part, "engine": self.target.engine,
            "file": str(self.file), "size": self.manifest.size, "sha256": self.manifest.sha256,
            "created_at": self.manifest.to_dict()["created_at"],
            "tables": self.manifest.tables, "files": len(self.manifest.files),
            "pruned": [str(p) for p in self.pruned],
        }


def backup_name(target: BackupTarget, when: dt.datetime) -> str:
    """'LEGACY_WMS-database-20261125T014500Z.sqlite'."""
    return f"{target.system}-{target.part}-{as_utc(when):%Y%m%dT%H%M%SZ}{suffix(target.engine)}"


def take_backup(target: BackupTarget, now: dt.datetime | None = None) -> Snapshot:
    """Back up one target into its destination, write the manifest, then apply retention."""
    from khlang.backup.engines import Location, get_engine
    from khlang.backup.programs import write_archive

    if target.not_configured:
        raise SourceError(f"{target.key}: not configured: {target.not_configured}")
    now = as_utc(now or utcnow())
    target.destination.mkdir(parents=True, exist_ok=True)
    final = _free_name(target.destination / backup_name(target, now))
    partial = final.with_name(f".{final.name}.{uuid.uuid4().hex[:8]}.partial")
    engine_version = None
    try:
        if target.part == "programs":
            files = write_archive(target.source_path, partial, target.exclude)  # type: ignore[arg-type]
            tables: dict[str, dict] = {}
        else:
            engine = get_engine(target.engine)
            location = Location(target.engine, target.source_path, target.source_url, target.source_label)
            tables = {name: d.to_dict() for name, d in engine.backup(location, partial).items()}
            files = {}
            engine_version = engine.version()
        with partial.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    manifest = Manifest(
        file=final.name, engine=target.engine, created_at=now, size=final.stat().st_size,
        sha256=sha256_file(final), system=target.system, part=target.part, source=target.source_label,
        tables=tables, files=files, engine_version=engine_version,
    )
    write_manifest(final, manifest)
    pruned = prune(target, now) if target.taken_by == "khlang" else []
    return Snapshot(target, final, manifest, pruned)


def unfinished(target: BackupTarget) -> list[Path]:
    """What killed backups of this target left: its `.partial` files and Khlang-named files without manifest."""
    folder = target.destination
    if target.taken_by != "khlang" or not folder.is_dir():
        return []
    stem = f"{target.system}-{target.part}-"
    made_here = re.compile(re.escape(stem) + r"\d{8}T\d{6}Z(-\d+)?" + re.escape(suffix(target.engine)) + "$")
    out = []
    for path in folder.iterdir():
        partial = path.name.startswith(f".{stem}") and path.name.endswith(".partial")
        if partial or made_here.match(path.name) and path.is_file() and not manifest_path(path).exists():
            out.append(path)
    return sorted(out)


def sweep_unfinished(target: BackupTarget) -> list[Path]:
    """Remove what killed backups left (call it holding the destination's folder lock)."""
    found = unfinished(target)
    for path in found:
        path.unlink(missing_ok=True)
    return found


def prune(target: BackupTarget, now: dt.datetime) -> list[Path]:
    """Remove Khlang-made backups older than max_age, always keeping the newest `keep`."""
    from khlang.backup.verify import discover

    if not target.max_age:
        return []
    cutoff = subtract(as_utc(now), target.max_age)
    backups = [b for b in discover(target) if b.manifest is not None]
    removable = backups[:-target.keep] if len(backups) > target.keep else []
    removed = []
    for b in removable:
        if b.created_at < cutoff:
            manifest_path(b.path).unlink(missing_ok=True)
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def _free_name(path: Path) -> Path:
    if not path.exists():
        return path
    stem, suffix = path.name.split(".", 1)
    for i in range(2, 100):
        candidate = path.with_name(f"{stem}-{i}.{suffix}")
        if not candidate.exists():
            return candidate
    raise KhlangError(f"{path}: too many backups with the same timestamp")
