"""Shared helpers for the tests that use the real MySQL/MariaDB server (KHLANG_TEST_MYSQL_URL)."""

from __future__ import annotations

import os

MYSQL_ADMIN_URL = os.environ.get("KHLANG_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test")


def admin_connection():  # noqa: ANN201
    """A connection as the test server's administrator."""
    from khlang.backup.engines.mysql import connect, params

    return connect(params(MYSQL_ADMIN_URL))


def url_for(database: str, user: str | None = None, password: str | None = None, scheme: str | None = None) -> str:
    """The admin URL pointed at another database (and optionally another user or scheme)."""
    from sqlalchemy.engine import make_url

    url = make_url(MYSQL_ADMIN_URL).set(database=database)
    if user is not None:
        url = url.set(username=user, password=password)
    if scheme is not None:
        url = url.set(drivername=scheme)
    return url.render_as_string(hide_password=False)


def run_sql(url: str, *statements: str, rows: list | None = None) -> list:
    """Execute statements in the URL's database; the result of the last one."""
    from khlang.backup.engines.mysql import connect, params

    p = params(url)
    conn = connect(p, p.database)
    try:
        with conn.cursor() as cur:
            for stmt in statements:
                if rows is not None and "%s" in stmt:
                    cur.executemany(stmt, rows)
                else:
                    cur.execute(stmt)
            return list(cur.fetchall())
    finally:
        conn.close()
