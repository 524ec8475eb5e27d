"""cross_system_match: the same entity agrees across two systems (a legacy copy against the system of record)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field, model_validator

from khlang.declarations.models import Name, Strict
from khlang.declarations.quality_decl import CheckParams, ConsistencyCheck
from khlang.declarations.yamlsource import Loc
from khlang.quality.consistency.base import (
    EXAMPLES,
    ConsistencyType,
    Context,
    consistency_type,
    nonnull,
    on,
    params_of,
    result,
    type_family,
)
from khlang.quality.results import CheckResult

Normalisation = Literal["trim", "collapse_whitespace", "remove_whitespace", "remove_zero_width", "casefold"]
# Each step is fixed SQL over one text expression; nothing a steward writes becomes SQL.
_STEPS: dict[str, str] = {
    "remove_zero_width": r"regexp_replace({}, '[\x{{200B}}-\x{{200D}}\x{{FEFF}}]', '', 'g')",
    "collapse_whitespace": r"regexp_replace({}, '\s+', ' ', 'g')",
    "remove_whitespace": r"regexp_replace({}, '\s+', '', 'g')",
    "trim": "trim({})",
    "casefold": "lower({})",
}


class SystemOfRecord(Strict):
    """The dataset compared against (the system of record) and its key columns."""

    dataset: Name
    key: list[str] = Field(min_length=1)


class Attribute(Strict):
    """One compared attribute: a column here against a column of the system of record."""

    name: Name | None = None  # the result's suffix; default: column
    column: str
    compare_column: str
    normalise: list[Normalisation] = []
    replace: dict[str, str] = {}  # applied after normalise, to both sides: {"คลัง อคส.": "คลังสินค้า อคส."}
    tolerance: float | None = Field(default=None, ge=0)  # given: compare as numbers, |a - b| <= tolerance

    @model_validator(mode="after")
    def _numeric_or_text(self) -> Attribute:
        if self.tolerance is not None and (self.normalise or self.replace):
            raise ValueError("tolerance compares numbers; normalise and replace compare text: choose one")
        if any(not k for k in self.replace):
            raise ValueError("replace: an empty text cannot be replaced")
        return self

    @property
    def suffix(self) -> str:
        """What follows the check id in this attribute's result."""
        return self.name or self.column


class CrossSystemParams(CheckParams):
    """key of the check's dataset ↔ compare_to.key; attributes; and whether to report missing and extra keys."""

    key: list[str] = Field(min_length=1)
    compare_to: SystemOfRecord
    attributes: list[Attribute] = []
    missing: bool = True  # keys of compare_to absent from the check's dataset
    extra: bool = True  # keys of the check's dataset absent from compare_to

    @model_validator(mode="after")
    def _shape(self) -> CrossSystemParams:
        if len(self.key) != len(self.compare_to.key):
            raise ValueError("key and compare_to.key must have the same length")
        suffixes = [a.suffix for a in self.attributes] + ["missing"] * self.missing + ["extra"] * self.extra
        if len(set(suffixes)) != len(suffixes):
            raise ValueError("attribute names must be unique and not 'missing' or 'extra'")
        if not suffixes:
            raise ValueError("nothing to compare: give attributes, or leave missing/extra on")
        return self

    def references(self, dataset: str) -> Iterator[tuple[Loc, str, str | None]]:
        for i, c in enumerate(self.key):
            yield ("key", i), dataset, c
        yield ("compare_to", "dataset"), self.compare_to.dataset, None
        for i, c in enumerate(self.compare_to.key):
            yield ("compare_to", "key", i), self.compare_to.dataset, c
        for i, a in enumerate(self.attributes):
            yield ("attributes", i, "column"), dataset, a.column
            yield ("attributes", i, "compare_column"), self.compare_to.dataset, a.compare_column


@consistency_type("cross_system_match")
class CrossSystemMatch(ConsistencyType):
    """One result per attribute (over the matched pairs), plus `<id>.missing` and `<id>.extra` over the keys."""

    Params = CrossSystemParams

    def outcomes(self, check: ConsistencyCheck) -> list[tuple[str, str | None]]:
        p = params_of(check, CrossSystemParams)
        out: list[tuple[str, str | None]] = [(f"{check.id}.{a.suffix}", a.column) for a in p.attributes]
        key = ",".join(p.key)
        return out + [(f"{check.id}.missing", key)] * p.missing + [(f"{check.id}.extra", key)] * p.extra

    def run(self, ctx: Context, check: ConsistencyCheck) -> list[CheckResult]:
        p = params_of(check, CrossSystemParams)
        a_ds, b_ds = p.compare_to.dataset, check.dataset
        ctx.require(b_ds, [*p.key, *(a.column for a in p.attributes)])
        ctx.require(a_ds, [*p.compare_to.key, *(a.compare_column for a in p.attributes)])
        bx, ax, notes = ctx.key_exprs((b_ds, "b", p.key), (a_ds, "a", p.compare_to.key))
        k = [f"k{i}" for i in range(len(p.key))]
        a_keys = (f"SELECT DISTINCT {', '.join(f'{e} AS {c}' for e, c in zip(ax, k))} "
                  f"FROM {ctx.view(a_ds)} a WHERE {nonnull(ax)}")
        b_keys = (f"SELECT DISTINCT {', '.join(f'{e} AS {c}' for e, c in zip(bx, k))} "
                  f"FROM {ctx.view(b_ds)} b WHERE {nonnull(bx)}")
        out: list[CheckResult] = []
        if p.attributes:
            out += self._attributes(ctx, check, p, ax, bx, k, notes)
        if p.missing or p.extra:
            out += self._keys(ctx, check, p, a_keys, b_keys, k, notes)
        return out

    def _attributes(self, ctx: Context, check: ConsistencyCheck, p: CrossSystemParams, ax: list[str],
                    bx: list[str], k: list[str], notes: list[str]) -> list[CheckResult]:
        a_ds, b_ds = p.compare_to.dataset, check.dataset
        a_types, b_types = ctx.columns(a_ds), ctx.columns(b_ds)
        select = [f"{e} AS {c}" for e, c in zip(bx, k)]
        select += [f"{ctx.col('b', a.column)} AS b{i}" for i, a in enumerate(p.attributes)]
        a_select = [f"{e} AS {c}" for e, c in zip(ax, k)]
        a_select += [f"{ctx.col('a', a.compare_column)} AS a{i}" for i, a in enumerate(p.attributes)]
        pairs = (f"WITH b AS (SELECT {', '.join(select)} FROM {ctx.view(b_ds)} b WHERE {nonnull(bx)}), "
                 f"a AS (SELECT {', '.join(a_select)} FROM {ctx.view(a_ds)} a WHERE {nonnull(ax)}), "
                 f"pairs AS (SELECT b.*, {', '.join(f'a.a{i}' for i in range(len(p.attributes)))} "
                 f"FROM b JOIN a ON {on([f'b.{c}' for c in k], [f'a.{c}' for c in k])}) ")
        aggs, params, differs = ["count(*)"], [], []
        for i, attr in enumerate(p.attributes):
            same, same_params = _same(attr, f"a{i}", f"b{i}", type_family(a_types[attr.compare_column]),
                                      type_family(b_types[attr.column]))
            differs.append((f"NOT ({same})", same_params))
            aggs.append(f"count(*) FILTER (WHERE NOT ({same}))")
            params += same_params
            exact, _ = _same(Attribute(column=attr.column, compare_column=attr.compare_column), f"a{i}", f"b{i}",
                             type_family(a_types[attr.compare_column]), type_family(b_types[attr.column]))
            aggs.append(f"count(*) FILTER (WHERE NOT ({exact}))")
        row = ctx.one(pairs + f"SELECT {', '.join(aggs)} FROM pairs", params)
        n_pairs = int(row[0])
        out = []
        for i, attr in enumerate(p.attributes):
            bad, raw = int(row[1 + 2 * i]), int(row[2 + 2 * i])
            details: dict = {"compare_to": a_ds, "compare_column": attr.compare_column, "matched_pairs": n_pairs}
            if attr.normalise or attr.replace:
                details.update(normalise=attr.normalise, replace=attr.replace, differ_before_normalising=raw)
            if attr.tolerance is not None:
                details["tolerance"] = attr.tolerance
            if notes:
                details["type_casts"] = notes
            if bad:
                cond, cond_params = differs[i]
                rows = ctx.all(pairs + f"SELECT {', '.join(k)}, b{i}, a{i} FROM pairs WHERE {cond} "
                                       f"ORDER BY {', '.join(k)} LIMIT {EXAMPLES}", cond_params)
                n = len(k)
                details["unexpected_values"] = [
                    {"key": [ctx.safe(b_ds, c, v) for c, v in zip(p.key, r[:n])],
                     "value": ctx.safe(b_ds, attr.column, r[n]),
                     "compare_value": ctx.safe(a_ds, attr.compare_column, r[n + 1])} for r in rows]
            out.append(result(check, element_count=n_pairs, unexpected_count=bad,
                              check_id=f"{check.id}.{attr.suffix}", column=attr.column, observed=bad,
                              details=details))
        return out

    def _keys(self, ctx: Context, check: ConsistencyCheck, p: CrossSystemParams, a_keys: str, b_keys: str,
              k: list[str], notes: list[str]) -> list[CheckResult]:
        a_ds, b_ds = p.compare_to.dataset, check.dataset
        join = (f"WITH a AS ({a_keys}), b AS ({b_keys}) SELECT {{}} FROM a FULL OUTER JOIN b "
                f"ON {on([f'a.{c}' for c in k], [f'b.{c}' for c in k])}")
        a_n, b_n, missing, extra = ctx.one(join.format(
            "count(a.k0), count(b.k0), count(*) FILTER (WHERE b.k0 IS NULL), count(*) FILTER (WHERE a.k0 IS NULL)"))
        column = ",".join(p.key)
        out = []
        for wanted, suffix, total, bad, side, absent, ds, cols in (
                (p.missing, "missing", a_n, missing, "a", "b", a_ds, p.compare_to.key),
                (p.extra, "extra", b_n, extra, "b", "a", b_ds, p.key)):
            if not wanted:
                continue
            details: dict = {"compare_to": a_ds, "keys_in_compare_to": int(a_n), "keys_here": int(b_n)}
            if notes:
                details["type_casts"] = notes
            if bad:
                rows = ctx.all(join.format(", ".join(f"{side}.{c}" for c in k))
                               + f" WHERE {absent}.k0 IS NULL ORDER BY ALL LIMIT {EXAMPLES}")
                details["unexpected_values"] = [[ctx.safe(ds, c, v) for c, v in zip(cols, r)] for r in rows]
            out.append(result(check, element_count=int(total), unexpected_count=int(bad),
                              check_id=f"{check.id}.{suffix}", column=column, observed=int(bad), details=details))
        return out


def _same(attr: Attribute, a: str, b: str, a_family: str, b_family: str) -> tuple[str, list]:
    """SQL saying the two values agree (nulls agree only with nulls), and its bound parameters."""
    if attr.tolerance is not None:
        x, y = f"TRY_CAST({a} AS DOUBLE)", f"TRY_CAST({b} AS DOUBLE)"
        return (f"(({x} IS NULL AND {y} IS NULL) OR abs({x} - {y}) <= ?)", [attr.tolerance])
    if not (attr.normalise or attr.replace):
        if a_family != b_family:
            return f"CAST({a} AS VARCHAR) IS NOT DISTINCT FROM CAST({b} AS VARCHAR)", []
        return f"{a} IS NOT DISTINCT FROM {b}", []
    xa, pa_ = _normalised(attr, f"CAST({a} AS VARCHAR)")
    xb, pb = _normalised(attr, f"CAST({b} AS VARCHAR)")
    return f"{xa} IS NOT DISTINCT FROM {xb}", [*pa_, *pb]


def _normalised(attr: Attribute, expr: str) -> tuple[str, list]:
    """The declared normalisation steps, in order, then the replacements as bound parameters."""
    for step in attr.normalise:
        expr = _STEPS[step].format(expr)
    params: list = []
    for old, new in attr.replace.items():
        expr = f"replace({expr}, ?, ?)"
        params += [old, new]
    return expr, params
