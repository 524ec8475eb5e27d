"""The technology value assessment (สงพท.-10 step 8): per system its cost, its use and its business value.

Cost is declared per system and year in catalog/ea_costs.yaml (licences, support, hosting, in baht; and the number
of staff users); use is the reads of the system's datasets in catalog/usage.yaml (summarised from the access logs);
business value is scored 1–5 by the system's business and digital owners (systems.yaml) in the console. The
ranking puts the highest value first, then the cheapest per use; a system's cost is out of line when it is used by
nobody, costs more than three times the median per read, or has low value (below ปานกลาง) at a cost at or above the
median.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from khlang.declarations import Catalog, Collector
from khlang.declarations.models import Strict
from khlang.ea.process import EaProcessError, Rec, _needs, _write, records
from khlang.identity import Actor, authorize
from khlang.store import Store

COSTS_FILE = "ea_costs.yaml"
OUT_OF_LINE_RATIO = 3.0
LOW_VALUE = 2.61  # below ปานกลาง on the five-band scale (khlang.pir.scoring.LEVELS)
# Why a system's cost is out of line (labels: labels.EA_VALUE_FLAGS).
FLAGS: tuple[str, ...] = ("not_used", "cost_per_use_high", "low_value_high_cost")


class CostEntry(Strict):
    """One system's yearly cost (baht) and its number of users."""

    system: str
    year: int = Field(ge=2400, le=2700)
    licences: float = Field(0, ge=0)
    support: float = Field(0, ge=0)
    hosting: float = Field(0, ge=0)
    users: int | None = Field(None, ge=0)
    source: str | None = None

    @property
    def total(self) -> float:
        return self.licences + self.support + self.hosting


def load_costs(catalog: Catalog, systems: dict, path: Path | None = None) -> dict[str, CostEntry]:
    """catalog/ea_costs.yaml, checked at file:line:field (unknown system, the same system and year twice); the
    newest year of each system. No file: no costs declared."""
    path = path or (Path(catalog.directory) / COSTS_FILE if catalog.directory else None)
    if path is None or not path.exists():
        return {}
    col = Collector()
    doc = col.document(path)
    out: dict[str, CostEntry] = {}
    seen: set[tuple[str, int]] = set()
    if doc is not None:
        for entry, loc in col.items(doc, "costs", CostEntry):
            if systems and entry.system not in systems:
                col.add(doc, (*loc, "system"), f"unknown system {entry.system!r} (systems: {', '.join(systems)})")
            elif (entry.system, entry.year) in seen:
                col.add(doc, (*loc, "year"), f"{entry.system} {entry.year} is listed twice")
            else:
                seen.add((entry.system, entry.year))
                if entry.system not in out or out[entry.system].year < entry.year:
                    out[entry.system] = entry
    col.raise_if_any()
    return out


@dataclass(frozen=True)
class Inputs:
    """What the assessment reads: the systems, their costs, the reads of each dataset, the owners' scores."""

    systems: dict
    costs: dict[str, CostEntry]
    reads: dict[str, int]  # dataset → reads over the usage window
    months: int
    scores: dict[str, dict[str, int]]  # system → person → score


def _inputs(catalog: Catalog, recs: list[Rec]) -> Inputs:
    from khlang.declarations.systems import load_systems
    from khlang.governance.policies import load_policies

    systems = load_systems(catalog) if catalog.directory and catalog.file("systems.yaml").exists() else {}
    usage = load_policies(catalog).usage if catalog.directory else []
    reads: dict[str, int] = {}
    for u in usage:
        reads[u.dataset] = reads.get(u.dataset, 0) + u.reads
    scores: dict[str, dict[str, int]] = {}
    for r in recs:
        if r.kind == "value_score":
            scores.setdefault(r.data["system"], {})[r.by] = int(r.data["score"])
    return Inputs(systems, load_costs(catalog, systems), reads, len({u.month for u in usage}), scores)


def assessment(catalog: Catalog, recs: list[Rec]) -> dict:
    """Each system's cost, use and value, the ranking and the systems whose cost is out of line."""
    from khlang.ea.checks import Inventory
    from khlang.pir.scoring import level

    inp = _inputs(catalog, recs)
    inventory = Inventory(catalog, inp.systems)
    rows = []
    for code in sorted(inp.systems):
        s = inp.systems[code]
        cost = inp.costs.get(code)
        datasets = inventory.datasets_of(code)
        measured = [d for d in datasets if d in inp.reads]
        reads = sum(inp.reads[d] for d in measured) if measured else None
        given = inp.scores.get(code, {})
        value = round(sum(given.values()) / len(given), 2) if given else None
        total = cost.total if cost else None
        rows.append({"system": code, "name_th": s.name_th, "ea_state": s.ea_state,
                     "cost": ({"year": cost.year, "licences": cost.licences, "support": cost.support,
                               "hosting": cost.hosting, "total": total} if cost else None),
                     "users": cost.users if cost else None, "transactions": reads, "usage_months": inp.months,
                     "cost_per_use": round(total / reads, 2) if total is not None and reads else None,
                     "value": value, "value_level": level(value), "scored_by": sorted(given), "flags": []})
    per_use = [r["cost_per_use"] for r in rows if r["cost_per_use"] is not None]
    totals = [r["cost"]["total"] for r in rows if r["cost"]]
    median_use = statistics.median(per_use) if per_use else None
    median_cost = statistics.median(totals) if totals else None
    for r in rows:
        total = r["cost"]["total"] if r["cost"] else None
        if total and r["transactions"] == 0:
            r["flags"].append("not_used")
        if median_use and r["cost_per_use"] is not None and r["cost_per_use"] > OUT_OF_LINE_RATIO * median_use:
            r["flags"].append("cost_per_use_high")
        if r["value"] is not None and r["value"] < LOW_VALUE and total is not None and median_cost is not None \
                and total >= median_cost:
            r["flags"].append("low_value_high_cost")
    ranked = sorted(rows, key=lambda r: (r["value"] is None, -(r["value"] or 0),
                                         r["cost_per_use"] is None, r["cost_per_use"] or 0, r["system"]))
    for i, r in enumerate(ranked, 1):
        r["rank"] = i
    return {"systems": ranked, "median_cost_per_use": median_use, "median_cost": median_cost,
            "out_of_line": [r["system"] for r in ranked if r["flags"]],
            "not_scored": [r["system"] for r in ranked if r["value"] is None]}


@dataclass(frozen=True)
class _Scoring:
    """What the permission rules see when a system's value is scored: its owners are the ones assigned it."""

    assignees: tuple[dict, ...]
    unit: str | None


def system_owners(system: object) -> list[str]:
    """The business and digital owner of a system (systems.yaml)."""
    return [p for p in (getattr(system, "business_owner", None), getattr(system, "digital_owner", None)) if p]


def score_value(catalog: Catalog, store: Store, actor: Actor, code: str, *, system: str, score: int, on: dt.date,
                note: str | None = None) -> dict:
    """A system's business or digital owner scores its business value (1–5) for this version; a later score of
    the same owner replaces theirs."""
    from khlang.declarations.systems import load_systems

    systems = load_systems(catalog)
    s = systems.get(system)
    if s is None:
        raise EaProcessError(f"system: unknown system {system!r} (systems: {', '.join(systems)})")
    owners = tuple({"person": p, "active": True} for p in system_owners(s))
    authorize(catalog, actor, "ea.value_score", issue=_Scoring(owners, s.owning_unit))
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise EaProcessError("score: 1 (น้อยที่สุด) to 5 (มากที่สุด)")
    return _write(store, actor, code, "value_score", on, {"system": system, "score": score}, action="ea.value_score",
                  note=note, check=_needs("guideline", not_after=("value_assessed",)))


def close_assessment(catalog: Catalog, store: Store, actor: Actor, code: str, *, on: dt.date) -> dict:
    """Step 8: สงพท. closes the assessment; its ranking and out-of-line systems are kept as they stood."""
    authorize(catalog, actor, "ea.manage")
    result = assessment(catalog, records(store, code))
    out = _write(store, actor, code, "value_assessed", on, result, action="ea.manage",
                 check=_needs("guideline", not_after=("value_assessed",)))
    return {**out, "out_of_line": result["out_of_line"], "not_scored": result["not_scored"]}


def available_scores(catalog: Catalog, store: Store, actor: Actor, code: str) -> list[str]:
    """The systems this person may score now (they own them; the guideline is out, the assessment open)."""
    from khlang.declarations.systems import load_systems
    from khlang.identity import allowed

    kinds = {r.kind for r in records(store, code)}
    if "guideline" not in kinds or "value_assessed" in kinds:
        return []
    out = []
    for code_, s in sorted(load_systems(catalog).items()):
        owners = tuple({"person": p, "active": True} for p in system_owners(s))
        if allowed(catalog, actor, "ea.value_score", issue=_Scoring(owners, s.owning_unit)):
            out.append(code_)
    return out
