"""`khlang security …`: สงพท.-04 user registration — the quarterly account report, the annual review circular and
each office's reply."""

from __future__ import annotations

import argparse

from khlang.cli import command, emit, render_table


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang security accounts`"""
    grp = groups.add_parser("security", help="user accounts and their reviews (สงพท.-04)").add_subparsers(
        dest="name", required=True)
    acc = grp.add_parser("accounts", help="the quarterly report: accounts created, changed and removed")
    acc.add_argument("--quarter", required=True, help="a quarter, e.g. 2569Q4 or 2026Q4 (a year >= 2400 is B.E.)")
    acc.add_argument("--format", choices=["json", "table"], default="table")


def _both(headings: dict, key: str) -> str:
    return f"{headings[key]['th']} ({headings[key]['en']})"


@command("security", "accounts")
def security_accounts(args: argparse.Namespace) -> int:
    from khlang.accounts.quarterly import account_report
    from khlang.commands._common import load_declared_catalog
    from khlang.governance.periods import parse_period
    from khlang.quality.security import load_access_register

    period = parse_period(args.quarter)
    if period.kind != "quarter":
        from khlang.governance.people import GovernanceError

        raise GovernanceError(f"--quarter {args.quarter!r}: a quarter like 2569Q4, not a month")
    catalog = load_declared_catalog()
    data = account_report(catalog, load_access_register(catalog), period)

    def table(d: dict) -> str:
        h = d["headings"]
        head = (f"{_both(h, 'title')}\n{d['period']['label_th']} · {d['period']['label_en']} "
                f"({d['period']['start_be']} – {d['period']['end_be']})\n\n")
        cols = [_both(h, k) for k in ("unit", "created", "changed", "removed", "in_force")]
        rows = [dict(zip(cols, (f"{u['unit']} {u['unit_name']}", u["created"], u["changed"], u["removed"],
                                u["in_force"]))) for u in d["units"]]
        rows.append(dict(zip(cols, ("รวม (total)", *(d["totals"][k] for k in ("created", "changed", "removed",
                                                                              "in_force"))))))
        ecols = [_both(h, k) for k in ("on", "changed", "dataset", "grantee", "access", "reference")]
        ecols[1] = "รายการ (event)"
        erows = [dict(zip(ecols, (e["on_be"], f"{h[e['event']]['th']} ({e['event']})", e["dataset"],
                                  f"{e['grantee']} {e['grantee_name']}", e["access"], e["reference"] or "-")))
                 for e in d["entries"]]
        return head + render_table(rows, cols) + "\n" + render_table(erows, ecols)

    emit(data, args.format, table)
    return 0
