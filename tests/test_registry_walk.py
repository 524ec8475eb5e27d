"""Every registry of the project is a khlang.registry.Registry, found by walking every module, not by a list.

Two checks over all of src/khlang: each module-level Registry refuses a duplicate name, and no module keeps a
hand-rolled registry instead (a module-level dict, list or set that functions fill at import time, or a table
of functions/classes that is not a Registry). The few module-level containers that are not registries are
listed below with what they are.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import khlang
from khlang.registry import DuplicateEntry, Registry

SRC = Path(khlang.__file__).resolve().parent

# Module-level containers that functions change and that are not registries of named things.
NOT_REGISTRIES_MUTATED = {
    ("khlang.backup.engines.mysql", "_SANDBOX"): "a cache: whether a mariadb client accepts --sandbox",
    ("khlang.harvest.readers", "_LIVE_COPIES"): "the temporary copies of live SQLite files still open",
    ("khlang.identity.permissions", "RULES"): "the ordered permission table; add_rules refuses a rule twice",
}
# Module-level tables of functions or classes written out in one literal (ruff's F601 refuses a repeated key).
LITERAL_TABLES = {
    ("khlang.console.routes", "ROUTERS"): "the console's routers, in mounting order",
    ("khlang.quality.expectations", "KWARG_CHECKS"): "what each GX kwarg must hold",
    ("khlang.quality.expectations_gx", "KWARG_CHECKS"): "the same table, with the kwargs of GX's other types",
    ("khlang.sample.legacy", "NAME_VARIANTS"): "ways the legacy system misspells a name",
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _sources() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


@pytest.fixture(scope="module")
def modules() -> list:
    """Every khlang module, imported (command modules and backup engines load on first use: load them)."""
    loaded = []
    for info in pkgutil.walk_packages(khlang.__path__, "khlang."):
        if ".migrations" in info.name:
            continue
        try:
            loaded.append(importlib.import_module(info.name))
        except ModuleNotFoundError as exc:  # an optional extra that is not installed here
            if (exc.name or "").split(".")[0] == "khlang":
                raise
    from khlang.backup.engines import engines
    from khlang.cli import build_parser

    build_parser()
    engines()
    return loaded


def _registries(modules) -> dict[int, tuple[str, str, Registry]]:
    found: dict[int, tuple[str, str, Registry]] = {}
    for module in modules:
        for name, obj in vars(module).items():
            # The module that defines it, not the ones that re-export it.
            if isinstance(obj, Registry) and (id(obj) not in found or module.__name__ in found[id(obj)][0]):
                found.setdefault(id(obj), (module.__name__, name, obj))
    return found


def test_every_registry_refuses_a_duplicate_name(modules):
    registries = _registries(modules)
    assert len(registries) >= 28, sorted((m, n) for m, n, _ in registries.values())
    accepted = []  # registries that took a name twice
    for module, name, registry in registries.values():
        probe = not len(registry)  # nothing registered here: a new name, twice
        key = "__probe__" if probe else next(iter(registry))
        if probe:
            registry.add(key, object())
        try:
            registry.add(key, registry[key])
            accepted.append(f"{module}.{name}")
        except DuplicateEntry:
            pass
        finally:
            if probe:
                registry.remove(key)
    assert accepted == []


def test_the_known_registries_are_all_found(modules):
    from test_registry import REGISTRIES

    found = {(m, n) for m, n, _ in _registries(modules).values()}
    for module, name in REGISTRIES:
        obj = getattr(importlib.import_module(module), name)
        assert isinstance(obj, Registry) and any(r is obj for *_, r in _registries(modules).values()), (module, name)
    assert ("khlang.sample.seeds", "SEEDS") in found


def test_no_module_fills_a_container_of_its_own():
    """A module-level dict/list/set that a function changes is a hand-rolled registry, unless listed above."""
    mutated = set()
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        names = set()
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            value = getattr(node, "value", None)
            if isinstance(value, (ast.Dict, ast.List, ast.Set, ast.Call)):
                names |= {t.id for t in targets if isinstance(t, ast.Name)}
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for n in ast.walk(fn):
                target = None
                if isinstance(n, (ast.Assign, ast.AugAssign)):
                    for t in n.targets if isinstance(n, ast.Assign) else [n.target]:
                        if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name):
                            target = t.value.id
                elif (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                      and isinstance(n.func.value, ast.Name)
                      and n.func.attr in {"append", "extend", "insert", "update", "setdefault", "add", "__setitem__"}):
                    target = n.func.value.id
                if target in names:
                    mutated.add((_module_name(path), target))
    registries = {(m, n) for m, n in mutated
                  if isinstance(getattr(importlib.import_module(m), n, None), Registry)}
    assert mutated - registries - set(NOT_REGISTRIES_MUTATED) == set()


def test_no_table_of_functions_or_classes_is_a_plain_container(modules):
    tables = set()
    for module in modules:
        for name, obj in vars(module).items():
            if isinstance(obj, Registry) or not isinstance(obj, (dict, list, set, tuple)) or not obj:
                continue
            values = list(obj.values() if isinstance(obj, dict) else obj)
            if all(inspect.isfunction(v) or inspect.isclass(v) or hasattr(v, "routes") for v in values):
                tables.add((module.__name__, name))
    assert tables - set(LITERAL_TABLES) == set()


def test_permission_rules_refuse_a_rule_twice():
    from khlang.identity.permissions import RULES, add_rules

    assert len(RULES) == len(set(RULES))
    with pytest.raises(DuplicateEntry, match="permission rule"):
        add_rules([RULES[0]])
    assert RULES.count(RULES[0]) == 1
