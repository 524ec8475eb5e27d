"""`mysql`: a MySQL or MariaDB database by `url` (mysql://, mariadb://); OpenLineage `mysql://host:port`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from khlang.harvest.mysql_reader import MySQLReader
from khlang.sources.base import ServerType, source_type

if TYPE_CHECKING:
    from khlang.declarations.models import Dataset, Source
    from khlang.lineage.events import DatasetRef


def namespace(url: str) -> tuple[str, str]:
    """mysql://host:port (OpenLineage's naming) and the database name, without user or password."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(os.path.expandvars(url).replace("mariadb://", "mysql://", 1))
    except Exception:  # noqa: BLE001 — as for PostgreSQL: a stable, secret-free name
        return "mysql://unknown", "unknown"
    return f"mysql://{parsed.host or 'localhost'}:{parsed.port or 3306}", parsed.database or "mysql"


@source_type
class MySQLType(ServerType):
    """The server counts and profiles; tables are those of the URL's database."""

    name = "mysql"
    reader = MySQLReader
    pushdown = ("mysql",)
    backup_engine = "mysql"

    def lineage_ref(self, source: Source, ds: Dataset, data_dir: Path, description: str) -> DatasetRef:
        from khlang.lineage.events import DatasetRef

        ns, database = namespace(source.url or "")
        return DatasetRef(ns, f"{database}.{ds.object}", description, source.name)

    def openmetadata_place(self, source: Source, ds: Dataset) -> tuple[str | None, str | None]:
        return None, self.url_database(source, "mysql")  # OpenMetadata's MySQL layout: the database is a schema
