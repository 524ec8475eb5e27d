import threading

import pytest
from sqlalchemy import func, inspect, select, text

from khlang.store import open_store
from khlang.store.migrate import current, heads
from khlang.store.models import CatalogSnapshot


def _snapshot(key: str) -> CatalogSnapshot:
    import datetime as dt

    return CatalogSnapshot(run_key=key, taken_at=dt.datetime(2026, 11, 25, tzinfo=dt.UTC),
                           catalog_digest="0" * 64, dataset_count=0)


def test_migrations_create_every_table(store_url):
    store = open_store(store_url)
    assert current(store.engine) == heads(store.engine) != ""
    tables = set(inspect(store.engine).get_table_names())
    assert {"catalog_snapshots", "dataset_snapshots", "column_snapshots", "catalog_findings"} <= tables
    # Upgrading again is a no-op.
    open_store(store_url)
    assert current(store.engine) == heads(store.engine)


def test_a_failed_write_leaves_nothing(store_url):
    store = open_store(store_url)
    with pytest.raises(RuntimeError), store.transaction() as session:
        session.add(_snapshot("a"))
        session.flush()
        raise RuntimeError("killed half-way")
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(CatalogSnapshot)) == 0


def test_run_key_is_unique(store_url):
    from sqlalchemy.exc import IntegrityError

    store = open_store(store_url)
    with store.transaction() as session:
        session.add(_snapshot("same"))
    with pytest.raises(IntegrityError), store.transaction() as session:
        session.add(_snapshot("same"))


def test_sqlite_is_wal_and_serialises_writers(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 's.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    errors = []

    def write(i: int) -> None:
        try:
            for j in range(10):
                with store.transaction() as session:
                    session.add(_snapshot(f"t{i}-{j}"))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(CatalogSnapshot)) == 40


def test_postgres_url_without_driver_uses_psycopg(pg_url):
    store = open_store(pg_url)
    assert store.engine.dialect.driver == "psycopg"
    with store.engine.connect() as conn:
        assert conn.execute(text("select 1")).scalar() == 1
