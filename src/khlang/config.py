"""Where Khlang finds its declarations, data and store: one place, from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _home() -> Path:
    env = os.environ.get("KHLANG_HOME")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "catalog").is_dir() and (candidate / "pyproject.toml").is_file():
            return candidate
    return here


@dataclass(frozen=True)
class Settings:
    """Paths and URLs for one Khlang installation."""

    home: Path
    catalog_dir: Path
    expectations_dir: Path
    data_dir: Path
    var_dir: Path
    reports_dir: Path
    lineage_dir: Path
    store_url: str
    duckdb_memory_limit: str
    duckdb_threads: int

    @property
    def tmp_dir(self) -> Path:
        """Spill and scratch space (DuckDB temp files, transcoded CSVs)."""
        return self.var_dir / "tmp"


@dataclass(frozen=True)
class DeclarationLimits:
    """Bounds on what one declaration or suite file may hold, so a hostile file is refused, not expanded."""

    max_bytes: int  # KHLANG_MAX_DECLARATION_BYTES
    max_depth: int  # KHLANG_MAX_DECLARATION_DEPTH
    max_nodes: int  # KHLANG_MAX_DECLARATION_NODES: values once every YAML alias is expanded
    max_items: int  # KHLANG_MAX_LIST_ITEMS: items of one list (a value set, a list of datasets)


def declaration_limits() -> DeclarationLimits:
    """The limits now (environment variables win over the defaults)."""
    return DeclarationLimits(
        max_bytes=_whole_number("KHLANG_MAX_DECLARATION_BYTES", 10 * 1024 * 1024),
        max_depth=_whole_number("KHLANG_MAX_DECLARATION_DEPTH", 64),
        max_nodes=_whole_number("KHLANG_MAX_DECLARATION_NODES", 1_000_000),
        max_items=_whole_number("KHLANG_MAX_LIST_ITEMS", 100_000),
    )


def data_roots() -> list[Path]:
    """Extra folders (KHLANG_DATA_ROOTS, os.pathsep-separated) a source may read besides KHLANG_DATA_DIR."""
    raw = os.environ.get("KHLANG_DATA_ROOTS", "")
    return [Path(part).expanduser() for part in raw.split(os.pathsep) if part.strip()]


def _whole_number(name: str, default: int) -> int:
    from khlang.errors import KhlangError

    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise KhlangError(f"{name}={raw!r}: expected a positive whole number")
    return int(raw)


def settings() -> Settings:
    """Read the settings now (environment variables win over the defaults)."""
    home = _home()
    var = Path(os.environ.get("KHLANG_VAR_DIR", home / "var"))
    store = os.environ.get("KHLANG_STORE_URL") or f"sqlite:///{var / 'khlang.db'}"
    return Settings(
        home=home,
        catalog_dir=Path(os.environ.get("KHLANG_CATALOG_DIR", home / "catalog")),
        expectations_dir=Path(os.environ.get("KHLANG_EXPECTATIONS_DIR", home / "expectations")),
        data_dir=Path(os.environ.get("KHLANG_DATA_DIR", var / "sample")),
        var_dir=var,
        reports_dir=Path(os.environ.get("KHLANG_REPORTS_DIR", home / "reports")),
        lineage_dir=Path(os.environ.get("KHLANG_LINEAGE_DIR", home / "lineage")),
        store_url=store,
        duckdb_memory_limit=os.environ.get("KHLANG_DUCKDB_MEMORY", "2GB"),
        duckdb_threads=int(os.environ.get("KHLANG_DUCKDB_THREADS", "2")),
    )


def spark_master() -> str:
    """The Spark master URL the Spark engine and `catalog scan --engine spark` use (KHLANG_SPARK_MASTER)."""
    return os.environ.get("KHLANG_SPARK_MASTER", "").strip() or "local[2]"


def spark_conf() -> dict[str, str]:
    """Extra Spark settings: KHLANG_SPARK_CONF, `key=value` pairs separated by commas or new lines."""
    from khlang.errors import KhlangError

    raw = os.environ.get("KHLANG_SPARK_CONF", "")
    conf: dict[str, str] = {}
    for part in raw.replace("\n", ",").split(","):
        part = part.strip()
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise KhlangError(f"KHLANG_SPARK_CONF: {part!r} is not key=value")
        conf[key.strip()] = value.strip()
    return conf
