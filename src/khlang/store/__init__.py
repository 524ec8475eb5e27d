"""The governance store (SQLAlchemy; SQLite embedded, PostgreSQL in production)."""

from khlang.store.db import Store, open_store

__all__ = ["Store", "open_store"]
