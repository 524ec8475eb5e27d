"""OpenLineage names for what Khlang reads and writes, after the spec's naming conventions.

Each source type's plugin (khlang.sources) names its datasets: files, namespace `file`, name the
absolute path; PostgreSQL `postgres://host:port`, name `database.schema.table`; MySQL/MariaDB
`mysql://host:port`, name `database.table`; DuckDB and SQLite files `duckdb://<path>` / `sqlite://<path>`,
name the table. Credentials never appear in a name.
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
    from khlang.sources import plugin

    return plugin(source.type).lineage_ref(source, ds, Path(data_dir), description)


def store_ref(store_url: str, table: str) -> DatasetRef:
    """A table of the governance store."""
    url = make_url(store_url)
    if url.get_backend_name() == "sqlite":
        return DatasetRef(f"sqlite://{Path(url.database or ':memory:').resolve()}", table,
                          "Khlang governance store", "khlang_store")
    from khlang.sources.postgres import namespace as postgres_namespace

    namespace, database = postgres_namespace(store_url)
    return DatasetRef(namespace, f"{database}.public.{table}", "Khlang governance store", "khlang_store")
