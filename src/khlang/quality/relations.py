"""Every catalogued dataset as a DuckDB relation, so checks are SQL over dataset names.

Each source type's plugin (khlang.sources) opens its datasets: files are read in place (Parquet, CSV,
DuckDB attached read-only); SQLite, PostgreSQL and MySQL/MariaDB tables are streamed into DuckDB as Arrow
record batches, never loaded whole into pandas. The helpers below are what the plugins use.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from khlang.declarations import Catalog
from khlang.errors import SourceError
from khlang.harvest.readers import data_roots, duckdb_connection, duckdb_reason, literal, quote
from khlang.sources import plugin

if TYPE_CHECKING:
    import pyarrow as pa

    from khlang.harvest.readers import ServerReader

ARROW_BATCH_ROWS = 100_000


class Relations:
    """A DuckDB connection where each dataset of the catalogue is a view named after it."""

    def __init__(self, catalog: Catalog, data_dir: Path, con: duckdb.DuckDBPyConnection | None = None):
        self.catalog = catalog
        self.data_dir = Path(data_dir)
        self.con = con or duckdb_connection(data_roots(self.data_dir))
        self._views: dict[str, str] = {}
        self._attached: dict[str, str] = {}
        self._copies: list[Path] = []

    def close(self) -> None:
        """Release the connection, and remove the UTF-8 copies of legacy CSVs the views read."""
        from khlang.harvest.readers import release_copy

        self.con.close()
        for copy in self._copies:
            release_copy(copy)
        self._copies.clear()

    def __enter__(self) -> Relations:
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
        try:
            plugin(source.type).open_relation(self, name, source, ds)
        except duckdb.Error as exc:  # a sandboxed read outside the roots, a corrupt file …
            raise SourceError(f"dataset {dataset}: cannot read {ds.object!r} of source {source.name!r}: "
                              f"{duckdb_reason(exc)}") from None
        self._views[dataset] = name
        return name

    def keep_copies(self, copies: list[Path]) -> None:
        """UTF-8 copies of legacy CSVs a view reads: removed when the relations close."""
        self._copies += copies

    def file(self, relative: str | None) -> Path:
        """A database file of a source, under the data folder; a missing one is a source error."""
        from khlang.declarations.paths import data_path

        try:
            path = data_path(relative or "", self.data_dir)
        except ValueError as exc:
            raise SourceError(str(exc)) from None
        if not path.is_file():
            raise SourceError(f"{path}: no such file")
        return path

    def attach(self, source: str, path: Path) -> str:
        """Attach a DuckDB database file read-only (once per source); its quoted alias."""
        if source not in self._attached:
            alias = quote(f"src_{source}")
            self.con.execute(f"ATTACH {literal(str(path))} AS {alias} (READ_ONLY)")
            self._attached[source] = alias
        return self._attached[source]

    def load_arrow(self, name: str, batches: Iterator[pa.RecordBatch]) -> None:
        """Materialise a database table inside DuckDB, one Arrow batch at a time (bounded memory)."""
        first = next(batches, None)
        if first is None:
            raise SourceError(f"{name}: table is empty or missing")
        self.con.register("_khlang_batch", first)
        self.con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _khlang_batch")
        for batch in batches:
            self.con.register("_khlang_batch", batch)
            self._fit(name)
            try:
                self.con.execute(f"INSERT INTO {name} SELECT * FROM _khlang_batch")
            except duckdb.ConversionException:
                self._fit(name, as_text=True)
                self.con.execute(f"INSERT INTO {name} SELECT * FROM _khlang_batch")
        self.con.unregister("_khlang_batch")

    def _fit(self, name: str, as_text: bool = False) -> None:
        """Widen the table's columns so the next batch fits: each batch's types are inferred from its values.

        A column NULL so far takes the batch's type; decimals widen to hold both (DECIMAL(5,2) and
        DECIMAL(7,2) make DECIMAL(7,2)); with `as_text`, any column whose type differs becomes text
        (an integer too big for BIGINT arrives as text).
        """
        have = {r[0]: r[1] for r in self.con.execute(f"DESCRIBE {name}").fetchall()}
        new = {r[0]: r[1] for r in self.con.execute("DESCRIBE SELECT * FROM _khlang_batch").fetchall()}
        for column, old in have.items():
            got = new.get(column, old)
            if got == old or got == '"NULL"':
                continue
            target = None
            if old == '"NULL"':
                target = got
            elif old.startswith("DECIMAL(") and got.startswith("DECIMAL("):
                (p1, s1), (p2, s2) = (tuple(int(x) for x in t[8:-1].split(",")) for t in (old, got))
                scale = max(s1, s2)
                target = f"DECIMAL({min(38, max(p1 - s1, p2 - s2) + scale)},{scale})"
            elif as_text:
                target = "VARCHAR"
            if target and target != old:
                self.con.execute(f"ALTER TABLE {name} ALTER COLUMN {quote(column)} TYPE {target}")

    @staticmethod
    def sqlite_batches(path: Path, table: str) -> Iterator[pa.RecordBatch]:
        """A SQLite table, read-only, in Arrow batches."""
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
    def server_batches(kind: str, cls: type[ServerReader], url: str, table: str) -> Iterator[pa.RecordBatch]:
        """A table of a database server (PostgreSQL, MySQL/MariaDB), read with a server-side cursor."""
        import pyarrow as pa
        from sqlalchemy import text
        from sqlalchemy.exc import DBAPIError

        engine = cls.sqlalchemy_engine(url)
        ident = engine.dialect.identifier_preparer.quote_identifier
        named_schema, _, name = table.rpartition(".")
        schema = named_schema or cls.default_schema
        relation = f"{ident(schema)}.{ident(name)}" if schema else ident(name)
        try:
            with engine.connect().execution_options(stream_results=True, max_row_buffer=ARROW_BATCH_ROWS) as conn:
                result = conn.execute(text(f"SELECT * FROM {relation}"))
                names = list(result.keys())
                while rows := result.fetchmany(ARROW_BATCH_ROWS):
                    cols = list(zip(*rows))
                    yield pa.RecordBatch.from_arrays([_arrow_column(c) for c in cols], names=names)
        except DBAPIError as exc:  # the driver's first line only: SQLAlchemy's text repeats the statement
            reason = (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0]
            raise SourceError(f"{kind} source: {table}: {reason}") from None
        finally:
            engine.dispose()


def _arrow_column(values: tuple):  # noqa: ANN202
    """One column of a batch; SQLite lets a column mix types, and such a column is read as text."""
    import pyarrow as pa

    try:
        return pa.array(list(values))
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):  # OverflowError: an unsigned BIGINT ≥ 2**63
        return pa.array([None if v is None else str(v) for v in values], type=pa.string())
