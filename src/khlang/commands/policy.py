"""`khlang policy …`: data policies, their compliance and the units' self-assessments."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from khlang.cli import command, emit, render_table
from khlang.commands.governance import evidence_of


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang policy list|check|approve|communicate|acknowledge|practice|assess|history`"""
    from khlang.commands.linkage import _actor_arguments

    g = groups.add_parser("policy", help="data policies and compliance (นโยบายข้อมูล)").add_subparsers(
        dest="name", required=True)
    lst = g.add_parser("list", help="the declared policies, their approval and their rules")
    lst.add_argument("--format", choices=["json", "table"], default="table")
    chk = g.add_parser("check", help="evaluate every rule and measure and keep the result")
    chk.add_argument("--run-key", default=None, help="idempotency key (Airflow passes its run id)")
    chk.add_argument("--as-of", default=None, help="evaluation date (C.E. or B.E.; default today)")
    chk.add_argument("--format", choices=["json", "table"], default="table")
    app = g.add_parser("approve", help="the Director approves a policy: in force from --on (step 4)")
    app.add_argument("policy")
    app.add_argument("--on", default=None, help="date of the approval (C.E. or B.E.; default today)")
    app.add_argument("--note", default=None, help="the memo or order of approval")
    app.add_argument("--evidence", default=None, help="id of an evidence file attached to this policy (in the console)")
    app.add_argument("--file", type=Path, default=None, help="the signed approval (kept as its evidence)")
    app.add_argument("--format", choices=["json", "table"], default="table")
    _actor_arguments(app)
    com = g.add_parser("communicate", help="the committee secretary records one communication of a policy (step 5)")
    com.add_argument("policy")
    com.add_argument("--channel", required=True, choices=["circular", "intranet", "email", "meeting"])
    com.add_argument("--audience", required=True, choices=["internal", "external"],
                     help="internal units or external parties")
    com.add_argument("--on", default=None, help="date of the communication (default today)")
    com.add_argument("--evidence", default=None, help="id of the evidence file (the circular, the e-mail, minutes)")
    com.add_argument("--file", type=Path, default=None,
                     help="the circular, the e-mail or the minutes (kept as evidence)")
    com.add_argument("--note", default=None)
    com.add_argument("--format", choices=["json", "table"], default="table")
    _actor_arguments(com)
    ack = g.add_parser("acknowledge", help="a unit's head (or a steward there) acknowledges a policy (step 5)")
    ack.add_argument("policy")
    ack.add_argument("--unit", required=True)
    ack.add_argument("--on", default=None, help="default today")
    ack.add_argument("--note", default=None)
    ack.add_argument("--format", choices=["json", "table"], default="table")
    _actor_arguments(ack)
    pra = g.add_parser("practice", help="the committee sets a practice (แนวปฏิบัติ) under a policy (step 6)")
    pra.add_argument("policy")
    pra.add_argument("--code", required=True)
    pra.add_argument("--what", required=True, help="what a unit must do (Thai)")
    pra.add_argument("--what-en", default=None)
    pra.add_argument("--due", required=True, help="by when")
    pra.add_argument("--shown-by", required=True, help="how compliance is shown")
    pra.add_argument("--unit", action="append", default=[], help="a unit it applies to (default: every unit)")
    pra.add_argument("--on", default=None, help="the day it is set (default today)")
    pra.add_argument("--format", choices=["json", "table"], default="table")
    _actor_arguments(pra)
    ass = g.add_parser("assess", help="record your unit's self-assessment of a rule (a member of the unit)")
    ass.add_argument("rule")
    ass.add_argument("--unit", required=True)
    ass.add_argument("--result", required=True, choices=["compliant", "partial", "non_compliant"])
    ass.add_argument("--evidence", required=True, help="what shows it (a document, a meeting, a system report)")
    ass.add_argument("--evidence-file", default=None, help="id of an evidence file attached to the policy or the unit")
    ass.add_argument("--on", default=None, help="assessment date (default today)")
    ass.add_argument("--format", choices=["json", "table"], default="table")
    _actor_arguments(ass)
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
    from khlang.commands._common import load_declared_catalog, open_configured_store
    from khlang.dates import today_bangkok
    from khlang.governance.policies import load_policies
    from khlang.governance.policy_decisions import with_decisions

    catalog = load_declared_catalog()
    today = today_bangkok()
    policies = with_decisions(load_policies(catalog), open_configured_store())
    data = [{"id": p.id, "title_th": p.entry.title_th, "title_en": p.entry.title_en, "owner_unit": p.entry.owner_unit,
             "approved_on": p.approved_on, "communicated_on": p.communicated_on,
             "approvals": [{"on": a.on, "by": a.by, "source": a.source, "note": a.note, "evidence_id": a.evidence_id}
                           for a in p.approvals],
             "communications": [{"on": c.on, "channel": c.channel, "audience": c.audience, "by": c.by,
                                 "source": c.source, "evidence_id": c.evidence_id} for c in p.communications],
             "review_due": p.review_due(), "in_force": p.in_force(today),
             "rules": [{"id": r.id, "title_th": r.title_th, "check": r.check, "severity": r.severity}
                       for r in p.rules]}
            for p in policies.policies]

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


@command("policy", "approve")
def policy_approve(args: argparse.Namespace) -> int:
    from khlang.governance.policy_decisions import approve_policy
    from khlang.governance.service import context
    from khlang.identity.cli import cli_actor

    catalog, policies, store = context()
    actor = cli_actor(args, catalog, store)
    data = approve_policy(catalog, store, policies, actor, args.policy, on=_date(args.on, "--on"), note=args.note,
                          evidence_id=args.evidence, evidence=evidence_of(args.file))
    emit(data, args.format, lambda d: f"{d['policy']}: approved on {d['approved_on']} by {d['by']} (recorded)\n")
    return 0


@command("policy", "communicate")
def policy_communicate(args: argparse.Namespace) -> int:
    from khlang.governance.policy_decisions import communicate_policy
    from khlang.governance.service import context
    from khlang.identity.cli import cli_actor

    catalog, policies, store = context()
    actor = cli_actor(args, catalog, store)
    data = communicate_policy(catalog, store, policies, actor, args.policy, channel=args.channel,
                              audience=args.audience, on=_date(args.on, "--on"), evidence_id=args.evidence,
                              note=args.note, evidence=evidence_of(args.file))
    emit(data, args.format, lambda d: f"{d['policy']}: communicated by {d['channel']} to {d['audience']} on "
                                      f"{d['communicated_on']} (recorded by {d['by']})\n")
    return 0


@command("policy", "acknowledge")
def policy_acknowledge(args: argparse.Namespace) -> int:
    from khlang.governance.service import context
    from khlang.governance.steps import acknowledge_policy
    from khlang.identity.cli import cli_actor

    catalog, policies, store = context()
    actor = cli_actor(args, catalog, store)
    data = acknowledge_policy(catalog, store, policies, actor, args.policy, unit=args.unit, on=_date(args.on, "--on"),
                              note=args.note)
    emit(data, args.format, lambda d: f"{d['policy']}: acknowledged for {d['unit']} on {d['acknowledged_on']} "
                                      f"by {d['by']}\n")
    return 0


@command("policy", "practice")
def policy_practice(args: argparse.Namespace) -> int:
    from khlang.governance.service import context
    from khlang.governance.steps import add_practice
    from khlang.identity.cli import cli_actor

    catalog, policies, store = context()
    actor = cli_actor(args, catalog, store)
    data = add_practice(catalog, store, policies, actor, args.policy, code=args.code, what_th=args.what,
                        what_en=args.what_en, shown_by=args.shown_by, due_on=_date(args.due, "--due"),
                        on=_date(args.on, "--on"), units=args.unit)
    emit(data, args.format, lambda d: f"{d['policy']}: practice {d['code']} due {d['due_on']} (set by {d['by']})\n")
    return 0


@command("policy", "assess")
def policy_assess(args: argparse.Namespace) -> int:
    from khlang.governance.compliance import assess
    from khlang.governance.service import context
    from khlang.identity.cli import cli_actor

    on = _date(args.on, "--on")
    catalog, policies, store = context()
    actor = cli_actor(args, catalog, store)
    data = assess(catalog, store, policies, actor, args.rule, unit=args.unit, result=args.result,
                  evidence=args.evidence, on=on, evidence_id=args.evidence_file)
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
