"""The `khlang` command: every DAG task is also a command a person can run by hand."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Callable

from khlang.errors import KhlangError
from khlang.registry import Registry

COMMANDS: Registry[tuple[str, str | None], Callable[[argparse.Namespace], int]] = Registry("command")


def command(group: str, name: str | None = None) -> Callable:
    """Register a handler for `khlang GROUP NAME`, or for a one-word command `khlang GROUP` (name None)."""
    def register(fn: Callable[[argparse.Namespace], int]) -> Callable:
        COMMANDS.add((group, name), fn)
        return fn
    return register


def emit(data: object, fmt: str, table: Callable[[object], str] | None = None) -> None:
    """Print JSON (UTF-8, Thai as is) or a readable table."""
    if fmt == "json" or table is None:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        sys.stdout.write(table(data))


def render_table(rows: list[dict], columns: list[str]) -> str:
    """A plain text table, wide enough for Thai text."""
    if not rows:
        return "(none)\n"
    cells = [[("" if r.get(c) is None else str(r.get(c))) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(v.ljust(w) for v, w in zip(row, widths)) for row in cells]
    return "\n".join(out) + "\n"


def build_parser() -> argparse.ArgumentParser:
    """All sub-commands: each module of khlang.commands adds its own group with `add_parser`."""
    p = argparse.ArgumentParser(prog="khlang", description="Khlang (คลัง): data governance and quality for อคส.")
    groups = p.add_subparsers(dest="group", required=True)
    for module in command_modules():
        module.add_parser(groups)
    return p


def command_modules() -> list:
    """Every module in khlang.commands, in name order (a new command group is a new file there)."""
    import importlib
    import pkgutil

    import khlang.commands as package

    names = sorted(m.name for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_"))
    return [importlib.import_module(f"khlang.commands.{name}") for name in names]


def main(argv: list[str] | None = None) -> int:
    """Entry point: run one command; user errors print a message and exit non-zero."""
    args = build_parser().parse_args(argv)
    handler = COMMANDS[(args.group, getattr(args, "name", None))]
    try:
        return handler(args)
    except KhlangError as exc:
        sys.stderr.write(f"khlang: error: {exc}\n")
        return exc.exit_code
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    # Run through the imported module so handlers register in the same COMMANDS as they look up.
    from khlang.cli import main as _main

    sys.exit(_main())
