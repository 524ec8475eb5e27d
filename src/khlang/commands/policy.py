"""`khlang policy …`: data policies, their compliance and the units' self-assessments."""

from __future__ import annotations

import argparse
import datetime as dt

from khlang.cli import command, emit, render_table


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang policy list|check|assess|history`"""
    g = groups.add_parser("policy", help="data policies and compliance (นโยบายข้อมูล)").add_subparsers(
        dest="name", required=True)
    lst = g.add_parser("list", help="the declared policies, their approval and their rules")
    lst.add_argument("--format", choices=["json", "table"], default="table")
    chk = g.add_parser("check", help="evaluate every rule and measure and keep the result")
    chk.add_argument("--run-key", default=None, help="idempotency key (Airflow passes its run id)")
    chk.add_argument("--as-of", default=None, help="evaluation date (C.E. or B.E.; default today)")
    chk.add_argument("--format", choices=["json", "table"], default="table")
    ass = g.add_parser("assess", help="record a unit's self-assessment of a rule")
    ass.add_argument("rule")
    ass.add_argument("--unit", required=True)
    ass.add_argument("--result", required=True, choices=["compliant", "partial", "non_compliant"])
    ass.add_argument("--evidence", required=True)
    ass.add_argument("--by", required=True, help="who assessed (person id or name)")
    ass.add_argument("--on", default=None, help="assessment date (default today)")
    ass.add_argument("--format", choices=["json", "table"], default="table")
    his = g.add_parser("history", help="compliance and measures of every stored evaluation")
    his.add_argument("--format", choices=["json", "table"], default="table")


def _date(text: str | None, flag: str) -> dt.date:
    from khlang.dates import parse_date, today_bangkok
    from khlang.governance.people import GovernanceError

    if not text:
        return today_bangkok()
    try:
        return parse_date(text)
    except ValueError as exc:
        raise GovernanceError(f"{flag}: {exc}") from None


@command("policy", "list")
def policy_list(args: argparse.Namespace) -> int:
    from khlang.commands._common import load_declared_catalog
    from khlang.dates import today_bangkok
    from khlang.governance.policies import load_policies

    catalog = load_declared_catalog()
    today = today_bangkok()
    data = [{"id": p.id, "title_th": p.entry.title_th, "title_en": p.entry.title_en, "owner_unit": p.entry.owner_unit,
             "approved_on": p.entry.approved_on, "communicated_on": p.entry.communicated_on,
             "review_due": p.review_due(), "in_force": p.in_force(today),
             "rules": [{"id": r.id, "title_th": r.title_th, "check": r.check, "severity": r.severity}
                       for r in p.rules]}
            for p in load_policies(catalog).policies]

    def table(rows: list) -> str:
        flat = [{"policy": p["id"], "rule": r["id"], "check": r["check"], "severity": r["severity"],
                 "approved_on": p["approved_on"], "in_force": p["in_force"], "title_th": r["title_th"]}
                for p in rows for r in p["rules"]]
        return render_table(flat, ["policy", "rule", "check", "severity", "approved_on", "in_force", "title_th"])

    emit(data, args.format, table)
    return 0


@command("policy", "check")
def policy_check(args: argparse.Namespace) -> int:
    from khlang.governance.service import check_policies

    data = check_policies(args.run_key, _date(args.as_of, "--as-of"))

    def table(d: dict) -> str:
        out = [f"compliance as of {d['as_of']}: {d['overall']['score']}% "
               f"({d['overall']['compliant']} compliant, {d['overall']['partial']} partial, "
               f"{d['overall']['non_compliant']} non-compliant, {d['overall']['not_assessed']} not assessed)\n"]
        out.append(render_table([{"policy": k, **v} for k, v in d["policies"].items()],
                                ["policy", "score", "compliant", "partial", "non_compliant", "not_assessed"]))
        out.append("\n" + render_table([{"unit": k, **v} for k, v in d["units"].items()],
                                       ["unit", "score", "compliant", "partial", "non_compliant", "not_assessed"]))
        out.append("\n" + render_table(d["measures"], ["id", "kind", "value", "target", "met"]))
        return "".join(out)

    emit(data, args.format, table)
    return 0


@command("policy", "assess")
def policy_assess(args: argparse.Namespace) -> int:
    from khlang.governance.compliance import assess
    from khlang.governance.service import context

    on = _date(args.on, "--on")
    catalog, policies, store = context()
    data = assess(catalog, store, policies, args.rule, unit=args.unit, result=args.result, evidence=args.evidence,
                  by=args.by, on=on)
    emit(data, args.format, lambda d: f"{d['rule']} / {d['unit']}: {d['result']} (assessed {d['assessed_on']} "
                                      f"by {d['assessed_by']})\n")
    return 0


@command("policy", "history")
def policy_history(args: argparse.Namespace) -> int:
    from khlang.governance.compliance import overall, runs
    from khlang.governance.service import context

    _catalog, _policies, store = context()
    data = [{"run_key": r["run_key"], "as_of": r["as_of"].isoformat(), "overall": overall(r["outcomes"])["score"],
             "measures": {k: v["value"] for k, v in r["measures"].items()}} for r in runs(store)]
    emit(data, args.format, lambda rows: render_table(rows, ["as_of", "run_key", "overall"]))
    return 0
