"""Harvest: what each source holds, column by column, with PII found by its values."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from khlang.declarations.models import Source
from khlang.declarations.paths import data_path
from khlang.errors import SourceError
from khlang.harvest.readers import Reader, Table, is_pii_candidate, is_url_source, open_reader, sniff_type


@dataclass
class ColumnProfile:
    """One column's type, null and distinct counts, and the PII its values show."""

    name: str
    type: str
    null_count: int
    distinct_count: int
    pii: str | None


@dataclass
class DatasetProfile:
    """One dataset as harvested from its source."""

    name: str
    source: str
    object: str
    row_count: int
    columns: list[ColumnProfile] = field(default_factory=list)
    distinct_exact: bool = True
    encoding_note: str | None = None  # e.g. "cp874 (TIS-620) on 3 of 1,204 lines, transcoded to UTF-8"

    def to_dict(self) -> dict:
        """The JSON shape `khlang catalog scan` prints (`encoding_note` only for a transcoded file)."""
        out = asdict(self)
        if out["encoding_note"] is None:
            del out["encoding_note"]
        return out

    @classmethod
    def from_dict(cls, data: dict) -> DatasetProfile:
        """Back from `to_dict` (profiles travel between Airflow tasks as JSON files)."""
        cols = [ColumnProfile(**c) for c in data.get("columns", [])]
        return cls(**{**data, "columns": cols})

    def column(self, name: str) -> ColumnProfile | None:
        """The profiled column of that name, if any."""
        return next((c for c in self.columns if c.name == name), None)


def profile_table(reader: Reader, table: Table, source_label: str) -> DatasetProfile:
    """Count rows, nulls and distinct values in one pass, then look for PII in a sample."""
    from khlang.harvest.pii import detect_column

    counts = reader.counts(table)
    candidates = [name for name, type_ in table.columns if is_pii_candidate(type_)]
    samples = reader.sample(table, candidates) if counts.row_count else {}
    columns = [
        ColumnProfile(
            name=name,
            type=type_,
            null_count=counts.nulls[name],
            distinct_count=counts.distinct[name],
            pii=detect_column(name, samples[name]) if samples.get(name) else None,
        )
        for name, type_ in table.columns
    ]
    return DatasetProfile(table.name, source_label, table.object, counts.row_count, columns, counts.distinct_exact,
                          reader.encoding_note(table))


SCAN_ENGINES = ("duckdb", "spark")


def scan_location(location: str, encoding: str | None = None, engine: str = "duckdb") -> list[DatasetProfile]:
    """Profile every dataset in a folder, file or database URL given by a person.

    `engine="spark"` reads a folder or file of Parquet/CSV in Spark (khlang.harvest.spark_reader).
    """
    kind = sniff_type(location)
    path = None if is_url_source(kind) else Path(location)
    label = _redact(location) if is_url_source(kind) else location
    if engine not in SCAN_ENGINES:
        raise SourceError(f"unknown scan engine {engine!r} (known: {', '.join(SCAN_ENGINES)})")
    reader: Reader
    if engine == "spark":
        if kind != "files" or path is None:
            raise SourceError(f"{label}: the spark engine profiles Parquet and CSV files (this is a {kind} source)")
        from khlang.harvest.spark_reader import SparkFilesReader

        reader = SparkFilesReader(path, encoding=encoding)
    else:
        reader = open_reader(kind, path=path, url=location, encoding=encoding)
    with reader:
        tables = reader.tables()
        unreadable = [t.error for t in tables if t.error]
        if unreadable:
            raise SourceError("; ".join(unreadable))
        return [profile_table(reader, t, label) for t in tables]


def open_source(source: Source, data_dir: Path) -> Reader:
    """A reader for a declared source; file paths resolve under the data folder."""
    if is_url_source(source.type):
        return open_reader(source.type, url=source.url)
    assert source.path is not None
    try:
        path = data_path(source.path, data_dir)
    except ValueError as exc:
        raise SourceError(f"source {source.name}: {exc}") from None
    return open_reader(source.type, path=path, encoding=source.encoding)


def _redact(url: str) -> str:
    """A URL without its password, safe to print and store."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is shown without its credentials part
        return url.split("@")[-1]
