"""MySQL / MariaDB sources: the tables of the URL's database; the server counts, only a sample travels.

`mysql://` and `mariadb://` URLs (mysql://user:password@host:3306/database) are read with PyMySQL
through SQLAlchemy. Sessions run with ANSI_QUOTES, so the shared SQL of the other readers
(`exact_counts_sql`, identifiers in double quotes) means the same here, and in UTC, so TIMESTAMP
values do not depend on the server's time zone. Column types are the server's own (COLUMN_TYPE, e.g.
`VARCHAR(13)`, `BIGINT(20) UNSIGNED`). Distinct counts follow each column's collation, as the
database's own unique keys do (with the default *_ci collations 'a' and 'A' count once).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from khlang.errors import SourceError
from khlang.harvest.readers import ServerReader, Table, quote

if TYPE_CHECKING:
    from sqlalchemy import Engine

_SESSION = ("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',ANSI_QUOTES'), "
            "SESSION time_zone = '+00:00'")
_BASE_TABLES = ("BASE TABLE", "SYSTEM VERSIONED")


class MySQLReader(ServerReader):
    """A MySQL or MariaDB database (the one the URL names)."""

    url_schemes = ("mysql", "mariadb")
    default_schema = None  # an unqualified table is in the URL's database

    @staticmethod
    def sqlalchemy_engine(url: str) -> Engine:
        """A SQLAlchemy engine (mysql+pymysql, utf8mb4) whose sessions use ANSI_QUOTES and UTC."""
        from sqlalchemy import create_engine

        from khlang.backup.engines.mysql import sqlalchemy_url

        return create_engine(sqlalchemy_url(os.path.expandvars(url)), pool_pre_ping=True, connect_args={
            "charset": "utf8mb4", "init_command": _SESSION, "connect_timeout": 30, "local_infile": False})

    def __init__(self, url: str, **_: object):
        from sqlalchemy import text

        from khlang.backup.engines.mysql import params

        p = params(os.path.expandvars(url))
        if not p.database:
            raise SourceError(f"{p.where}: the MySQL URL names no database (mysql://user@host:3306/DATABASE)")
        self.database = p.database
        self.engine = self.sqlalchemy_engine(url)
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1")).one()
        except Exception as exc:  # noqa: BLE001 - any driver error is a source problem for the user
            self.engine.dispose()
            raise SourceError(f"cannot connect to MySQL/MariaDB source {p.where}: {_reason(exc)}") from None

    def tables(self) -> list[Table]:
        from sqlalchemy import bindparam, text

        query = text(
            "SELECT c.TABLE_NAME, c.COLUMN_NAME, UPPER(c.COLUMN_TYPE) FROM information_schema.COLUMNS c "
            "JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME "
            "WHERE c.TABLE_SCHEMA = :db AND t.TABLE_TYPE IN :kinds ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION"
        ).bindparams(bindparam("kinds", expanding=True))
        with self.engine.connect() as conn:
            rows = conn.execute(query, {"db": self.database, "kinds": list(_BASE_TABLES)}).all()
        columns: dict[str, list[tuple[str, str]]] = {}
        for table, column, type_ in rows:  # information_schema's names and types are text already
            columns.setdefault(str(table), []).append((str(column), str(type_)))
        return [Table(name, name, tuple(columns[name])) for name in sorted(columns)]

    def _from(self, table: Table) -> str:
        schema, _, name = table.object.rpartition(".")
        return f"{quote(schema or self.database)}.{quote(name)}"


def _reason(exc: BaseException) -> str:
    """The driver's message without SQLAlchemy's wrapping (which may echo the statement)."""
    orig = getattr(exc, "orig", None) or exc
    args: tuple = getattr(orig, "args", ())
    if len(args) >= 2 and isinstance(args[0], int):
        return f"{str(args[1]).strip().splitlines()[0]} ({args[0]})"
    return (f"{type(orig).__name__}: {orig}".strip().splitlines() or [type(orig).__name__])[0]
