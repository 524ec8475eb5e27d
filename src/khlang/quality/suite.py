"""Great Expectations suites in GX's own JSON format, parsed once into typed expectations."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from khlang.declarations.yamlsource import YamlProblems, load
from khlang.errors import DeclarationError, KhlangError, Problem
from khlang.quality import (
    expectations_gx,  # noqa: F401  (registers the rest of GX's core types)
    row_conditions,
)
from khlang.quality.expectations import EXPECTATIONS, Expectation
from khlang.quality.expectations_gx import UNSUPPORTED
from khlang.quality.results import DIMENSIONS, SEVERITIES


@dataclass
class Suite:
    """A validated suite: its name, the dataset it is for, and its expectations."""

    name: str
    dataset: str  # meta.khlang.dataset, else the file's stem
    expectations: list[Expectation]
    path: Path | None = None

    def check_id(self, index: int) -> str:
        """A stable id for an expectation: meta.id, else type:column (with its index if repeated)."""
        exp = self.expectations[index]
        if exp.meta.get("id"):
            return str(exp.meta["id"])
        base = f"{exp.type}:{exp.column or '(table)'}"
        same = [i for i, e in enumerate(self.expectations) if f"{e.type}:{e.column or '(table)'}" == base]
        return base if len(same) == 1 else f"{base}#{same.index(index) + 1}"


def parameters_in(kwargs: dict[str, Any]) -> dict[str, str]:
    """The kwargs whose value is a GX suite parameter ({"$PARAMETER": name}), and the parameter's name."""
    return {k: str(v["$PARAMETER"]) for k, v in kwargs.items() if isinstance(v, dict) and set(v) == {"$PARAMETER"}}


def parse_param(text: str) -> tuple[str, Any]:
    """NAME=VALUE from the command line; VALUE is read as JSON (numbers, true/false, lists), else as text."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise KhlangError(f"--param {text!r}: write NAME=VALUE")
    try:
        return name.strip(), json.loads(value)
    except ValueError:
        return name.strip(), value


def load_suite(path: Path, params: dict[str, Any] | None = None) -> Suite:
    """Read one suite; every problem is reported as file:line: field: message.

    Suite parameters ({"$PARAMETER": "name"} as a kwarg's value) take their value from `params` (the
    run's --param NAME=VALUE); a parameter the run does not supply is a problem naming it. Without
    `params` (validation only) they stay unresolved and the runner refuses those expectations.
    """
    path = Path(path)
    try:
        doc = load(path)  # JSON is YAML: the same loader gives us line numbers
    except YamlProblems as exc:
        raise DeclarationError(exc.problems) from None
    data = doc.data
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise DeclarationError([doc.problem((), "a suite is a JSON object")])
    name = data.get("name")
    if not isinstance(name, str) or not name:
        problems.append(doc.problem(("name",), "required: the suite's name"))
        name = ""
    raw = data.get("expectations")
    if not isinstance(raw, list):
        problems.append(doc.problem(("expectations",), "required: a list of expectations"))
        raw = []
    expectations: list[Expectation] = []
    for i, item in enumerate(raw):
        loc = ("expectations", i)
        if not isinstance(item, dict):
            problems.append(doc.problem(loc, "an expectation is an object with type and kwargs"))
            continue
        unknown = set(item) - {"type", "kwargs", "meta", "id", "notes", "description", "rendered_content"}
        for key in sorted(unknown):
            problems.append(doc.problem((*loc, key), "unknown field"))
        type_ = item.get("type")
        cls = EXPECTATIONS.get(type_) if isinstance(type_, str) else None
        if cls is None and type_ in UNSUPPORTED:
            problems.append(doc.problem((*loc, "type"), f"{type_} is a GX core type Khlang does not run: "
                                        f"{UNSUPPORTED[type_]} (see the README's list)"))
            continue
        if cls is None:
            problems.append(doc.problem((*loc, "type"), f"unsupported expectation type {item.get('type')!r} "
                                        f"(supported: {', '.join(sorted(EXPECTATIONS))})"))
            continue
        kwargs, meta = item.get("kwargs") or {}, item.get("meta") or {}
        if not isinstance(kwargs, dict) or not isinstance(meta, dict):
            problems.append(doc.problem(loc, "kwargs and meta must be objects"))
            continue
        wanted = parameters_in(kwargs)
        if wanted and params is not None:
            missing = {k: n for k, n in wanted.items() if n not in params}
            for key, name in missing.items():
                problems.append(doc.problem((*loc, "kwargs", key), f"suite parameter {name!r} is not supplied "
                                            "(khlang quality run --param NAME=VALUE)"))
            kwargs = {k: (params[wanted[k]] if k in wanted and k not in missing else v) for k, v in kwargs.items()}
            wanted = {k: n for k, n in wanted.items() if k in missing}
        checked = {k: v for k, v in kwargs.items() if k not in wanted}
        condition = None
        try:
            condition = row_conditions.parse(checked.pop("row_condition", None), checked.pop("condition_parser", None))
        except row_conditions.ConditionError as exc:
            problems.append(doc.problem((*loc, "kwargs", "row_condition"), str(exc)))
        messages = cls.check_kwargs(checked)
        if wanted:  # a parameter's value is not known yet: only its own kwarg's checks could say more
            messages = [m for m in messages if not m.startswith("kwargs:")]
        for message in messages:
            field = message.split(" ", 1)[0].rstrip(":")
            problems.append(doc.problem((*loc, *field.split(".")), message.split(" ", 1)[1]))
        if "dimension" in meta and meta["dimension"] not in DIMENSIONS:
            problems.append(doc.problem((*loc, "meta", "dimension"), f"one of {', '.join(DIMENSIONS)}"))
        if "severity" in meta and meta["severity"] not in SEVERITIES:
            problems.append(doc.problem((*loc, "meta", "severity"), f"one of {', '.join(SEVERITIES)}"))
        weight = meta.get("weight", 1)
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(weight) or weight <= 0:
            problems.append(doc.problem((*loc, "meta", "weight"), f"a positive number (got {weight!r:.40})"))
        exp = cls(kwargs, meta)
        exp.origin = f"{path}:{doc.line_of(loc) or '?'}"
        exp.unresolved = wanted
        exp.row_condition = condition
        expectations.append(exp)
    if problems:
        raise DeclarationError(problems)
    suite_meta = data.get("meta") or {}
    dataset = (suite_meta.get("khlang") or {}).get("dataset") if isinstance(suite_meta, dict) else None
    return Suite(name, dataset or path.stem, expectations, path)


def suites_by_dataset(directory: Path, params: dict[str, Any] | None = None) -> dict[str, Suite]:
    """Every suite in expectations/, keyed by the dataset it checks (params: the run's suite parameters)."""
    suites: dict[str, Suite] = {}
    problems: list[Problem] = []
    for path in sorted(Path(directory).glob("*.json")):
        try:
            suite = load_suite(path, params)
        except DeclarationError as exc:
            problems += exc.problems
            continue
        if suite.dataset in suites:
            problems.append(Problem(str(path), None, "meta.khlang.dataset",
                                    f"dataset {suite.dataset!r} already has suite {suites[suite.dataset].path}"))
        suites[suite.dataset] = suite
    if problems:
        raise DeclarationError(problems)
    return suites
