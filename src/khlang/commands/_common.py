"""What several command modules need: the configured catalogue and store."""

from __future__ import annotations


def load_declared_catalog():  # noqa: ANN201
    """The validated catalogue of this installation."""
    from khlang.config import settings
    from khlang.declarations import load_catalog

    return load_catalog(settings().catalog_dir)


def open_configured_store():  # noqa: ANN201
    """The governance store of this installation, migrated."""
    from khlang.config import settings
    from khlang.store import open_store

    return open_store(settings().store_url)
