"""Source types as plugins: one module per type, each one class registered in SOURCE_TYPES.

Importing this package registers the built-in types. To add a type, write one module here with a
`@source_type` class (see khlang.sources.base.SourceType for what it declares) and add its module's
name to BUILT_IN.
"""

from __future__ import annotations

from importlib import import_module

from khlang.sources.base import SOURCE_TYPES, DatabaseFileType, ServerType, SourceType, source_type

# The built-in types, one module each, registered in this order (the order error messages list them in).
BUILT_IN = ("files", "parquet", "csv", "duckdb", "sqlite", "postgres", "mysql")
for _module in BUILT_IN:
    import_module(f"khlang.sources.{_module}")


def plugin(name: str) -> SourceType:
    """The registered source type of that name (an unknown one says which are known)."""
    return SOURCE_TYPES[name]


__all__ = ["SOURCE_TYPES", "DatabaseFileType", "ServerType", "SourceType", "plugin", "source_type"]
