"""Consistency checks (ความสอดคล้อง) declared in catalog/consistency.yaml, run as SQL over dataset views.

Each check type is one class registered in CONSISTENCY_TYPES (see base.consistency_type); adding a
type is one new class in this package and one import below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    PushdownContext,
    consistency_type,
    engine_error,
    failed,
)
from khlang.quality.engines.base import EngineRefused
from khlang.quality.relations import Relations
from khlang.quality.results import CheckResult

if TYPE_CHECKING:
    from khlang.quality.engines.servers import ServerEngine

__all__ = ["CONSISTENCY_TYPES", "ConsistencyCheck", "ConsistencyType", "consistency_type", "load_consistency",
           "run_consistency"]


def load_consistency(catalog: Catalog) -> list[ConsistencyCheck]:
    """The validated checks of catalog/consistency.yaml (none when the file is absent)."""
    return load_consistency_file(catalog, {name: cls.Params for name, cls in CONSISTENCY_TYPES.items()})


def run_consistency(catalog: Catalog, relations: Relations, checks: list[ConsistencyCheck],
                    dataset: str | None = None, engine: str | None = None) -> list[CheckResult]:
    """Run the checks (only those of `dataset` when given); a check that cannot run fails on its own.

    `engine` is the quality engine of the run's dataset: when it pushes down into a database server and every
    dataset a check reads is in that same source, a check type that can (ConsistencyType.pushdown) runs in
    the server; otherwise in DuckDB over the dataset views (which read the data out).
    """
    ctx = Context(catalog, relations)
    out: list[CheckResult] = []
    for check in checks:
        if dataset is not None and check.dataset != dataset:
            continue
        kind = CONSISTENCY_TYPES[check.type]()
        try:
            server = _server(catalog, check, kind, engine)
            if server is None:
                out += kind.run(ctx, check)
            else:
                with server:
                    out += kind.run(PushdownContext(catalog, relations, server), check)
        except (CheckFailed, SourceError, EngineRefused) as exc:
            out += [failed(check, cid, col, str(exc)) for cid, col in kind.outcomes(check)]
        except duckdb.Error as exc:
            out += [failed(check, cid, col, engine_error(exc)) for cid, col in kind.outcomes(check)]
    return out


def _server(catalog: Catalog, check: ConsistencyCheck, kind: ConsistencyType,
            engine: str | None) -> ServerEngine | None:
    """The server engine a check runs in, or None (DuckDB): see run_consistency."""
    from khlang.quality.engines import ENGINES
    from khlang.quality.engines.servers import ServerEngine

    cls = ENGINES.get(engine) if engine is not None else None
    if not kind.pushdown or cls is None or not issubclass(cls, ServerEngine):
        return None
    read = {d for _, d, _ in check.params.references(check.dataset)} - {check.dataset}
    source = catalog.datasets[check.dataset].source
    if any(d not in catalog.datasets or catalog.datasets[d].source != source for d in read):
        return None  # a dataset of another source: both are read where they can be joined, in DuckDB
    return cls.over(catalog, check.dataset, sorted(read))
