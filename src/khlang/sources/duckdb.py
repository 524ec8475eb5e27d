"""`duckdb`: a DuckDB database file under the data folder, attached read-only; OpenLineage `duckdb://<path>`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from khlang.harvest.readers import DuckDBReader, quote
from khlang.sources.base import DatabaseFileType, source_type

if TYPE_CHECKING:
    from khlang.declarations.models import Dataset, Source
    from khlang.quality.relations import Relations


@source_type
class DuckDBType(DatabaseFileType):
    """Checks read the attached database's table through a view (nothing copied)."""

    name = "duckdb"
    reader = DuckDBReader
    pushdown = ("duckdb",)
    backup_engine = "duckdb"
    magic = (8, b"DUCK")
    suffixes = (".duckdb", ".ddb")

    def open_relation(self, rel: Relations, view: str, source: Source, ds: Dataset) -> None:
        alias = rel.attach(source.name, rel.file(source.path))
        schema, _, table = ds.object.rpartition(".")
        rel.con.execute(
            f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM {alias}.{quote(schema or 'main')}.{quote(table)}"
        )
