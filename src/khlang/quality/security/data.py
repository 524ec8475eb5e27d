"""Rules over the datasets themselves: exposed PII, owners, retention and encryption."""

from __future__ import annotations

import re
from collections.abc import Iterator

from khlang.declarations import Dataset
from khlang.declarations.quality_decl import RetentionRule
from khlang.quality.results import CheckResult
from khlang.quality.security.base import SECRET_CLASSES, Context, finding, security_rule

_PERIOD = re.compile(r"^(\d+)\s*([ymd])$")
_INTERVAL = {"y": "to_years", "m": "to_months", "d": "to_days"}


def exposure(ctx: Context, ds: Dataset) -> dict:
    """How the dataset reaches people outside อคส.: public classification, grants to outsiders, and
    outbound linkages in force whose legal basis does not cover personal data."""
    out: dict = {}
    if ds.classification == "public":
        out["public"] = True
    outside = sorted({g.grantee for g in ctx.grants_on(ds.name)
                      if g.grantee in ctx.register.parties
                      or (g.grantee in ctx.register.groups and ctx.register.groups[g.grantee].scope == "public")})
    if outside:
        out["granted_to"] = outside
    links = [link for link in ctx.register.linkages if ds.name in link.datasets]
    unlawful = sorted(link.id for link in links if not _may_carry_personal_data(ds, link.personal_data))
    if unlawful:
        out["linkages"] = unlawful
    return out


def _may_carry_personal_data(ds: Dataset, allowed: str | None) -> bool:
    """Whether a linkage's legal basis lets this dataset's personal data leave (a named Act, or consent)."""
    return allowed == "allowed" or (allowed == "consented" and ds.personal_data.lawful_basis == "consent")


def pii_columns(ctx: Context, ds: Dataset) -> tuple[dict[str, str], int, str]:
    """PII column → label, how many columns were looked at, and where the labels came from.

    Declared labels always count; a harvested profile adds what it found; without one, a sample
    read through relations is classified by the same detectors harvest uses.
    """
    found: dict[str, str] = {c.name: c.pii for c in ds.columns if c.pii}
    seen = {c.name for c in ds.columns}
    origin = "declared"
    profile = (ctx.profiles or {}).get(ds.name)
    if profile is not None:
        found.update({c.name: c.pii for c in profile.columns if c.pii and c.name not in found})
        seen |= {c.name for c in profile.columns}
        origin = "declared+profile"
    elif ctx.relations is not None:
        sampled = _sample_pii(ctx, ds)
        if sampled is not None:
            labels, names = sampled
            found.update({k: v for k, v in labels.items() if k not in found})
            seen |= names
            origin = "declared+sample"
    return found, len(seen), origin


def _sample_pii(ctx: Context, ds: Dataset) -> tuple[dict[str, str], set[str]] | None:
    """Detect PII in a repeatable sample of the dataset (None when it cannot be read)."""
    import duckdb

    from khlang.errors import SourceError
    from khlang.harvest.pii import detect_column
    from khlang.harvest.readers import SAMPLE_ROWS, is_pii_candidate, quote

    assert ctx.relations is not None
    try:
        view = ctx.relations.view(ds.name)
        con = ctx.relations.con
        columns = [(r[0], str(r[1])) for r in con.execute(f"DESCRIBE SELECT * FROM {view}").fetchall()]
        names = [n for n, t in columns if is_pii_candidate(t)]
        if not names:
            return {}, {n for n, _ in columns}
        rows = con.execute(f"SELECT {', '.join(quote(n) for n in names)} FROM {view} "
                           f"USING SAMPLE reservoir({SAMPLE_ROWS} ROWS) REPEATABLE (2569)").fetchall()
    except (SourceError, duckdb.Error):
        return None
    labels = {}
    for i, name in enumerate(names):
        label = detect_column(name, [r[i] for r in rows if r[i] is not None])
        if label:
            labels[name] = label
    return labels, {n for n, _ in columns}


@security_rule("pii_in_public", severity="critical", weight=3.0)
def pii_in_public(ctx: Context) -> Iterator[CheckResult]:
    """Personal data in a dataset classified public, granted outside อคส. or sent out by a linkage."""
    for ds in ctx.datasets():
        exposed = exposure(ctx, ds)
        if not exposed:
            yield finding(ctx, "pii_in_public", ds, element_count=0, unexpected_count=0)
            continue
        found, looked_at, origin = pii_columns(ctx, ds)
        flagged = bool(ds.personal_data.contains_pii or ds.personal_data.categories)
        unexpected = len(found) or int(flagged)
        yield finding(ctx, "pii_in_public", ds, element_count=max(looked_at, unexpected), unexpected_count=unexpected,
                      observed=sorted(found), details={
                          "exposure": exposed, "pii_columns": found, "found_by": origin,
                          "declared_personal_data": flagged})


@security_rule("no_owner", severity="high", weight=2.0)
def no_owner(ctx: Context) -> Iterator[CheckResult]:
    """A dataset without a business or a digital owner (สงพท.-11 step 7), or whose owner has left."""
    for ds in ctx.datasets():
        missing, left = [], []
        for role in ("business_owner", "digital_owner"):
            pid = getattr(ds, role)
            if not pid:
                missing.append(role)
            elif ctx.has_left(ctx.catalog.person(pid)):
                left.append({"role": role, "person": pid})
        yield finding(ctx, "no_owner", ds, element_count=2, unexpected_count=len(missing) + len(left),
                      observed=len(missing) + len(left), details={"missing": missing, "left": left})


@security_rule("past_retention", severity="high", weight=2.0)
def past_retention(ctx: Context) -> Iterator[CheckResult]:
    """A dataset kept past its retention, and records older than a declared record-level retention."""
    for ds in ctx.datasets():
        life = ds.lifecycle
        until = life.retention_ends()
        due = until is not None and life.stage != "destroyed"
        past = due and until < ctx.as_of  # type: ignore[operator]
        yield finding(ctx, "past_retention", ds, element_count=int(due), unexpected_count=int(past),
                      observed=until.isoformat() if until else None,
                      details={"stage": life.stage, "retention": life.retention,
                               "retention_ends": until.isoformat() if until else None})
    if ctx.relations is None:
        return  # record-level rules read the data
    for rule in ctx.register.retention_rules:
        ds = ctx.catalog.datasets[rule.dataset]
        if ds.lifecycle.stage != "destroyed":
            yield _records_past_retention(ctx, ds, rule)


def _records_past_retention(ctx: Context, ds: Dataset, rule: RetentionRule) -> CheckResult:
    """Rows whose date plus the retention is before as_of."""
    import duckdb

    from khlang.errors import SourceError
    from khlang.harvest.readers import one_row, quote

    assert ctx.relations is not None
    retention = rule.retention or ds.lifecycle.retention or ""
    number, unit = _PERIOD.match(retention).groups()  # type: ignore[union-attr]
    target = f"{ds.name}.{rule.column}"
    try:
        view = ctx.relations.view(ds.name)
        con = ctx.relations.con
        have = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {view}").fetchall()}
        if rule.column not in have:
            return finding(ctx, "past_retention", ds, element_count=None, unexpected_count=None,
                           success=False, details={"error": f"column not found in {ds.name}: {rule.column}"},
                           target=target, column=rule.column)
        day = f"TRY_CAST({quote(rule.column)} AS DATE)"
        n, past, undated, oldest = one_row(con.execute(
            f"SELECT count({day}), count(*) FILTER (WHERE {day} + {_INTERVAL[unit]}(?) < ?), "
            f"count(*) FILTER (WHERE {quote(rule.column)} IS NOT NULL AND {day} IS NULL), min({day}) FROM {view}",
            [int(number), ctx.as_of]).fetchone())
    except (SourceError, duckdb.Error) as exc:
        return finding(ctx, "past_retention", ds, element_count=None, unexpected_count=None,
                       success=False, details={"error": f"{type(exc).__name__}: cannot read {ds.name}"},
                       target=target, column=rule.column)
    return finding(ctx, "past_retention", ds, element_count=int(n), unexpected_count=int(past), observed=int(past),
                   details={"retention": retention, "undated_rows": int(undated),
                            "oldest": oldest.isoformat() if oldest else None}, target=target, column=rule.column)


@security_rule("unencrypted_secret", severity="high", weight=2.0)
def unencrypted_secret(ctx: Context) -> Iterator[CheckResult]:
    """Confidential, secret or top-secret data kept in a source that is not encrypted."""
    for ds in ctx.datasets():
        secret = ds.classification in SECRET_CLASSES
        source = ctx.catalog.sources.get(ds.source)
        bare = secret and source is not None and not source.encrypted
        yield finding(ctx, "unencrypted_secret", ds, element_count=int(secret), unexpected_count=int(bare),
                      observed=bare, details={"classification": ds.classification, "source": ds.source})
