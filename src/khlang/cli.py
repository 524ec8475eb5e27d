"""The `khlang` command: every DAG task is also a command a person can run by hand."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable

from khlang.errors import KhlangError

COMMANDS: dict[tuple[str, str], Callable[[argparse.Namespace], int]] = {}


def command(group: str, name: str) -> Callable:
    """Register a handler for `khlang GROUP NAME`."""
    def register(fn: Callable[[argparse.Namespace], int]) -> Callable:
        COMMANDS[(group, name)] = fn
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
    """All sub-commands and their options."""
    p = argparse.ArgumentParser(prog="khlang", description="Khlang (คลัง): data governance and quality for อคส.")
    groups = p.add_subparsers(dest="group", required=True)

    sample = groups.add_parser("sample", help="bundled sample data").add_subparsers(dest="name", required=True)
    gen = sample.add_parser("generate", help="generate the sample อคส. data with planted defects")
    gen.add_argument("--rows", type=int, default=1_000_000, help="stock movements (default 1,000,000)")
    gen.add_argument("--out", type=Path, default=None, help="folder (default: KHLANG_DATA_DIR or var/sample)")
    gen.add_argument("--seed", type=int, default=2569)
    gen.add_argument("--format", choices=["json", "table"], default="table")

    cat = groups.add_parser("catalog", help="the data catalogue").add_subparsers(dest="name", required=True)
    scan = cat.add_parser("scan", help="profile a folder, file or database URL")
    scan.add_argument("source")
    scan.add_argument("--encoding", default=None, help="CSV encoding (default: detected; e.g. cp874)")
    scan.add_argument("--format", choices=["json", "table"], default="table")
    val = cat.add_parser("validate", help="validate catalog/*.yaml")
    val.add_argument("--format", choices=["json", "table"], default="table")
    syn = cat.add_parser("sync", help="harvest declared sources, store a snapshot, report drift and gaps")
    syn.add_argument("--run-key", default=None, help="idempotency key (Airflow passes its run id)")
    syn.add_argument("--as-of", default=None, help="date for retention checks (C.E. or B.E.)")
    syn.add_argument("--format", choices=["json", "table"], default="table")
    lst = cat.add_parser("list", help="list declared datasets with their latest profile")
    lst.add_argument("--kind", choices=["master", "reference", "transactional", "warehouse"], default=None)
    lst.add_argument("--format", choices=["json", "table"], default="table")
    exp = cat.add_parser("export", help="export for the Government Data Catalog")
    exp.add_argument("--format", choices=["ckan"], required=True)
    exp.add_argument("--out", type=Path, default=None, help="write to this file instead of stdout")
    exp.add_argument("--strict", action="store_true", help="exit 1 when a mandatory field is missing")
    site = cat.add_parser("site", help="build the static catalogue site")
    site.add_argument("--out", type=Path, default=None, help="default: reports/catalog")

    store = groups.add_parser("store", help="the governance store").add_subparsers(dest="name", required=True)
    store.add_parser("upgrade", help="create or migrate the store's tables")
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point: run one command; user errors print a message and exit non-zero."""
    import khlang.commands  # noqa: F401  (registers the handlers)

    args = build_parser().parse_args(argv)
    handler = COMMANDS[(args.group, args.name)]
    try:
        return handler(args)
    except KhlangError as exc:
        sys.stderr.write(f"khlang: error: {exc}\n")
        return exc.exit_code
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
