"""The manifest written beside every backup at backup time: what the file must be when it is read back."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from khlang.atomic import write_text
from khlang.dates import as_utc

FORMAT = "khlang-backup-manifest/1"
MANIFEST_SUFFIX = ".manifest.json"
_CHUNK = 1 << 20


@dataclass
class Manifest:
    """sha256 and size of the backup file, when it was made, and what it holds."""

    file: str
    engine: str
    created_at: dt.datetime
    size: int
    sha256: str
    system: str | None = None
    part: str | None = None
    source: str | None = None
    tables: dict[str, dict] = field(default_factory=dict)
    files: dict[str, dict] = field(default_factory=dict)
    engine_version: str | None = None

    def to_dict(self) -> dict:
        return {
            "format": FORMAT,
            "file": self.file,
            "system": self.system,
            "part": self.part,
            "engine": self.engine,
            "engine_version": self.engine_version,
            "source": self.source,
            "created_at": as_utc(self.created_at).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "size": self.size,
            "sha256": self.sha256,
            "tables": self.tables,
            "files": self.files,
        }


class ManifestError(ValueError):
    """A manifest that cannot be read: it is then as good as missing, and says why."""


def manifest_path(backup: Path) -> Path:
    """`<file>.manifest.json` beside the backup."""
    return backup.with_name(backup.name + MANIFEST_SUFFIX)


def is_manifest(path: Path) -> bool:
    """Whether a file in a backup folder is a manifest rather than a backup."""
    return path.name.endswith(MANIFEST_SUFFIX)


def write_manifest(backup: Path, manifest: Manifest) -> Path:
    """Write the manifest atomically; called only once the backup file itself is complete."""
    return write_text(manifest_path(backup), json.dumps(manifest.to_dict(), ensure_ascii=False, indent=2) + "\n")


def read_manifest(backup: Path) -> Manifest | None:
    """The backup's manifest, None when there is none; ManifestError when it is unreadable."""
    path = manifest_path(backup)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ManifestError(f"{path}: not a Khlang manifest (format {data.get('format')!r})")
        created = dt.datetime.fromisoformat(data["created_at"].replace("Z", "+00:00"))
        return Manifest(
            file=data["file"], engine=data["engine"], created_at=as_utc(created), size=int(data["size"]),
            sha256=str(data["sha256"]), system=data.get("system"), part=data.get("part"),
            source=data.get("source"), tables=dict(data.get("tables") or {}), files=dict(data.get("files") or {}),
            engine_version=data.get("engine_version"),
        )
    except ManifestError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: unreadable manifest ({type(exc).__name__}: {exc})") from None


def sha256_file(path: Path) -> str:
    """The sha256 of a file, read in chunks (backups are larger than memory)."""
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def file_problems(path: Path, manifest: Manifest, actual_sha256: str | None = None) -> list[str]:
    """How the backup file differs from its manifest: empty, truncated or checksum mismatch; [] if it matches."""
    size = path.stat().st_size
    if size == 0:
        return [f"empty: the backup file has 0 bytes, its manifest says {manifest.size:,}"]
    if size < manifest.size:
        return [f"truncated: the backup file has {size:,} bytes, its manifest says {manifest.size:,}"]
    actual = actual_sha256 or sha256_file(path)
    if actual != manifest.sha256:
        extra = f" (size {size:,}, manifest {manifest.size:,})" if size != manifest.size else ""
        return [f"checksum mismatch: sha256 {actual[:16]}… differs from the manifest's {manifest.sha256[:16]}…{extra}"]
    return []
