"""Duplicates in master data: the same key on several records, and Thai names that differ only in typing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import Field, model_validator

from khlang.declarations.quality_decl import CheckParams, ConsistencyCheck
from khlang.declarations.yamlsource import Loc
from khlang.harvest.readers import quote
from khlang.quality.consistency.base import (
    EXAMPLES,
    ConsistencyType,
    Context,
    consistency_type,
    nonnull,
    params_of,
    result,
)
from khlang.quality.results import CheckResult

RECORD_IDS = 5  # record ids listed per example group


class DuplicateKeyParams(CheckParams):
    """Key columns that must identify one record; record_id names the records in the evidence."""

    columns: list[str] = Field(min_length=1)
    record_id: str | None = None

    def references(self, dataset: str) -> Iterator[tuple[Loc, str, str | None]]:
        for i, c in enumerate(self.columns):
            yield ("columns", i), dataset, c
        if self.record_id:
            yield ("record_id",), dataset, self.record_id


@consistency_type("duplicate_key")
class DuplicateKey(ConsistencyType):
    """Rows whose non-null key occurs more than once, counting every row of a group (as GX does)."""

    Params = DuplicateKeyParams
    pushdown = True

    def outcomes(self, check: ConsistencyCheck) -> list[tuple[str, str | None]]:
        return [(check.id, ",".join(params_of(check, DuplicateKeyParams).columns))]

    def run(self, ctx: Context, check: ConsistencyCheck) -> list[CheckResult]:
        p = params_of(check, DuplicateKeyParams)
        ctx.require(check.dataset, [*p.columns, *([p.record_id] if p.record_id else [])])
        keys = [quote(c) for c in p.columns]
        groups = (f"WITH s AS (SELECT {', '.join(keys)} FROM {ctx.view(check.dataset)} WHERE {nonnull(keys)}), "
                  f"g AS (SELECT {', '.join(keys)}, count(*) AS n FROM s GROUP BY {', '.join(keys)} "
                  "HAVING count(*) > 1) ")
        element_count, unexpected, distinct = ctx.one(
            groups + "SELECT (SELECT count(*) FROM s), coalesce((SELECT sum(n) FROM g), 0), (SELECT count(*) FROM g)")
        details: dict = {"distinct_duplicated_keys": int(distinct)}
        if unexpected:
            details["unexpected_values"] = _examples(ctx, check.dataset, groups, p.columns, p.record_id)
        return [result(check, element_count=int(element_count), unexpected_count=int(unexpected),
                       column=",".join(p.columns), observed=int(distinct), details=details)]


def _examples(ctx: Context, dataset: str, groups: str, columns: list[str], record_id: str | None) -> list[dict]:
    """The largest duplicated groups: masked keys and the ids of their records."""
    keys = [quote(c) for c in columns]
    top = ctx.all(groups + f"SELECT {', '.join(keys)}, n FROM g ORDER BY n DESC, {', '.join(keys)} LIMIT {EXAMPLES}")
    out = []
    for row in top:
        entry: dict = {"key": [ctx.safe(dataset, c, v) for c, v in zip(columns, row)], "rows": int(row[-1])}
        if record_id:
            cond = " AND ".join(f"{k} = ?" for k in keys)
            ids = ctx.all(f"SELECT {quote(record_id)} FROM {ctx.view(dataset)} WHERE {cond} "
                          f"ORDER BY 1 LIMIT {RECORD_IDS}", list(row[:-1]))
            entry["records"] = [ctx.safe(dataset, record_id, r[0]) for r in ids]
        out.append(entry)
    return out


# Whitespace, zero-width characters, and (when asked) the Thai tone marks ่ ้ ๊ ๋ (U+0E48-U+0E4B) and
# thanthakhat ์ (U+0E4C): the marks a clerk drops or doubles without meaning another person.
_SPACES = r"\s\x{200B}-\x{200D}\x{FEFF}"
_MARKS = r"\x{0E48}-\x{0E4C}"
_PY_SPACES = re.compile(r"[\s\u200b-\u200d\ufeff]")
_PY_MARKS = re.compile(r"[\u0e48-\u0e4c]")


class NearDuplicateParams(CheckParams):
    """A Thai name column; ignore_marks drops tone marks and thanthakhat; titles are stripped as prefixes."""

    column: str
    ignore_marks: bool = True
    titles: list[str] = []
    record_id: str | None = None

    @model_validator(mode="after")
    def _titles(self) -> NearDuplicateParams:
        if any(not self.normalise(t) for t in self.titles):
            raise ValueError("titles: an empty title would strip nothing")
        return self

    def normalise(self, text: str) -> str:
        """The Python twin of the SQL normalisation (for titles, and for tests)."""
        text = _PY_SPACES.sub("", text)
        return _PY_MARKS.sub("", text) if self.ignore_marks else text

    def references(self, dataset: str) -> Iterator[tuple[Loc, str, str | None]]:
        yield ("column",), dataset, self.column
        if self.record_id:
            yield ("record_id",), dataset, self.record_id


@consistency_type("near_duplicate_names")
class NearDuplicateNames(ConsistencyType):
    """Rows in groups of equal normalised names holding more than one distinct raw spelling.

    Exact copies of one spelling are not near-duplicates (a duplicate_key check finds those), so a
    record registered twice with the same name is not counted here.
    """

    Params = NearDuplicateParams

    def outcomes(self, check: ConsistencyCheck) -> list[tuple[str, str | None]]:
        return [(check.id, params_of(check, NearDuplicateParams).column)]

    def run(self, ctx: Context, check: ConsistencyCheck) -> list[CheckResult]:
        p = params_of(check, NearDuplicateParams)
        ctx.require(check.dataset, [p.column, *([p.record_id] if p.record_id else [])])
        raw = f"CAST({quote(p.column)} AS VARCHAR)"
        norm = f"regexp_replace({raw}, '[{_SPACES}{_MARKS if p.ignore_marks else ''}]', '', 'g')"
        params: list = []
        if p.titles:
            titles = sorted({p.normalise(t) for t in p.titles}, key=len, reverse=True)
            norm = f"regexp_replace({norm}, ?, '')"
            params.append("^(?:" + "|".join(re.escape(t) for t in titles) + ")")
        rid = f", {quote(p.record_id)} AS rid" if p.record_id else ""
        groups = (f"WITH s AS (SELECT {raw} AS raw, {norm} AS k{rid} FROM {ctx.view(check.dataset)} "
                  f"WHERE {quote(p.column)} IS NOT NULL), "
                  f"g AS (SELECT k, count(*) AS n, count(DISTINCT raw) AS spellings FROM s WHERE k <> '' "
                  f"GROUP BY k HAVING count(DISTINCT raw) > 1) ")
        element_count, unexpected, distinct = ctx.one(
            groups + "SELECT (SELECT count(*) FROM s), coalesce((SELECT sum(n) FROM g), 0), (SELECT count(*) FROM g)",
            params)
        details: dict = {"groups": int(distinct), "ignore_marks": p.ignore_marks, "titles": p.titles}
        if unexpected:
            rows = ctx.all(groups + f"SELECT g.k, g.n, list(DISTINCT s.raw ORDER BY s.raw)"
                                    f"{', list(s.rid ORDER BY s.rid)' if p.record_id else ''} "
                                    f"FROM g JOIN s USING (k) GROUP BY g.k, g.n "
                                    f"ORDER BY g.n DESC, g.k LIMIT {EXAMPLES}",
                           params)
            details["unexpected_values"] = [
                {"spellings": [ctx.safe(check.dataset, p.column, v) for v in r[2]], "rows": int(r[1]),
                 **({"records": [ctx.safe(check.dataset, p.record_id, v) for v in r[3][:RECORD_IDS]]}
                    if p.record_id else {})}
                for r in rows]
        return [result(check, element_count=int(element_count), unexpected_count=int(unexpected),
                       column=p.column, observed=int(distinct), details=details)]
