"""Decisions the demo's people make, recorded by the library functions the console calls, as those people.

Each module of this package registers its seeds with `@seed("name")`; `record_all` imports every module
here and runs every seed in name order. A seed must be idempotent (the demo runs it on every `make demo`)
and must act as the person the procedure gives the decision to, through the permission-checked functions.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

from khlang.registry import Registry

Seed = Callable[[Any, Any], dict]
SEEDS: Registry[str, Seed] = Registry("sample decision seed")
seed = SEEDS.register


def load() -> None:
    """Import every seed module of this package (each registers its seeds on import)."""
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


def record_all(catalog: Any, store: Any) -> dict[str, dict]:
    """Run every seed; what each recorded (a seed that found its records already made reports so)."""
    load()
    return {name: SEEDS[name](catalog, store) for name in sorted(SEEDS)}
