"""The issues DAG's notify task: a thin call returning a small dict for XCom."""

from __future__ import annotations


def notify(run_key: str, moment: str | None = None) -> dict:
    """Tell people what is assigned, overdue and escalated, the Director what waits, and retry the unsent."""
    from khlang.config import settings
    from khlang.dates import today_bangkok
    from khlang.declarations import load_catalog
    from khlang.governance.periods import containing
    from khlang.governance.tasks import as_of_from
    from khlang.notify.compose import report_published
    from khlang.notify.service import notify as do_notify
    from khlang.store import open_store

    cfg = settings()
    catalog = load_catalog(cfg.catalog_dir)
    as_of = as_of_from(moment) or today_bangkok()
    period = containing(as_of).code
    pdf = cfg.reports_dir / "committee" / period / "index.pdf"
    extra = report_published(catalog, period, str(pdf)) if pdf.is_file() else []
    return do_notify(open_store(cfg.store_url), catalog, as_of, run_key, extra)
