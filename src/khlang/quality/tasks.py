"""The quality DAG's tasks: thin calls into khlang.quality.service."""

from __future__ import annotations


def datasets() -> list[str]:
    """The declared datasets, each checked by its own mapped task."""
    from khlang.config import settings
    from khlang.declarations import load_catalog

    return sorted(load_catalog(settings().catalog_dir).datasets)


def check(dataset: str, run_key: str) -> dict:
    """One dataset's suite and consistency checks; a summary for XCom."""
    from khlang.quality.service import check_dataset

    results = check_dataset(dataset, run_key)
    return {"dataset": dataset, "checks": len(results), "failed": sum(not r.success for r in results)}


def security(run_key: str) -> dict:
    """Catalogue-wide security and risk checks."""
    from khlang.quality.service import check_security

    results = check_security(run_key)
    return {"checks": len(results), "failed": sum(not r.success for r in results)}


def scores(run_key: str) -> dict:
    """Scores from the newest results, kept for trends."""
    from khlang.quality.service import score

    return score(run_key)["organisation"]
