"""Quality runs as the CLI and the DAG do them: check, store, score."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from khlang.config import settings
from khlang.dates import today_bangkok, utcnow
from khlang.declarations import Catalog, load_catalog
from khlang.quality.results import CheckResult
from khlang.store import Store, open_store

if TYPE_CHECKING:
    from khlang.quality.engines import Target
    from khlang.quality.relations import Relations
    from khlang.quality.suite import Suite


def _context() -> tuple[Catalog, Store]:
    cfg = settings()
    return load_catalog(cfg.catalog_dir), open_store(cfg.store_url)


UNREADABLE = "source_readable"  # the check that fails when a dataset's data cannot be read at all


def unreadable(dataset: str, reason: str, suite: str | None) -> CheckResult:
    """The failed check that stands for a suite that could not run because the data cannot be read."""
    return CheckResult(kind="expectation", dataset=dataset, check=UNREADABLE, type=UNREADABLE,
                       dimension="completeness", success=False, element_count=None, unexpected_count=None,
                       severity="high", details={"error": reason}, suite=suite)


def _read_problem(rel: Relations, dataset: str) -> str | None:
    """Why the dataset's data cannot be read (None when it can): checked before its suite runs."""
    import duckdb

    from khlang.errors import SourceError
    from khlang.harvest.readers import duckdb_reason

    try:
        view = rel.view(dataset)
        rel.con.execute(f"DESCRIBE SELECT * FROM {view}").fetchall()
    except SourceError as exc:
        return str(exc)
    except duckdb.Error as exc:
        return f"cannot read: {duckdb_reason(exc)}"
    return None


def dataset_engine(catalog: Catalog, dataset: str, requested: str | None = None) -> str:
    """The quality engine of a dataset: the run's `--engine`, else its source's `engine:`, else the default
    (pushdown for PostgreSQL and MySQL sources, DuckDB for the others)."""
    from khlang.quality.engines import choose

    source = catalog.sources[catalog.datasets[dataset].source]
    return choose(source.type, source.engine, requested)


def check_dataset(dataset: str, run_key: str, catalog: Catalog | None = None, store: Store | None = None,
                  data_dir: Path | None = None, suites: dict | None = None,
                  checks: list | None = None, complete: bool = True, engine: str | None = None) -> list[CheckResult]:
    """Run the dataset's suite and the consistency checks declared on it; store the results.

    `suites` and `checks` may be passed in already parsed when many datasets are checked in one go;
    `complete=False` when this dataset is one part of a longer quality run (completed by `score`).
    `engine` names the quality engine for this run (default: see dataset_engine).
    Data that cannot be read fails one check with the reason instead of stopping the run.
    """
    from khlang.quality.consistency import load_consistency, run_consistency
    from khlang.quality.engines import DEFAULT_ENGINE, Target
    from khlang.quality.records import record
    from khlang.quality.relations import Relations
    from khlang.quality.runner import run_suite
    from khlang.quality.suite import suites_by_dataset

    cfg = settings()
    if catalog is None:
        catalog = load_catalog(cfg.catalog_dir)
    if store is None:
        store = open_store(cfg.store_url)
    if dataset not in catalog.datasets:
        from khlang.errors import KhlangError

        raise KhlangError(f"unknown dataset {dataset!r} (declared: {', '.join(sorted(catalog.datasets))})")
    if suites is None:
        suites = suites_by_dataset(cfg.expectations_dir)
    if checks is None:
        checks = load_consistency(catalog)
    name = dataset_engine(catalog, dataset, engine)
    results: list[CheckResult] = []
    suite = suites.get(dataset)
    with Relations(catalog, data_dir or cfg.data_dir) as rel:
        if name == DEFAULT_ENGINE:
            problem = _read_problem(rel, dataset)
            if problem is not None:
                results.append(unreadable(dataset, problem, suite.name if suite else None))
            elif suite is not None:
                results += run_suite(suite, rel.con, rel.view(dataset), dataset)
        elif suite is not None:
            results += _run_on_engine(name, suite, Target(catalog, dataset, data_dir or cfg.data_dir, rel))
        results += run_consistency(catalog, rel, checks, dataset=dataset, engine=name)
    record(store, run_key, results, utcnow(), datasets=[dataset], scope="data", complete=complete)
    return results


def _run_on_engine(name: str, suite: Suite, target: Target) -> list[CheckResult]:
    """A suite on a named engine; data the engine cannot reach fails one check with the reason."""
    from khlang.errors import SourceError
    from khlang.quality.engines import ENGINES
    from khlang.quality.runner import run_on

    try:
        with ENGINES[name].open(target) as eng:
            return run_on(suite, eng, target.dataset)
    except SourceError as exc:
        return [unreadable(target.dataset, str(exc), suite.name)]


def check_security(run_key: str, as_of: dt.date | None = None, catalog: Catalog | None = None,
                   store: Store | None = None, data_dir: Path | None = None,
                   complete: bool = True) -> list[CheckResult]:
    """Security and risk checks over the catalogue and the access register; store the results."""
    from khlang.quality.records import record
    from khlang.quality.relations import Relations
    from khlang.quality.security import load_access_register, run_security

    cfg = settings()
    if catalog is None or store is None:
        catalog, store = _context()
    from khlang.catalog.sync import people_unit_history

    register = load_access_register(catalog)
    day = as_of or today_bangkok()
    with Relations(catalog, data_dir or cfg.data_dir) as rel:
        results = run_security(catalog, register, day, relations=rel, unit_history=people_unit_history(store, day))
    record(store, run_key, results, utcnow(), datasets=sorted(catalog.datasets), scope="security",
           complete=complete)
    return results


def score(run_key: str, store: Store | None = None, datasets: list[str] | None = None) -> dict:
    """Compute and keep scores from each dataset's newest results, ending the quality run `run_key`.

    The run is marked complete with its scores, and only once every dataset in `datasets` (by default
    the catalogue's) and the security checks are written; until then readers keep seeing the last
    complete run.
    """
    from khlang.quality.records import latest_results
    from khlang.quality.scores import compute, organisation, store_scores

    if store is None or datasets is None:
        catalog, default_store = _context()
        store = store or default_store
        datasets = sorted(catalog.datasets) if datasets is None else datasets
    scores = compute(latest_results(store, include_run=run_key))
    store_scores(store, run_key, scores, utcnow(), datasets=datasets)
    return {"run_key": run_key, "organisation": organisation(scores), "datasets": scores}


def check_everything(run_key: str, as_of: dt.date | None = None, engine: str | None = None) -> dict:
    """Every dataset, then security, then scores: what `khlang quality run` does without --dataset.

    `engine` is the run's choice for every dataset whose source it can check (the others keep theirs).
    """
    from khlang.quality.consistency import load_consistency
    from khlang.quality.suite import suites_by_dataset

    catalog, store = _context()
    suites, checks = suites_by_dataset(settings().expectations_dir), load_consistency(catalog)
    per_dataset = {name: check_dataset(name, run_key, catalog, store, suites=suites, checks=checks, complete=False,
                                       engine=usable_engine(catalog, name, engine))
                   for name in sorted(catalog.datasets)}
    security = check_security(run_key, as_of, catalog, store, complete=False)
    could_not_read = {name: r.details["error"] for name, rs in per_dataset.items() for r in rs
                      if r.check == UNREADABLE and not r.success}
    return {"datasets": per_dataset, "security": security, "unreadable": could_not_read,
            "scores": score(run_key, store, sorted(catalog.datasets))}


def usable_engine(catalog: Catalog, dataset: str, engine: str | None) -> str | None:
    """The run's engine for a dataset when it can check the dataset's source, else None (its own choice)."""
    from khlang.quality.engines import ENGINES
    from khlang.quality.engines.base import can_check

    if engine is None:
        return None
    return engine if can_check(ENGINES[engine], catalog.sources[catalog.datasets[dataset].source].type) else None
