"""Safe YAML with line numbers, so every error can point at the user's file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from khlang.errors import Problem

Loc = tuple[str | int, ...]


class LocatedDocument:
    """A parsed YAML document and the line of every key and item in it."""

    def __init__(self, path: Path, data: Any, lines: dict[Loc, int]):
        self.path = path
        self.data = data
        self.lines = lines

    def line_of(self, loc: Loc) -> int | None:
        """The line of the deepest node of `loc` that exists in the file."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None

    def problem(self, loc: Loc, message: str) -> Problem:
        """A problem at `loc` in this file."""
        return Problem(str(self.path), self.line_of(loc), dotted(loc) or "(file)", message)


def dotted(loc: Loc) -> str:
    """datasets[2].columns[0].name — the field path people read."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def load(path: Path) -> LocatedDocument:
    """Parse one YAML file with the safe loader; raise a list of Problems on any error."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise _fail(path, None, f"not UTF-8 text (byte {exc.start}): save the file as UTF-8")
    except OSError as exc:
        raise _fail(path, None, f"cannot read: {exc.strerror}")
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {}
        data = {} if node is None else _build(node, (), lines, loader, path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise _fail(path, line, f"invalid YAML: {exc.problem or exc.context}")
    except yaml.YAMLError as exc:
        raise _fail(path, None, f"invalid YAML: {exc}")
    finally:
        loader.dispose()
    return LocatedDocument(path, data, lines)


class YamlProblems(Exception):
    """Problems found while reading YAML (collected by the catalogue loader)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def _fail(path: Path, line: int | None, message: str) -> YamlProblems:
    return YamlProblems([Problem(str(path), line, "(file)", message)])


def _build(node: yaml.Node, loc: Loc, lines: dict[Loc, int], loader: yaml.SafeLoader, path: Path) -> Any:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        explicit: set[str] = set()
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            if key_node.value in explicit:
                line = key_node.start_mark.line + 1
                raise YamlProblems([Problem(str(path), line, dotted((*loc, key_node.value)), "duplicate key")])
            explicit.add(key_node.value)
        # Merge keys (<<) come first after flattening, so explicit keys override them as YAML says.
        loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int)):
                raise YamlProblems([Problem(str(path), key_node.start_mark.line + 1, "(key)", "keys must be text")])
            key = str(key)
            child = (*loc, key)
            out[key] = _build(value_node, child, lines, loader, path)
            lines[child] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*loc, i), lines, loader, path) for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except ValueError as exc:  # e.g. an impossible date such as 2569-02-30
        raise YamlProblems([Problem(str(path), node.start_mark.line + 1, dotted(loc), f"invalid value: {exc}")])
