"""The `khlang` command: every DAG task is also a command a person can run by hand."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from khlang.errors import KhlangError
from khlang.registry import Registry

T = TypeVar("T")
COMMANDS: Registry[tuple[str, str | None], Callable[[argparse.Namespace], int]] = Registry("command")


def command(group: str, name: str | None = None) -> Callable:
    """Register a handler for `khlang GROUP NAME`, or for a one-word command `khlang GROUP` (name None)."""
    def register(fn: Callable[[argparse.Namespace], int]) -> Callable:
        COMMANDS.add((group, name), fn)
        return fn
    return register


def emit(data: T, fmt: str, table: Callable[[T], str] | None = None) -> None:
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
    p.add_argument("--debug", action="store_true", help="show the Python traceback of an unexpected error")
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


# Commands whose --out names a file; every other --out names a folder.
FILE_OUTPUTS = {("catalog", "export"), ("users", "demo-accounts"), ("openmetadata", "config")}


def main(argv: list[str] | None = None) -> int:
    """Entry point: run one command; every error is one line on stderr and a non-zero exit, never a traceback."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv  # accepted anywhere on the line, not only before the command group
    args = build_parser().parse_args([a for a in argv if a != "--debug"])
    try:
        check_out(args)
        return COMMANDS[(args.group, getattr(args, "name", None))](args)
    except KhlangError as exc:
        if debug:
            traceback.print_exc()
        sys.stderr.write(f"khlang: error: {exc}\n")
        return exc.exit_code
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("khlang: interrupted\n")
        return 130
    except Exception as exc:  # noqa: BLE001 - the edge of the program: a sentence, not a traceback
        if debug:
            traceback.print_exc()
        sys.stderr.write(f"khlang: error: {environment_message(exc)}\n")
        if not debug:
            sys.stderr.write("khlang: rerun with --debug to see where it happened\n")
        return 1


def check_out(args: argparse.Namespace) -> None:
    """Refuse an --out that cannot be written, or that would write into the declarations, before anything runs."""
    out = getattr(args, "out", None)
    if out is None:
        return
    from khlang.config import settings

    out = Path(out)
    where = out.resolve()
    catalog = settings().catalog_dir.resolve()
    if where == catalog or where.is_relative_to(catalog):
        raise UsageError(f"--out {out}: inside the catalogue folder {catalog}; write outputs elsewhere")
    wants_file = (args.group, getattr(args, "name", None)) in FILE_OUTPUTS
    if wants_file and where.is_dir():
        raise UsageError(f"--out {out}: is a folder; name the file to write")
    if not wants_file and where.exists() and not where.is_dir():
        raise UsageError(f"--out {out}: is a file; name a folder to write into")
    parent = next(p for p in (where if not wants_file else where.parent, *where.parents) if p.exists())
    if not parent.is_dir():
        raise UsageError(f"--out {out}: {parent} is a file, not a folder")
    try:  # a real probe: os.access says yes to root even where nothing can be created (/proc, read-only mounts)
        with tempfile.TemporaryFile(dir=parent):
            pass
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot write in {parent} ({exc.strerror})") from None


class UsageError(KhlangError):
    """A command-line argument that cannot work (exit 2, nothing written)."""

    exit_code = 2


def environment_message(exc: BaseException) -> str:
    """One line saying what in the environment failed: a file, the store, or something unexpected."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror}"
    if type(exc).__module__.startswith("sqlalchemy"):
        from khlang.config import settings

        return f"the store did not answer ({_masked(settings().store_url)}): {_first_line(getattr(exc, 'orig', exc))}"
    return f"{type(exc).__name__}: {_first_line(exc)}"


def _masked(url: str) -> str:
    """The store URL without its password, fit to print."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is shown without anything after the scheme
        return url.split("://", 1)[0] + "://…"


def _first_line(exc: object) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


if __name__ == "__main__":
    # Run through the imported module so handlers register in the same COMMANDS as they look up.
    from khlang.cli import main as _main

    sys.exit(_main())
