"""Consistency checks (ความสอดคล้อง) declared in catalog/consistency.yaml, run as SQL over dataset views.

Each check type is one class registered in CONSISTENCY_TYPES (see base.consistency_type); adding a
type is one new class in this package and one import below.
"""

from __future__ import annotations

import duckdb

from khlang.declarations import Catalog
from khlang.declarations.quality_decl import ConsistencyCheck, load_consistency_file
from khlang.errors import SourceError
from khlang.quality.consistency import balances, duplicates, references, systems  # noqa: F401  (registration)
from khlang.quality.consistency.base import (
    CONSISTENCY_TYPES,
    CheckFailed,
    ConsistencyType,
    Context,
    consistency_type,
    engine_error,
    failed,
)
from khlang.quality.relations import Relations
from khlang.quality.results import CheckResult

__all__ = ["CONSISTENCY_TYPES", "ConsistencyCheck", "ConsistencyType", "consistency_type", "load_consistency",
           "run_consistency"]


def load_consistency(catalog: Catalog) -> list[ConsistencyCheck]:
    """The validated checks of catalog/consistency.yaml (none when the file is absent)."""
    return load_consistency_file(catalog, {name: cls.Params for name, cls in CONSISTENCY_TYPES.items()})


def run_consistency(catalog: Catalog, relations: Relations, checks: list[ConsistencyCheck],
                    dataset: str | None = None) -> list[CheckResult]:
    """Run the checks (only those of `dataset` when given); a check that cannot run fails on its own."""
    ctx = Context(catalog, relations)
    out: list[CheckResult] = []
    for check in checks:
        if dataset is not None and check.dataset != dataset:
            continue
        kind = CONSISTENCY_TYPES[check.type]()
        try:
            out += kind.run(ctx, check)
        except (CheckFailed, SourceError) as exc:
            out += [failed(check, cid, col, str(exc)) for cid, col in kind.outcomes(check)]
        except duckdb.Error as exc:
            out += [failed(check, cid, col, engine_error(exc)) for cid, col in kind.outcomes(check)]
    return out
