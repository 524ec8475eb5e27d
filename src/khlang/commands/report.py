"""`khlang report …`: the committee report (HTML and PDF) and the Director's summary."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from khlang.cli import command, emit


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang report build`"""
    g = groups.add_parser("report", help="reports to the committee and the Director").add_subparsers(
        dest="name", required=True)
    b = g.add_parser("build", help="build reports/committee/<period>/ (index.html, index.pdf, summary.json)")
    b.add_argument("--period", default=None,
                   help="a calendar quarter 2026Q4 (or 2569Q4) or a month 2026-11; default: today's quarter")
    b.add_argument("--as-of", default=None, help="report the state on this date within the period (default: "
                                                 "the period's end, or today while it runs)")
    b.add_argument("--out", type=Path, default=None, help="default: reports/committee/<period>")
    b.add_argument("--no-pdf", action="store_true", help="skip the PDF (when no Chromium is installed)")
    b.add_argument("--format", choices=["json", "table"], default="table")


@command("report", "build")
def report_build(args: argparse.Namespace) -> int:
    from khlang.dates import parse_date
    from khlang.governance.people import GovernanceError
    from khlang.governance.periods import parse_period
    from khlang.governance.service import build_report

    if args.period:
        parse_period(args.period)  # refuse a bad period before anything is opened
    try:
        as_of = parse_date(args.as_of) if args.as_of else None
    except ValueError as exc:
        raise GovernanceError(f"--as-of: {exc}") from None
    data = build_report(args.period, as_of, args.out, pdf=not args.no_pdf)

    def table(d: dict) -> str:
        s = d["summary"]
        lines = [f"committee report {d['period']}: {d['out']}"] + [f"  {f}" for f in d["files"]]
        lines.append(f"quality {s['quality_overall']}%, unresolved issues {s['open_issues']} "
                     f"(overdue {s['overdue']}, escalated to the Director {s['escalated_to_director']}), "
                     f"policy compliance {s['compliance']}%")
        return "\n".join(lines) + "\n"

    emit(data, args.format, table)
    sys.stdout.flush()
    return 0
