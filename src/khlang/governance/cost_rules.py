"""Policy checks for cost-ineffective data management (สงพท.-11 step 10): master data kept twice, the
same table stored in two places, datasets nobody reads. Their failures open cost_ineffective issues.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pydantic import Field

from khlang.declarations import Catalog
from khlang.declarations.models import Kind, Name, Strict
from khlang.governance.rules import Context, Outcome, RuleType, rule_type

if TYPE_CHECKING:
    from khlang.governance.policies import Rule


class MasterSubject(Strict):
    """One master-data subject (e.g. warehouses) and the one dataset that is its source of truth."""

    subject: Name
    title_th: str
    title_en: str | None = None
    source_of_truth: Name
    copies: list[Name] = []


class MasterParams(Strict):
    subjects: list[MasterSubject] = Field(min_length=1)


@rule_type("master_single_source")
class MasterSingleSource(RuleType):
    """Master data has one source of truth: every other copy still kept is master data kept twice."""

    Params = MasterParams
    category = "cost_ineffective"

    @classmethod
    def problems(cls, params: Strict, catalog: Catalog) -> Iterator[tuple[tuple, str]]:
        for i, subj in enumerate(params.subjects):  # type: ignore[attr-defined]
            truth = catalog.datasets.get(subj.source_of_truth)
            if truth is None:
                yield ("subjects", i, "source_of_truth"), f"unknown dataset {subj.source_of_truth!r}"
            elif truth.kind != "master":
                yield ("subjects", i, "source_of_truth"), f"{truth.name} is {truth.kind} data, not master data"
            for j, name in enumerate(subj.copies):
                if name not in catalog.datasets:
                    yield ("subjects", i, "copies", j), f"unknown dataset {name!r}"
                elif name == subj.source_of_truth:
                    yield ("subjects", i, "copies", j), "the source of truth is not a copy of itself"

    def evaluate(self, ctx: Context, rule: Rule) -> list[Outcome]:
        out = []
        found = (ctx.snapshot or {}).get("datasets", {})
        for subj in rule.params.subjects:  # type: ignore[attr-defined]
            kept = []
            for name in subj.copies:
                ds = ctx.catalog.datasets[name]
                still = ds.lifecycle.stage != "destroyed" and (not found or found.get(name, {}).get("found", False))
                if still:
                    kept.append(name)
                    out.append(Outcome(name, "non_compliant",
                                       f"{subj.subject}: master data kept twice — {name} copies the source of "
                                       f"truth {subj.source_of_truth}", name, ctx.unit(name)))
            if not kept:
                out.append(Outcome(subj.source_of_truth, "compliant",
                                   f"{subj.subject}: one source of truth ({subj.source_of_truth})",
                                   subj.source_of_truth, ctx.unit(subj.source_of_truth)))
        return out


class StorageParams(Strict):
    min_rows: int = Field(1, ge=0)


@rule_type("no_duplicated_storage")
class NoDuplicatedStorage(RuleType):
    """The same table stored twice (same columns and types, same row count) in the latest snapshot."""

    Params = StorageParams
    category = "cost_ineffective"

    def evaluate(self, ctx: Context, rule: Rule) -> list[Outcome]:
        if not ctx.snapshot:
            return []
        groups: dict[tuple, list[str]] = {}
        for name, d in sorted(ctx.snapshot["datasets"].items()):
            if not d["found"] or d["row_count"] is None or d["row_count"] < rule.params.min_rows:  # type: ignore[attr-defined]
                continue
            shape = (d["row_count"], tuple(sorted((c["name"], c["type"]) for c in d["columns"])))
            groups.setdefault(shape, []).append(name)
        out = []
        for names in groups.values():
            if len(names) < 2:
                continue
            # the declared dataset (the earliest declared name) is kept; every other place is the copy
            keep = sorted(names, key=lambda n: (n not in ctx.catalog.datasets, n))[0]
            for name in names:
                if name == keep:
                    continue
                out.append(Outcome(f"{name}={keep}", "non_compliant",
                                   f"{name} stores the same table as {keep} "
                                   f"({ctx.snapshot['datasets'][name]['row_count']:,} rows, same columns)",
                                   name, ctx.unit(name) or ctx.unit(keep)))
        return out


class UsageParams(Strict):
    months: int = Field(6, ge=1, le=60)
    kinds: list[Kind] = []


@rule_type("datasets_are_read")
class DatasetsAreRead(RuleType):
    """A dataset nobody has read for `months` months (catalog/usage.yaml) and nothing derives from is a cost."""

    Params = UsageParams
    category = "cost_ineffective"

    def evaluate(self, ctx: Context, rule: Rule) -> list[Outcome]:
        months = rule.params.months  # type: ignore[attr-defined]
        window = _months_back(ctx.as_of, months)
        reads: dict[str, dict[str, int]] = {}
        for u in ctx.policies.usage:
            if u.month in window:
                reads.setdefault(u.dataset, {})[u.month] = u.reads
        # declared lineage counts as use: a dataset others are derived from, or one that feeds a report
        consumers = {parent for d in ctx.catalog.datasets.values() for parent in getattr(d, "derived_from", [])}
        out = []
        for ds in ctx.living(rule.params.kinds):  # type: ignore[attr-defined]
            seen = reads.get(ds.name)
            reports = list(getattr(ds, "feeds_reports", []))
            if ds.name in consumers or reports:
                why = ("other datasets are derived from it" if ds.name in consumers
                       else f"feeds {len(reports)} report(s)")
                out.append(Outcome(ds.name, "compliant", why, ds.name, ctx.unit(ds.name)))
            elif not seen:
                out.append(Outcome(ds.name, "not_assessed", f"no usage recorded for {window[0]}…{window[-1]}",
                                   ds.name, ctx.unit(ds.name)))
            elif sum(seen.values()) == 0 and len(seen) == months:
                out.append(Outcome(ds.name, "non_compliant", f"not read in the last {months} months "
                                   f"({window[0]}…{window[-1]})", ds.name, ctx.unit(ds.name)))
            elif sum(seen.values()) == 0:
                out.append(Outcome(ds.name, "partial", f"no reads in the {len(seen)} of {months} months recorded",
                                   ds.name, ctx.unit(ds.name)))
            else:
                out.append(Outcome(ds.name, "compliant", f"{sum(seen.values()):,} reads in {len(seen)} months",
                                   ds.name, ctx.unit(ds.name)))
        return out


def _months_back(as_of: dt.date, months: int) -> list[str]:
    """The `months` whole months before as_of's month, oldest first, as YYYY-MM."""
    out = []
    y, m = as_of.year, as_of.month
    for _ in range(months):
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        out.append(f"{y:04d}-{m:02d}")
    return out[::-1]
