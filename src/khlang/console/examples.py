"""Examples of failing records for a dataset page, masked for everyone but the dataset's owners and steward.

Row-wise checks (in set, regex, between, Thai national ID, lengths) and uniqueness are asked again of the
data, a few values each; consistency checks already keep masked examples in the store. Raw values are
cached per dataset and run in the console process only, and masked at render time for each viewer.
"""

from __future__ import annotations

import logging
from typing import Any

from khlang.declarations import Catalog
from khlang.harvest.pii import classify_value, mask

log = logging.getLogger("khlang.console")
LIMIT = 5


def raw_examples(console: Any, dataset: str, failing: list[dict], run_keys: list[str]) -> dict[str, list]:
    """{check id: [value, …]} for the failing checks, from the data itself (cached per dataset and run)."""
    key = f"examples:{dataset}:{','.join(run_keys)}"
    if key in console.cache:
        return console.cache[key]
    out: dict[str, list] = {}
    wanted = [f for f in failing if f["kind"] == "expectation" and f["column"]]
    if wanted:
        try:
            out = _query(console, dataset, wanted)
        except Exception as exc:  # the page still shows the counts when the data cannot be read now
            log.warning("console: examples of %s could not be read: %s", dataset, exc)
    console.cache[key] = out
    return out


def _query(console: Any, dataset: str, wanted: list[dict]) -> dict[str, list]:
    from khlang.quality import plan as p
    from khlang.quality.engines.duckdb import DuckDBEngine
    from khlang.quality.expectations import ColumnMap, Unique
    from khlang.quality.relations import Relations
    from khlang.quality.suite import suites_by_dataset

    suite = suites_by_dataset(console.settings.expectations_dir).get(dataset)
    if suite is None:
        return {}
    by_id = {suite.check_id(i): exp for i, exp in enumerate(suite.expectations)}
    out: dict[str, list] = {}
    with Relations(console.catalog, console.settings.data_dir) as rel:
        engine = DuckDBEngine(rel.con, rel.view(dataset))
        types = engine.column_types()
        kinds = {name: engine.kind(t) for name, t in types.items()}
        for f in wanted:
            exp = by_id.get(f["check"])
            column = exp.column if exp is not None else None
            if exp is None or column is None or column not in types:
                continue
            exp.types = kinds
            col = p.col(column)
            if isinstance(exp, ColumnMap):
                query = (p.select(col).distinct().from_(p.relation())
                         .where(p.exp.and_(p.not_null(col), p.exp.paren(exp.condition(col)))).limit(LIMIT))
            elif isinstance(exp, Unique):
                query = (p.select(col).from_(p.relation()).group_by(col.copy())
                         .having(p.exp.GT(this=p.count(), expression=p.exp.Literal.number(1))).limit(LIMIT))
            else:
                continue
            sql, params = engine.render(query)
            out[f["check"]] = [r[0] for r in rel.con.execute(sql, params).fetchall()]
    return out


def shown(catalog: Catalog, dataset: str, column: str | None, values: list, unmasked: bool) -> list[str]:
    """Values as this viewer may see them: PII masked unless they are an owner or the steward."""
    ds = catalog.datasets.get(dataset)
    declared = ds.column(column) if ds is not None and column else None
    out = []
    for value in values:
        text = value.isoformat() if hasattr(value, "isoformat") else str(value)
        if unmasked:
            out.append(text)
            continue
        label = (declared.pii if declared is not None else None) or classify_value(text)
        out.append(mask(text, label) if label else text)
    return out


def stored_text(value: object) -> str:
    """An example kept by a consistency check (masked when it was stored), as one readable line."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {stored_text(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return " / ".join(stored_text(v) for v in value)
    return "" if value is None else str(value)
