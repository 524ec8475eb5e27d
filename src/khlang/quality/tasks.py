"""The quality DAG's tasks: thin calls into khlang.quality.service."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from khlang.declarations import Catalog


def datasets(only: list[str] | None = None) -> list[str]:
    """The datasets a run checks, each by its own mapped task: `only` (the DAG's `datasets` param), else every
    declared dataset. A name that is not declared is an error naming it, before any check runs."""
    from khlang.config import settings
    from khlang.declarations import load_catalog
    from khlang.errors import KhlangError

    declared = sorted(load_catalog(settings().catalog_dir).datasets)
    if not only:
        return declared
    unknown = sorted(set(only) - set(declared))
    if unknown:
        raise KhlangError(f"datasets param: not declared in the catalogue (catalog/datasets/): {', '.join(unknown)} "
                          f"(declared: {', '.join(declared)})")
    return sorted(set(only))


DAG_ID = "khlang_quality"


def check(dataset: str, run_key: str, engine: str | None = None, suite_params: dict | None = None) -> dict:
    """One dataset's suite and consistency checks; a summary for XCom (and an OpenLineage run).

    `engine` is the DAG run's `engine` param (None: each source's own engine); `suite_params` its
    `suite_params` ({"$PARAMETER": NAME} values of the suites, as `khlang quality run --param` gives them)."""
    from khlang.config import settings
    from khlang.declarations import load_catalog
    from khlang.lineage.events import lineage_run
    from khlang.lineage.naming import dataset_ref, store_ref

    cfg = settings()
    catalog = load_catalog(cfg.catalog_dir)
    inputs = [dataset_ref(catalog, dataset, cfg.data_dir)] if dataset in catalog.datasets else []
    with lineage_run(f"{DAG_ID}.check.{dataset}", inputs, [store_ref(cfg.store_url, "check_results")],
                     run_key=run_key, parent_job=DAG_ID):
        from khlang.quality import spark_submit
        from khlang.quality.service import dataset_engine, usable_engine

        chosen = usable_engine(catalog, dataset, engine) if dataset in catalog.datasets else None
        if dataset in catalog.datasets and dataset_engine(catalog, dataset, chosen) == "spark" \
                and spark_submit.hand_off():  # Airflow's Spark provider runs it (spark-submit to its connection)
            return spark_submit.submit_check(dataset, run_key, suite_params)
        return run_checks(dataset, run_key, chosen, suite_params, catalog)


def run_checks(dataset: str, run_key: str, engine: str | None, suite_params: dict | None = None,
               catalog: Catalog | None = None) -> dict:
    """The checks of one dataset on `engine` (None: its own), stored under `run_key`; the task's summary."""
    from khlang.config import settings
    from khlang.quality.service import check_dataset
    from khlang.quality.suite import suites_by_dataset

    cfg = settings()
    suites = suites_by_dataset(cfg.expectations_dir, suite_params) if suite_params else None
    results = check_dataset(dataset, run_key, catalog=catalog, complete=False, suites=suites, engine=engine)
    return {"dataset": dataset, "checks": len(results), "failed": sum(not r.success for r in results)}


def security(run_key: str) -> dict:
    """Catalogue-wide security and risk checks."""
    from khlang.quality.service import check_security

    results = check_security(run_key, complete=False)
    return {"checks": len(results), "failed": sum(not r.success for r in results)}


def scores(run_key: str, only: list[str] | None = None) -> dict:
    """Scores from the newest results, kept for trends; the run is complete from then on (once the datasets it
    checked, `only` or every declared one, are written)."""
    from khlang.quality.service import score

    return score(run_key, datasets=datasets(only))["organisation"]
