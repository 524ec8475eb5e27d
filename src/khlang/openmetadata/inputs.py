"""What the OpenMetadata source reads from Khlang: the catalogue, the newest snapshot, quality runs, lineage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from khlang.declarations import Catalog
from khlang.quality.results import CheckResult
from khlang.store import Store


@dataclass(frozen=True)
class RunResult:
    """One check's outcome in one stored run, keyed by the check's fingerprint."""

    fingerprint: str
    run_key: str
    finished_at: dt.datetime
    success: bool
    element_count: int | None
    unexpected_count: int | None


@dataclass
class Inputs:
    """Everything the source sends, read once before the workflow starts."""

    catalog: Catalog
    snapshot: dict | None
    checks: dict[str, list[CheckResult]] = field(default_factory=dict)  # the latest run's checks per dataset
    history: dict[str, list[RunResult]] = field(default_factory=dict)  # fingerprint → every run, oldest first
    edges: list[tuple[str, str]] = field(default_factory=list)  # declared derived_from: (parent, child)
    glossary: list = field(default_factory=list)  # no glossary is declared yet


def load_inputs(catalog_dir: Path | str | None = None, store_url: str | None = None) -> Inputs:
    """The configured installation's catalogue and store (the same settings as every other command)."""
    from khlang.catalog.view import latest_snapshot
    from khlang.config import settings
    from khlang.declarations import load_catalog
    from khlang.quality.records import latest_results
    from khlang.store import open_store

    cfg = settings()
    catalog = load_catalog(Path(catalog_dir) if catalog_dir else cfg.catalog_dir)
    store = open_store(store_url or cfg.store_url)
    checks: dict[str, list[CheckResult]] = {}
    for result in latest_results(store):
        if result.dataset in catalog.datasets:
            checks.setdefault(result.dataset, []).append(result)
    for results in checks.values():
        results.sort(key=lambda r: (r.kind, r.check, r.column or ""))
    return Inputs(catalog, latest_snapshot(store), checks, run_history(store), declared_edges(catalog))


def run_history(store: Store) -> dict[str, list[RunResult]]:
    """Every stored result of every check, oldest first, so each test case gets its results per run."""
    from khlang.quality.records import QualityRun

    out: dict[str, list[RunResult]] = {}
    with store.reading() as session:
        runs = session.scalars(select(QualityRun).options(selectinload(QualityRun.results))
                               .order_by(QualityRun.finished_at, QualityRun.id))
        for run in runs:
            for row in run.results:
                out.setdefault(row.fingerprint, []).append(RunResult(
                    row.fingerprint, run.run_key, run.finished_at, row.success, row.element_count,
                    row.unexpected_count))
    return out


def declared_edges(catalog: Catalog) -> list[tuple[str, str]]:
    """Dataset-to-dataset lineage as declared (derived_from), parent first, in a stable order."""
    return sorted((parent, ds.name) for ds in catalog.datasets.values() for parent in ds.derived_from
                  if parent in catalog.datasets)
