"""Safe YAML with line numbers, so every error can point at the user's file and line."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, Protocol

import yaml

from khlang.config import DeclarationLimits, declaration_limits
from khlang.errors import Problem

Loc = tuple[str | int, ...]


class LocatedDocument:
    """A parsed YAML document and the line of every key and item in it."""

    def __init__(self, path: Path, data: Any, lines: dict[Loc, int], invalid: frozenset[Loc] = frozenset()):
        self.path = path
        self.data = data
        self.lines = lines
        self.invalid = invalid  # values already reported as problems (an impossible date), not to report again

    def already_reported(self, loc: Loc) -> bool:
        """Whether a problem of the YAML itself was reported at `loc` or above it."""
        return any(tuple(loc[:end]) in self.invalid for end in range(len(loc), -1, -1))

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
    """Parse one YAML (or JSON) file with the safe loader, within the declaration limits.

    Raise YamlProblems on any error. When the file parsed but some values are wrong (an impossible date, a
    duplicate key), the problems carry the rest of the document so a caller can report every error at once.
    """
    limits = declaration_limits()
    text = _read(path, limits)
    loader = _BoundedLoader(text, limits)
    try:
        node = loader.get_single_node()
        builder = _Builder(path, loader)
        data = {} if node is None else builder.build(node, ())
    except _Refused as exc:
        raise _fail(path, exc.line, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise _fail(path, line, f"invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise _fail(path, None, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    doc = LocatedDocument(path, data, builder.lines, frozenset(builder.invalid))
    if builder.problems:
        raise YamlProblems(builder.problems, doc)
    return doc


class YamlProblems(Exception):
    """Problems found while reading YAML; `document` is what could still be read, or None."""

    def __init__(self, problems: list[Problem], document: LocatedDocument | None = None):
        self.problems = problems
        self.document = document
        super().__init__("\n".join(map(str, problems)))


def _fail(path: Path, line: int | None, message: str) -> YamlProblems:
    return YamlProblems([Problem(str(path), line, "(file)", message)])


def _read(path: Path, limits: DeclarationLimits) -> str:
    """The file's text, refusing devices, pipes and files over the size limit before reading them."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise _fail(path, None, "not a regular file (a folder, device or pipe): declarations are files")
        raw = b""
        if info.st_size <= limits.max_bytes:
            with open(path, "rb") as fh:
                raw = fh.read(info.st_size + 1)  # + 1: a file that grew since is refused below, never half read
    except OSError as exc:
        raise _fail(path, None, f"cannot read: {exc.strerror}") from None
    if info.st_size > limits.max_bytes or len(raw) > info.st_size:
        raise _fail(path, None, f"larger than {limits.max_bytes:,} bytes, the most a declaration may hold "
                                "(KHLANG_MAX_DECLARATION_BYTES)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise _fail(path, line, f"not UTF-8 text (byte {exc.start}): save the file as UTF-8") from None


class _Mark(Protocol):
    """Where an event starts: the pure-Python and the C loader each have their own Mark class."""

    line: int  # from 0


class _Refused(Exception):
    """A file beyond the declaration limits, refused while it is being composed."""

    def __init__(self, mark: _Mark | None, message: str):
        self.line = mark.line + 1 if mark is not None else None
        self.message = message
        super().__init__(message)


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader, counting depth, list items and the values aliases would expand to while composing.

    Aliases stay shared nodes while composing, so a billion-laughs file costs only its own size here; the
    count of expanded values is what building the data would cost, and beyond the limit nothing is built.
    """

    def __init__(self, text: str, limits: DeclarationLimits):
        super().__init__(text)
        self.limits = limits
        self.depth = 0
        self.expanded = 0  # values of the document so far, every alias counted as the values it stands for
        self.sizes: dict[str, int] = {}  # expanded size of each finished anchored node

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(parent, yaml.SequenceNode) and index >= self.limits.max_items:
            raise _Refused(event.start_mark, f"a list longer than {self.limits.max_items:,} items "
                                             "(KHLANG_MAX_LIST_ITEMS)")
        if isinstance(event, yaml.AliasEvent):
            alias = event.anchor or ""  # an alias always names its anchor (the parser reads `*name`)
            if alias in self.anchors and alias not in self.sizes:
                raise _Refused(event.start_mark, f"recursive alias *{alias} (it refers to a value "
                                                 "that contains it)")
            self._count(self.sizes.get(alias, 0), event.start_mark)
            return super().compose_node(parent, index)
        self.depth += 1
        if self.depth > self.limits.max_depth:
            raise _Refused(event.start_mark, f"nested deeper than {self.limits.max_depth} levels "
                                             "(KHLANG_MAX_DECLARATION_DEPTH)")
        before = self.expanded
        node = super().compose_node(parent, index)
        self.depth -= 1
        self._count(1, event.start_mark)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.sizes[anchor] = self.expanded - before
        return node

    def _count(self, size: int, mark: _Mark | None) -> None:
        self.expanded += size
        if self.expanded > self.limits.max_nodes:
            raise _Refused(mark, f"more than {self.limits.max_nodes:,} values once aliases are expanded "
                                 "(KHLANG_MAX_DECLARATION_NODES): too many aliases of aliases?")


class _Builder:
    """Turns composed nodes into plain data, remembering each line and collecting every bad value."""

    def __init__(self, path: Path, loader: yaml.SafeLoader):
        self.path = path
        self.loader = loader
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self.invalid: set[Loc] = set()

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        """The value of `node`, found at `loc` of the document."""
        self.lines[loc] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        try:
            return self.loader.construct_object(node, deep=True)
        except ValueError as exc:  # e.g. an impossible date such as 2569-02-30
            self._problem(node, loc, f"invalid value: {exc}")
            return node.value

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        explicit: set[str] = set()
        for key_node, _value in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue
            if key_node.value in explicit:
                self._problem(key_node, (*loc, key_node.value), "duplicate key")
            explicit.add(key_node.value)
        # Merge keys (<<) come first after flattening, so explicit keys override them as YAML says.
        self.loader.flatten_mapping(node)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, loc)
            if key is None:
                continue
            child = (*loc, key)
            out[key] = self.build(value_node, child)
            self.lines[child] = key_node.start_mark.line + 1
        return out

    def _key(self, key_node: yaml.Node, loc: Loc) -> str | None:
        """A mapping key as text; None (and a problem) for a list, a mapping or a date as a key."""
        key = None
        if isinstance(key_node, yaml.ScalarNode):
            try:
                key = self.loader.construct_object(key_node, deep=True)
            except ValueError:
                key = None
        if not isinstance(key, (str, int)):
            where = dotted(loc) or "(key)"
            self.problems.append(Problem(str(self.path), key_node.start_mark.line + 1, where, "keys must be text"))
            return None
        return str(key)

    def _problem(self, node: yaml.Node, loc: Loc, message: str) -> None:
        self.problems.append(Problem(str(self.path), node.start_mark.line + 1, dotted(loc), message))
        self.invalid.add(loc)
