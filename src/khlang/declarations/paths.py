"""Where a declared source's file may be: under KHLANG_DATA_DIR, or under a root the operator allowed."""

from __future__ import annotations

from pathlib import Path

from khlang.config import data_roots


def allowed_roots(data_dir: Path) -> list[Path]:
    """KHLANG_DATA_DIR and every folder of KHLANG_DATA_ROOTS, resolved (symlinks followed)."""
    return [Path(data_dir).resolve(), *(root.resolve() for root in data_roots())]


def escape_reason(declared: str, data_dir: Path) -> str | None:
    """Why `declared` may not be read (absolute, `..` or a symlink leading outside the roots), or None."""
    roots = allowed_roots(data_dir)
    where = (roots[0] / declared).resolve()  # an absolute path replaces the base, as it should
    if any(where == root or where.is_relative_to(root) for root in roots):
        return None
    if Path(declared).is_absolute():
        kind = "an absolute path"
    elif ".." in Path(declared).parts:
        kind = "a path with '..'"
    else:
        kind = "a path through a symlink"
    extra = f" and KHLANG_DATA_ROOTS ({', '.join(map(str, roots[1:]))})" if roots[1:] else ""
    return (f"{kind} that leaves the data folder {roots[0]}{extra}: paths are relative to KHLANG_DATA_DIR; "
            "an operator may allow other folders in KHLANG_DATA_ROOTS")


def data_path(declared: str, data_dir: Path) -> Path:
    """The resolved file or folder of a declared path; ValueError when it leaves the allowed roots."""
    reason = escape_reason(declared, data_dir)
    if reason:
        raise ValueError(f"path {declared!r} is {reason}")
    return (Path(data_dir).resolve() / declared).resolve()
