"""Program backups (สงพท.-06): a system's program folder as .tar.gz, each file's sha256 in the manifest."""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import tarfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from khlang.errors import SourceError

_CHUNK = 1 << 20


class _Hashing:
    """A file object that hashes what tarfile reads from it, so each file is read exactly once."""

    def __init__(self, fh: BinaryIO):
        self.fh = fh
        self.sha = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.fh.read(size)
        self.sha.update(data)
        return data


def walk(root: Path, exclude: tuple[str, ...] = ()) -> Iterator[tuple[str, Path]]:
    """(relative posix path, file) of every regular file under root, sorted; symlinks are not followed."""
    base = root.resolve()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if any(fnmatch.fnmatch(rel, pat) or any(fnmatch.fnmatch(part, pat) for part in rel.split("/"))
               for pat in exclude):
            continue
        if path.is_symlink() or not path.is_file():
            continue
        if not path.resolve().is_relative_to(base):
            continue
        yield rel, path


def write_archive(root: Path, out: Path, exclude: tuple[str, ...] = ()) -> dict[str, dict]:
    """Write root as a .tar.gz at out; return {relative path: {sha256, size}} of what went in."""
    if not root.is_dir():
        raise SourceError(f"{root}: no such program folder")
    files: dict[str, dict] = {}
    with tarfile.open(out, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for rel, path in walk(root, exclude):
            info = tar.gettarinfo(str(path), arcname=rel)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            with path.open("rb") as fh:
                hashing = _Hashing(fh)
                tar.addfile(info, hashing)  # type: ignore[arg-type]
            files[rel] = {"sha256": hashing.sha.hexdigest(), "size": info.size}
    return files


@dataclass
class ArchiveCheck:
    """What re-reading a program archive found against its manifest."""

    problems: list[str]
    files: int


def check_archive(archive: Path, expected: dict[str, dict]) -> ArchiveCheck:
    """Re-hash every file in the archive and compare with the manifest's list."""
    problems: list[str] = []
    seen: set[str] = set()
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if not member.isfile():
                    continue
                seen.add(member.name)
                fh = tar.extractfile(member)
                sha = hashlib.sha256()
                while chunk := fh.read(_CHUNK):  # type: ignore[union-attr]
                    sha.update(chunk)
                want = expected.get(member.name)
                if want is None:
                    problems.append(f"file {member.name} is in the archive but not in the manifest")
                elif want.get("sha256") != sha.hexdigest():
                    problems.append(f"checksum mismatch: file {member.name} differs from the manifest")
    except EOFError as exc:
        return ArchiveCheck([f"truncated: the archive ends early ({exc})"], len(seen))
    except (tarfile.TarError, zlib.error, OSError) as exc:
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "end of" in text.lower() or "ended before" in text.lower():
            return ArchiveCheck([f"truncated: the archive ends early ({text})"], len(seen))
        return ArchiveCheck([f"integrity check failed: the archive cannot be read ({text})"], len(seen))
    missing = sorted(set(expected) - seen)
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        problems.append(f"{len(missing)} file(s) of the manifest missing from the archive: {shown}")
    return ArchiveCheck(problems, len(seen))


def not_backed_up(root: Path, files: dict[str, dict], made_at: dt.datetime, exclude: tuple[str, ...] = ()) -> list[str]:
    """Files in the program folder, unchanged since the backup was made, that the backup lacks."""
    if not root.is_dir():
        return []
    stamp = made_at.timestamp()
    return [rel for rel, path in walk(root, exclude) if rel not in files and path.stat().st_mtime <= stamp]
