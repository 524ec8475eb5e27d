"""Handlers of the CLI commands: thin wrappers over library functions."""

from __future__ import annotations

import argparse
import sys

from khlang.cli import command, emit, render_table
from khlang.config import settings


def _catalog():  # noqa: ANN202
    from khlang.declarations import load_catalog

    return load_catalog(settings().catalog_dir)


def _store():  # noqa: ANN202
    from khlang.store import open_store

    return open_store(settings().store_url)


@command("sample", "generate")
def sample_generate(args: argparse.Namespace) -> int:
    from khlang.sample import generate

    out = args.out or settings().data_dir
    truth = generate(out, rows=args.rows, seed=args.seed)
    summary = {"out": str(out), "rows": args.rows, "defects": len(truth["defects"]),
               "files": {k: v.get("rows") for k, v in truth["files"].items()}}
    emit(summary, args.format, lambda s: f"sample written to {s['out']}: {s['rows']:,} movements, "
                                         f"{s['defects']} planted defects (ground_truth.json)\n")
    return 0


@command("catalog", "scan")
def catalog_scan(args: argparse.Namespace) -> int:
    from khlang.harvest.scan import scan_location

    profiles = [p.to_dict() for p in scan_location(args.source, encoding=args.encoding)]
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
    cat = _catalog()
    data = {"ok": True, "datasets": len(cat.datasets), "sources": len(cat.sources), "people": len(cat.people)}
    emit(data, args.format, lambda d: f"catalogue OK: {d['datasets']} datasets, {d['sources']} sources, "
                                      f"{d['people']} people\n")
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

    packages, missing = export(_catalog())
    text = json.dumps(packages, ensure_ascii=False, indent=2) + "\n"
    if args.out:
        write_text(args.out, text)
        sys.stderr.write(f"{len(packages)} CKAN packages written to {args.out}\n")
    else:
        sys.stdout.write(text)
    for name, fields in missing.items():
        sys.stderr.write(f"khlang: warning: {name}: GD Catalog mandatory fields missing: {', '.join(fields)}\n")
    return 1 if (args.strict and missing) else 0


@command("catalog", "site")
def catalog_site(args: argparse.Namespace) -> int:
    from khlang.catalog.view import site_model
    from khlang.dates import utcnow
    from khlang.report.site import build_site

    out = args.out or settings().reports_dir / "catalog"
    build_site(site_model(_catalog(), _store(), utcnow()), out)
    sys.stdout.write(f"catalogue site: {out / 'index.html'}\n")
    return 0


@command("store", "upgrade")
def store_upgrade(_args: argparse.Namespace) -> int:
    from khlang.store.migrate import current

    store = _store()
    sys.stdout.write(f"store at revision {current(store.engine)}\n")
    return 0
