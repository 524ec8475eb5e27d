"""Pushdown engines: the suite runs inside the source's PostgreSQL or MySQL/MariaDB server.

Only the one-row results travel. Each engine opens its own connection from the source's URL, with the
readers' SQLAlchemy engines (psycopg 3, PyMySQL with ANSI_QUOTES and UTC sessions), and renders the
plan with sqlglot's `postgres` / `mysql` dialects. Values are sqlglot literals (quoted and escaped per
dialect) and statements are sent without driver parameters, so no `%` is ever interpreted.

GX's meaning is kept where the servers differ from Python:
* strings compare and sort by code point, as Python does: PostgreSQL columns are read `COLLATE "C"`,
  MySQL's as binary strings (its *_ci collations would make 'a' = 'A' and 'a' = 'a ');
* regular expressions are rewritten with Python's classes spelled out (quality.regex.to_server);
* text functions (regex, lengths, the Thai id) run on string and integer columns only: the servers
  write floats, decimals, dates and booleans otherwise than Python's str(), so such a check is refused
  with the reason instead of giving another answer.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Any

from sqlglot import expressions as exp

from khlang.errors import SourceError
from khlang.quality import plan as p
from khlang.quality.engines.base import Engine, EngineRefused, Target, engine, names_match, neutral_kind
from khlang.quality.regex import RegexProblem, to_server

if TYPE_CHECKING:
    from sqlalchemy import Engine as SAEngine

    from khlang.declarations import Catalog


class ServerEngine(Engine):
    """A suite pushed down into a database server over one table."""

    reader_type: str  # the source type (and reader) whose URL this engine connects to

    def __init__(self, url: str, table: str, datasets: dict[str, str] | None = None):
        """Over `table` of the server at `url`; `datasets` (name → table) are more tables of the same server
        a query may read as plan.dataset_relation(name) (a consistency check's reference)."""
        from khlang.harvest.readers import ServerReader
        from khlang.sources import plugin

        cls = plugin(self.reader_type).reader
        if not issubclass(cls, ServerReader):  # pragma: no cover - registered server readers only
            raise SourceError(f"source type {self.reader_type} is not a database server")
        self.sa: SAEngine = cls.sqlalchemy_engine(os.path.expandvars(url))
        self.schema, self.table_name = _split(table)
        self.datasets = {name: _split(t) for name, t in (datasets or {}).items()}
        self._conn: Any = None
        self._columns: dict[tuple[str | None, str], dict[str, str]] = {}
        self._reflected: dict[str, Any] | None = None

    @classmethod
    def open(cls, target: Target) -> Engine:
        ds = target.catalog.datasets[target.dataset]
        source = target.catalog.sources[ds.source]
        return cls(source.url or "", ds.object)

    @classmethod
    def over(cls, catalog: Catalog, dataset: str, others: list[str]) -> ServerEngine:
        """An engine over `dataset` that also reaches `others`, datasets of the same source."""
        ds = catalog.datasets[dataset]
        source = catalog.sources[ds.source]
        return cls(source.url or "", ds.object, {d: catalog.datasets[d].object for d in [dataset, *others]})

    def column_types(self) -> dict[str, str]:
        return self.columns_of(self.schema, self.table_name)

    def dataset_columns(self, dataset: str) -> dict[str, str]:
        """The columns and server types of a dataset this engine reaches."""
        return self.columns_of(*self.datasets[dataset]) if dataset in self.datasets else self.column_types()

    def columns_of(self, schema: str | None, table: str) -> dict[str, str]:
        """A table's columns and their types as the server names them, in column order (read once)."""
        if (schema, table) not in self._columns:
            self._columns[(schema, table)] = self.read_columns(schema, table)
        return self._columns[(schema, table)]

    def read_columns(self, schema: str | None, table: str) -> dict[str, str]:
        raise NotImplementedError

    def table_expr(self, schema: str | None, table: str) -> exp.Table:
        raise NotImplementedError

    def relation_expr(self) -> exp.Table:
        return self.table_expr(self.schema, self.table_name)

    def dataset_expr(self, dataset: str) -> exp.Table:
        if dataset not in self.datasets:
            return super().dataset_expr(dataset)
        return self.table_expr(*self.datasets[dataset])

    def _cursor(self) -> Any:
        if self._conn is None:
            try:
                self._conn = self.sa.raw_connection()
            except Exception as exc:  # noqa: BLE001 - any driver error is a source problem for the user
                reason = (str(getattr(exc, "orig", exc)).strip().splitlines() or [type(exc).__name__])[0]
                raise SourceError(f"{self.name} engine: cannot connect: {reason}") from None
        return self._conn.cursor()

    def fetch(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of one statement (params only for the catalogue queries written here)."""
        cur = self._cursor()
        try:
            cur.execute(sql, params) if params else cur.execute(sql)
            return [tuple(r) for r in cur.fetchall()]
        except Exception as exc:
            self._conn.rollback()
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise SourceError(f"{self.name} engine: {self.table_name}: {reason}") from None
        finally:
            cur.close()

    def one_row(self, query: exp.Expression) -> tuple[Any, ...]:
        sql, _ = self.render(query)
        rows = self.fetch(sql)
        return self._typed(query, rows[0])

    def rows(self, query: exp.Expression) -> list[tuple[Any, ...]]:
        sql, _ = self.render(query)
        return [self._typed(query, row) for row in self.fetch(sql)]

    def _typed(self, query: exp.Expression, row: tuple[Any, ...]) -> tuple[Any, ...]:
        items = query.expressions if isinstance(query, exp.Select) else []
        return tuple(_plain(self.adapt(items[i] if i < len(items) else None, v)) for i, v in enumerate(row))

    def adapt(self, item: exp.Expression | None, value: Any) -> Any:
        """A result as DuckDB gives it (hook for what the driver returns otherwise)."""
        return value

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self.sa.dispose()

    def kind(self, type_name: str) -> str:
        return neutral_kind(type_name)

    def reflected_type(self, column: str) -> Any:
        """The column's SQLAlchemy type as the dialect reflects it (what GX compares type names with)."""
        from sqlalchemy import inspect

        if self._reflected is None:
            try:
                cols = inspect(self.sa).get_columns(self.table_name, schema=self.schema)
            except Exception as exc:  # noqa: BLE001 - any driver error is a source problem for the user
                reason = (str(getattr(exc, "orig", exc)).strip().splitlines() or [type(exc).__name__])[0]
                raise SourceError(f"{self.name} engine: {self.table_name}: {reason}") from None
            self._reflected = {str(c["name"]): c["type"] for c in cols}
        return self._reflected[column]

    # Strings compared by code point (see the module docstring).
    def code_point_order(self, column: exp.Column) -> exp.Expression:
        raise NotImplementedError

    def lower(self, tree: exp.Expression, params: dict[str, Any]) -> exp.Expression:
        primary = {name: self.kind(t) for name, t in self.column_types().items()}
        tables = {self._key(self.relation_expr()): primary}
        for schema, table in self.datasets.values():
            tables[self._key(self.table_expr(schema, table))] = {
                name: self.kind(t) for name, t in self.columns_of(schema, table).items()}

        def kinds_of(column: exp.Column) -> dict[str, str]:
            # The kinds of the table the column is read from where it names one of ours directly (a consistency
            # check reads two); else the relation's (a column of a derived table or CTE over it).
            query = column.find_ancestor(exp.Select)
            if query is not None:
                direct = [j.this for j in [query.args.get("from_"), *(query.args.get("joins") or [])]
                          if j is not None and isinstance(j.this, exp.Table)]
                named = [t for t in direct if not column.table or t.alias_or_name == column.table]
                if len(named) == 1 and self._key(named[0]) in tables:
                    return tables[self._key(named[0])]
            return primary

        def wrap(node: exp.Expression) -> exp.Expression:
            if (isinstance(node, exp.Column) and not node.meta.get("khlang_raw")
                    and kinds_of(node).get(node.name) == "string"):
                node.meta["khlang_raw"] = True
                if isinstance(node.parent, exp.Select) and node.arg_key == "expressions":  # keep its name
                    return exp.alias_(self.code_point_order(node), node.name, quoted=True)
                return self.code_point_order(node)
            return node

        return super().lower(tree, params).transform(wrap, copy=False)

    def _key(self, table: exp.Table) -> str:
        bare = table.copy()
        bare.set("alias", None)
        return bare.sql(dialect=self.dialect)

    def lower_regex_search(self, node: p.RegexSearch, this: exp.Expression) -> exp.Expression:
        try:
            pattern = to_server(node.args["pattern"], self.dialect)
        except RegexProblem as exc:
            raise EngineRefused(f"regex {node.args['pattern']!r}: {exc}") from None
        return self.regex(_raw(self.as_text(this, node.args["kind"], "a regular expression")), pattern)

    def regex(self, text: exp.Expression, pattern: str) -> exp.Expression:
        raise NotImplementedError

    def full_match_13_digits(self, text: exp.Expression) -> exp.Expression:
        return self.regex(text, "^[1-8][0-9]{12}" + (r"\Z" if self.dialect == "postgres" else r"\z"))

    def as_text(self, this: exp.Expression, kind: str, what: str) -> exp.Expression:
        return _raw(super().as_text(this, kind, what))

    def lower_text_length(self, node: p.TextLength, this: exp.Expression) -> exp.Expression:
        return exp.Length(this=self.as_text(this, node.args["kind"], "a value length"))


def _split(table: str) -> tuple[str | None, str]:
    schema, _, name = table.rpartition(".")
    return schema or None, name


def _raw(node: exp.Expression) -> exp.Expression:
    """Mark the columns under `node` as read as they are (text functions want characters, not bytes)."""
    for column in node.find_all(exp.Column):
        column.meta["khlang_raw"] = True
    return node


def _plain(value: Any) -> Any:
    """Driver values as DuckDB's would be: text for MySQL's binary strings; instants in the local time zone
    (DuckDB's default TimeZone)."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8")
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone()
    return value


@engine
class PostgresEngine(ServerEngine):
    """Pushdown into PostgreSQL (psycopg 3)."""

    name = "postgresql"
    dialect = "postgres"
    reader_type = "postgres"
    source_types = ()  # only in place: the postgres source type pushes down here

    def table_expr(self, schema: str | None, table: str) -> exp.Table:
        return exp.Table(this=exp.to_identifier(table, quoted=True),
                         db=exp.to_identifier(schema or "public", quoted=True))

    def type_name(self, column: str) -> str:
        # GX 1.x on PostgreSQL: the reflected type compiled for the dialect ("INTEGER", "VARCHAR(20)",
        # "TIMESTAMP WITHOUT TIME ZONE", "DOUBLE PRECISION"), compared case-insensitively (Engine.type_matches).
        return str(self.reflected_type(column).compile(dialect=self.sa.dialect))

    def read_columns(self, schema: str | None, table: str) -> dict[str, str]:
        rows = self.fetch("SELECT column_name, data_type FROM information_schema.columns "
                          "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
                          (schema or "public", table))
        if not rows:
            raise SourceError(f"postgresql engine: table {schema or 'public'}.{table} not found")
        return {str(r[0]): str(r[1]) for r in rows}

    def code_point_order(self, column: exp.Column) -> exp.Expression:
        return exp.Collate(this=column, expression=exp.to_identifier("C", quoted=True))

    def regex(self, text: exp.Expression, pattern: str) -> exp.Expression:
        return exp.RegexpLike(this=text, expression=exp.Literal.string(pattern))


@engine
class MySQLEngine(ServerEngine):
    """Pushdown into MySQL or MariaDB (PyMySQL)."""

    name = "mysql"
    dialect = "mysql"
    reader_type = "mysql"
    source_types = ()  # only in place: the mysql source type pushes down here

    def table_expr(self, schema: str | None, table: str) -> exp.Table:
        db = exp.to_identifier(schema, quoted=True) if schema else None
        return exp.Table(this=exp.to_identifier(table, quoted=True), db=db)

    def read_columns(self, schema: str | None, table: str) -> dict[str, str]:
        where = "table_schema = %s" if schema else "table_schema = DATABASE()"
        args = (schema, table) if schema else (table,)
        rows = self.fetch("SELECT column_name, column_type FROM information_schema.columns "
                          f"WHERE {where} AND table_name = %s ORDER BY ordinal_position", args)
        if not rows:
            raise SourceError(f"mysql engine: table {table} not found")
        return {str(r[0]): str(r[1]) for r in rows}

    def type_matches(self, column: str, expected: list[str] | None, by_name: bool = False) -> tuple[bool, str]:
        # GX 1.x on MySQL: each name is a class of SQLAlchemy's mysql dialect and the reflected type must be an
        # instance of one (so "VARCHAR" matches VARCHAR(20), "TINYINT" a BOOLEAN column); the observed value is
        # the reflected type's class name.
        import inspect

        import sqlalchemy as sa
        from sqlalchemy.dialects import mysql

        actual = self.reflected_type(column)
        observed = type(actual).__name__
        if expected is None:
            return True, observed
        classes = [c for c in (getattr(mysql, e, None) for e in expected) if inspect.isclass(c)]
        if sa.Numeric in classes and sa.Float not in classes:  # GX: "Numeric" matches floating point too
            classes.append(sa.Float)
        return isinstance(actual, tuple(classes)) or (by_name and names_match(observed, expected)), observed

    def kind(self, type_name: str) -> str:
        upper = type_name.upper()
        if upper.startswith(("BINARY", "VARBINARY", "BLOB", "TINYBLOB", "MEDIUMBLOB", "LONGBLOB", "BIT", "YEAR")):
            return "other"
        return neutral_kind(type_name)

    def adapt(self, item: exp.Expression | None, value: Any) -> Any:
        # A TIMESTAMP column is an instant (read in the session's UTC); the driver returns it naive.
        if (isinstance(value, dt.datetime) and value.tzinfo is None and isinstance(item, (exp.Max, exp.Min))
                and isinstance(item.this, exp.Column)
                and self.column_types().get(item.this.name, "").lower().startswith("timestamp")):
            return value.replace(tzinfo=dt.UTC)
        return value

    def code_point_order(self, column: exp.Column) -> exp.Expression:
        # A binary string: compared byte by byte (UTF-8 order is code-point order), no case or pad folding.
        return exp.cast(column, exp.DataType.build("BINARY", dialect="mysql"))

    def regex(self, text: exp.Expression, pattern: str) -> exp.Expression:
        # REGEXP_INSTR exists in MariaDB and MySQL 8 (REGEXP_LIKE only in MySQL).
        return exp.GT(this=exp.Anonymous(this="REGEXP_INSTR", expressions=[text, exp.Literal.string(pattern)]),
                      expression=p.num(0))

    def lower_in_values(self, node: p.InValues, this: exp.Expression) -> exp.Expression:
        values = node.args["values"]
        if not values:
            return exp.false()
        if all(isinstance(v, str) for v in values):
            binary = exp.DataType.build("BINARY", dialect="mysql")
            return exp.In(this=this, expressions=[exp.cast(exp.Literal.string(v), binary) for v in values])
        return super().lower_in_values(node, this)

    def lower(self, tree: exp.Expression, params: dict[str, Any]) -> exp.Expression:
        lowered = super().lower(tree, params)

        def rewrite(node: exp.Expression) -> exp.Expression:
            # MySQL has no aggregate FILTER: count(*) FILTER (WHERE c) is count(CASE WHEN c THEN 1 END).
            if isinstance(node, exp.Filter) and isinstance(node.this, exp.Count):
                cond = node.expression.this
                return exp.Count(this=exp.Case(ifs=[exp.If(this=cond, true=p.num(1))]))
            # Its STDDEV/VARIANCE of an integer or DECIMAL column is a DECIMAL of 4 more places: in doubles, as
            # Python and the other engines compute them.
            if isinstance(node, (exp.Stddev, exp.StddevSamp, exp.StddevPop, exp.Variance, exp.VariancePop)):
                node.set("this", exp.cast(node.this, exp.DataType.build("DOUBLE", dialect="mysql")))
                return node
            if isinstance(node, (exp.Median, exp.PercentileDisc, exp.PercentileCont)):
                if (query := node.find_ancestor(exp.Select)) is not None:
                    ordered.append(query)
                return _ordered_statistic(node)
            return node

        ordered: list[exp.Select] = []
        lowered = lowered.transform(rewrite, copy=False)
        for query in ordered:
            # A one-row scan whose only aggregates were ordered statistics now selects scalar subqueries, one row
            # per row of its FROM: each subquery reads those rows itself, so the scan reads none (one row).
            if not any(isinstance(n, exp.AggFunc) for e in query.expressions
                       for n in e.walk(prune=lambda n: isinstance(n, exp.Subquery))):
                for arg in ("from_", "joins", "where"):
                    query.set(arg, None)
        return lowered


def _ordered_statistic(node: exp.Median | exp.PercentileDisc | exp.PercentileCont) -> exp.Expression:
    """A median or quantile as MySQL can compute it: a scalar subquery numbering the values in order (MySQL has
    no ordered-set aggregates), over the same rows as the query the aggregate is in.

    The median is the mean of the middle one or two values (GX's); the discrete quantile q is the value at
    position ceil(q·n) of the n non-null values, at least the first (PERCENTILE_DISC's, DuckDB's
    quantile_disc); the continuous one interpolates between the values at floor and ceil of q·(n-1)+1
    (PERCENTILE_CONT's, quantile_cont's). q is written as an exact DECIMAL so that q·n is not rounded.
    """
    from decimal import Decimal

    query = node.find_ancestor(exp.Select)
    if query is None or query.args.get("group"):  # pragma: no cover - plans use them in one-row scans only
        raise EngineRefused("an ordered statistic outside a one-row scan is not run on mysql")
    value = node.this
    where: exp.Expression = p.not_null(value)
    if query.args.get("where") is not None:
        where = exp.and_(where, query.args["where"].this.copy())
    in_order = exp.Order(expressions=[exp.Ordered(this=value.copy(), nulls_first=True)])
    window = exp.Window(this=exp.RowNumber(), order=in_order)
    numbered = exp.select(exp.alias_(value.copy(), "khlang_v"), exp.alias_(window, "khlang_rn"),
                          exp.alias_(exp.Window(this=p.count()), "khlang_n"))
    if query.args.get("from_") is not None:  # (none when the runner only renders an aggregate to try it)
        numbered.set("from_", query.args["from_"].copy())
    for join in query.args.get("joins") or []:  # pragma: no cover - plans scan one relation
        numbered.append("joins", join.copy())
    numbered = numbered.where(where)
    rn, n = exp.column("khlang_rn"), exp.column("khlang_n")
    middle: exp.Expression
    if isinstance(node, exp.Median):
        two_rn = exp.Mul(this=p.num(2), expression=rn)
        middle = exp.In(this=two_rn, expressions=[n.copy(), exp.Add(this=n.copy(), expression=p.num(1)),
                                                  exp.Add(this=n.copy(), expression=p.num(2))])
        picked = exp.select(exp.Avg(this=exp.column("khlang_v")))
    else:
        q = node.expression
        exact = exp.Literal.number(format(Decimal(q.this), "f")) if isinstance(q, exp.Literal) else q.copy()
        if isinstance(node, exp.PercentileCont):
            return _interpolated(numbered, exact)
        position = exp.func("greatest", exp.Ceil(this=exp.Mul(this=exact, expression=n.copy())), p.num(1))
        middle = exp.EQ(this=rn, expression=position)
        picked = exp.select(exp.Max(this=exp.column("khlang_v")))
    return picked.from_(numbered.subquery("khlang_ordered")).where(middle).subquery()


def _interpolated(numbered: exp.Select, q: exp.Expression) -> exp.Expression:
    """PERCENTILE_CONT(q) over the numbered values: lo + (pos - floor(pos)) * (hi - lo), pos = q·(n-1)+1."""
    rn, n, v = exp.column("khlang_rn"), exp.column("khlang_n"), exp.column("khlang_v")
    pos = exp.Add(this=exp.Mul(this=q, expression=exp.paren(exp.Sub(this=n, expression=p.num(1)))),
                  expression=p.num(1))

    def at(rank: exp.Expression) -> exp.Expression:
        return exp.Max(this=exp.Case(ifs=[exp.If(this=exp.EQ(this=rn.copy(), expression=rank), true=v.copy())]))

    ends = exp.select(exp.alias_(at(exp.Floor(this=pos.copy())), "khlang_lo"),
                      exp.alias_(at(exp.Ceil(this=pos.copy())), "khlang_hi"),
                      exp.alias_(exp.Max(this=pos.copy()), "khlang_pos")).from_(numbered.subquery("khlang_ordered"))
    lo, hi, at_pos = exp.column("khlang_lo"), exp.column("khlang_hi"), exp.column("khlang_pos")
    frac = exp.paren(exp.Sub(this=at_pos, expression=exp.Floor(this=at_pos.copy())))
    spread = exp.paren(exp.Sub(this=hi, expression=lo.copy()))
    value = exp.Add(this=lo, expression=exp.Mul(this=frac, expression=spread))
    return exp.select(value).from_(ends.subquery("khlang_ends")).subquery()

