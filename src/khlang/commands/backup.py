"""`khlang backup …`: verify backups, restore-test them, make them, report on them (สงบข.-04/-05, สงพท.-06)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from khlang.cli import command, emit, render_table


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang backup verify|restore-test|snapshot|list|report`"""
    grp = groups.add_parser("backup", help="backup verification and restore tests").add_subparsers(
        dest="name", required=True)
    ver = grp.add_parser("verify", help="check the declared backups: there, on time, size, checksum, retention")
    ver.add_argument("--system", default=None, help="one system of catalog/backups.yaml (default: all)")
    ver.add_argument("--part", choices=["database", "programs"], default=None)
    ver.add_argument("--as-of", default=None, help="moment to check at (ISO, C.E. or B.E.; default now)")
    ver.add_argument("--run-key", default=None, help="idempotency key (Airflow passes its run id)")
    ver.add_argument("--strict", action="store_true", help="exit 1 when a target is not ok")
    ver.add_argument("--format", choices=["json", "table"], default="table")
    res = grp.add_parser("restore-test", help="restore a backup into scratch space, check and compare it")
    res.add_argument("backup", nargs="?", help="a backup file, or a system code for its latest database backup")
    res.add_argument("--against", default=None,
                     help="compare with this database (file or postgresql:// URL), or 'source' for the declared one")
    res.add_argument("--server", default=None, help="PostgreSQL or MySQL/MariaDB server for the scratch database (URL)")
    res.add_argument("--engine", choices=["sqlite", "duckdb", "postgres", "mysql"], default=None)
    res.add_argument("--due", action="store_true", help="test every declared database whose monthly test is due")
    res.add_argument("--as-of", default=None, help="with --due: the moment deciding what is due")
    res.add_argument("--run-key", default=None)
    res.add_argument("--format", choices=["json", "table"], default="table")
    snap = grp.add_parser("snapshot", help="make a backup with its manifest")
    snap.add_argument("--system", default=None)
    snap.add_argument("--part", choices=["database", "programs"], default=None)
    snap.add_argument("--due", action="store_true", help="every `taken_by: khlang` backup due this period")
    snap.add_argument("--run-key", default=None)
    snap.add_argument("--format", choices=["json", "table"], default="table")
    lst = grp.add_parser("list", help="list the backups found for each declared target")
    lst.add_argument("--system", default=None)
    lst.add_argument("--format", choices=["json", "table"], default="table")
    rep = grp.add_parser("report", help="write the monthly or quarterly report (IT-audit evidence)")
    rep.add_argument("--period", required=True, help="2026-11 or 2026Q4 (B.E. years accepted: 2569-11)")
    rep.add_argument("--out", type=Path, default=None, help="default: reports/backup/<period>")
    rep.add_argument("--no-pdf", action="store_true", help="skip the memo PDFs (when no Chromium is installed)")


def _targets():  # noqa: ANN202
    from khlang.backup.declarations import load_backups
    from khlang.commands._common import load_declared_catalog

    return load_backups(load_declared_catalog())


def _store():  # noqa: ANN202
    from khlang.commands._common import open_configured_store

    return open_configured_store()


@command("backup", "verify")
def backup_verify(args: argparse.Namespace) -> int:
    from khlang.backup.declarations import select
    from khlang.backup.evidence import manual_run_key, record_verifications
    from khlang.backup.tasks import as_of_moment
    from khlang.backup.verify import verify

    targets = select(_targets(), args.system, args.part)
    moment = as_of_moment(args.as_of)
    results = [verify(t, moment) for t in targets]
    run_key = args.run_key or manual_run_key()
    record_verifications(_store(), run_key, results)
    data = {"run_key": run_key, "as_of": moment.isoformat(), "ok": all(v.ok for v in results),
            "targets": [v.to_dict() for v in results]}

    def table(d: dict) -> str:
        rows = []
        for t in d["targets"]:
            latest = t["latest"] or {}
            codes = ", ".join(f["code"] for f in t["findings"]) or "-"
            not_configured = [f["code"] for f in t["findings"]] == ["not_configured"]
            rows.append({"system": t["system"], "part": t["part"],
                         "ok": "NO (not configured)" if not_configured else ("yes" if t["ok"] else "NO"),
                         "backups": t["backups"], "latest": latest.get("file") or "-",
                         "size": f"{latest['size']:,}" if latest.get("size") is not None else "-", "findings": codes})
        out = render_table(rows, ["system", "part", "ok", "backups", "latest", "size", "findings"])
        details = [f"  {t['system']}/{t['part']}: {f['code']} ({f['severity']}): {f['detail']}"
                   for t in d["targets"] for f in t["findings"]]
        return out + ("\n" + "\n".join(details) + "\n" if details else "")

    emit(data, args.format, table)
    return 1 if args.strict and not data["ok"] else 0


@command("backup", "restore-test")
def backup_restore_test(args: argparse.Namespace) -> int:
    from khlang.backup.engines import Location, sniff_source
    from khlang.backup.evidence import manual_run_key, record_restore_test
    from khlang.backup.restore import restore_test
    from khlang.backup.verify import discover
    from khlang.errors import KhlangError

    run_key = args.run_key or manual_run_key()
    if args.due:
        from khlang.backup.tasks import restore_tests

        if args.backup:
            raise KhlangError("give either BACKUP or --due, not both")
        summary = restore_tests(run_key, args.as_of)
        emit(summary, args.format, lambda d: render_table(d["tested"], ["target", "ok", "reason"]))
        return 0 if all(t["ok"] for t in summary["tested"]) else 1
    if not args.backup:
        raise KhlangError("give a backup file (or a system code), or --due")

    targets = _targets()
    path = Path(args.backup)
    target = None
    if not path.exists() and any(t.system == args.backup and t.part == "database" for t in targets):
        target = next(t for t in targets if t.system == args.backup and t.part == "database")
        backups = discover(target)
        if not backups:
            raise KhlangError(f"{target.key}: no backup in {target.destination}")
        path = backups[-1].path
    elif path.exists():
        folder = path.resolve().parent
        target = next((t for t in targets if t.part == "database" and t.destination.resolve() == folder), None)
    against = None
    if args.against == "source":
        if target is None:
            raise KhlangError(f"--against source: {args.backup} is not in a declared backup destination")
        if target.not_configured:
            raise KhlangError(f"{target.key}: not configured: {target.not_configured}")
        against = Location(target.engine, target.source_path, target.source_url, target.source_label)
    elif args.against:
        against = sniff_source(args.against)
    server = args.server or (target.source_url if target else None)
    result = restore_test(path, against=against, server_url=server, engine=args.engine)
    record_restore_test(_store(), run_key, result, target)

    def table(d: dict) -> str:
        rows = [{"table": n, "rows": f"{t['rows']:,}" if t["rows"] is not None else "-",
                 "matches": {True: "yes", False: "NO", None: "-"}[t["matches"]]} for n, t in d["tables"].items()]
        head = f"{'OK' if d['ok'] else 'NOT OK'}: {d['reason']}\n\n"
        return head + render_table(rows, ["table", "rows", "matches"])

    emit(result.to_dict(), args.format, table)
    return 0 if result.ok else 1


@command("backup", "snapshot")
def backup_snapshot(args: argparse.Namespace) -> int:
    from khlang.backup.declarations import select
    from khlang.backup.evidence import manual_run_key
    from khlang.backup.tasks import back_up
    from khlang.errors import KhlangError

    run_key = args.run_key or manual_run_key()
    if args.due:
        from khlang.backup.tasks import take_backups

        summary = take_backups(run_key, part=args.part)
        emit(summary, args.format,
             lambda d: "".join(f"{k}: {v}\n" for k in ("taken", "skipped", "failed") for v in d[k]))
        return 1 if summary["failed"] else 0
    if not args.system:
        raise KhlangError("give --system NAME (or --due for every backup Khlang takes that is due)")
    store = _store()
    made = []
    for target in select(_targets(), args.system, args.part):
        snap = back_up(target, store, run_key)
        assert snap is not None  # not asked whether one is due: always taken
        made.append(snap.to_dict())
    emit({"backups": made}, args.format, lambda d: render_table(
        [{"system": b["system"], "part": b["part"], "file": b["file"], "size": f"{b['size']:,}",
          "sha256": b["sha256"][:16] + "…"} for b in d["backups"]], ["system", "part", "file", "size", "sha256"]))
    return 0


@command("backup", "list")
def backup_list(args: argparse.Namespace) -> int:
    from khlang.backup.declarations import select
    from khlang.backup.verify import discover

    rows: list[dict[str, Any]] = []
    for target in select(_targets(), args.system):
        for b in discover(target):
            rows.append({"system": target.system, "part": target.part, "file": str(b.path),
                         "created_at": b.created_at.isoformat(), "size": b.size,
                         "manifest": "ok" if b.manifest else (b.manifest_error or "missing")})
    emit(rows, args.format, lambda rs: render_table(
        [dict(r, size=f"{r['size']:,}", file=Path(r["file"]).name) for r in rs],
        ["system", "part", "file", "created_at", "size", "manifest"]))
    return 0


@command("backup", "report")
def backup_report(args: argparse.Namespace) -> int:
    from khlang.backup.report import Period, write_report

    page = write_report(Period.parse(args.period), args.out, pdf=not args.no_pdf)
    sys.stdout.write(f"backup report: {page}\n")
    return 0
