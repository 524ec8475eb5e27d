"""What the benchmarks share: each measured run is a fresh Python process running a child script."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def child_script(name: str, code: str) -> str:
    """`code` as a script file (kept in the temp folder while unchanged); its path.

    Not `python -c`: PySpark, which GX imports, takes a process whose main module has no file for its own
    doctests and exits.
    """
    path = Path(tempfile.gettempdir()) / f"khlang-{name}-child.py"
    if not path.exists() or path.read_text(encoding="utf-8") != code:
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(code, encoding="utf-8")
        tmp.replace(path)
    return str(path)
