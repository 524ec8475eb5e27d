"""`khlang issues …`: governance issues (ประเด็นปัญหา), their root causes and their closure."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from khlang.cli import command, emit, render_table
from khlang.identity.cli import add_actor_options

CATEGORIES = ["non_conformance", "low_data_quality", "cost_ineffective"]
STATUSES = ["open", "rca_in_progress", "action_planned", "resolved", "closed"]
SEVERITIES = ["low", "medium", "high", "critical"]
CAUSES = ["people", "process", "technology", "data_source", "policy", "external"]


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang issues sync|list|show|open|ack|rca|action-done|resolve|close`"""
    g = groups.add_parser("issues", help="governance issues, root causes and corrective actions").add_subparsers(
        dest="name", required=True)

    def fmt(p: argparse.ArgumentParser) -> None:
        p.add_argument("--format", choices=["json", "table"], default="table")

    sync = g.add_parser("sync", help="open/resolve issues from checks, catalogue gaps and policy rules; escalate")
    sync.add_argument("--run-key", default=None, help="idempotency key (Airflow passes its run id)")
    sync.add_argument("--as-of", default=None, help="evaluation date (C.E. or B.E.; default today, Bangkok)")
    add_actor_options(sync)
    fmt(sync)
    lst = g.add_parser("list", help="issues, highest priority first")
    lst.add_argument("--status", choices=STATUSES, default=None)
    lst.add_argument("--dataset", default=None)
    lst.add_argument("--category", choices=CATEGORIES, default=None)
    lst.add_argument("--unit", default=None)
    lst.add_argument("--overdue", action="store_true", help="only issues with something overdue")
    lst.add_argument("--as-of", default=None)
    fmt(lst)
    show = g.add_parser("show", help="one issue with its history, root causes and actions")
    show.add_argument("id", type=int)
    show.add_argument("--as-of", default=None)
    fmt(show)
    op = g.add_parser("open", help="raise an issue by hand")
    op.add_argument("--category", required=True, choices=CATEGORIES)
    op.add_argument("--title", required=True)
    op.add_argument("--severity", required=True, choices=SEVERITIES)
    op.add_argument("--dataset", default=None)
    op.add_argument("--unit", default=None)
    op.add_argument("--detail", default="")
    op.add_argument("--on", default=None, help="date (C.E. or B.E.; default today)")
    add_actor_options(op)
    fmt(op)
    ack = g.add_parser("ack", help="take an open issue up (step 10: within 15 days)")
    ack.add_argument("id", type=int)
    ack.add_argument("--on", default=None)
    ack.add_argument("--note", default="")
    add_actor_options(ack)
    fmt(ack)
    rca = g.add_parser("rca", help="record the root-cause analysis (step 11) and its actions")
    rca.add_argument("id", type=int)
    rca.add_argument("--file", type=Path, default=None, help="an RCA YAML file (instead of the flags below)")
    rca.add_argument("--cause-category", choices=CAUSES, default=None)
    rca.add_argument("--why", action="append", default=[], help="one link of the 5-whys chain (repeat)")
    rca.add_argument("--root-cause", default=None, help="the root cause (default: the last why)")
    rca.add_argument("--action", action="append", default=[], help="corrective action 'what|owner|due' (repeat)")
    rca.add_argument("--preventive", action="append", default=[], help="preventive action 'what|owner|due' (repeat)")
    rca.add_argument("--on", default=None, help="analysis date (default today)")
    add_actor_options(rca)
    fmt(rca)
    done = g.add_parser("action-done", help="record that an action was carried out")
    done.add_argument("id", type=int)
    done.add_argument("action", type=int)
    done.add_argument("--on", default=None)
    done.add_argument("--note", default="")
    add_actor_options(done)
    fmt(done)
    res = g.add_parser("resolve", help="resolve an issue raised by hand")
    res.add_argument("id", type=int)
    res.add_argument("--note", required=True)
    res.add_argument("--on", default=None)
    add_actor_options(res)
    fmt(res)
    cl = g.add_parser("close", help="close a resolved issue after verifying the actions were effective")
    cl.add_argument("id", type=int)
    cl.add_argument("--note", required=True, help="how effectiveness was verified (by you: not whoever fixed it)")
    cl.add_argument("--on", default=None)
    add_actor_options(cl)
    fmt(cl)


def _date(text: str | None, flag: str) -> dt.date:
    from khlang.dates import parse_date, today_bangkok
    from khlang.governance.people import GovernanceError

    if not text:
        return today_bangkok()
    try:
        return parse_date(text)
    except ValueError as exc:
        raise GovernanceError(f"{flag}: {exc}") from None


def _context():  # noqa: ANN202
    from khlang.governance.service import context

    return context()


def _acting(args: argparse.Namespace):  # noqa: ANN202
    """The catalogue, the store and who is acting (from the token): a write without credentials stops here."""
    from khlang.identity import cli_actor

    catalog, _policies, store = _context()
    return catalog, store, cli_actor(args, catalog, store)


ROW_FIELDS = ["id", "status", "severity", "category", "dataset", "title", "assignees", "rca_due", "overdue"]


def _row(d: dict) -> dict:
    return {**d, "assignees": ",".join(d["assignees"]), "overdue": max((o["days"] for o in d["overdue"]), default="")}


@command("issues", "sync")
def issues_sync(args: argparse.Namespace) -> int:
    from khlang.governance.service import sync

    as_of = _date(args.as_of, "--as-of")
    _catalog, _store, actor = _acting(args)
    data = sync(args.run_key, as_of, actor)

    def table(d: dict) -> str:
        return (f"issues sync {d['run_key']} as of {d['as_of']}: {d['observed']} observations, {d['failing']} failing\n"
                f"opened {len(d['opened'])}, reopened {len(d['reopened'])}, resolved {len(d['resolved'])}, "
                f"updated {len(d['updated'])}, escalated {len(d['escalated'])}\n")

    emit(data, args.format, table)
    return 0


@command("issues", "list")
def issues_list(args: argparse.Namespace) -> int:
    from khlang.governance.views import issue_views

    as_of = _date(args.as_of, "--as-of")
    _catalog, _policies, store = _context()
    rows = [v.to_dict(as_of) for v in issue_views(store, args.status, args.dataset, args.category, args.unit)]
    if args.overdue:
        rows = [r for r in rows if r["overdue"]]
    emit(rows, args.format, lambda rs: render_table([_row(r) for r in rs], ROW_FIELDS))
    return 0


@command("issues", "show")
def issues_show(args: argparse.Namespace) -> int:
    from khlang.governance.findings import explain
    from khlang.governance.people import NotFound
    from khlang.governance.views import issue_detail

    as_of = _date(args.as_of, "--as-of")
    _catalog, _policies, store = _context()
    data = issue_detail(store, args.id, as_of)
    if data is None:
        raise NotFound(f"no issue #{args.id} (see `khlang issues list`)")

    def table(d: dict) -> str:
        out = [f"#{d['id']} [{d['status']}] {d['severity']} {d['category']}: {d['title']}", d["detail"],
               f"dataset {d['dataset'] or '—'}, unit {d['unit'] or '—'}, "
               f"assigned to {', '.join(d['assignees']) or '—'}",
               f"opened {d['opened_on']} (occurrence {d['cycle']} since {d['cycle_opened_on']}); "
               f"take up by {d['collect_due']}, root cause by {d['rca_due']}"]
        findings = explain((d.get("evidence") or {}).get("findings", []))
        if findings:
            out.append(f"\nfindings · สิ่งที่ตรวจพบ ({len(findings)}):")
            for f in findings:
                state = "still found · ยังพบอยู่" if f["failing"] else "no longer found · ไม่พบแล้ว"
                out.append(f"  - [{state}] {f['title']}: {f['detail']}")
                if f["sentence"]:
                    out.append(f"    {f['sentence'].th} · {f['sentence'].en}")
        if d["root_cause"]:
            rc = d["root_cause"]
            out.append(f"root cause ({rc['cause_category']}): {rc['root_cause']}")
            out += [f"  why {i}: {w}" for i, w in enumerate(rc["whys"], 1)]
        for a in d["actions"]:
            out.append(f"action {a['id']} {a['kind']}: {a['description']} — {a['owner']} by {a['due_on']}"
                       + (f", done {a['done_on']}" if a["done_on"] else ""))
        out.append("\nhistory:")
        out.append(render_table(d["events"], ["on", "type", "from_status", "to_status", "actor", "note"]))
        return "\n".join(out)

    emit(data, args.format, table)
    return 0


@command("issues", "open")
def issues_open(args: argparse.Namespace) -> int:
    from khlang.governance.lifecycle import open_by_hand

    on = _date(args.on, "--on")
    catalog, store, actor = _acting(args)
    issue_id = open_by_hand(catalog, store, actor=actor, category=args.category, title=args.title,
                            severity=args.severity, on=on, dataset=args.dataset, unit=args.unit, detail=args.detail)
    emit({"id": issue_id, "status": "open"}, args.format, lambda d: f"issue #{d['id']} opened\n")
    return 0


@command("issues", "ack")
def issues_ack(args: argparse.Namespace) -> int:
    from khlang.governance.lifecycle import acknowledge

    on = _date(args.on, "--on")
    catalog, store, actor = _acting(args)
    acknowledge(catalog, store, args.id, actor=actor, on=on, note=args.note)
    emit({"id": args.id, "status": "rca_in_progress"}, args.format, lambda d: f"issue #{d['id']} taken up\n")
    return 0


@command("issues", "rca")
def issues_rca(args: argparse.Namespace) -> int:
    from khlang.governance.people import GovernanceError
    from khlang.governance.rca import from_flags, load_rca_file, record_rca

    on = _date(args.on, "--on")
    flags = args.cause_category or args.why or args.action or args.preventive or args.root_cause
    if args.file and flags:
        raise GovernanceError("give either --file or the --cause-category/--why/--action flags, not both")
    catalog, store, actor = _acting(args)
    if args.file:
        rca = load_rca_file(args.file, catalog)
    else:
        rca = from_flags(cause_category=args.cause_category, whys=args.why, root_cause=args.root_cause,
                         on=on if args.on else None, actions=args.action, preventive=args.preventive)
    data = record_rca(catalog, store, args.id, rca, on, actor=actor)
    emit(data, args.format, lambda d: f"issue #{d['issue']}: {d['event']} ({d['status']}), "
                                      f"{len(d['actions'])} action(s) added\n")
    return 0


@command("issues", "action-done")
def issues_action_done(args: argparse.Namespace) -> int:
    from khlang.governance.lifecycle import action_done

    on = _date(args.on, "--on")
    catalog, store, actor = _acting(args)
    action_done(catalog, store, args.id, args.action, actor=actor, on=on, note=args.note)
    emit({"id": args.id, "action": args.action, "done_on": on.isoformat()}, args.format,
         lambda d: f"issue #{d['id']}: action {d['action']} done on {d['done_on']}\n")
    return 0


@command("issues", "resolve")
def issues_resolve(args: argparse.Namespace) -> int:
    from khlang.governance.lifecycle import resolve_by_hand

    on = _date(args.on, "--on")
    catalog, store, actor = _acting(args)
    resolve_by_hand(catalog, store, args.id, actor=actor, on=on, note=args.note)
    emit({"id": args.id, "status": "resolved"}, args.format, lambda d: f"issue #{d['id']} resolved\n")
    return 0


@command("issues", "close")
def issues_close(args: argparse.Namespace) -> int:
    from khlang.governance.lifecycle import close

    on = _date(args.on, "--on")
    catalog, store, actor = _acting(args)
    close(catalog, store, args.id, actor=actor, on=on, note=args.note)
    emit({"id": args.id, "status": "closed"}, args.format, lambda d: f"issue #{d['id']} closed\n")
    return 0
