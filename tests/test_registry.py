"""One registry type for every registered kind of thing: duplicates refused, unknown names explained."""

from __future__ import annotations

import importlib

import pytest

from khlang.registry import DuplicateEntry, Registry, UnknownEntry

# Every registry of the project, by module and name: each must be a Registry (so duplicates are refused).
REGISTRIES = [
    ("khlang.catalog.gaps", "GAP_RULES"),
    ("khlang.cli", "COMMANDS"),
    ("khlang.quality.consistency.base", "CONSISTENCY_TYPES"),
    ("khlang.quality.security.base", "SECURITY_RULES"),
    ("khlang.quality.expectations", "EXPECTATIONS"),
    ("khlang.linkage.checks", "FINDING_RULES"),
    ("khlang.harvest.pii", "DETECTORS"),
    ("khlang.sources", "SOURCE_TYPES"),
    ("khlang.governance.measures", "MEASURES"),
    ("khlang.governance.observations", "ISSUE_SOURCES"),
    ("khlang.governance.rules", "RULE_TYPES"),
    ("khlang.backup.verify", "RULES"),
    ("khlang.backup.engines", "ENGINES"),
    ("khlang.ea.checks", "EA_RULES"),
]


def test_duplicate_names_are_refused():
    reg: Registry[str, int] = Registry("widget")
    reg.add("a", 1)
    with pytest.raises(DuplicateEntry, match="widget 'a' is already registered"):
        reg.add("a", 2)
    assert reg["a"] == 1 and list(reg) == ["a"] and len(reg) == 1


def test_decorator_registers_the_object_itself():
    reg: Registry[str, object] = Registry("rule")

    @reg.register("r1")
    def r1() -> int:
        return 1

    assert reg["r1"] is r1 and r1() == 1
    with pytest.raises(DuplicateEntry):
        reg.register("r1")(lambda: 2)
    assert reg.remove("r1") is r1 and "r1" not in reg
    with pytest.raises(UnknownEntry):
        reg.remove("r1")


def test_unknown_and_disabled_names_say_why():
    reg: Registry[str, int] = Registry("engine")
    reg.add("duckdb", 1)
    reg.disable("spark", "install the spark extra: pip install 'khlang[spark]'")
    with pytest.raises(UnknownEntry, match=r"unknown engine 'oracle' \(known: duckdb\)"):
        reg["oracle"]
    with pytest.raises(UnknownEntry, match="engine 'spark' is not available: install the spark extra"):
        reg["spark"]
    assert reg.get("oracle") is None and "spark" not in reg
    with pytest.raises(DuplicateEntry):
        reg.add("spark", 2)


@pytest.mark.parametrize(("module", "name"), REGISTRIES)
def test_every_registry_of_the_project_is_one_kind(module, name):
    registry = getattr(importlib.import_module(module), name)
    if module == "khlang.cli":
        from khlang.cli import build_parser

        build_parser()  # command modules register on import
    if module == "khlang.backup.engines":
        from khlang.backup.engines import engines

        engines()  # engine modules load on first use
    assert isinstance(registry, Registry), f"{module}.{name} is a {type(registry).__name__}, not a Registry"
    assert len(registry) > 0
    first = next(iter(registry))
    with pytest.raises(DuplicateEntry):
        registry.add(first, registry[first])
