"""Drift: how each dataset changed since the previous snapshot."""

from __future__ import annotations

from dataclasses import dataclass

from khlang.catalog.findings import Finding


@dataclass(frozen=True)
class Shape:
    """The parts of a dataset that drift is measured on."""

    found: bool
    row_count: int | None
    columns: dict[str, str]


def compare(name: str, before: Shape | None, now: Shape, tolerance: float = 0.5) -> list[Finding]:
    """Findings for one dataset between two snapshots (nothing when there is no earlier one)."""
    if before is None:
        return [Finding(name, "drift", "dataset_added", "low", "first seen in this snapshot")] if now.found else []
    if before.found and not now.found:
        return [Finding(name, "drift", "dataset_missing", "high", "present in the previous snapshot, missing now")]
    if not now.found:
        return []
    if not before.found:
        return [Finding(name, "drift", "dataset_added", "low", "found again after being missing")]
    out = []
    for col in now.columns.keys() - before.columns.keys():
        out.append(Finding(name, "drift", "column_added", "medium", f"new column {col!r} ({now.columns[col]})", col))
    for col in before.columns.keys() - now.columns.keys():
        out.append(Finding(name, "drift", "column_removed", "high", f"column {col!r} was removed", col))
    for col in now.columns.keys() & before.columns.keys():
        if now.columns[col] != before.columns[col]:
            out.append(Finding(name, "drift", "column_retyped", "high",
                               f"column {col!r} changed type {before.columns[col]} → {now.columns[col]}", col))
    old, new = before.row_count or 0, now.row_count or 0
    if old != new and abs(new - old) / max(old, 1) > tolerance:
        change = (new - old) / max(old, 1)
        out.append(Finding(name, "drift", "row_count_jump", "medium",
                           f"row count {old:,} → {new:,} ({change:+.0%}, tolerance ±{tolerance:.0%})"))
    return sorted(out, key=lambda f: (f.code, f.column or ""))
