"""Governance gaps: rules over a declaration and its harvested profile, one function per rule.

A rule is added here, in one place, with @gap_rule; sync runs every registered rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from khlang.catalog.findings import Finding
from khlang.dates import format_both
from khlang.declarations import Catalog, Dataset
from khlang.declarations.models import SENSITIVE_BASES, SENSITIVE_PII
from khlang.harvest.scan import DatasetProfile
from khlang.registry import Registry

GD_MANDATORY = (
    "data_type", "title", "owner_org", "maintainer", "maintainer_email", "notes", "tags", "objective",
    "update_frequency_unit", "geo_coverage", "data_source", "data_format", "data_category", "license_id",
)


@dataclass(frozen=True)
class Context:
    """What a gap rule may look at."""

    catalog: Catalog
    dataset: Dataset
    profile: DatasetProfile | None
    as_of: dt.date


Rule = Callable[[Context], Iterator[Finding]]
GAP_RULES: Registry[str, Rule] = Registry("catalogue gap rule")


def gap_rule(code: str) -> Callable[[Rule], Rule]:
    """Register a gap rule under its finding code."""
    def register(fn: Rule) -> Rule:
        GAP_RULES.add(code, fn)
        return fn
    return register


def _gap(ctx: Context, code: str, severity: str, detail: str, column: str | None = None) -> Finding:
    return Finding(ctx.dataset.name, "gap", code, severity, detail, column)


@gap_rule("no_business_owner")
def _no_business_owner(ctx: Context) -> Iterator[Finding]:
    if not ctx.dataset.business_owner:
        yield _gap(ctx, "no_business_owner", "high", "no business owner (เจ้าของข้อมูลด้านธุรกิจ) declared")


@gap_rule("no_digital_owner")
def _no_digital_owner(ctx: Context) -> Iterator[Finding]:
    if not ctx.dataset.digital_owner:
        yield _gap(ctx, "no_digital_owner", "high", "no digital owner (เจ้าของข้อมูลด้านดิจิทัล) declared")


@gap_rule("owner_left")
def _owner_left(ctx: Context) -> Iterator[Finding]:
    for role in ("business_owner", "digital_owner", "steward"):
        person = ctx.catalog.person(getattr(ctx.dataset, role))
        if person and (not person.active or (person.left_on and person.left_on <= ctx.as_of)):
            yield _gap(ctx, "owner_left", "high", f"{role} {person.id} ({person.name}) has left the organisation")


@gap_rule("missing_in_source")
def _missing(ctx: Context) -> Iterator[Finding]:
    if ctx.profile is None:
        yield _gap(ctx, "missing_in_source", "high",
                   f"declared object {ctx.dataset.object!r} not found in source {ctx.dataset.source!r}")


@gap_rule("undocumented_column")
def _undocumented(ctx: Context) -> Iterator[Finding]:
    if ctx.profile is None:
        return
    for col in ctx.profile.columns:
        declared = ctx.dataset.column(col.name)
        if declared is None or not (declared.description or "").strip():
            yield _gap(ctx, "undocumented_column", "low", f"column {col.name!r} has no description", col.name)


@gap_rule("pii_in_public")
def _pii_in_public(ctx: Context) -> Iterator[Finding]:
    if ctx.profile is None or ctx.dataset.classification != "public":
        return
    for col in ctx.profile.columns:
        if col.pii:
            yield _gap(ctx, "pii_in_public", "high",
                       f"column {col.name!r} holds {col.pii} but the dataset is classified public", col.name)


@gap_rule("undeclared_pii")
def _undeclared_pii(ctx: Context) -> Iterator[Finding]:
    if ctx.profile is None:
        return
    for col in ctx.profile.columns:
        declared = ctx.dataset.column(col.name)
        if col.pii and col.pii not in SENSITIVE_PII and not (declared and declared.pii):
            yield _gap(ctx, "undeclared_pii", "medium",
                       f"column {col.name!r} looks like {col.pii} but is not declared as personal data", col.name)
    if any(c.pii for c in ctx.profile.columns) and not ctx.dataset.personal_data.contains_pii:
        yield _gap(ctx, "undeclared_pii", "medium", "personal data found but personal_data.contains_pii is false")


def _sensitive_declared(ctx: Context, column: str, label: str) -> bool:
    """Declared as this sensitive category, on the column or in the dataset's categories, with `sensitive: true`."""
    declared = ctx.dataset.column(column)
    pd = ctx.dataset.personal_data
    return pd.sensitive and ((declared is not None and declared.pii == label) or label in pd.categories)


@gap_rule("undeclared_sensitive_data")
def _undeclared_sensitive(ctx: Context) -> Iterator[Finding]:
    """PDPA s.26 data found where the declaration does not say so: stricter (high) than ordinary personal data."""
    if ctx.profile is None:
        return
    for col in ctx.profile.columns:
        if col.pii in SENSITIVE_PII and not _sensitive_declared(ctx, col.name, col.pii):
            yield _gap(ctx, "undeclared_sensitive_data", "high",
                       f"column {col.name!r} looks like sensitive data ({col.pii}, PDPA section 26) but is not "
                       "declared as such (personal_data.sensitive and the column's pii)", col.name)


@gap_rule("sensitive_data_basis")
def _sensitive_basis(ctx: Context) -> Iterator[Finding]:
    """Sensitive data (declared or found) needs explicit consent or a section 26 exception as its lawful basis."""
    pd = ctx.dataset.personal_data
    found = sorted({c.pii for c in (ctx.profile.columns if ctx.profile else []) if c.pii in SENSITIVE_PII})
    declared = sorted({c for c in pd.categories if c in SENSITIVE_PII} |
                      {c.pii for c in ctx.dataset.columns if c.pii in SENSITIVE_PII})
    kinds = sorted(set(found) | set(declared))
    if (kinds or pd.sensitive) and pd.lawful_basis not in SENSITIVE_BASES:
        what = ", ".join(kinds) or "sensitive data"
        yield _gap(ctx, "sensitive_data_basis", "high",
                   f"{what} (PDPA section 26) needs explicit consent or a section 26 exception as its lawful basis "
                   f"(one of {', '.join(sorted(SENSITIVE_BASES))}); declared: {pd.lawful_basis or 'none'}")


@gap_rule("past_retention")
def _past_retention(ctx: Context) -> Iterator[Finding]:
    life = ctx.dataset.lifecycle
    until = life.retention_ends()
    if until and until < ctx.as_of and life.stage != "destroyed":
        yield _gap(ctx, "past_retention", "high",
                   f"retention ended on {format_both(until)} (stage {life.stage}): destroy the data or extend "
                   "retention")


@gap_rule("gd_catalog_missing")
def _gd_missing(ctx: Context) -> Iterator[Finding]:
    from khlang.catalog.ckan import gd_fields

    fields = gd_fields(ctx.catalog, ctx.dataset)
    missing = [f for f in GD_MANDATORY if fields.get(f) in (None, "", [])]
    if missing:
        yield _gap(ctx, "gd_catalog_missing", "medium",
                   f"GD Catalog mandatory fields missing: {', '.join(missing)}")


def evaluate(catalog: Catalog, dataset: Dataset, profile: DatasetProfile | None, as_of: dt.date) -> list[Finding]:
    """Every registered rule on one dataset."""
    ctx = Context(catalog, dataset, profile, as_of)
    return [f for rule in GAP_RULES.values() for f in rule(ctx)]
