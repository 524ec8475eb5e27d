"""`khlang pir …`: Post-Implementation Reviews (สงพท.-03) — what is due, record a survey, the report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from khlang.cli import command, emit, render_table


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang pir due|open|record|score|report`"""
    grp = groups.add_parser("pir", help="post-implementation reviews").add_subparsers(dest="name", required=True)
    due = grp.add_parser("due", help="each system's PIR: due date (go-live + 6 months) and status")
    due.add_argument("--as-of", default=None, help="date (C.E. or B.E., e.g. 2569-11-25; default today)")
    due.add_argument("--format", choices=["json", "table"], default="table")
    opn = grp.add_parser("open", help="open the PIRs that fell due and remind about overdue ones (the DAG's step)")
    opn.add_argument("--as-of", default=None)
    opn.add_argument("--run-key", default=None)
    opn.add_argument("--format", choices=["json", "table"], default="table")
    rec = grp.add_parser("record", help="record a satisfaction survey (CSV, Thai headers accepted)")
    rec.add_argument("system", help="system code of systems.yaml")
    rec.add_argument("--survey", type=Path, required=True, help="the survey CSV file")
    rec.add_argument("--invited", default=None, help="invited per unit, e.g. WHS=12,DTD=6 (overrides '# invited:')")
    rec.add_argument("--as-of", default=None)
    rec.add_argument("--format", choices=["json", "table"], default="table")
    sco = grp.add_parser("score", help="re-score every recorded survey (the DAG's step)")
    sco.add_argument("--run-key", default=None)
    sco.add_argument("--format", choices=["json", "table"], default="table")
    rep = grp.add_parser("report", help="write reports/pir/<SYSTEM>/index.html")
    rep.add_argument("system")
    rep.add_argument("--as-of", default=None)
    rep.add_argument("--out", type=Path, default=None)
    rep.add_argument("--no-pdf", action="store_true", help="skip the memo PDF (when no Chromium is installed)")


def _context():  # noqa: ANN202
    from khlang.commands._common import load_declared_catalog, open_configured_store
    from khlang.declarations.systems import load_systems

    catalog = load_declared_catalog()
    return catalog, load_systems(catalog), open_configured_store


def _system(systems: dict, code: str):  # noqa: ANN202
    from khlang.errors import DeclarationError, Problem

    if code not in systems:
        raise DeclarationError([Problem("catalog/systems.yaml", None, "systems",
                                        f"unknown system {code!r} (known: {', '.join(sorted(systems))})")])
    return systems[code]


@command("pir", "due")
def pir_due(args: argparse.Namespace) -> int:
    from khlang.dates import format_both
    from khlang.pir.reviews import pir_lines
    from khlang.pir.tasks import as_of_date

    day = as_of_date(args.as_of)
    _catalog, systems, store = _context()
    data = {"as_of": day.isoformat(), "as_of_be": format_both(day),
            "systems": [line.to_dict() for line in pir_lines(systems, store(), day)]}

    def table(d: dict) -> str:
        rows = [{"system": s["system"], "name": s["name_th"], "go-live": s["go_live_be"] or "-",
                 "due": s["due_on_be"] or "-", "status": s["status"],
                 "score": f"{s['overall_mean']:.2f}" if s["overall_mean"] is not None else ""} for s in d["systems"]]
        return f"as of {d['as_of_be']}\n" + render_table(rows, ["system", "name", "go-live", "due", "status", "score"])

    emit(data, args.format, table)
    return 0


@command("pir", "open")
def pir_open(args: argparse.Namespace) -> int:
    from khlang.pir import tasks

    run_key = args.run_key or tasks.manual_run_key()
    data = {**tasks.open_due(run_key, args.as_of), **tasks.remind(run_key, args.as_of)}
    emit(data, args.format, lambda d: f"opened: {', '.join(d['opened']) or '-'}\n"
                                      f"reminded (overdue): {', '.join(d['reminded']) or '-'}\n")
    return 0


@command("pir", "record")
def pir_record(args: argparse.Namespace) -> int:
    from khlang.errors import Problem
    from khlang.pir.reviews import record_survey
    from khlang.pir.survey import SurveyError, parse_invited, read_survey
    from khlang.pir.tasks import as_of_date

    catalog, systems, store = _context()
    system = _system(systems, args.system)
    if system.go_live is None:
        from khlang.pir.reviews import PirError

        raise PirError(f"{system.code}: no go_live date in systems.yaml, so it has no PIR to record")
    invited = None
    if args.invited is not None:
        invited, problems = parse_invited(args.invited, catalog.units, ("--invited", None))
        if problems:
            raise SurveyError(problems)
        if not invited:
            raise SurveyError([Problem("--invited", None, "invited", "no UNIT=NUMBER given")])
    survey = read_survey(args.survey, catalog.units, invited)
    result = record_survey(system, store(), survey, as_of_date(args.as_of))
    score = result["score"] or {}
    data = {"system": system.code, "survey_id": result["survey_id"], "already_recorded": result["already_recorded"],
            "responses": score.get("responses"), "response_rate": score.get("response_rate"),
            "overall_mean": (score.get("overall") or {}).get("mean"), "score": score}

    def table(d: dict) -> str:
        head = "already recorded (same file)\n" if d["already_recorded"] else "survey recorded\n"
        rate = f"{d['response_rate']:.0%}" if d["response_rate"] is not None else "unknown (no invited counts)"
        mean = f"{d['overall_mean']:.2f}" if d["overall_mean"] is not None else "-"
        rows = [{"#": q["number"], "question": q["text"], "n": q["n"],
                 "mean": f"{q['mean']:.2f}" if q["mean"] is not None else "-"} for q in d["score"]["questions"]]
        return (head + f"{d['responses']} responses, response rate {rate}, overall mean {mean}\n\n"
                + render_table(rows, ["#", "question", "n", "mean"]))

    emit(data, args.format, table)
    return 0


@command("pir", "score")
def pir_score(args: argparse.Namespace) -> int:
    from khlang.pir import tasks

    data = tasks.score(args.run_key or tasks.manual_run_key())
    emit(data, args.format, lambda d: f"scored: {', '.join(d['scored']) or 'nothing changed'}\n")
    return 0


@command("pir", "report")
def pir_report(args: argparse.Namespace) -> int:
    from khlang.pir.report import write_report
    from khlang.pir.tasks import as_of_date, report_dir

    catalog, systems, store = _context()
    system = _system(systems, args.system)
    page = write_report(catalog, system, store(), as_of_date(args.as_of), args.out or report_dir(system.code),
                        pdf=not args.no_pdf)
    sys.stdout.write(f"PIR report: {page}\n")
    return 0
