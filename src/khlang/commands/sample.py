"""`khlang sample …`: the bundled sample data."""

from __future__ import annotations

import argparse
from pathlib import Path

from khlang.cli import command, emit
from khlang.config import settings


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang sample generate`"""
    sample = groups.add_parser("sample", help="bundled sample data").add_subparsers(dest="name", required=True)
    gen = sample.add_parser("generate", help="generate the sample อคส. data with planted defects")
    gen.add_argument("--rows", type=int, default=1_000_000, help="stock movements (default 1,000,000)")
    gen.add_argument("--out", type=Path, default=None, help="folder (default: KHLANG_DATA_DIR or var/sample)")
    gen.add_argument("--seed", type=int, default=2569)
    gen.add_argument("--format", choices=["json", "table"], default="table")
    dec = sample.add_parser("decisions", help="record the demo's console decisions, each by the person it belongs to")
    dec.add_argument("--format", choices=["json", "table"], default="table")


@command("sample", "generate")
def sample_generate(args: argparse.Namespace) -> int:
    from khlang.sample import generate

    out = args.out or settings().data_dir
    truth = generate(out, rows=args.rows, seed=args.seed)
    summary = {"out": str(out), "rows": args.rows, "defects": len(truth["defects"]),
               "files": {k: v.get("rows") for k, v in truth["files"].items()}}
    emit(summary, args.format, lambda s: f"sample written to {s['out']}: {s['rows']:,} movements, "
                                         f"{s['defects']} planted defects (ground_truth.json)\n")
    return 0




@command("sample", "decisions")
def sample_decisions(args: argparse.Namespace) -> int:
    from khlang.commands._common import load_declared_catalog, open_configured_store
    from khlang.sample.seeds import record_all

    done = record_all(load_declared_catalog(), open_configured_store())
    emit(done, args.format, lambda d: "".join(f"{name}: {', '.join(f'{k} {v}' for k, v in r.items()) or 'nothing'}\n"
                                          for name, r in d.items()) or "no decisions to record\n")
    return 0
