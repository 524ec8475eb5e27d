"""What every source type is: one plugin class per type, registered in SOURCE_TYPES.

A source type says, in one place, everything Khlang does differently for it: how it is declared
(`location`: a `path` under the data folder or a server `url`), its profiling reader (`reader`),
how one of its datasets becomes a DuckDB relation for checks (`open_relation`), which quality engines
can run its checks where the data is (`pushdown`), its OpenLineage name (`lineage_ref`), its GD Catalog
data format (`ckan_format`), its place in OpenMetadata (`openmetadata_place`) and the backup engine that
copies it (`backup_engine`). The modules that need one of these ask the plugin; none branches on the
type's name. Adding a type (Oracle, SQL Server …) is one module under khlang/sources plus its tests.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal, TypeVar

from khlang.errors import SourceError
from khlang.registry import Registry

if TYPE_CHECKING:
    from khlang.declarations.models import Dataset, Source
    from khlang.harvest.readers import Reader
    from khlang.lineage.events import DatasetRef
    from khlang.quality.relations import Relations

S = TypeVar("S", bound="SourceType")


class SourceType:
    """One kind of source; subclasses set the class attributes and override what differs."""

    name: ClassVar[str]
    reader: ClassVar[type[Reader]]  # profiling (catalog scan); opened with a path or with the URL
    location: ClassVar[Literal["path", "url"]] = "path"  # what a declaration must give
    pushdown: ClassVar[tuple[str, ...]] = ()  # quality engines that run its checks inside the source
    backup_engine: ClassVar[str | None] = None  # the backup engine (khlang.backup.engines) that copies it
    data_format: ClassVar[str | None] = None  # the GD Catalog data format code of every dataset
    # How `catalog scan <location>` recognises a path of this type: a folder, magic bytes at an offset, suffixes.
    folder: ClassVar[bool] = False
    magic: ClassVar[tuple[int, bytes] | None] = None
    suffixes: ClassVar[tuple[str, ...]] = ()

    @property
    def required(self) -> tuple[str, ...]:
        """The fields a declaration of this type must fill."""
        return (self.location,)

    @property
    def by_url(self) -> bool:
        """Whether the source is a database server reached by URL (rather than a path under the data folder)."""
        return self.location == "url"

    @property
    def url_schemes(self) -> tuple[str, ...]:
        """The URL schemes a location given on the command line is recognised by."""
        return self.reader.url_schemes

    def missing(self, source: Source) -> str | None:
        """Why a declaration is incomplete (the first required field left empty), or None."""
        field = next((f for f in self.required if not getattr(source, f, None)), None)
        return f"a {self.name} source needs {field}" if field else None

    def open_reader(self, path: Path | None = None, url: str | None = None, encoding: str | None = None) -> Reader:
        """The profiling reader, opened on the location."""
        make: Callable[..., Reader] = self.reader  # each reader class takes its own keywords
        if self.by_url:
            return make(url=url)
        return make(path=path, encoding=encoding)

    def open_relation(self, rel: Relations, view: str, source: Source, ds: Dataset) -> None:
        """Make `view` (quoted) a relation over the dataset in the checks' DuckDB connection."""
        raise SourceError(f"source type {self.name} cannot be checked")

    def lineage_ref(self, source: Source, ds: Dataset, data_dir: Path, description: str) -> DatasetRef:
        """The dataset's OpenLineage namespace and name, after the spec's naming conventions."""
        from khlang.lineage.events import DatasetRef

        root = Path(data_dir) / (source.path or "")
        return DatasetRef("file", str(root.resolve()), description, source.name)

    def ckan_format(self, ds: Dataset) -> str | None:
        """The GD Catalog data format code of the dataset (khlang.catalog.ckan_vocabulary), or None."""
        return self.data_format

    def openmetadata_place(self, source: Source, ds: Dataset) -> tuple[str | None, str | None]:
        """The OpenMetadata database and schema of the dataset (None: the service's `default`)."""
        return None, None


SOURCE_TYPES: Registry[str, SourceType] = Registry("source type")


def source_type(cls: type[S]) -> type[S]:
    """Register a source type class (one instance of it) under its `name`; a second one is an error."""
    SOURCE_TYPES.add(cls.name, cls())
    return cls


class DatabaseFileType(SourceType):
    """A database in one file under the data folder (DuckDB, SQLite): OpenLineage `<type>://<path>`."""

    data_format = "database"

    def lineage_ref(self, source: Source, ds: Dataset, data_dir: Path, description: str) -> DatasetRef:
        from khlang.lineage.events import DatasetRef

        root = Path(data_dir) / (source.path or "")
        return DatasetRef(f"{self.name}://{root.resolve()}", ds.object, description, source.name)

    def openmetadata_place(self, source: Source, ds: Dataset) -> tuple[str | None, str | None]:
        return None, ds.object.split(".", 1)[0] if "." in ds.object else "main"


class ServerType(SourceType):
    """A database server reached by URL; its tables are streamed into DuckDB as Arrow batches for checks."""

    location = "url"
    data_format = "database"

    def open_relation(self, rel: Relations, view: str, source: Source, ds: Dataset) -> None:
        from khlang.harvest.readers import ServerReader

        if not issubclass(self.reader, ServerReader):  # pragma: no cover - a server type reads with one
            raise SourceError(f"source type {self.name} is not a database server")
        rel.load_arrow(view, rel.server_batches(self.name, self.reader, source.url or "", ds.object))

    @staticmethod
    def url_database(source: Source, default: str) -> str:
        """The database of the source's URL, without credentials; `default` when it cannot be read."""
        from sqlalchemy.engine import make_url

        try:
            url = make_url(os.path.expandvars(source.url or "").replace("postgres://", "postgresql://", 1))
        except Exception:  # noqa: BLE001 — an unexpandable ${ENV} URL still gets a stable name
            return default
        return url.database or default
