"""Checks of the EA inventory (สงพท.-10) against the catalogue, one function per finding (@ea_rule).

Datasets whose system is unknown or missing, datasets the inventory places in another system,
secret data held without the required controls, and To-Be systems with no project behind them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass

from khlang.declarations import Catalog
from khlang.declarations.systems import System
from khlang.registry import Registry

# Controls a system must declare to hold data of a classification (cumulative: top secret needs all).
REQUIRED_CONTROLS: dict[str, tuple[str, ...]] = {
    "secret": ("encryption_at_rest", "access_review"),
    "top_secret": ("encryption_at_rest", "access_review", "audit_log", "mfa"),
}


@dataclass(frozen=True)
class EaFinding:
    """One gap in the architecture inventory."""

    subject: str  # a dataset name or a system code
    finding: str
    severity: str
    detail: str

    def to_dict(self) -> dict:
        """JSON-ready: {"subject", "finding", "severity", "detail"}."""
        return asdict(self)


@dataclass(frozen=True)
class Inventory:
    """The catalogue and the systems inventory, with who holds what."""

    catalog: Catalog
    systems: dict[str, System]

    def system_of(self, name: str) -> str | None:
        """The system a dataset's declaration points at (its source_system, else its source's system)."""
        ds = self.catalog.datasets[name]
        source = self.catalog.sources.get(ds.source)
        return ds.source_system or (source.system if source else None)

    def holders(self, name: str) -> list[str]:
        """Systems whose inventory entry lists the dataset."""
        return sorted(code for code, s in self.systems.items() if name in s.datasets)

    def datasets_of(self, code: str) -> list[str]:
        """Datasets a system holds: listed in its entry, or pointing at it from the catalogue."""
        listed = set(self.systems[code].datasets) if code in self.systems else set()
        pointing = {n for n in self.catalog.datasets if self.system_of(n) == code}
        return sorted(listed | pointing)


Rule = Callable[[Inventory], Iterator[EaFinding]]
EA_RULES: Registry[str, Rule] = Registry("EA rule")


def ea_rule(code: str) -> Callable[[Rule], Rule]:
    """Register an EA rule under its finding code."""
    def register(fn: Rule) -> Rule:
        EA_RULES.add(code, fn)
        return fn
    return register


def check_inventory(inventory: Inventory) -> list[EaFinding]:
    """Every finding, worst first."""
    rank = {"high": 0, "medium": 1, "low": 2}
    found = [f for rule in EA_RULES.values() for f in rule(inventory)]
    return sorted(found, key=lambda f: (rank.get(f.severity, 3), f.finding, f.subject))


@ea_rule("unknown_system")
def _unknown_system(inv: Inventory) -> Iterator[EaFinding]:
    for name in sorted(inv.catalog.datasets):
        code = inv.system_of(name)
        if code and code not in inv.systems:
            yield EaFinding(name, "unknown_system", "high",
                            f"dataset {name} names system {code!r}, which is not in systems.yaml")


@ea_rule("no_system")
def _no_system(inv: Inventory) -> Iterator[EaFinding]:
    for name in sorted(inv.catalog.datasets):
        if not inv.system_of(name) and not inv.holders(name):
            yield EaFinding(name, "no_system", "medium",
                            f"dataset {name} names no system (source_system or its source's system) "
                            "and no system lists it")


@ea_rule("system_mismatch")
def _mismatch(inv: Inventory) -> Iterator[EaFinding]:
    for name in sorted(inv.catalog.datasets):
        code, holders = inv.system_of(name), inv.holders(name)
        if code and code in inv.systems and holders and code not in holders:
            yield EaFinding(name, "system_mismatch", "medium",
                            f"the catalogue places {name} in {code} but systems.yaml lists it under "
                            f"{', '.join(holders)}")


@ea_rule("secret_without_controls")
def _secret(inv: Inventory) -> Iterator[EaFinding]:
    for code in sorted(inv.systems):
        system = inv.systems[code]
        for name in inv.datasets_of(code):
            ds = inv.catalog.datasets.get(name)
            if ds is None:
                continue
            needed = REQUIRED_CONTROLS.get(ds.classification, ())
            missing = [c for c in needed if c not in system.security_controls]
            if missing:
                yield EaFinding(code, "secret_without_controls", "high",
                                f"{code} holds {name} ({ds.classification}) without "
                                f"{', '.join(missing)}")


@ea_rule("to_be_without_project")
def _to_be(inv: Inventory) -> Iterator[EaFinding]:
    for code in sorted(inv.systems):
        system = inv.systems[code]
        if system.ea_state == "to_be" and not (system.project or "").strip():
            yield EaFinding(code, "to_be_without_project", "medium",
                            f"To-Be system {code} ({system.name_th}) has no project to deliver it")
