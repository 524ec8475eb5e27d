"""OpenLineage names for what Khlang reads and writes, after the spec's naming conventions.

Files: namespace `file`, name the absolute path. PostgreSQL: `postgres://host:port`, name
`database.schema.table`. DuckDB and SQLite files: `duckdb://<path>` / `sqlite://<path>`, name the
table. Credentials never appear in a name.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from khlang.declarations import Catalog
from khlang.lineage.events import DatasetRef


def file_ref(path: Path | str, description: str | None = None) -> DatasetRef:
    """A file or folder Khlang reads or writes."""
    return DatasetRef("file", str(Path(path).resolve()), description)


def dataset_ref(catalog: Catalog, name: str, data_dir: Path) -> DatasetRef:
    """A declared dataset where its source keeps it."""
    ds = catalog.datasets[name]
    source = catalog.sources.get(ds.source)
    description = f"{ds.title_th}" + (f" · {ds.title_en}" if ds.title_en else "")
    if source is None:
        return DatasetRef(f"khlang://source/{ds.source}", ds.object, description, ds.source)
    if source.type == "postgres":
        namespace, database = _postgres(source.url or "")
        table = ds.object if "." in ds.object else f"public.{ds.object}"
        return DatasetRef(namespace, f"{database}.{table}", description, source.name)
    if source.type == "mysql":
        namespace, database = _mysql(source.url or "")
        return DatasetRef(namespace, f"{database}.{ds.object}", description, source.name)
    root = Path(data_dir) / (source.path or "")
    if source.type in ("duckdb", "sqlite"):
        return DatasetRef(f"{source.type}://{root.resolve()}", ds.object, description, source.name)
    path = root / ds.object if source.type == "files" else root
    return DatasetRef("file", str(path.resolve()), description, source.name)


def store_ref(store_url: str, table: str) -> DatasetRef:
    """A table of the governance store."""
    url = make_url(store_url)
    if url.get_backend_name() == "sqlite":
        return DatasetRef(f"sqlite://{Path(url.database or ':memory:').resolve()}", table,
                          "Khlang governance store", "khlang_store")
    namespace, database = _postgres(store_url)
    return DatasetRef(namespace, f"{database}.public.{table}", "Khlang governance store", "khlang_store")


def _postgres(url: str) -> tuple[str, str]:
    """postgres://host:port and the database name, without user or password."""
    try:
        parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    except Exception:  # noqa: BLE001 — an unexpandable ${ENV} URL still gets a stable, secret-free name
        return "postgres://unknown", "unknown"
    return f"postgres://{parsed.host or 'localhost'}:{parsed.port or 5432}", parsed.database or "postgres"


def _mysql(url: str) -> tuple[str, str]:
    """mysql://host:port (OpenLineage's naming) and the database name, without user or password."""
    import os

    try:
        parsed = make_url(os.path.expandvars(url).replace("mariadb://", "mysql://", 1))
    except Exception:  # noqa: BLE001 — as for PostgreSQL: a stable, secret-free name
        return "mysql://unknown", "unknown"
    return f"mysql://{parsed.host or 'localhost'}:{parsed.port or 3306}", parsed.database or "mysql"
