"""Errors a user can act on: each names the file, the line and the field."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a user's file."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}"


class KhlangError(Exception):
    """An error a person caused and can fix; the CLI prints it and exits non-zero."""

    exit_code = 1


class DeclarationError(KhlangError):
    """Declarations (catalog/*.yaml) that do not validate; nothing runs on them."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        # set(): a file read by two loaders (systems.yaml, by backups too) reports each problem once
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.field, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class SourceError(KhlangError):
    """A data source that cannot be read (missing file, bad URL, escape from its root)."""

    exit_code = 2


_QUOTED = re.compile(r"'(?:[^']|'')*'")


def engine_error(exc: Exception) -> str:
    """A DuckDB error for the record, with quoted literals removed (they may be data values)."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"{type(exc).__name__}: {_QUOTED.sub(chr(39) + '…' + chr(39), first)}"
