"""`csv`: one CSV file (or a folder of them) under the data folder, any encoding (`encoding:`)."""

from __future__ import annotations

from khlang.harvest.readers import CsvReader
from khlang.sources.base import source_type
from khlang.sources.files import FileFolderType


@source_type
class CsvType(FileFolderType):
    """OpenLineage: namespace `file`, the source's path."""

    name = "csv"
    reader = CsvReader
    suffixes = (".csv", ".tsv")
