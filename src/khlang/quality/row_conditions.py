"""GX's `row_condition`: the rows an expectation looks at, parsed into a plan tree (never run as code).

Two spellings are accepted, as Great Expectations 1.x accepts them:

- GX 1.9+'s condition objects, as a suite file keeps them: `{"type": "comparison", "column": {"name": "x"},
  "operator": ">", "parameter": 5}`, `{"type": "nullity", "column": {"name": "x"}, "is_null": false}`, and
  `{"type": "and" | "or", "conditions": [...]}` (an AND may not hold an OR, an OR may not hold an OR, at most
  100 conditions: GX's own rules);
- the legacy string with `condition_parser: "great_expectations"`: `col("x") > 5`, `col("x") == "text"`,
  `col("x") <= date("2026-01-31")`, `col("x").notnull()` — one condition, the grammar of GX's
  `legacy_row_conditions` (read by the small tokenizer below, not by pyparsing or eval).

Strings for `pandas` or `spark` condition parsers are code for those engines (`DataFrame.query`, Spark SQL):
Khlang refuses them. A condition becomes sqlglot nodes with bound values (khlang.quality.plan), so every
engine renders it in its own dialect; rows where the condition is false or unknown (NULL) are left out, as
in GX's SQL engine.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from khlang.quality import plan as p

GX_PARSERS = ("great_expectations", "great_expectations__experimental__")
CODE_PARSERS = ("pandas", "python", "spark", "spark_sql")
OPERATORS = ("==", "!=", "<", "<=", ">", ">=", "IN", "NOT_IN")
MAX_CONDITIONS = 100


class ConditionError(ValueError):
    """A row condition that cannot be read; the message says where in it."""


@dataclass(frozen=True)
class Comparison:
    column: str
    operator: str
    parameter: Any


@dataclass(frozen=True)
class Nullity:
    column: str
    is_null: bool


@dataclass(frozen=True)
class Group:
    kind: str  # "and" | "or"
    conditions: tuple[Condition, ...]


Condition = Comparison | Nullity | Group


def parse(row_condition: Any, condition_parser: Any = None) -> Condition | None:
    """The condition of an expectation's kwargs (None: every row); ConditionError when it cannot be read."""
    if row_condition is None or row_condition == "":
        return None
    if isinstance(row_condition, str):
        if condition_parser in CODE_PARSERS:
            raise ConditionError(f"condition_parser {condition_parser!r} passes the string to that engine as code "
                                 "(DataFrame.query / Spark SQL); Khlang never runs such strings: use GX's condition "
                                 "objects or condition_parser \"great_expectations\"")
        if condition_parser not in GX_PARSERS:
            raise ConditionError(f"a string row_condition needs condition_parser \"great_expectations\" "
                                 f"(got {condition_parser!r})")
        return _legacy(row_condition)
    if condition_parser is not None and condition_parser not in GX_PARSERS:
        raise ConditionError(f"condition_parser must be \"great_expectations\" or absent (got {condition_parser!r})")
    if not isinstance(row_condition, dict):
        raise ConditionError(f"must be a condition object or a string (got {type(row_condition).__name__})")
    cond = _object(row_condition, "row_condition")
    _gx_rules(cond)
    return cond


def columns(cond: Condition | None) -> list[str]:
    """The columns a condition reads."""
    if cond is None:
        return []
    if isinstance(cond, Group):
        return [c for part in cond.conditions for c in columns(part)]
    return [cond.column]


def to_tree(cond: Condition) -> exp.Expression:
    """The condition as a plan tree with bound values."""
    if isinstance(cond, Group):
        parts = [to_tree(c) for c in cond.conditions]
        joined = parts[0]
        for part in parts[1:]:
            joined = (exp.And if cond.kind == "and" else exp.Or)(this=joined, expression=part)
        return exp.Paren(this=joined)
    column = p.col(cond.column)
    if isinstance(cond, Nullity):
        return p.is_null(column) if cond.is_null else p.not_null(column)
    if cond.operator in ("IN", "NOT_IN"):
        found = p.in_values(column, list(cond.parameter))
        return found if cond.operator == "IN" else exp.Not(this=found)
    node = {"==": exp.EQ, "!=": exp.NEQ, "<": exp.LT, "<=": exp.LTE, ">": exp.GT, ">=": exp.GTE}[cond.operator]
    return node(this=column, expression=p.val(cond.parameter))


# --- GX 1.x condition objects -------------------------------------------------------------------------------

def _object(data: Any, where: str) -> Condition:
    if not isinstance(data, dict):
        raise ConditionError(f"{where}: must be a condition object (got {type(data).__name__})")
    kind = data.get("type")
    known = {"comparison": ("column", "operator", "parameter"), "nullity": ("column", "is_null"),
             "and": ("conditions",), "or": ("conditions",)}
    if kind == "pass_through":
        raise ConditionError(f"{where}: a pass_through condition is code for another engine; Khlang never runs it")
    if kind not in known:
        raise ConditionError(f"{where}.type: one of {', '.join(known)} (got {kind!r})")
    extra = set(data) - {"type", *known[kind]}
    if extra:
        raise ConditionError(f"{where}: {', '.join(sorted(extra))} is not a field of a {kind} condition")
    missing = [k for k in known[kind] if k not in data]
    if missing:
        raise ConditionError(f"{where}.{missing[0]} is required")
    if kind in ("and", "or"):
        parts = data["conditions"]
        if not isinstance(parts, list) or not parts:
            raise ConditionError(f"{where}.conditions: must be a non-empty list of conditions")
        return Group(kind, tuple(_object(c, f"{where}.conditions[{i}]") for i, c in enumerate(parts)))
    column = data["column"]
    name = column.get("name") if isinstance(column, dict) else column
    if not isinstance(name, str) or not name.strip():
        raise ConditionError(f"{where}.column: must be {{\"name\": COLUMN}}")
    if kind == "nullity":
        if not isinstance(data["is_null"], bool):
            raise ConditionError(f"{where}.is_null: must be true or false")
        return Nullity(name, data["is_null"])
    operator, parameter = data["operator"], data["parameter"]
    if operator not in OPERATORS:
        raise ConditionError(f"{where}.operator: one of {', '.join(OPERATORS)} (got {operator!r})")
    _check_parameter(operator, parameter, f"{where}.parameter")
    return Comparison(name, operator, list(parameter) if operator in ("IN", "NOT_IN") else parameter)


def _check_parameter(operator: str, parameter: Any, where: str) -> None:
    if parameter is None:
        hint = {"==": " (use a nullity condition with is_null true)",
                "!=": " (use a nullity condition with is_null false)"}.get(operator, "")
        raise ConditionError(f"{where}: must not be null{hint}")
    if operator in ("IN", "NOT_IN"):
        if not isinstance(parameter, list):
            raise ConditionError(f"{where}: {operator} needs a list of values")
        if parameter:
            numeric = _is_number(parameter[0])
            if not numeric and not isinstance(parameter[0], str):
                raise ConditionError(f"{where}: values must be numbers or strings")
            for i, v in enumerate(parameter):
                if (numeric and not _is_number(v)) or (not numeric and type(v) is not type(parameter[0])):
                    raise ConditionError(f"{where}[{i}]: every value must be of the first value's kind")
        return
    if not (_is_number(parameter) or isinstance(parameter, (str, bool))):
        raise ConditionError(f"{where}: must be a number, a string or a boolean (got {type(parameter).__name__})")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _count(cond: Condition) -> int:
    return sum(_count(c) for c in cond.conditions) if isinstance(cond, Group) else 1


def _gx_rules(cond: Condition) -> None:
    """GX's own limits on condition objects (validate_row_condition)."""
    if not isinstance(cond, Group):
        return
    if _count(cond) > MAX_CONDITIONS:
        raise ConditionError(f"{_count(cond)} conditions; at most {MAX_CONDITIONS}")
    if cond.kind == "and" and _holds_or(cond):
        raise ConditionError("an AND group cannot hold an OR condition")
    if cond.kind == "or" and any(isinstance(c, Group) and (c.kind == "or" or _holds_or(c)) for c in cond.conditions):
        raise ConditionError("an OR group cannot hold another OR condition")


def _holds_or(group: Group) -> bool:
    return any(isinstance(c, Group) and (c.kind == "or" or _holds_or(c)) for c in group.conditions)


# --- the legacy string (GX's legacy_row_conditions grammar) ---------------------------------------------------

_TOKEN = re.compile(r"""
    \s*(?:
      (?P<col>col\(\s*"(?P<name>[^"]+)"\s*\))
    | (?P<notnull>\.notnull\(\))
    | (?P<op>==|!=|>=|<=|>|<)
    | (?P<number>[+-]?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)
    | date\(\s*(?:"(?P<date2>[^"]*)"|'(?P<date1>[^']*)')\s*\)
    | "(?P<text2>[^"]*)"
    | '(?P<text1>[^']*)'
    )""", re.VERBOSE | re.IGNORECASE)


def _legacy(text: str) -> Condition:
    tokens, pos = [], 0
    while pos < len(text.rstrip()):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise ConditionError(f"cannot read {text[pos:pos + 20]!r} at character {pos + 1} of {text!r} "
                                 "(expected col(\"NAME\") followed by .notnull() or an operator and a value)")
        tokens.append(m)
        pos = m.end()
    if not tokens or not tokens[0].group("col"):
        raise ConditionError(f"{text!r} must start with col(\"NAME\")")
    name = tokens[0].group("name")
    rest = tokens[1:]
    if len(rest) == 1 and rest[0].group("notnull"):
        return Nullity(name, False)
    if len(rest) != 2 or not rest[0].group("op"):
        raise ConditionError(f"{text!r}: one condition, col(\"NAME\") OPERATOR VALUE or col(\"NAME\").notnull() "
                             "(GX's legacy syntax has no and/or: use condition objects for those)")
    value = rest[1]
    if value.group("number") is not None:
        number = value.group("number")
        parameter: Any = float(number) if any(c in number for c in ".eE") else int(number)
    elif value.group("date1") is not None or value.group("date2") is not None:
        raw = value.group("date1") if value.group("date1") is not None else value.group("date2")
        try:
            parameter = dt.date.fromisoformat(raw) if len(raw) <= 10 else dt.datetime.fromisoformat(raw)
        except ValueError:
            raise ConditionError(f"{text!r}: date({raw!r}) is not an ISO date") from None
    elif value.group("text1") is not None or value.group("text2") is not None:
        parameter = value.group("text1") if value.group("text1") is not None else value.group("text2")
    else:
        raise ConditionError(f"{text!r}: the operator must be followed by a number, a quoted string or date(\"…\")")
    return Comparison(name, rest[0].group("op"), parameter)
