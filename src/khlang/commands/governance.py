"""`khlang governance …`: สงพท.-11 steps 1–6 as records — the structure, the committee's appointment order, its
resolutions, the Director's approval of the lists — and where each step stands against its time limit."""

from __future__ import annotations

import argparse
from pathlib import Path

from khlang.cli import command, emit, render_table


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang governance status|structure|appoint|resolve|approve-lists`"""
    from khlang.commands.linkage import _actor_arguments

    g = groups.add_parser("governance", help="governance steps 1–6 (สงพท.-11: โครงสร้าง คำสั่ง มติ การอนุมัติ)"
                          ).add_subparsers(dest="name", required=True)
    st = g.add_parser("status", help="every step of the cycle: done, done late, waiting or overdue")
    st.add_argument("--as-of", default=None, help="C.E. or B.E. date (default today)")
    st.add_argument("--format", choices=["json", "table"], default="table")
    pub = g.add_parser("structure", help="the secretary records that the governance structure was published (step 1)")
    pub.add_argument("--drafted-from", required=True, help="when drafting began (the 7 days count from it)")
    pub.add_argument("--published-on", default=None, help="default today")
    pub.add_argument("--note", default=None)
    app = g.add_parser("appoint", help="the Director records the committee's appointment order (step 2)")
    app.add_argument("--number", required=True, help="the order's number (คำสั่งเลขที่)")
    app.add_argument("--issued-on", default=None, help="default today")
    app.add_argument("--term-from", required=True)
    app.add_argument("--term-until", required=True)
    app.add_argument("--member", action="append", required=True, metavar="PERSON:ROLE",
                     help="a member and their role (chair, vice_chair, member, secretary); repeat for each")
    res = g.add_parser("resolve", help="a member or the secretary records the committee's resolution (step 3)")
    res.add_argument("--number", required=True, help="the resolution's number (มติที่)")
    res.add_argument("--meeting-on", default=None, help="default today")
    res.add_argument("--policy", action="append", default=[], help="a policy resolved on; repeat for each")
    res.add_argument("--note", default=None)
    lst = g.add_parser("approve-lists", help="the Director approves the lists of a resolution (step 4)")
    lst.add_argument("resolution", help="the resolution's number")
    lst.add_argument("--on", default=None, help="default today")
    lst.add_argument("--note", default=None)
    for p in (pub, app, res, lst):
        p.add_argument("--file", type=Path, default=None, help="the document (order, minutes, signed approval)")
        p.add_argument("--format", choices=["json", "table"], default="table")
        _actor_arguments(p)


def evidence_of(path: Path | None) -> tuple[bytes, str] | None:
    """The file given with --file, as (bytes, name)."""
    from khlang.governance.people import GovernanceError

    if path is None:
        return None
    try:
        return path.read_bytes(), path.name
    except OSError as exc:
        raise GovernanceError(f"--file {path}: {exc.strerror or exc}") from None


@command("governance", "status")
def governance_status(args: argparse.Namespace) -> int:
    from khlang.commands.policy import _date
    from khlang.governance.service import context
    from khlang.governance.steps import overview

    catalog, policies, store = context()
    data = overview(catalog, store, policies, _date(args.as_of, "--as-of"))

    def table(d: dict) -> str:
        rows = render_table(d["steps"], ["step", "subject", "state", "since", "due_on", "done_on", "by", "detail"])
        pending = ", ".join(d["pending_approval"]) or "none"
        return rows + f"\npending the Director's approval of the lists: {pending}\n"

    emit(data, args.format, table)
    return 0


@command("governance", "structure")
def governance_structure(args: argparse.Namespace) -> int:
    from khlang.commands.policy import _date
    from khlang.governance.service import context
    from khlang.governance.steps import publish_structure
    from khlang.identity.cli import cli_actor

    catalog, _policies, store = context()
    actor = cli_actor(args, catalog, store)
    data = publish_structure(catalog, store, actor, drafted_from=_date(args.drafted_from, "--drafted-from"),
                             published_on=_date(args.published_on, "--published-on"), note=args.note,
                             evidence=evidence_of(args.file))
    emit(data, args.format,
         lambda d: f"governance structure published on {d['published_on']} (recorded by {d['by']})\n")
    return 0


@command("governance", "appoint")
def governance_appoint(args: argparse.Namespace) -> int:
    from khlang.commands.policy import _date
    from khlang.governance.people import GovernanceError
    from khlang.governance.service import context
    from khlang.governance.steps import record_appointment
    from khlang.identity.cli import cli_actor

    members = []
    for text in args.member:
        person, sep, role = text.partition(":")
        if not sep:
            raise GovernanceError(f"--member {text!r}: PERSON:ROLE, e.g. p02:chair")
        members.append((person.strip(), role.strip()))
    catalog, _policies, store = context()
    actor = cli_actor(args, catalog, store)
    data = record_appointment(catalog, store, actor, number=args.number, issued_on=_date(args.issued_on, "--issued-on"),
                              term_from=_date(args.term_from, "--term-from"),
                              term_until=_date(args.term_until, "--term-until"), members=members,
                              evidence=evidence_of(args.file))
    emit(data, args.format, lambda d: f"order {d['number']} of {d['issued_on']}: {len(d['members'])} members "
                                      f"(recorded by {d['by']})\n")
    return 0


@command("governance", "resolve")
def governance_resolve(args: argparse.Namespace) -> int:
    from khlang.commands.policy import _date
    from khlang.governance.service import context
    from khlang.governance.steps import record_resolution
    from khlang.identity.cli import cli_actor

    catalog, policies, store = context()
    actor = cli_actor(args, catalog, store)
    data = record_resolution(catalog, store, policies, actor, number=args.number,
                             meeting_on=_date(args.meeting_on, "--meeting-on"), policy_ids=args.policy,
                             note=args.note, evidence=evidence_of(args.file))
    emit(data, args.format, lambda d: f"resolution {d['number']} of {d['meeting_on']}: {len(d['policies'])} "
                                      f"policies, {len(d['lists'].get('datasets', []))} datasets "
                                      f"(recorded by {d['by']})\n")
    return 0


@command("governance", "approve-lists")
def governance_approve_lists(args: argparse.Namespace) -> int:
    from khlang.commands.policy import _date
    from khlang.governance.service import context
    from khlang.governance.steps import approve_lists
    from khlang.identity.cli import cli_actor

    catalog, _policies, store = context()
    actor = cli_actor(args, catalog, store)
    data = approve_lists(catalog, store, actor, resolution=args.resolution, on=_date(args.on, "--on"),
                         note=args.note, evidence=evidence_of(args.file))
    emit(data, args.format, lambda d: f"lists of resolution {d['resolution']} approved on {d['approved_on']} "
                                      f"by {d['by']}\n")
    return 0
