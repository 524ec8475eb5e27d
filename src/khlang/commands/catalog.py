"""`khlang catalog …`: thin wrappers over khlang.catalog and khlang.harvest."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from khlang.cli import command, emit, render_table
from khlang.commands._common import load_declared_catalog as _catalog
from khlang.commands._common import open_configured_store as _store
from khlang.config import settings


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang catalog …`"""
    cat = groups.add_parser("catalog", help="the data catalogue").add_subparsers(dest="name", required=True)
    scan = cat.add_parser("scan", help="profile a folder, file or database URL")
    scan.add_argument("source")
    scan.add_argument("--encoding", default=None, help="CSV encoding (default: detected; e.g. cp874)")
    scan.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb",
                      help="where the rows are read: duckdb (default) or spark (Parquet/CSV; KHLANG_SPARK_MASTER)")
    scan.add_argument("--format", choices=["json", "table"], default="table")
    val = cat.add_parser("validate", help="validate every declaration (catalog/*.yaml, expectations/*.json)")
    val.add_argument("--format", choices=["json", "table"], default="table")
    syn = cat.add_parser("sync", help="harvest declared sources, store a snapshot, report drift and gaps")
    syn.add_argument("--run-key", default=None, help="idempotency key (Airflow passes its run id)")
    syn.add_argument("--as-of", default=None, help="date for retention checks (C.E. or B.E.)")
    syn.add_argument("--format", choices=["json", "table"], default="table")
    lst = cat.add_parser("list", help="list declared datasets with their latest profile")
    lst.add_argument("--kind", choices=["master", "reference", "transactional", "warehouse"], default=None)
    lst.add_argument("--format", choices=["json", "table"], default="table")
    exp = cat.add_parser("export", help="export for the Government Data Catalog (GD Catalog, CKAN)")
    exp.add_argument("--format", choices=["ckan"], required=True)
    exp.add_argument("--schema", choices=["thai_gdc", "tgdcschema"], default="thai_gdc",
                     help="DGA's schema variant (default: the classic ckanext-thai_gdc)")
    exp.add_argument("--out", type=Path, default=None, help="write to this file instead of stdout")
    exp.add_argument("--strict", action="store_true",
                     help="refuse, writing nothing, when a package lacks a mandatory field")
    pub = cat.add_parser("publish", help="create or update the packages on a GD Catalog (CKAN action API)")
    pub.add_argument("--ckan", required=True, metavar="URL", help="the CKAN site, e.g. https://gdcatalog.pwo.go.th")
    pub.add_argument("--schema", choices=["thai_gdc", "tgdcschema"], default="thai_gdc")
    pub.add_argument("--dry-run", action="store_true", help="read from CKAN and say what would change; write nothing")
    pub.add_argument("--format", choices=["json", "table"], default="table")
    site = cat.add_parser("site", help="build the static catalogue site")
    site.add_argument("--out", type=Path, default=None, help="default: reports/catalog")







@command("catalog", "scan")
def catalog_scan(args: argparse.Namespace) -> int:
    from khlang.harvest.scan import scan_location

    profiles = [p.to_dict() for p in scan_location(args.source, encoding=args.encoding, engine=args.engine)]
    for p in profiles:
        p.pop("object", None)
        p.pop("distinct_exact", None)
    data = {"datasets": profiles}

    def table(d: dict) -> str:
        rows = [{"dataset": p["name"], "rows": f"{p['row_count']:,}", "column": c["name"], "type": c["type"],
                 "nulls": c["null_count"], "distinct": c["distinct_count"], "pii": c["pii"] or ""}
                for p in d["datasets"] for c in p["columns"]]
        return render_table(rows, ["dataset", "rows", "column", "type", "nulls", "distinct", "pii"])

    emit(data, args.format, table)
    return 0


@command("catalog", "validate")
def catalog_validate(args: argparse.Namespace) -> int:
    from khlang.declarations.everything import validate_everything

    cfg = settings()
    counts = validate_everything(cfg.catalog_dir, cfg.expectations_dir)
    data = {"ok": True, **counts}
    emit(data, args.format,
         lambda d: "declarations OK: " + ", ".join(f"{k} {v}" for k, v in d.items() if k != "ok") + "\n")
    return 0


@command("catalog", "sync")
def catalog_sync(args: argparse.Namespace) -> int:
    from khlang.catalog.sync import sync
    from khlang.dates import parse_date

    cat = _catalog()
    result = sync(cat, _store(), settings().data_dir, run_key=args.run_key,
                  as_of=parse_date(args.as_of) if args.as_of else None)
    data = result.to_dict()

    def table(d: dict) -> str:
        out = f"snapshot {d['snapshot_id']} ({d['taken_at']}): {len(d['datasets'])} datasets\n\n"
        out += "drift:\n" + render_table(d["drift"], ["dataset", "code", "column", "detail"])
        out += "\ngaps:\n" + render_table(d["gaps"], ["dataset", "severity", "code", "column", "detail"])
        return out

    emit(data, args.format, table)
    return 0


@command("catalog", "list")
def catalog_list(args: argparse.Namespace) -> int:
    from khlang.catalog.view import catalogue_entries

    _snap, entries = catalogue_entries(_catalog(), _store(), args.kind)
    rows = [{
        "name": e["name"], "kind": e["kind"], "title_th": e["title_th"], "title_en": e["title_en"],
        "classification": e["classification"],
        "business_owner": (e["business_owner"] or {}).get("name"),
        "digital_owner": (e["digital_owner"] or {}).get("name"),
        "row_count": e["row_count"], "pii": sorted({c["pii"] for c in e["columns"] if c["pii"]}),
        "gaps": len(e["gaps"]),
    } for e in entries]

    def table(rs: list) -> str:
        shown = [dict(r, pii=",".join(r["pii"]), row_count=f"{r['row_count']:,}" if r["row_count"] is not None else "-")
                 for r in rs]
        return render_table(shown, ["name", "kind", "title_th", "classification", "business_owner",
                                    "digital_owner", "row_count", "pii", "gaps"])

    emit(rows, args.format, table)
    return 0


@command("catalog", "export")
def catalog_export(args: argparse.Namespace) -> int:
    import json

    from khlang.atomic import write_text
    from khlang.catalog.ckan import export

    result = export(_catalog(), args.schema)
    for notice in result.notices:
        sys.stderr.write(f"khlang: note: {notice}\n")
    for name, problems in result.problems.items():
        for problem in problems:
            level = "error" if args.strict else "warning"
            sys.stderr.write(f"khlang: {level}: {name}: {result.variant}: {problem}\n")
    if args.strict and result.problems:
        sys.stderr.write(f"khlang: nothing written: {len(result.problems)} packages the GD Catalog would refuse\n")
        return 1
    text = json.dumps(result.packages, ensure_ascii=False, indent=2) + "\n"
    if args.out:
        write_text(args.out, text)
        sys.stderr.write(f"{len(result.packages)} CKAN packages ({result.variant}) written to {args.out}\n")
    else:
        sys.stdout.write(text)
    return 0


@command("catalog", "publish")
def catalog_publish(args: argparse.Namespace) -> int:
    import os

    from khlang.catalog.ckan_publish import publish

    token = os.environ.get("KHLANG_CKAN_API_TOKEN") or None
    result = publish(_catalog(), args.ckan, token, args.schema, dry_run=args.dry_run)
    data = result.to_dict()

    def table(d: dict) -> str:
        rows = [{"package": o["name"], "action": ("would be " if d["dry_run"] else "") + o["action"],
                 "private": "yes" if o["private"] else "no", "fields": len(o["fields"]),
                 "resources": ", ".join(o["resources"])} for o in d["outcomes"]]
        calls = ", ".join(f"{k} {v}" for k, v in sorted(d["calls"].items()))
        return render_table(rows, ["package", "action", "private", "fields", "resources"]) + f"\ncalls: {calls}\n"

    emit(data, args.format, table)
    return 0


@command("catalog", "site")
def catalog_site(args: argparse.Namespace) -> int:
    from khlang.catalog.view import site_model
    from khlang.dates import utcnow
    from khlang.report.site import build_site

    out = args.out or settings().reports_dir / "catalog"
    build_site(site_model(_catalog(), _store(), utcnow(), settings().reports_dir), out)
    sys.stdout.write(f"catalogue site: {out / 'index.html'}\n")
    return 0


