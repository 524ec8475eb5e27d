"""`files`: a folder (or one file) of Parquet and CSV files under the data folder, read in place by DuckDB.

Each file is a dataset; its object is the file's path inside the folder. OpenLineage: namespace `file`,
the file's absolute path; GD Catalog format from the file's suffix.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from khlang.errors import SourceError
from khlang.harvest.readers import FilesReader, Table, literal
from khlang.sources.base import SourceType, source_type

if TYPE_CHECKING:
    from khlang.declarations.models import Dataset, Source
    from khlang.lineage.events import DatasetRef
    from khlang.quality.relations import Relations


class FileFolderType(SourceType):
    """Parquet and CSV files, as one folder or one file; a view reads them where they are."""

    reader = FilesReader
    pushdown = ("duckdb",)  # DuckDB reads the files themselves

    def open_relation(self, rel: Relations, view: str, source: Source, ds: Dataset) -> None:
        from khlang.harvest.scan import open_source

        with open_source(source, rel.data_dir) as reader:
            if not isinstance(reader, FilesReader):  # pragma: no cover - every file type reads with one
                raise SourceError(f"source type {source.type} is not read as files")
            if not reader.resolve(ds.object).is_file():
                raise SourceError(f"dataset {ds.name}: {ds.object!r} not found in source {source.name!r}")
            sql, params = reader.relation_sql(Table(ds.name, ds.object, ()))
            rel.keep_copies(reader.hand_over_copies())  # the view reads them until the relations close
        body = sql.replace("$p", literal(params["p"]))
        rel.con.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM {body}")


@source_type
class FilesType(FileFolderType):
    """A folder of Parquet/CSV files: each file a dataset."""

    name = "files"
    folder = True

    def lineage_ref(self, source: Source, ds: Dataset, data_dir: Path, description: str) -> DatasetRef:
        from khlang.lineage.events import DatasetRef

        path = Path(data_dir) / (source.path or "") / ds.object
        return DatasetRef("file", str(path.resolve()), description, source.name)

    def ckan_format(self, ds: Dataset) -> str | None:
        from khlang.catalog.ckan_schema import DEFAULT_VARIANT
        from khlang.catalog.ckan_vocabulary import mapped

        suffix = ds.object.rsplit(".", 1)[-1].lower()
        return suffix if mapped("data_format", suffix, DEFAULT_VARIANT) else None
