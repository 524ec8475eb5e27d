"""`parquet`: one Parquet file (or a folder of them) under the data folder, read in place by DuckDB."""

from __future__ import annotations

from khlang.harvest.readers import ParquetReader
from khlang.sources.base import source_type
from khlang.sources.files import FileFolderType


@source_type
class ParquetType(FileFolderType):
    """OpenLineage: namespace `file`, the source's path."""

    name = "parquet"
    reader = ParquetReader
    suffixes = (".parquet",)
