"""`khlang glossary …`: the business glossary (อภิธานศัพท์) and the committee's approval of its terms."""

from __future__ import annotations

import argparse

from khlang.cli import command, emit, render_table


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang glossary list|show|approve`"""
    from khlang.commands.linkage import _actor_arguments

    g = groups.add_parser("glossary", help="the business glossary (อภิธานศัพท์): terms, definitions, approvals"
                          ).add_subparsers(dest="name", required=True)
    lst = g.add_parser("list", help="every term with its steward, effective status and linked datasets")
    lst.add_argument("--status", choices=["draft", "approved"], default=None)
    lst.add_argument("--dataset", default=None, help="only the terms linked to this dataset or its columns")
    lst.add_argument("--format", choices=["json", "table"], default="table")
    show = g.add_parser("show", help="one term: its definitions, links and approvals")
    show.add_argument("term")
    show.add_argument("--format", choices=["json", "table"], default="table")
    app = g.add_parser("approve", help="a member of the committee approves a draft term (draft → approved)")
    app.add_argument("term")
    app.add_argument("--on", default=None, help="date of the approval (C.E. or B.E.; default today)")
    app.add_argument("--note", default=None, help="the meeting or resolution of the committee")
    app.add_argument("--format", choices=["json", "table"], default="table")
    _actor_arguments(app)


def _context():  # noqa: ANN202
    """The validated catalogue and glossary (before the store is touched), then the store."""
    from khlang.commands._common import load_declared_catalog, open_configured_store
    from khlang.declarations.glossary import load_glossary

    catalog = load_declared_catalog()
    glossary = load_glossary(catalog)
    return catalog, glossary, open_configured_store()


def _status(code: str) -> str:
    """The status with its Thai and English label."""
    from khlang.report.labels import GLOSSARY_STATUSES, label

    return label(GLOSSARY_STATUSES, code).both


@command("glossary", "list")
def glossary_list(args: argparse.Namespace) -> int:
    from khlang.governance.glossary import with_approvals

    catalog, glossary, store = _context()
    if args.dataset and args.dataset not in catalog.datasets:
        from khlang.governance.people import NotFound

        raise NotFound(f"--dataset: unknown dataset {args.dataset!r}")
    views = [v for v in with_approvals(glossary, store)
             if (args.status is None or v.status == args.status)
             and (args.dataset is None or v.term.describes(args.dataset))]
    data = [v.to_dict() for v in views]

    def table(rows: list[dict]) -> str:
        flat = [{"id": r["id"], "term_th": r["term_th"], "term_en": r["term_en"], "steward": r["steward"],
                 "status": _status(r["status"]), "datasets": ", ".join(sorted({*r["datasets"],
                                                                       *(c.split(".")[0] for c in r["columns"])}))}
                for r in rows]
        return render_table(flat, ["id", "term_th", "term_en", "steward", "status", "datasets"])

    emit(data, args.format, table)
    return 0


@command("glossary", "show")
def glossary_show(args: argparse.Namespace) -> int:
    from khlang.governance.glossary import term_view

    _catalog, glossary, store = _context()
    data = term_view(glossary, store, args.term).to_dict()

    def text(d: dict) -> str:
        lines = [f"{d['id']}: {d['term_th']} · {d['term_en']} — {_status(d['status'])}",
                 f"  {d['definition_th']}", f"  {d['definition_en']}", f"  steward: {d['steward']}"]
        if d["datasets"]:
            lines.append("  datasets: " + ", ".join(d["datasets"]))
        if d["columns"]:
            lines.append("  columns: " + ", ".join(d["columns"]))
        for a in d["approvals"]:
            lines.append(f"  approved {a['on']}" + (f" by {a['by']}" if a["by"] else "") + f" ({a['source']})"
                         + ("" if a["current"] else " — of an earlier text"))
        return "\n".join(lines) + "\n"

    emit(data, args.format, text)
    return 0


@command("glossary", "approve")
def glossary_approve(args: argparse.Namespace) -> int:
    from khlang.commands.policy import _date
    from khlang.governance.glossary import approve_term
    from khlang.identity.cli import cli_actor

    catalog, glossary, store = _context()
    actor = cli_actor(args, catalog, store)
    data = approve_term(catalog, store, glossary, actor, args.term, on=_date(args.on, "--on"), note=args.note)
    emit(data, args.format, lambda d: f"{d['term']}: approved on {d['approved_on']} by {d['by']} (recorded)\n")
    return 0
