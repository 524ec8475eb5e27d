"""Findings of a catalogue sync: drift since the last snapshot and governance gaps."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Finding:
    """One thing a steward should look at."""

    dataset: str
    category: str  # "drift" | "gap"
    code: str
    severity: str  # "high" | "medium" | "low"
    detail: str
    column: str | None = None

    def to_dict(self) -> dict:
        """JSON-ready."""
        return asdict(self)
