"""The Spark engine: a suite runs as Spark SQL over a file source read by Spark itself (Parquet, CSV).

The session comes from khlang.spark (KHLANG_SPARK_MASTER: `local[2]` or a cluster's spark:// URL). The
plan is rendered with sqlglot's "spark" dialect; values are bound as Spark's named parameters (`:p0`),
never written into SQL text. A CSV is read with the column types DuckDB's sniffer finds for it, so the
same file means the same typed relation on both engines (the text itself is parsed by Spark).

Regular expressions keep Python's meaning: the pattern is first rewritten as for DuckDB (Unicode `\\d`,
`\\w`, `\\s`; Python's `$`), then for Java: `.` ends only at `\\n` (UNIX_LINES), case folding is Unicode,
named groups lose the `P`, and a `[` or `&&` inside a class is literal as in Python. What cannot be
expressed is refused with the reason.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from sqlglot import expressions as exp

from khlang.errors import SourceError
from khlang.quality import plan as p
from khlang.quality.engines.base import Engine, EngineRefused, Target, engine
from khlang.quality.regex import RegexProblem, to_re2

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from khlang.harvest.readers import FilesReader

FILE_SOURCES = ("files", "parquet", "csv")
_views = itertools.count(1)

# DuckDB's sniffed CSV types → Spark's DDL (anything else is read as text).
_SPARK_TYPES = {"VARCHAR": "STRING", "BIGINT": "BIGINT", "INTEGER": "INT", "DOUBLE": "DOUBLE", "FLOAT": "FLOAT",
                "BOOLEAN": "BOOLEAN", "DATE": "DATE", "TIMESTAMP": "TIMESTAMP_NTZ", "SMALLINT": "SMALLINT",
                "TINYINT": "TINYINT", "TIME": "STRING"}


@engine
class SparkEngine(Engine):
    """Runs plans as Spark SQL over a temporary view of one DataFrame."""

    name = "spark"
    dialect = "spark"
    source_types: ClassVar[tuple[str, ...] | None] = FILE_SOURCES

    def __init__(self, spark: SparkSession, frame: DataFrame, reader: FilesReader | None = None):
        self.spark = spark
        self.frame = frame
        self.view = f"khlang_relation_{next(_views)}"
        frame.createOrReplaceTempView(self.view)
        self._reader = reader  # keeps a legacy CSV's UTF-8 copy until the engine closes

    @classmethod
    def open(cls, target: Target) -> Engine:
        from khlang import spark as sessions
        from khlang.harvest.readers import FilesReader, Table
        from khlang.harvest.scan import open_source

        ds = target.catalog.datasets.get(target.dataset)
        if ds is None:
            raise SourceError(f"unknown dataset {target.dataset!r}")
        source = target.catalog.sources[ds.source]
        if source.type not in FILE_SOURCES:
            raise EngineRefused(f"engine spark cannot check a {source.type} source (it runs on: "
                                f"{', '.join(FILE_SOURCES)})")
        reader = open_source(source, target.data_dir)
        if not isinstance(reader, FilesReader):  # pragma: no cover - files, parquet, csv all are
            reader.close()
            raise SourceError(f"source type {source.type} is not read as files")
        path = reader.resolve(ds.object)
        if not path.is_file():
            reader.close()
            raise SourceError(f"dataset {target.dataset}: {ds.object!r} not found in source {source.name!r}")
        spark = sessions.session()
        try:
            frame = read_file(spark, reader, Table(ds.name, ds.object, ()))
        except Exception:
            reader.close()
            raise
        return cls(spark, frame, reader)

    def close(self) -> None:
        self.spark.catalog.dropTempView(self.view)
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def column_types(self) -> dict[str, str]:
        return {name: type_name for name, type_name in self.frame.dtypes}

    def type_matches(self, column: str, expected: list[str] | None, by_name: bool = False) -> tuple[bool, str]:
        # GX on Spark: each name is a class of pyspark.sql.types ("IntegerType", "StringType"); the column's type
        # must be an instance of one; a name that is no Spark type is an error, as GX raises.
        from pyspark.sql import types

        actual = self.frame.schema[column].dataType
        if expected is None:
            return True, type(actual).__name__
        found = {e: getattr(types, e, None) for e in expected}
        classes = [c for c in found.values() if isinstance(c, type) and issubclass(c, types.DataType)]
        unknown = [e for e, c in found.items() if c not in classes]
        if by_name and unknown or not classes:
            raise EngineRefused(f"not a Spark type: {', '.join(unknown)} (Spark names types like IntegerType, "
                                "StringType, DoubleType)")
        return isinstance(actual, tuple(classes)), type(actual).__name__

    def one_row(self, query: exp.Expression) -> tuple[Any, ...]:
        rows = self.rows(query)
        return rows[0] if rows else ()

    def rows(self, query: exp.Expression) -> list[tuple[Any, ...]]:
        from pyspark.errors import PySparkException

        sql, params = self.render(query)
        try:
            return [tuple(r) for r in self.spark.sql(sql, args=params).collect()]
        except PySparkException as exc:  # Spark's analysis/runtime errors: the check's (or scan's) failure
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise SourceError(f"spark engine: {reason}") from None

    def lower(self, tree: exp.Expression, params: dict[str, Any]) -> exp.Expression:
        def exact(node: exp.Expression) -> exp.Expression:
            # sqlglot writes a quantile for Spark as PERCENTILE_APPROX (or a form Spark rejects); Spark has the
            # exact ones as ordered-set aggregates.
            if isinstance(node, (exp.PercentileDisc, exp.PercentileCont)) and node.expression is not None:
                name = "percentile_disc" if isinstance(node, exp.PercentileDisc) else "percentile_cont"
                order = exp.Order(expressions=[exp.Ordered(this=node.this, nulls_first=False)])
                return exp.WithinGroup(this=exp.Anonymous(this=name, expressions=[node.expression]),
                                       expression=order)
            return node

        return super().lower(tree, params).transform(exact, copy=False)

    def relation_expr(self) -> exp.Expression:
        return exp.Table(this=exp.to_identifier(self.view, quoted=True))

    def lower_value(self, value: Any, params: dict[str, Any]) -> exp.Expression:
        if isinstance(value, (list, tuple)):
            return exp.Array(expressions=[self.lower_value(v, params) for v in value])
        if value is None or not isinstance(value, (str, bool, int, float, Decimal, dt.date)):
            return super().lower_value(value, params)
        key = f"p{len(params)}"
        params[key] = value
        return exp.Placeholder(this=key)

    def lower_in_values(self, node: p.InValues, this: exp.Expression) -> exp.Expression:
        values = node.args["values"]
        if not values:
            return exp.false()
        return exp.In(this=this, expressions=[p.val(v) for v in values])

    def lower_regex_search(self, node: p.RegexSearch, this: exp.Expression) -> exp.Expression:
        try:
            pattern = to_java(node.args["pattern"])
        except RegexProblem as exc:
            raise EngineRefused(f"pattern {node.args['pattern']!r}: {exc}") from None
        text = self.as_text(this, node.args["kind"], "a regular expression")
        return exp.RegexpLike(this=text, expression=p.val(pattern))

    def full_match_13_digits(self, text: exp.Expression) -> exp.Expression:
        # No `$`: Java's $ also matches before a final line terminator; the length pins the end instead.
        return exp.and_(exp.EQ(this=exp.Length(this=text.copy()), expression=exp.Literal.number(13)),
                        exp.RegexpLike(this=text, expression=exp.Literal.string("^[1-8][0-9]{12}")))


def read_file(spark: SparkSession, reader: FilesReader, table: Any) -> DataFrame:
    """The file of `table` as a Spark DataFrame (a CSV with the column types DuckDB's sniffer gives it)."""
    from khlang.harvest.readers import quote

    path = reader.resolve(table.object)
    if path.suffix.lower() == ".parquet":
        return spark.read.parquet(str(path))
    sql, params = reader.relation_sql(table)
    utf8 = params["p"]  # the file itself, or its UTF-8 copy when the CSV is in a legacy encoding
    columns = reader.describe(sql, params)
    schema = ", ".join(f"{quote(name).replace(chr(34), '`')} {_SPARK_TYPES.get(t.upper(), _spark_type(t))}"
                       for name, t in columns)
    return (spark.read.option("header", "true").option("encoding", "UTF-8").option("multiLine", "true")
            .option("escape", '"').option("mode", "FAILFAST").schema(schema).csv(str(utf8)))


def _spark_type(duck: str) -> str:
    m = re.fullmatch(r"DECIMAL\((\d+),\s*(\d+)\)", duck.upper())
    return f"DECIMAL({m[1]},{m[2]})" if m else "STRING"


def to_java(pattern: str) -> str:
    """The Java pattern (Spark's RLIKE, a find) that matches exactly the strings Python's re.search matches."""
    re2 = to_re2(pattern)
    if re.search(r"\{,", re2):
        re2 = re2.replace("{,", "{0,")
    out: list[str] = []
    i, in_class = 0, False
    while i < len(re2):
        ch = re2[i]
        if ch == "\\" and i + 1 < len(re2):
            out.append(re2[i:i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]" and not (re2[i - 1] == "[" or (re2[i - 1] == "^" and re2[i - 2] == "[")):
                in_class = False
                out.append(ch)
            elif ch == "[":
                out.append("\\[")  # Python: a literal; Java: a nested class
            elif ch == "&" and re2.startswith("&&", i):
                out.append("&\\&")  # Python: literal ampersands; Java: intersection
                i += 1
            else:
                out.append(ch)
        elif ch == "[":
            in_class = True
            out.append(ch)
            if re2.startswith(("[]", "[^]"), i):  # Python's literal ] first in a class; Java needs it escaped
                j = i + (2 if re2.startswith("[^]", i) else 1)
                out.append(re2[i + 1:j] + "\\]")
                i = j + 1
                continue
        elif re2.startswith("(?P<", i):
            out.append("(?<")
            i += 4
            continue
        else:
            out.append(ch)
        i += 1
    java = "".join(out)
    # (?d): only \n ends a line, as in Python; (?u): Unicode case folding, as Python's re.IGNORECASE on str.
    return "(?du)" + java
