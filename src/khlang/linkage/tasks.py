"""The weekly linkage DAG's tasks: validate → check (kept in the store) → report, each with lineage events."""

from __future__ import annotations

from khlang.config import settings

DAG_ID = "khlang_linkage"


def _register_ref():  # noqa: ANN202
    from khlang.lineage.naming import file_ref

    return file_ref(settings().catalog_dir / "linkages.yaml", "ทะเบียนการเชื่อมโยงข้อมูล · linkage register")


def _store_inputs(store_url: str) -> list:
    """What the check reads from the store besides the register: the recorded steps and analyses."""
    from khlang.lineage.naming import store_ref

    return [store_ref(store_url, "linkage_transitions"), store_ref(store_url, "linkage_analyses")]


def validate(run_key: str) -> dict:
    """Validate linkages.yaml against the catalogue and the workflow; fail the run on any error."""
    from khlang.declarations import load_catalog
    from khlang.lineage.events import lineage_run
    from khlang.linkage.register import load_register

    with lineage_run(f"{DAG_ID}.validate", [_register_ref()], run_key=run_key, parent_job=DAG_ID):
        register = load_register(load_catalog(settings().catalog_dir))
    return {"linkages": len(register.entries)}


def check(run_key: str, as_of: str | None = None) -> dict:
    """Run every finding rule and keep this run's findings in the store (re-runs replace them)."""
    from khlang.dates import parse_date
    from khlang.declarations import load_catalog
    from khlang.lineage.events import lineage_run
    from khlang.lineage.naming import store_ref
    from khlang.linkage.runs import check_register, record_check
    from khlang.store import open_store

    cfg = settings()
    outputs = [store_ref(cfg.store_url, "linkage_checks"), store_ref(cfg.store_url, "linkage_check_findings")]
    inputs = [_register_ref(), *_store_inputs(cfg.store_url)]
    with lineage_run(f"{DAG_ID}.check", inputs, outputs, run_key=run_key, parent_job=DAG_ID):
        store = open_store(cfg.store_url)
        result = check_register(load_catalog(cfg.catalog_dir), store, parse_date(as_of) if as_of else None)
        check_id = record_check(store, result, run_key)
    counts: dict[str, int] = {}
    for f in result.findings:
        counts[f.finding] = counts.get(f.finding, 0) + 1
    return {"check_id": check_id, "as_of": result.as_of.isoformat(), "findings": len(result.findings),
            "by_finding": counts}


def report(run_key: str, as_of: str | None = None) -> str:
    """Rebuild reports/linkage/index.html (replaced whole)."""
    from khlang.dates import parse_date, utcnow
    from khlang.declarations import load_catalog
    from khlang.lineage.events import lineage_run
    from khlang.lineage.naming import file_ref
    from khlang.linkage.report import build_register_report, report_model
    from khlang.linkage.runs import check_register
    from khlang.store import open_store

    cfg = settings()
    out = cfg.reports_dir / "linkage"
    inputs = [_register_ref(), *_store_inputs(cfg.store_url)]
    with lineage_run(f"{DAG_ID}.report", inputs, [file_ref(out / "index.html", "รายงานการเชื่อมโยงข้อมูล")],
                     run_key=run_key, parent_job=DAG_ID):
        catalog = load_catalog(cfg.catalog_dir)
        store = open_store(cfg.store_url)
        result = check_register(catalog, store, parse_date(as_of) if as_of else None)
        build_register_report(report_model(result, catalog, utcnow()), out, catalog, store)
    return str(out / "index.html")
