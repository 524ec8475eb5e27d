"""Validate every declaration file at once, so `khlang catalog validate` checks what the DAGs will read.

A feature with a declaration file of its own adds one line to DECLARATION_FILES.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from khlang.declarations.loader import load_catalog
from khlang.errors import DeclarationError, Problem

# (file under catalog/, "module:function"); the function takes the loaded Catalog.
DECLARATION_FILES: list[tuple[str, str]] = [
    ("systems.yaml", "khlang.declarations.systems:load_systems"),
    ("consistency.yaml", "khlang.quality.consistency:load_consistency"),
    ("access.yaml", "khlang.quality.security:load_access_register"),
    ("linkages.yaml", "khlang.linkage.register:load_register"),
    ("policies.yaml", "khlang.governance.policies:load_policies"),
    ("backups.yaml", "khlang.backup.declarations:load_backups"),
    ("glossary.yaml", "khlang.declarations.glossary:load_glossary"),
    ("ea.yaml", "khlang.ea.views_decl:load_ea_file"),
]


def validate_everything(catalog_dir: Path, expectations_dir: Path) -> dict[str, int]:
    """Load and validate every declaration; raise one DeclarationError listing every problem."""
    catalog = load_catalog(catalog_dir)
    problems: list[Problem] = []
    counts = {"datasets": len(catalog.datasets), "sources": len(catalog.sources), "people": len(catalog.people)}
    for name, target in DECLARATION_FILES:
        if not (Path(catalog_dir) / name).exists():
            continue
        module, func = target.split(":")
        try:
            loaded = getattr(importlib.import_module(module), func)(catalog)
        except DeclarationError as exc:
            problems += exc.problems
            continue
        items = next((getattr(loaded, a) for a in ("grants", "entries", "backups", "policies", "terms")
                      if hasattr(loaded, a)), loaded)
        counts[name] = len(items) if hasattr(items, "__len__") else 1
    from khlang.quality.suite import suites_by_dataset

    try:
        suites = suites_by_dataset(expectations_dir)
        for dataset, suite in suites.items():
            if dataset not in catalog.datasets:
                problems.append(Problem(str(suite.path), None, "meta.khlang.dataset",
                                        f"suite is for unknown dataset {dataset!r}"))
        counts["suites"] = len(suites)
    except DeclarationError as exc:
        problems += exc.problems
    if problems:
        raise DeclarationError(problems)
    return counts
