"""`postgres`: a PostgreSQL database by `url`; OpenLineage `postgres://host:port`, name `database.schema.table`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from khlang.harvest.readers import PostgresReader
from khlang.sources.base import ServerType, source_type

if TYPE_CHECKING:
    from khlang.declarations.models import Dataset, Source
    from khlang.lineage.events import DatasetRef


def namespace(url: str) -> tuple[str, str]:
    """postgres://host:port and the database name, without user or password."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    except Exception:  # noqa: BLE001 — an unexpandable ${ENV} URL still gets a stable, secret-free name
        return "postgres://unknown", "unknown"
    return f"postgres://{parsed.host or 'localhost'}:{parsed.port or 5432}", parsed.database or "postgres"


@source_type
class PostgresType(ServerType):
    """The server counts and profiles; an unqualified table is in schema `public`."""

    name = "postgres"
    reader = PostgresReader
    pushdown = ("postgresql",)
    backup_engine = "postgres"

    def lineage_ref(self, source: Source, ds: Dataset, data_dir: Path, description: str) -> DatasetRef:
        from khlang.lineage.events import DatasetRef

        ns, database = namespace(source.url or "")
        table = ds.object if "." in ds.object else f"public.{ds.object}"
        return DatasetRef(ns, f"{database}.{table}", description, source.name)

    def openmetadata_place(self, source: Source, ds: Dataset) -> tuple[str | None, str | None]:
        schema = ds.object.split(".", 1)[0] if "." in ds.object else "public"
        return self.url_database(source, "postgres"), schema
