"""Alembic migrations, run from code so `khlang` needs no alembic.ini in the working folder."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine) -> Config:
    """An Alembic config bound to this engine."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the store's schema up to `revision` (every feature's branch by default)."""
    command.upgrade(alembic_config(engine), revision)


def current(engine: Engine) -> str:
    """The store's schema revision(s), comma-separated when features sit on parallel branches."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return ",".join(sorted(MigrationContext.configure(conn).get_current_heads()))


def heads(engine: Engine) -> str:
    """The newest revision(s) the code knows, in the same form as `current`."""
    from alembic.script import ScriptDirectory

    return ",".join(sorted(ScriptDirectory.from_config(alembic_config(engine)).get_heads()))
