"""Shared fixtures: a small generated sample, an isolated Khlang home, and real PostgreSQL databases."""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# A pytest-xdist worker's __main__ has neither a spec nor a file: PySpark (which GX imports) takes that for its own
# doctest run and exits the process when Spark Connect's optional packages are missing. Name the worker's file.
_main = sys.modules["__main__"]
if getattr(_main, "__spec__", None) is None and not hasattr(_main, "__file__"):
    _main.__file__ = "<pytest-xdist worker>"

# Fixtures shared by several test modules (`login`); tests/ is on sys.path through pytest's `pythonpath` setting.
pytest_plugins = ["identity_support", "spark_support"]

REPO = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = os.environ.get("KHLANG_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
SAMPLE_ROWS = 20_000

# The machines are shared and noisy: generation speed and example deadlines are not what the tests measure.
hypothesis_settings.register_profile("khlang", suppress_health_check=[HealthCheck.too_slow], deadline=None)
hypothesis_settings.load_profile("khlang")


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory) -> Path:
    """The bundled generator's output at a small size, shared by the whole session (read-only)."""
    from khlang.sample import generate

    out = tmp_path_factory.mktemp("sample") / "data"
    generate(out, rows=SAMPLE_ROWS, seed=2569)
    return out


@pytest.fixture
def khlang_env(tmp_path, monkeypatch, sample_dir) -> Path:
    """An isolated Khlang installation: the repo's catalogue, the sample data, a fresh SQLite store."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copytree(REPO / "catalog", home / "catalog")
    shutil.copytree(REPO / "expectations", home / "expectations")
    monkeypatch.setenv("KHLANG_HOME", str(home))
    monkeypatch.setenv("KHLANG_DATA_DIR", str(sample_dir))
    monkeypatch.setenv("KHLANG_VAR_DIR", str(home / "var"))
    monkeypatch.delenv("KHLANG_STORE_URL", raising=False)
    monkeypatch.delenv("KHLANG_CATALOG_DIR", raising=False)
    for var in ("KHLANG_REPORTS_DIR", "KHLANG_EXPECTATIONS_DIR", "KHLANG_LINEAGE_DIR"):
        monkeypatch.delenv(var, raising=False)
    return home


def _admin_engine():
    from sqlalchemy import create_engine

    from khlang.store.db import normalise_url

    return create_engine(normalise_url(PG_ADMIN_URL), isolation_level="AUTOCOMMIT")


def fresh_pg_database(prefix: str = "khlang_t"):  # noqa: ANN201 - a generator of one URL
    """A brand-new database on the real PostgreSQL server (its URL yielded), dropped afterwards."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    admin = _admin_engine()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"PostgreSQL at {PG_ADMIN_URL} is required (set KHLANG_TEST_PG_URL): {exc}")
    yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_url() -> str:
    """A brand-new database on the real PostgreSQL server, dropped afterwards."""
    yield from fresh_pg_database()


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request, tmp_path) -> str:
    """Each store test runs on the embedded SQLite file and on a real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("pg_url")


def fresh_mysql_database(prefix: str = "khlang_t"):  # noqa: ANN201 - a generator of one URL
    """A brand-new database on the real MySQL/MariaDB server (its URL yielded), dropped afterwards."""
    from mysql_support import MYSQL_ADMIN_URL, admin_connection, url_for

    from khlang.backup.declarations import redact

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    try:
        admin = admin_connection()
        with admin.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"MySQL/MariaDB at {redact(MYSQL_ADMIN_URL)} is required (set KHLANG_TEST_MYSQL_URL): {exc}")
    yield url_for(name)
    with admin.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
    admin.close()


@pytest.fixture
def mysql_url() -> str:
    """A brand-new database on the real MySQL/MariaDB server, dropped afterwards."""
    yield from fresh_mysql_database()


@pytest.fixture
def data_sources_only():
    """Issues from checks, catalogue gaps and policy rules only (governance_support.only_data_sources)."""
    from governance_support import only_data_sources

    with only_data_sources():
        yield
