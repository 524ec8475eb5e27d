"""The one shape every check result has, whatever produced it (suite, consistency or security)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

DIMENSIONS = ("completeness", "validity", "uniqueness", "consistency", "timeliness", "accuracy", "security")
SEVERITIES = ("low", "medium", "high", "critical")


@dataclass
class CheckResult:
    """What one check measured on one dataset."""

    kind: str  # "expectation" | "consistency" | "security"
    dataset: str
    check: str  # a stable name: suite expectation id, consistency id or security rule code
    type: str
    dimension: str
    success: bool
    element_count: int | None
    unexpected_count: int | None
    column: str | None = None
    weight: float = 1.0
    severity: str = "medium"
    observed: object = None
    details: dict = field(default_factory=dict)
    suite: str | None = None

    @property
    def fingerprint(self) -> str:
        """Identifies the same check across runs (issues are opened per fingerprint)."""
        key = "|".join([self.kind, self.dataset, self.check, self.type, self.column or ""])
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    @property
    def unexpected_percent(self) -> float | None:
        """Share of checked elements that failed, in percent."""
        if not self.element_count or self.unexpected_count is None:
            return None
        return 100.0 * self.unexpected_count / self.element_count

    def to_dict(self) -> dict:
        """JSON-ready, with the fingerprint."""
        data = asdict(self)
        data["fingerprint"] = self.fingerprint
        return data
