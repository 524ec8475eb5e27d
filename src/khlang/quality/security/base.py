"""What every security rule shares: the registry, the context it looks at, and result building."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from khlang.declarations import Catalog, Dataset
from khlang.declarations.models import Person
from khlang.declarations.quality_decl import AccessRegister, Grant
from khlang.quality.results import CheckResult
from khlang.registry import Registry

if TYPE_CHECKING:
    from khlang.harvest.scan import DatasetProfile
    from khlang.quality.relations import Relations

# ชั้นความลับ: ลับ (confidential), ลับมาก (secret), ลับที่สุด (top secret) are all secret classes.
SECRET_CLASSES = ("confidential", "secret", "top_secret")


@dataclass(frozen=True)
class Rule:
    """A registered security rule: its code, how serious a finding is, and the function that judges."""

    code: str
    severity: str
    weight: float
    judge: Callable[[Context], Iterator[CheckResult]]


SECURITY_RULES: Registry[str, Rule] = Registry("security rule")


def security_rule(code: str, severity: str = "high", weight: float = 1.0) -> Callable:
    """Register a rule under its code; run_security runs every registered rule."""
    def register(fn: Callable[[Context], Iterator[CheckResult]]) -> Callable:
        SECURITY_RULES.add(code, Rule(code, severity, weight, fn))
        return fn
    return register


@dataclass
class Context:
    """What the rules may look at, as of one day."""

    catalog: Catalog
    register: AccessRegister
    as_of: dt.date
    relations: Relations | None = None
    profiles: dict[str, DatasetProfile] | None = None
    # The organisation as the catalogue snapshots saw it: (day taken, person id → unit), oldest first
    # (khlang.catalog.sync.people_unit_history); empty when no store is at hand.
    unit_history: list[tuple[dt.date, dict[str, str]]] = field(default_factory=list)

    def datasets(self) -> list[Dataset]:
        """Every catalogued dataset, by name."""
        return self.catalog.by_kind()

    def grants_on(self, dataset: str) -> list[Grant]:
        """Grants on the dataset in force on as_of (granted by then, neither expired nor revoked)."""
        return [g for g in self.register.grants if g.dataset == dataset and g.in_force(self.as_of)]

    def has_left(self, person: Person | None) -> bool:
        """Whether the person is no longer with อคส. on as_of."""
        if person is None:
            return False
        return not person.active or (person.left_on is not None and person.left_on <= self.as_of)

    def holders(self, ds: Dataset) -> set[str]:
        """The people named on the dataset: business and digital owner, steward."""
        return {p for p in (ds.business_owner, ds.digital_owner, ds.steward) if p}

    def owning_units(self, ds: Dataset) -> set[str]:
        """The units of the people named on the dataset."""
        return {self.catalog.people[p].unit for p in self.holders(ds) if p in self.catalog.people}


def finding(ctx: Context, code: str, ds: Dataset, *, element_count: int | None, unexpected_count: int | None,
            target: str | None = None, column: str | None = None, observed: object = None,
            details: dict | None = None, success: bool | None = None) -> CheckResult:
    """A security CheckResult for one rule on one dataset (or one column of it)."""
    rule = SECURITY_RULES[code]
    return CheckResult(
        kind="security", dataset=ds.name, check=f"{code}:{target or ds.name}", type=code, dimension="security",
        success=(unexpected_count == 0) if success is None else success, element_count=element_count,
        unexpected_count=unexpected_count, column=column, weight=rule.weight, severity=rule.severity,
        observed=observed, details={"as_of": ctx.as_of.isoformat(), **(details or {})},
    )
