"""`khlang ea …`: the enterprise-architecture inventory of systems (สงพท.-10)."""

from __future__ import annotations

import argparse
from pathlib import Path

from khlang.cli import command, emit, render_table
from khlang.commands._common import load_declared_catalog as _catalog
from khlang.commands.linkage import date_arg


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang ea list|check`"""
    ea = groups.add_parser("ea", help="the EA systems inventory (สงพท.-10)").add_subparsers(dest="name", required=True)
    lst = ea.add_parser("list", help="systems with their datasets, technology, controls and As-Is/To-Be state")
    lst.add_argument("--state", choices=["as_is", "to_be", "retiring", "retired"], default=None)
    lst.add_argument("--format", choices=["json", "table"], default="table")
    chk = ea.add_parser("check", help="the EA inventory checks and the gap analysis's findings "
                                      "(unknown systems, secret data without controls, To-Be without a project, …)")
    chk.add_argument("--format", choices=["json", "table"], default="table")
    chk.add_argument("--as-of", type=date_arg, default=None, help="date to check on (C.E. or B.E.; default today)")
    chk.add_argument("--record", metavar="RUN_KEY", default=None,
                     help="also keep the findings and the gap analysis in the store under this run key")
    views = ea.add_parser("views", help="the five views (business, data, application, technology, security), "
                                        "As-Is and To-Be")
    views.add_argument("--view", choices=["business", "data", "application", "technology", "security"], default=None)
    views.add_argument("--as-of", type=date_arg, default=None)
    gaps = ea.add_parser("gaps", help="the gap analysis: each To-Be element, what it replaces, project, target date")
    gaps.add_argument("--format", choices=["json", "table"], default="table")
    gaps.add_argument("--as-of", type=date_arg, default=None)
    book = ea.add_parser("book", help="the EA book (HTML and PDF, Thai first): one chapter per view, the gap "
                                      "analysis and the roadmap")
    book.add_argument("--version", default=None, help="the EA version, e.g. EA2570 (default EA<B.E. year>)")
    book.add_argument("--out", type=Path, default=None, help="folder to write (default reports/ea/<version>)")
    book.add_argument("--as-of", type=date_arg, default=None)
    book.add_argument("--no-pdf", action="store_true", help="write the HTML only")


def _inventory():  # noqa: ANN202
    from khlang.declarations.systems import load_systems
    from khlang.ea.checks import Inventory

    catalog = _catalog()
    return Inventory(catalog, load_systems(catalog))


@command("ea", "list")
def ea_list(args: argparse.Namespace) -> int:
    from khlang.ea.inventory import system_entries

    rows = [e for e in system_entries(_inventory()) if args.state in (None, e["ea_state"])]

    def table(rs: list) -> str:
        shown = [{"code": r["code"], "name_th": r["name_th"], "state": r["ea_state"], "unit": r["owning_unit"],
                  "database": r["technology"]["database"], "hosting": r["technology"]["hosting"],
                  "datasets": ",".join(d["name"] for d in r["datasets"]),
                  "controls": len(r["security_controls"])} for r in rs]
        return render_table(shown, ["code", "name_th", "state", "unit", "database", "hosting", "datasets", "controls"])

    emit(rows, args.format, table)
    return 0


def _architecture(as_of):  # noqa: ANN001, ANN202
    from khlang.dates import today_bangkok
    from khlang.ea.gaps_tasks import architecture

    _catalog()  # declaration errors are reported as file:line before anything else
    return architecture(as_of or today_bangkok())


@command("ea", "check")
def ea_check(args: argparse.Namespace) -> int:
    from khlang.ea.gaps import ea_findings, gap_analysis

    arch = _architecture(args.as_of)
    findings = [f.to_dict() for f in ea_findings(arch)]
    if args.record:
        from khlang.commands._common import open_configured_store
        from khlang.dates import utcnow
        from khlang.ea.gaps_records import record_ea_check

        record_ea_check(open_configured_store(), args.record, arch.as_of, utcnow(), findings,
                        [g.to_dict() for g in gap_analysis(arch)])
    emit(findings, args.format, lambda rs: render_table(rs, ["severity", "subject", "finding", "detail"]))
    return 0


@command("ea", "views")
def ea_views(args: argparse.Namespace) -> int:
    from khlang.ea.views import VIEW_BUILDERS, five_views

    arch = _architecture(args.as_of)
    emit(VIEW_BUILDERS[args.view](arch) if args.view else five_views(arch), "json")
    return 0


@command("ea", "gaps")
def ea_gaps(args: argparse.Namespace) -> int:
    from khlang.ea.gaps import gap_analysis

    rows = [g.to_dict() for g in gap_analysis(_architecture(args.as_of))]
    emit(rows, args.format, lambda rs: render_table(rs, ["view", "code", "name_th", "replaces", "project",
                                                         "target_date", "status"]))
    return 0


@command("ea", "book")
def ea_book(args: argparse.Namespace) -> int:
    from khlang.config import settings
    from khlang.ea.book import build_book, default_version

    arch = _architecture(args.as_of)
    version = args.version or default_version(arch.as_of)
    out = args.out or settings().reports_dir / "ea" / version
    for path in build_book(arch, out, version, pdf=not args.no_pdf):
        print(path)
    return 0
