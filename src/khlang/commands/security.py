"""`khlang security …`: สงพท.-04 user registration — the quarterly account report, the annual review circular and
each office's reply."""

from __future__ import annotations

import argparse
from pathlib import Path

from khlang.cli import command, emit, render_table
from khlang.identity.cli import add_actor_options


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang security accounts|circular|reply|replies`"""
    grp = groups.add_parser("security", help="user accounts and their reviews (สงพท.-04)").add_subparsers(
        dest="name", required=True)
    acc = grp.add_parser("accounts", help="the quarterly report: accounts created, changed and removed")
    acc.add_argument("--quarter", required=True, help="a quarter, e.g. 2569Q4 or 2026Q4 (a year >= 2400 is B.E.)")
    acc.add_argument("--format", choices=["json", "table"], default="table")
    cir = grp.add_parser("circular", help="record the annual review circular (every office reviews its users by "
                                          "30 September and replies within 45 days)")
    cir.add_argument("--cycle", type=int, required=True, help="the year of the 30 September deadline, e.g. 2569")
    cir.add_argument("--issued-on", required=True, help="the circular's date (C.E. or B.E.)")
    cir.add_argument("--number", default=None, help="its document number, e.g. 'อคส. DTD/2569/88'")
    cir.add_argument("--format", choices=["json", "table"], default="table")
    add_actor_options(cir)
    rep = grp.add_parser("reply", help="record an office's reply to the circular (its head or a steward there)")
    rep.add_argument("unit", help="the office's unit code (organisation.yaml)")
    rep.add_argument("--cycle", type=int, required=True)
    rep.add_argument("--reviewed-on", required=True, help="when the office reviewed its users (C.E. or B.E.)")
    rep.add_argument("--note", default=None)
    rep.add_argument("--evidence", type=Path, default=None, help="a file kept as evidence (PDF, image, document)")
    rep.add_argument("--format", choices=["json", "table"], default="table")
    add_actor_options(rep)
    sta = grp.add_parser("replies", help="each office asked by the circular: replied, waiting or overdue")
    sta.add_argument("--cycle", type=int, required=True)
    sta.add_argument("--as-of", default=None, help="date (C.E. or B.E.; default today)")
    sta.add_argument("--format", choices=["json", "table"], default="table")


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


def _cycle(value: int) -> int:
    """A cycle year as C.E. (a year >= 2400 is B.E.)."""
    from khlang.dates import ce_year

    return ce_year(value)


def _day(flag: str, value: str | None):  # noqa: ANN202
    from khlang.dates import parse_date, today_bangkok
    from khlang.governance.people import GovernanceError

    if value is None:
        return today_bangkok()
    try:
        return parse_date(value)
    except ValueError as exc:
        raise GovernanceError(f"{flag}: {exc}") from None


def _acting(args: argparse.Namespace):  # noqa: ANN202
    from khlang.commands._common import load_declared_catalog, open_configured_store
    from khlang.identity import cli_actor

    catalog, store = load_declared_catalog(), open_configured_store()
    return catalog, store, cli_actor(args, catalog, store)


@command("security", "circular")
def security_circular(args: argparse.Namespace) -> int:
    from khlang.accounts.reviews import issue_circular
    from khlang.quality.security import load_access_register

    issued_on = _day("--issued-on", args.issued_on)
    catalog, store, actor = _acting(args)
    data = issue_circular(catalog, store, actor, load_access_register(catalog), cycle=_cycle(args.cycle),
                          issued_on=issued_on, document_number=args.number)
    emit(data, args.format, lambda d: (f"หนังสือเวียนทบทวนบัญชีผู้ใช้งาน {d['cycle_be']} (account review circular): "
                                       f"ลงวันที่ {d['issued_on_be']}, ทบทวนภายใน {d['deadline_be']}, "
                                       f"ตอบภายใน (reply by) {d['reply_by_be']}\n"
                                       f"หน่วยงาน (offices): {', '.join(d['units'])}\n"))
    return 0


@command("security", "reply")
def security_reply(args: argparse.Namespace) -> int:
    from khlang.accounts.reviews import record_reply
    from khlang.governance.people import GovernanceError

    reviewed_on = _day("--reviewed-on", args.reviewed_on)
    evidence = None
    if args.evidence is not None:
        try:
            evidence = (args.evidence.read_bytes(), args.evidence.name)
        except OSError as exc:
            raise GovernanceError(f"--evidence {args.evidence}: {exc.strerror or exc}") from None
    catalog, store, actor = _acting(args)
    data = record_reply(catalog, store, actor, cycle=_cycle(args.cycle), unit=args.unit, reviewed_on=reviewed_on,
                        note=args.note, evidence=evidence)
    emit(data, args.format, lambda d: (f"{d['unit']}: ทบทวนเมื่อ (reviewed on) {d['reviewed_on_be']} โดย (by) {d['by']}"
                                       f"{' — ' + d['note'] if d['note'] else ''}\n"))
    return 0


@command("security", "replies")
def security_replies(args: argparse.Namespace) -> int:
    from khlang.accounts.reviews import review_status
    from khlang.commands._common import load_declared_catalog, open_configured_store

    as_of = _day("--as-of", args.as_of)
    data = review_status(load_declared_catalog(), open_configured_store(), _cycle(args.cycle), as_of)
    states = {"replied": "ตอบแล้ว (replied)", "waiting": "รอตอบ (waiting)", "overdue": "เกินกำหนด (overdue)"}

    def table(d: dict) -> str:
        rows = [{"หน่วยงาน (unit)": f"{o['unit']} {o['unit_name']}", "สถานะ (state)": states[o["state"]],
                 "ทบทวนเมื่อ (reviewed on)": o.get("reviewed_on_be", "-"), "โดย (by)": o.get("by", "-")}
                for o in d["offices"]]
        return (f"รอบ (cycle) {d['cycle_be']}: ตอบภายใน (reply by) {d['reply_by_be']}; ณ (as of) {d['as_of_be']}\n"
                + render_table(rows, list(rows[0]) if rows else []))

    emit(data, args.format, table)
    return 0
