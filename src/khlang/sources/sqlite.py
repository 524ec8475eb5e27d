"""`sqlite`: a SQLite file under the data folder, opened read-only; OpenLineage `sqlite://<path>`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from khlang.harvest.readers import SQLiteReader
from khlang.sources.base import DatabaseFileType, source_type

if TYPE_CHECKING:
    from khlang.declarations.models import Dataset, Source
    from khlang.quality.relations import Relations


@source_type
class SQLiteType(DatabaseFileType):
    """Checks stream the table into DuckDB as Arrow batches (SQLite's types are per value, not per column)."""

    name = "sqlite"
    reader = SQLiteReader
    backup_engine = "sqlite"
    magic = (0, b"SQLite format 3\x00")
    suffixes = (".sqlite", ".sqlite3", ".db")

    def open_relation(self, rel: Relations, view: str, source: Source, ds: Dataset) -> None:
        rel.load_arrow(view, rel.sqlite_batches(rel.file(source.path), ds.object))
