"""Every catalogued dataset as a DuckDB relation, so checks are SQL over dataset names.

Files are read in place (Parquet, CSV, DuckDB attached read-only); SQLite and PostgreSQL tables
are streamed into DuckDB as Arrow record batches, never loaded whole into pandas.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import duckdb

from khlang.declarations import Catalog
from khlang.errors import SourceError
from khlang.harvest.readers import duckdb_connection, quote
from khlang.harvest.scan import open_source

ARROW_BATCH_ROWS = 100_000


class Relations:
    """A DuckDB connection where each dataset of the catalogue is a view named after it."""

    def __init__(self, catalog: Catalog, data_dir: Path, con: duckdb.DuckDBPyConnection | None = None):
        self.catalog = catalog
        self.data_dir = Path(data_dir)
        self.con = con or duckdb_connection()
        self._views: dict[str, str] = {}
        self._attached: dict[str, str] = {}

    def close(self) -> None:
        """Release the connection."""
        self.con.close()

    def __enter__(self) -> "Relations":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def view(self, dataset: str) -> str:
        """The quoted name of a view over `dataset`, created on first use."""
        if dataset in self._views:
            return self._views[dataset]
        ds = self.catalog.datasets.get(dataset)
        if ds is None:
            raise SourceError(f"unknown dataset {dataset!r}")
        source = self.catalog.sources[ds.source]
        name = quote(f"ds_{dataset}")
        if source.type in ("files", "parquet", "csv"):
            from khlang.harvest.readers import Table

            with open_source(source, self.data_dir) as reader:
                if not reader.resolve(ds.object).is_file():
                    raise SourceError(f"dataset {dataset}: {ds.object!r} not found in source {source.name!r}")
                sql, params = reader.relation_sql(Table(ds.name, ds.object, ()))
                path = params["p"]
            body = sql.replace("$p", "'" + path.replace("'", "''") + "'")
            self.con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM {body}")
        elif source.type == "duckdb":
            alias = self._attach(source.name, self._file(source.path))
            schema, _, table = ds.object.rpartition(".")
            self.con.execute(
                f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM {alias}.{quote(schema or 'main')}.{quote(table)}"
            )
        elif source.type == "sqlite":
            self._load_arrow(name, self._sqlite_batches(self._file(source.path), ds.object))
        elif source.type == "postgres":
            self._load_arrow(name, self._postgres_batches(source.url or "", ds.object))
        else:  # pragma: no cover - the declarations' Literal forbids it
            raise SourceError(f"source type {source.type} cannot be checked")
        self._views[dataset] = name
        return name

    def _file(self, relative: str | None) -> Path:
        base = self.data_dir.resolve()
        path = (base / (relative or "")).resolve()
        if not path.is_relative_to(base):
            raise SourceError(f"{relative!r} leaves the data folder {base}")
        if not path.is_file():
            raise SourceError(f"{path}: no such file")
        return path

    def _attach(self, source: str, path: Path) -> str:
        if source not in self._attached:
            alias = quote(f"src_{source}")
            self.con.execute(f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS {alias} (READ_ONLY)")
            self._attached[source] = alias
        return self._attached[source]

    def _load_arrow(self, name: str, batches) -> None:  # noqa: ANN001
        """Materialise a database table inside DuckDB, one Arrow batch at a time (bounded memory)."""
        first = next(batches, None)
        if first is None:
            raise SourceError(f"{name}: table is empty or missing")
        self.con.register("_khlang_batch", first)
        self.con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _khlang_batch")
        for batch in batches:
            self.con.register("_khlang_batch", batch)
            self.con.execute(f"INSERT INTO {name} SELECT * FROM _khlang_batch")
        self.con.unregister("_khlang_batch")

    @staticmethod
    def _sqlite_batches(path: Path, table: str):  # noqa: ANN205
        import pyarrow as pa

        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            cur = con.execute(f"SELECT * FROM {quote(table)}")
            names = [d[0] for d in cur.description]
            while rows := cur.fetchmany(ARROW_BATCH_ROWS):
                cols = list(zip(*rows))
                yield pa.RecordBatch.from_arrays([_arrow_column(c) for c in cols], names=names)
        except sqlite3.Error as exc:
            raise SourceError(f"{path}: {table}: {exc}") from None
        finally:
            con.close()

    @staticmethod
    def _postgres_batches(url: str, table: str):  # noqa: ANN205
        import os

        import pyarrow as pa
        from sqlalchemy import create_engine, text

        from khlang.store.db import normalise_url

        engine = create_engine(normalise_url(os.path.expandvars(url)))
        schema, _, name = table.rpartition(".")
        try:
            with engine.connect().execution_options(stream_results=True, max_row_buffer=ARROW_BATCH_ROWS) as conn:
                result = conn.execute(text(f"SELECT * FROM {quote(schema or 'public')}.{quote(name)}"))
                names = list(result.keys())
                while rows := result.fetchmany(ARROW_BATCH_ROWS):
                    cols = list(zip(*rows))
                    yield pa.RecordBatch.from_arrays([_arrow_column(c) for c in cols], names=names)
        finally:
            engine.dispose()


def _arrow_column(values: tuple):  # noqa: ANN202
    """One column of a batch; SQLite lets a column mix types, and such a column is read as text."""
    import pyarrow as pa

    try:
        return pa.array(list(values))
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([None if v is None else str(v) for v in values], type=pa.string())
