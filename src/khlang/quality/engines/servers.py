"""Pushdown engines: the suite runs inside the source's PostgreSQL or MySQL/MariaDB server.

Only the one-row results travel. Each engine opens its own connection from the source's URL (psycopg 3
and PyMySQL, the drivers the readers use) and renders the plan with sqlglot's postgres / mysql dialects.
"""
