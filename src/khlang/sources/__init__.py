"""Source types as plugins: one module per type, each one class registered in SOURCE_TYPES.

Importing this package registers the built-in types. To add a type, write one module here with a
`@source_type` class (see khlang.sources.base.SourceType for what it declares) and add it to the import
below (the built-in types).
"""

from __future__ import annotations

from khlang.sources import csv, duckdb, files, mysql, parquet, postgres, sqlite  # noqa: F401 - registers the built-in types
from khlang.sources.base import SOURCE_TYPES, DatabaseFileType, ServerType, SourceType, source_type


def plugin(name: str) -> SourceType:
    """The registered source type of that name (an unknown one says which are known)."""
    return SOURCE_TYPES[name]


__all__ = ["SOURCE_TYPES", "DatabaseFileType", "ServerType", "SourceType", "plugin", "source_type"]
