"""The governance loop as the CLI and the DAG run it: sync issues, check compliance, build the report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from khlang.config import settings
from khlang.dates import today_bangkok, utcnow
from khlang.declarations import Catalog, load_catalog
from khlang.governance.policies import PolicySet, load_policies
from khlang.store import Store, open_store

if TYPE_CHECKING:
    from khlang.identity import Actor


def context() -> tuple[Catalog, PolicySet, Store]:
    """The validated catalogue and policies (before the store is touched), then the store.

    The policies carry the Director's approvals and the communications recorded in the store.
    """
    from khlang.governance.policy_decisions import with_decisions

    catalog = load_catalog(settings().catalog_dir)
    policies = load_policies(catalog)
    store = open_store(settings().store_url)
    return catalog, with_decisions(policies, store), store


def run_key_or_manual(run_key: str | None) -> str:
    return run_key or f"manual__{utcnow().isoformat()}"


def sync(run_key: str | None = None, as_of: dt.date | None = None, actor: Actor | None = None) -> dict:
    """Open, resolve and reopen issues from every source and escalate what is overdue (the DAG: as SCHEDULER)."""
    from khlang.governance.sync import sync_issues
    from khlang.identity import SCHEDULER

    catalog, policies, store = context()
    return sync_issues(catalog, store, run_key_or_manual(run_key), as_of or today_bangkok(), policies,
                       actor or SCHEDULER)


def check_policies(run_key: str | None = None, as_of: dt.date | None = None) -> dict:
    """Evaluate and keep compliance with every policy in force, with the step-8 measures."""
    from khlang.governance.compliance import check_compliance

    catalog, policies, store = context()
    return check_compliance(catalog, store, policies, run_key_or_manual(run_key), as_of or today_bangkok())


def build_report(period_code: str | None = None, as_of: dt.date | None = None, out: Path | None = None,
                 pdf: bool = True) -> dict:
    """Build reports/committee/<period>/ (index.html, index.pdf, summary.json) for a period (default: as_of's
    quarter)."""
    from khlang.governance.periods import containing, parse_period
    from khlang.governance.summary import committee_model
    from khlang.report.committee import build_committee_report, director_summary

    period = parse_period(period_code) if period_code else containing(as_of or today_bangkok())
    catalog, policies, store = context()
    model = committee_model(catalog, store, policies, period, as_of)
    out_dir = out or settings().reports_dir / "committee" / period.code
    written = build_committee_report(model, out_dir, pdf=pdf)
    return {"period": period.code, "out": str(out_dir), "files": [str(p) for p in written],
            "summary": director_summary(model)}
