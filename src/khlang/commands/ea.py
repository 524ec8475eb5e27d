"""`khlang ea …`: the enterprise-architecture inventory of systems (สงพท.-10)."""

from __future__ import annotations

import argparse

from khlang.cli import command, emit, render_table
from khlang.commands._common import load_declared_catalog as _catalog


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang ea list|check`"""
    ea = groups.add_parser("ea", help="the EA systems inventory (สงพท.-10)").add_subparsers(dest="name", required=True)
    lst = ea.add_parser("list", help="systems with their datasets, technology, controls and As-Is/To-Be state")
    lst.add_argument("--state", choices=["as_is", "to_be", "retiring", "retired"], default=None)
    lst.add_argument("--format", choices=["json", "table"], default="table")
    chk = ea.add_parser("check", help="unknown systems, secret data without controls, To-Be without a project")
    chk.add_argument("--format", choices=["json", "table"], default="table")


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


@command("ea", "check")
def ea_check(args: argparse.Namespace) -> int:
    from khlang.ea.checks import check_inventory

    findings = [f.to_dict() for f in check_inventory(_inventory())]
    emit(findings, args.format, lambda rs: render_table(rs, ["severity", "subject", "finding", "detail"]))
    return 0
