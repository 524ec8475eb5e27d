"""The EA DAG's tasks (dags/khlang_ea.py): validate → check (kept in the store) → book, with lineage events."""

from __future__ import annotations

import datetime as dt

from khlang.config import settings

DAG_ID = "khlang_ea"


def _declaration_refs() -> list:
    from khlang.lineage.naming import file_ref

    cat = settings().catalog_dir
    return [file_ref(cat / "systems.yaml", "ทะเบียนระบบงาน · systems inventory"),
            file_ref(cat / "ea.yaml", "สถาปัตยกรรมองค์กร · EA views")]


def architecture(as_of: dt.date):  # noqa: ANN201
    """The EA as of a day, with the security checks' stored results (else the rules run now)."""
    from khlang.declarations import load_catalog
    from khlang.ea.views import Architecture, security_results
    from khlang.quality.records import latest_results
    from khlang.store import open_store

    cfg = settings()
    catalog = load_catalog(cfg.catalog_dir)
    stored = security_results(latest_results(open_store(cfg.store_url)))
    return Architecture.load(catalog, as_of, stored)


def validate(run_key: str | None) -> dict:
    """Validate systems.yaml and ea.yaml against the catalogue; fail the run on any error."""
    from khlang.dates import today_bangkok
    from khlang.declarations import load_catalog
    from khlang.ea.views import Architecture
    from khlang.lineage.events import lineage_run

    with lineage_run(f"{DAG_ID}.validate", _declaration_refs(), run_key=run_key, parent_job=DAG_ID):
        arch = Architecture.load(load_catalog(settings().catalog_dir), today_bangkok(), [])
    return {"systems": len(arch.systems), "elements": len(arch.ea.elements())}


def check(run_key: str, as_of: str | None = None) -> dict:
    """Run the EA checks and the gap analysis as of the day; keep them in the store (a re-run replaces them)."""
    from khlang.dates import parse_date, today_bangkok, utcnow
    from khlang.ea.gaps import ea_findings, gap_analysis
    from khlang.ea.gaps_records import record_ea_check
    from khlang.lineage.events import lineage_run
    from khlang.lineage.naming import store_ref
    from khlang.store import open_store

    cfg = settings()
    day = parse_date(as_of) if as_of else today_bangkok()
    with lineage_run(f"{DAG_ID}.check", _declaration_refs(), [store_ref(cfg.store_url, "ea_checks")],
                     run_key=run_key, parent_job=DAG_ID):
        arch = architecture(day)
        findings = [f.to_dict() for f in ea_findings(arch)]
        gaps = [g.to_dict() for g in gap_analysis(arch)]
        check_id = record_ea_check(open_store(cfg.store_url), run_key, day, utcnow(), findings, gaps)
    counts: dict[str, int] = {}
    for f in findings:
        counts[f["finding"]] = counts.get(f["finding"], 0) + 1
    return {"check_id": check_id, "as_of": day.isoformat(), "findings": len(findings), "gaps": len(gaps),
            "by_finding": counts}


def book(run_key: str, as_of: str | None = None, version: str | None = None, pdf: bool = True) -> str:
    """Rebuild reports/ea/<version>/ (the EA book, HTML and PDF, replaced whole)."""
    from khlang.dates import parse_date, today_bangkok
    from khlang.ea.book import build_book, current_version, stored_record
    from khlang.lineage.events import lineage_run
    from khlang.lineage.naming import file_ref

    cfg = settings()
    day = parse_date(as_of) if as_of else today_bangkok()
    name = version or current_version(day)
    out = cfg.reports_dir / "ea" / name
    with lineage_run(f"{DAG_ID}.book", _declaration_refs(), [file_ref(out, "สมุดสถาปัตยกรรมองค์กร · EA book")],
                     run_key=run_key, parent_job=DAG_ID):
        build_book(architecture(day), out, version=name, record=stored_record(name, day), pdf=pdf)
    return str(out / "index.html")
