"""`khlang ea …`: the enterprise-architecture inventory of systems and the EA review process (สงพท.-10).

The process commands write as the signed-in person (`khlang login`), through the same permission-checked library
functions as the console (khlang.ea.process, .value, .perception); dates are C.E. or B.E.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

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
    _process_parsers(ea)


def _process_parsers(ea: argparse._SubParsersAction) -> None:
    """The EA review's subcommands: one per record of khlang.ea.process (each writes as the signed-in person)."""
    from khlang.identity.cli import add_actor_options

    def sub(name: str, help_: str, *, version: bool = True, writes: bool = True) -> argparse.ArgumentParser:
        p = ea.add_parser(name, help=help_)
        if version:
            p.add_argument("version", help="the EA version's code, e.g. EA2570")
        if writes:
            p.add_argument("--on", default=None, help="date of the record (C.E. or B.E.; default today)")
            add_actor_options(p)
        p.add_argument("--format", choices=["json", "table"], default="table")
        return p

    sub("versions", "every EA version with its status", version=False, writes=False)
    show = sub("show", "one version: working group, plan, snapshot, returns, endorsement, steps", writes=False)
    show.add_argument("--as-of", default=None, help="the steps' state on this date (default today)")
    op = sub("open", "open a review (a new version) — สงพท.")
    op.add_argument("--title-th", required=True)
    op.add_argument("--title-en", default=None)
    op.add_argument("--previous", default=None, help="the version this one follows")
    wg = sub("working-group", "step 1: the working group's appointment order and members — สงพท.")
    wg.add_argument("--order-no", required=True)
    wg.add_argument("--order-date", required=True)
    wg.add_argument("--signed-by", required=True, help="person id of the signer (the Director)")
    wg.add_argument("--member", action="append", required=True, metavar="PID[:ROLE]",
                    help="a member and their role (chair, secretary, member); repeat")
    wg.add_argument("--order-file", type=Path, default=None, help="the signed order (PDF or image) kept as evidence")
    pl = sub("plan", "step 2: the plan of activities, from a YAML or JSON list of {activity, start, end, step} — สงพท.")
    pl.add_argument("file", type=Path)
    sub("snapshot", "step 3: gather the current state (inventory, catalogue, lineage) as a dated snapshot — สงพท.")
    ts = sub("tech-survey", "step 3: one office's staff technology-use survey — สงพท.")
    ts.add_argument("--unit", required=True)
    ts.add_argument("--respondents", type=int, required=True)
    ts.add_argument("--system", action="append", default=[], help="a system the staff use; repeat")
    ts.add_argument("--comment", action="append", default=[], help="a comment of the staff; repeat")
    su = sub("submit", "step 4: submit the draft (or its revision) to the Director — สงพท.")
    su.add_argument("--note", default=None)
    en = sub("endorse", "step 5: endorse the draft — the Director only")
    en.add_argument("--note", default=None)
    rt = sub("return", "step 5: return the draft with comments — the Director only")
    rt.add_argument("--comments", required=True)
    inf = sub("inform", "step 6: the KM / innovation / technology committee is informed — สงพท.")
    inf.add_argument("--meeting", required=True)
    inf.add_argument("--note", default=None)
    gl = sub("guideline", "step 7: the adoption guideline for all units — สงพท.")
    gl.add_argument("--guideline", required=True)
    gl.add_argument("--circular", default=None)
    sc = sub("score", "step 8: score a system's business value 1–5 — the system's owners")
    sc.add_argument("--system", required=True)
    sc.add_argument("--score", type=int, required=True, choices=range(1, 6))
    sc.add_argument("--note", default=None)
    sub("value", "step 8: the technology value assessment as it stands (ranking, out of line)", writes=False)
    sub("assess", "step 8: close the value assessment — สงพท.")
    so = sub("survey-open", "step 9: open the perception survey and invite people — สงพท.")
    so.add_argument("--invite", action="append", required=True, metavar="PID", help="a person invited; repeat")
    sa = sub("survey-answer", "step 9: answer the perception survey — the people invited")
    sa.add_argument("answers", nargs="+", help="one answer per question: 1–5, ๑–๕ or the Thai word; '-' blank")
    sa.add_argument("--comment", default=None)
    si = sub("survey-import", "step 9: import answers from a CSV (the PIR survey format) — สงพท.")
    si.add_argument("file", type=Path)
    sub("survey-score", "step 9: the perception survey's score as it stands", writes=False)
    sub("survey-close", "step 9: close the survey and keep its score — สงพท.")
    fb = sub("feedback", "step 10: feed the results into the next version's plan — สงพท.")
    fb.add_argument("--next", required=True, dest="next_code", help="the next version's code, e.g. EA2571")
    fb.add_argument("--next-title-th", default=None)


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


# ---- the EA review (สงพท.-10) ---------------------------------------------------------------------------------------

def _context(args: argparse.Namespace, *, actor: bool = True) -> tuple[Any, Any, Any]:
    from khlang.commands._common import load_declared_catalog, open_configured_store
    from khlang.identity.cli import cli_actor

    catalog = load_declared_catalog()
    store = open_configured_store()
    return catalog, store, cli_actor(args, catalog, store) if actor else None


def _on(args: argparse.Namespace, flag: str = "--on", value: str | None = None) -> dt.date:
    from khlang.commands.policy import _date

    return _date(value if value is not None else getattr(args, "on", None), flag)


def _done(data: dict, args: argparse.Namespace) -> int:
    from khlang.report.labels import EA_RECORD_KINDS, label

    kind = data.get("kind")
    what = label(EA_RECORD_KINDS, kind).both if kind else data.get("status", "")
    emit(data, args.format, lambda d: f"{d.get('version')}: {what} — {d.get('on')} by {d.get('by')} (recorded)\n")
    return 0


@command("ea", "versions")
def ea_versions(args: argparse.Namespace) -> int:
    from khlang.ea.process import version_record, versions
    from khlang.report.labels import EA_VERSION_STATUSES, label

    _catalog, store, _ = _context(args, actor=False)
    rows = [version_record(store, v.code) for v in versions(store)]
    shown = [{"code": r["code"], "title_th": r["title_th"], "status": label(EA_VERSION_STATUSES, r["status"]).both,
              "opened_on": r["opened_on"], "endorsed_on": r["endorsed_on"] or "", "returns": len(r["returns"])}
             for r in rows]
    emit(rows, args.format, lambda _r: render_table(shown, ["code", "title_th", "status", "opened_on", "endorsed_on",
                                                            "returns"]))
    return 0


@command("ea", "show")
def ea_show(args: argparse.Namespace) -> int:
    from khlang.dates import format_both
    from khlang.ea.process import version_record
    from khlang.report.labels import EA_STEP_STATES, EA_STEPS, EA_VERSION_STATUSES, label

    _catalog, store, _ = _context(args, actor=False)
    data = version_record(store, args.version, _on(args, "--as-of", args.as_of or ""))

    def text(d: dict) -> str:
        lines = [f"{d['code']}: {d['title_th']} — {label(EA_VERSION_STATUSES, d['status']).both}"]
        wg = d["working_group"]
        if wg:
            lines.append(f"  working group: {wg['order_no']} of {wg['order_date']}, signed by {wg['signed_by']}; "
                         + ", ".join(f"{m['person']} ({m['role']})" for m in wg["members"]))
        for a in d["plan"]:
            lines.append(f"  plan: {a['activity']}" + (f" {a['start']}–{a['end']}" if a.get("start") else
                                                       f" (from {a.get('from')})"))
        if d["snapshot"]:
            s = d["snapshot"]
            lines.append(f"  snapshot {s['taken_on']}: {s['systems']} systems, {s['datasets']} datasets, "
                         f"{s['flows']} flows, sha256 {s['sha256']}")
        for r in d["returns"]:
            lines.append(f"  returned {r['on']} by {r['by']}: {r['comments']}")
        if d["endorsed_on"]:
            lines.append(f"  endorsed {d['endorsed_on']} by {d['endorsed_by']}")
        for st in d["steps"]:
            due = f" due {format_both(dt.date.fromisoformat(st['due_on']))}" if st["due_on"] else ""
            lines.append(f"  {st['number']:>2}. {label(EA_STEPS, st['code']).both}: "
                         f"{label(EA_STEP_STATES, st['state']).both}{due}")
        return "\n".join(lines) + "\n"

    emit(data, args.format, text)
    return 0


@command("ea", "open")
def ea_open(args: argparse.Namespace) -> int:
    from khlang.ea.process import open_version

    catalog, store, actor = _context(args)
    data = open_version(catalog, store, actor, args.version, args.title_th, on=_on(args), title_en=args.title_en,
                        previous=args.previous)
    return _done(data, args)


@command("ea", "working-group")
def ea_working_group(args: argparse.Namespace) -> int:
    from khlang.ea.process import EaProcessError, appoint_working_group

    catalog, store, actor = _context(args)
    members = []
    for m in args.member:
        pid, _sep, role = m.partition(":")
        members.append({"person": pid, "role": role or "member"})
    evidence = None
    if args.order_file is not None:
        try:
            evidence = (args.order_file.read_bytes(), args.order_file.name)
        except OSError as exc:
            raise EaProcessError(f"--order-file: cannot read {args.order_file}: {exc.strerror}") from None
    data = appoint_working_group(catalog, store, actor, args.version, order_no=args.order_no,
                                 order_date=_on(args, "--order-date", args.order_date), signed_by=args.signed_by,
                                 members=members, on=_on(args), evidence=evidence)
    return _done(data, args)


@command("ea", "plan")
def ea_plan(args: argparse.Namespace) -> int:
    import yaml

    from khlang.ea.process import EaProcessError, record_plan

    catalog, store, actor = _context(args)
    try:
        activities = yaml.safe_load(args.file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EaProcessError(f"{args.file}: {exc}") from None
    if isinstance(activities, dict):
        activities = activities.get("activities")
    if not isinstance(activities, list):
        raise EaProcessError(f"{args.file}: a list of activities (activity, start, end, step)")
    return _done(record_plan(catalog, store, actor, args.version, activities=activities, on=_on(args)), args)


@command("ea", "snapshot")
def ea_snapshot(args: argparse.Namespace) -> int:
    from khlang.ea.process import take_snapshot

    catalog, store, actor = _context(args)
    return _done(take_snapshot(catalog, store, actor, args.version, on=_on(args)), args)


@command("ea", "tech-survey")
def ea_tech_survey(args: argparse.Namespace) -> int:
    from khlang.ea.process import record_tech_survey

    catalog, store, actor = _context(args)
    return _done(record_tech_survey(catalog, store, actor, args.version, unit=args.unit, respondents=args.respondents,
                                    systems_used=args.system, comments=args.comment, on=_on(args)), args)


@command("ea", "submit")
def ea_submit(args: argparse.Namespace) -> int:
    from khlang.ea.process import submit_draft

    catalog, store, actor = _context(args)
    return _done(submit_draft(catalog, store, actor, args.version, on=_on(args), note=args.note), args)


@command("ea", "endorse")
def ea_endorse(args: argparse.Namespace) -> int:
    from khlang.ea.process import endorse

    catalog, store, actor = _context(args)
    return _done(endorse(catalog, store, actor, args.version, on=_on(args), note=args.note), args)


@command("ea", "return")
def ea_return(args: argparse.Namespace) -> int:
    from khlang.ea.process import return_draft

    catalog, store, actor = _context(args)
    return _done(return_draft(catalog, store, actor, args.version, on=_on(args), comments=args.comments), args)


@command("ea", "inform")
def ea_inform(args: argparse.Namespace) -> int:
    from khlang.ea.process import inform_committee

    catalog, store, actor = _context(args)
    return _done(inform_committee(catalog, store, actor, args.version, on=_on(args), meeting=args.meeting,
                                  note=args.note), args)


@command("ea", "guideline")
def ea_guideline(args: argparse.Namespace) -> int:
    from khlang.ea.process import record_guideline

    catalog, store, actor = _context(args)
    return _done(record_guideline(catalog, store, actor, args.version, on=_on(args), guideline=args.guideline,
                                  circular=args.circular), args)


@command("ea", "score")
def ea_score(args: argparse.Namespace) -> int:
    from khlang.ea.value import score_value

    catalog, store, actor = _context(args)
    return _done(score_value(catalog, store, actor, args.version, system=args.system, score=args.score,
                             on=_on(args), note=args.note), args)


@command("ea", "value")
def ea_value(args: argparse.Namespace) -> int:
    from khlang.ea.process import records
    from khlang.ea.value import assessment

    catalog, store, _ = _context(args, actor=False)
    data = assessment(catalog, records(store, args.version))
    shown = [{"rank": r["rank"], "system": r["system"], "cost": r["cost"]["total"] if r["cost"] else "",
              "users": r["users"] or "", "transactions": r["transactions"] if r["transactions"] is not None else "",
              "cost_per_use": r["cost_per_use"] or "", "value": r["value"] or "", "flags": ", ".join(r["flags"])}
             for r in data["systems"]]
    emit(data, args.format, lambda _d: render_table(shown, ["rank", "system", "cost", "users", "transactions",
                                                            "cost_per_use", "value", "flags"]))
    return 0


@command("ea", "assess")
def ea_assess(args: argparse.Namespace) -> int:
    from khlang.ea.value import close_assessment

    catalog, store, actor = _context(args)
    return _done(close_assessment(catalog, store, actor, args.version, on=_on(args)), args)


@command("ea", "survey-open")
def ea_survey_open(args: argparse.Namespace) -> int:
    from khlang.ea.perception import open_survey

    catalog, store, actor = _context(args)
    return _done(open_survey(catalog, store, actor, args.version, invited=args.invite, on=_on(args)), args)


@command("ea", "survey-answer")
def ea_survey_answer(args: argparse.Namespace) -> int:
    from khlang.ea.perception import answer
    from khlang.ea.process import EaProcessError
    from khlang.pir.survey import likert

    catalog, store, actor = _context(args)
    answers: list[int | None] = []
    for i, text in enumerate(args.answers):
        try:
            answers.append(None if text.strip() == "-" else likert(text))
        except ValueError as exc:
            raise EaProcessError(f"answers[{i}]: {exc}") from None
    return _done(answer(catalog, store, actor, args.version, answers=answers, on=_on(args), comment=args.comment),
                 args)


@command("ea", "survey-import")
def ea_survey_import(args: argparse.Namespace) -> int:
    from khlang.ea.perception import import_csv

    catalog, store, actor = _context(args)
    return _done(import_csv(catalog, store, actor, args.version, args.file, on=_on(args)), args)


@command("ea", "survey-score")
def ea_survey_score(args: argparse.Namespace) -> int:
    from khlang.ea.perception import current_score

    _catalog, store, _ = _context(args, actor=False)
    data = current_score(store, args.version) or {}

    def table(d: dict) -> str:
        if not d:
            return "the perception survey is not open\n"
        rows = [{"question": q["number"], "mean": q["mean"], "level": q["level"] or "", "n": q["n"]}
                for q in d["questions"]]
        units = [{"unit": u["unit"], "responses": u["responses"], "invited": u["invited"],
                  "rate": u["response_rate"], "mean": u["mean"]} for u in d["units"]]
        return (render_table(rows, ["question", "mean", "level", "n"]) + "\n"
                + render_table(units, ["unit", "responses", "invited", "rate", "mean"]))

    emit(data, args.format, table)
    return 0


@command("ea", "survey-close")
def ea_survey_close(args: argparse.Namespace) -> int:
    from khlang.ea.perception import close_survey

    catalog, store, actor = _context(args)
    return _done(close_survey(catalog, store, actor, args.version, on=_on(args)), args)


@command("ea", "feedback")
def ea_feedback(args: argparse.Namespace) -> int:
    from khlang.ea.process import feed_back

    catalog, store, actor = _context(args)
    return _done(feed_back(catalog, store, actor, args.version, next_code=args.next_code, on=_on(args),
                           next_title_th=args.next_title_th), args)


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
    from khlang.ea.book import build_book, current_version, stored_record

    arch = _architecture(args.as_of)
    version = args.version or current_version(arch.as_of)
    out = args.out or settings().reports_dir / "ea" / version
    for path in build_book(arch, out, version, record=stored_record(version, args.as_of), pdf=not args.no_pdf):
        print(path)
    return 0
