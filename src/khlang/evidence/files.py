"""Where evidence bytes live: $KHLANG_VAR_DIR/evidence/<sha256[:2]>/<sha256>, 0600, outside anything served."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from khlang.atomic import write_bytes
from khlang.config import settings
from khlang.errors import KhlangError

FILE_MODE = 0o600
DIR_MODE = 0o700


class EvidenceStorageError(KhlangError):
    """The evidence folder is unusable (inside a served folder, or a stored file no longer matches its sha256)."""

    exit_code = 1


def evidence_root() -> Path:
    """The evidence folder; refused when it would sit inside the reports (the served) folder."""
    cfg = settings()
    root = (cfg.var_dir / "evidence").resolve()
    reports = cfg.reports_dir.resolve()
    if root == reports or reports in root.parents:
        raise EvidenceStorageError(f"KHLANG_VAR_DIR: evidence would be stored under the reports folder {reports}, "
                                   "which may be served; keep KHLANG_VAR_DIR outside KHLANG_REPORTS_DIR")
    return root


def content_path(sha256: str) -> Path:
    """The one file holding the bytes with this sha256."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a sha256: {sha256!r}")
    return evidence_root() / sha256[:2] / sha256


def _private_dirs(path: Path) -> None:
    root = evidence_root()
    for folder in (root, path.parent):
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        os.chmod(folder, DIR_MODE)


def keep(data: bytes, sha256: str) -> Path:
    """Store the bytes once: a file already holding exactly these bytes is kept, anything else is replaced."""
    path = content_path(sha256)
    if path.is_file() and sha256_of_file(path) == sha256:
        os.chmod(path, FILE_MODE)
        return path
    _private_dirs(path)
    write_bytes(path, data)  # mkstemp creates the temporary file 0600; the rename keeps it
    os.chmod(path, FILE_MODE)
    return path


def read(sha256: str) -> bytes:
    """The stored bytes, checked against their sha256 (a changed file is never served as evidence)."""
    path = content_path(sha256)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise EvidenceStorageError(f"evidence file {sha256[:12]}… is missing from {evidence_root()}") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise EvidenceStorageError(f"evidence file {sha256[:12]}… no longer matches its sha256; it was changed "
                                   "on disk (restore it from a backup)")
    return data


def sha256_of_file(path: Path) -> str:
    """The sha256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
