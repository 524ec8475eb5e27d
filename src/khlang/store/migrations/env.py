"""Alembic environment: uses the engine Khlang hands over."""

from alembic import context

from khlang.store.locks import lock_connection
from khlang.store.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        # Workers starting together on a new store migrate one at a time; the others then find it done.
        lock_connection(connection, "store_migrations")
        context.run_migrations()
    connection.commit()
