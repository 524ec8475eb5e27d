"""`khlang linkage …`: the register of data linkages with external agencies (สงพท.-08)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from khlang.cli import command, emit, render_table
from khlang.commands._common import load_declared_catalog as _catalog
from khlang.commands._common import open_configured_store as _store
from khlang.config import settings
from khlang.linkage.workflow import STATUSES


def date_arg(text: str):  # noqa: ANN201
    """argparse type: an ISO or Thai date, C.E. or B.E."""
    from khlang.dates import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _actor_arguments(parser: argparse.ArgumentParser) -> None:
    """The signed-in actor comes from the token; an administrator may record for someone with a reason."""
    from khlang.identity.cli import add_actor_options

    add_actor_options(parser)


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang linkage validate|check|list|show|import|analysis|transition|report`"""
    lk = groups.add_parser("linkage", help="the register of data linkages with external agencies (สงพท.-08)")
    sub = lk.add_subparsers(dest="name", required=True)
    val = sub.add_parser("validate", help="check linkages.yaml: schema, workflow, evidence, datasets")
    val.add_argument("file", nargs="?", type=Path, default=None, help="default: catalog/linkages.yaml")
    val.add_argument("--format", choices=["json", "table"], default="table")
    chk = sub.add_parser("check",
                         help="expiring agreements, unapproved flows, legal basis, overdue steps, stale exchanges")
    chk.add_argument("--as-of", type=date_arg, default=None, help="date to check on (C.E. or B.E.; default today)")
    chk.add_argument("--file", type=Path, default=None, help="default: catalog/linkages.yaml")
    chk.add_argument("--run-key", default=None, help="keep the findings in the store under this key (the DAG's run id)")
    chk.add_argument("--format", choices=["json", "table"], default="table")
    lst = sub.add_parser("list", help="every linkage with its current status")
    lst.add_argument("--format", choices=["json", "table"], default="table")
    show = sub.add_parser("show", help="one linkage: status, analyses, history with who made each step, findings")
    show.add_argument("id")
    show.add_argument("--format", choices=["json", "table"], default="table")
    imp = sub.add_parser("import", help="record linkages.yaml's steps and analyses in the store (once per linkage)")
    imp.add_argument("--file", type=Path, default=None, help="default: catalog/linkages.yaml")
    imp.add_argument("--format", choices=["json", "table"], default="table")
    _actor_arguments(imp)
    an = sub.add_parser("analysis", help="record the technical (DT staff) or legal analysis of a linkage")
    an.add_argument("id")
    an.add_argument("kind", choices=["technical", "legal"])
    an.add_argument("--reference", required=True, help="the memo or document number (เลขที่หนังสือ)")
    an.add_argument("--on", type=date_arg, required=True, help="when the analysis was completed (C.E. or B.E.)")
    an.add_argument("--summary", default=None, help="what it concluded")
    an.add_argument("--evidence", default=None, help="id of an evidence file attached to this linkage (in the console)")
    an.add_argument("--format", choices=["json", "table"], default="table")
    _actor_arguments(an)
    tr = sub.add_parser("transition", help="move a linkage to its next step (the Director decides; kept in the store)")
    tr.add_argument("id")
    tr.add_argument("status", choices=STATUSES)
    tr.add_argument("--note", required=True, help="why (the memo, the decision, the reason)")
    tr.add_argument("--on", type=date_arg, default=None, help="date of the step (default today, Asia/Bangkok)")
    tr.add_argument("--format", choices=["json", "table"], default="table")
    _actor_arguments(tr)
    rep = sub.add_parser("report", help="the register report (HTML), by agency and status")
    rep.add_argument("--out", type=Path, default=None, help="default: reports/linkage")
    rep.add_argument("--as-of", type=date_arg, default=None)
    rep.add_argument("--no-pdf", action="store_true", help="skip the memo PDF (when no Chromium is installed)")


@command("linkage", "validate")
def linkage_validate(args: argparse.Namespace) -> int:
    from khlang.linkage.register import load_register

    register = load_register(_catalog(), args.file)
    data = {"ok": True, "file": str(register.path), "linkages": len(register.entries),
            "legal_bases": sorted(register.bases)}
    emit(data, args.format, lambda d: f"linkage register OK: {d['linkages']} linkages ({d['file']})\n")
    return 0


@command("linkage", "check")
def linkage_check(args: argparse.Namespace) -> int:
    from khlang.linkage.register import load_register
    from khlang.linkage.runs import check_register, record_check

    catalog = _catalog()
    load_register(catalog, args.file)  # a bad register stops here, before the store is opened
    store = _store()
    result = check_register(catalog, store, args.as_of, args.file)
    if args.run_key:
        record_check(store, result, args.run_key)

    def table(rows: list) -> str:
        head = f"{len(result.register.entries)} linkages as of {result.as_of.isoformat()}: {len(rows)} findings\n"
        return head + render_table(rows, ["severity", "id", "finding", "detail"])

    emit(result.findings_json(), args.format, table)
    return 0


@command("linkage", "list")
def linkage_list(args: argparse.Namespace) -> int:
    from khlang.linkage.register import load_register
    from khlang.linkage.state import current_states

    catalog = _catalog()
    register = load_register(catalog)
    states = current_states(register, _store())
    rows = [{"id": lid, "agency": s.entry.agency, "datasets": list(s.entry.datasets), "direction": s.entry.direction,
             "status": s.status, "since": s.since.isoformat(), "declared_status": s.declared_status}
            for lid, s in sorted(states.items())]

    def table(rs: list) -> str:
        return render_table([dict(r, datasets=",".join(r["datasets"])) for r in rs],
                            ["id", "agency", "datasets", "direction", "status", "since"])

    emit(rows, args.format, table)
    return 0


@command("linkage", "show")
def linkage_show(args: argparse.Namespace) -> int:
    from khlang.linkage.service import linkage_view

    data = linkage_view(_catalog(), _store(), args.id).to_dict()

    def table(d: dict) -> str:
        head = f"{d['id']} · {d['agency']} · {d['status']} since {d['since']}\n"
        analyses = [dict(a, kind=k) for k, a in d["analyses"].items() if a]
        steps = render_table(d["history"], ["date", "status", "by", "recorded_by", "channel", "note"])
        return (head + "\nanalyses:\n" + render_table(analyses, ["kind", "reference", "completed_on", "by",
                                                                "evidence_id"])
                + "\nhistory:\n" + steps + "\nfindings:\n"
                + render_table(d["findings"], ["severity", "finding", "detail"]))

    emit(data, args.format, table)
    return 0


@command("linkage", "import")
def linkage_import(args: argparse.Namespace) -> int:
    from khlang.identity.cli import cli_actor
    from khlang.linkage.register import load_register
    from khlang.linkage.service import import_register

    catalog = _catalog()
    register = load_register(catalog, args.file)
    store = _store()
    result = import_register(catalog, register, store, cli_actor(args, catalog, store))
    emit(result.to_dict(), args.format,
         lambda d: f"imported {len(d['imported'])} linkage(s) into the store; "
                   f"{len(d['already_in_store'])} already there\n")
    return 0


@command("linkage", "analysis")
def linkage_analysis(args: argparse.Namespace) -> int:
    from khlang.identity.cli import cli_actor
    from khlang.linkage.register import load_register
    from khlang.linkage.service import record_analysis

    catalog = _catalog()
    store = _store()
    actor = cli_actor(args, catalog, store)
    a = record_analysis(catalog, load_register(catalog), store, actor, args.id, args.kind,
                        reference=args.reference, completed_on=args.on, summary=args.summary,
                        evidence_id=args.evidence)
    data = dict(a.to_dict(), id=args.id)
    emit(data, args.format, lambda d: f"{d['id']}: {d['kind']} analysis {d['reference']} of {d['completed_on']} "
                                      f"by {d['by']} (recorded)\n")
    return 0


@command("linkage", "transition")
def linkage_transition(args: argparse.Namespace) -> int:
    from khlang.identity.cli import cli_actor
    from khlang.linkage.register import load_register
    from khlang.linkage.service import record_transition

    catalog = _catalog()
    store = _store()
    actor = cli_actor(args, catalog, store)
    step = record_transition(catalog, load_register(catalog), store, actor, args.id, args.status, args.note, args.on)
    data = dict(step.to_dict(), id=args.id)
    emit(data, args.format, lambda d: f"{d['id']}: {d['status']} on {d['date']} by {d['by']} (recorded)\n")
    return 0


@command("linkage", "report")
def linkage_report(args: argparse.Namespace) -> int:
    from khlang.dates import utcnow
    from khlang.linkage.register import load_register
    from khlang.linkage.report import build_register_report, report_model
    from khlang.linkage.runs import check_register

    catalog = _catalog()
    load_register(catalog)
    store = _store()
    result = check_register(catalog, store, args.as_of)
    out = args.out or settings().reports_dir / "linkage"
    if args.no_pdf:
        build_register_report(report_model(result, catalog, utcnow()), out)
    else:
        build_register_report(report_model(result, catalog, utcnow()), out, catalog, store)
    sys.stdout.write(f"linkage register report: {out / 'index.html'}\n")
    return 0
