"""Profiling on Spark (`khlang catalog scan --engine spark`): a file source's counts and PII sample, in Spark.

The files are listed and their columns named as the DuckDB reader names them (the profile's types are
the catalogue's vocabulary), but every row is read by Spark: row, null and distinct counts in one
aggregate pass (exact distinct counts up to KHLANG_EXACT_DISTINCT_MAX_ROWS rows, HyperLogLog above), and a
bounded sample for the same PII detectors (khlang.harvest.pii).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from khlang.harvest.readers import SAMPLE_ROWS, Counts, FilesReader, Table, by_column, exact_distinct_limit

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

SAMPLE_SEED = 2569


class SparkFilesReader(FilesReader):
    """A FilesReader whose counts and samples are computed by Spark over the same files."""

    def __init__(self, path: Path, encoding: str | None = None, spark: SparkSession | None = None, **_: object):
        super().__init__(path, encoding=encoding)
        if spark is None:
            from khlang import spark as sessions

            spark = sessions.session()
        self.spark = spark
        self._frames: dict[str, DataFrame] = {}

    def frame(self, table: Table) -> DataFrame:
        """The table's file as a Spark DataFrame (read once per reader)."""
        from khlang.quality.engines.spark import read_file

        if table.object not in self._frames:
            self._frames[table.object] = read_file(self.spark, self, table)
        return self._frames[table.object]

    def _counts(self, table: Table) -> Counts:
        from pyspark.sql import functions as F

        frame = self.frame(table)
        row_count = int(frame.count())
        exact = row_count <= exact_distinct_limit()
        names = [name for name, _type in table.columns]
        aggs: list[Any] = []
        for name in names:
            c = F.col(_backquote(name))
            aggs += [F.count(c), F.count_distinct(c) if exact else F.approx_count_distinct(c)]
        values = frame.agg(*aggs).collect()[0] if aggs else ()
        nulls = {name: row_count - int(values[2 * i]) for i, name in enumerate(names)}
        distinct = {name: int(values[2 * i + 1]) for i, name in enumerate(names)}
        return Counts(row_count, nulls, distinct, exact)

    def sample(self, table: Table, columns: list[str], n: int = SAMPLE_ROWS) -> dict[str, list]:
        if not columns:
            return {}
        frame = self.frame(table).select(*[_backquote(c) for c in columns])
        total = frame.count()
        if total > n:  # a seeded Bernoulli sample a little larger than n, cut to n: one pass, bounded
            frame = frame.sample(fraction=min(1.0, 1.2 * n / total), seed=SAMPLE_SEED)
        rows = [tuple(r) for r in frame.limit(n).collect()]
        return by_column(rows, columns)


def _backquote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"
