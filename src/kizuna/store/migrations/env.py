"""Alembic environment: runs Kizuna's migrations on the connection or URL it is given.

:func:`kizuna.store.migrate` passes an open connection in ``config.attributes["connection"]``;
the ``sqlalchemy.url`` option is the fallback for the ``alembic`` command line.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from kizuna.store.tables import Record

config = context.config
target_metadata = Record.metadata


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run against the connection handed in, or a new engine for ``sqlalchemy.url``."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from kizuna.store.engine import engine

    eng = engine(config.get_main_option("sqlalchemy.url"))
    try:
        with eng.connect() as conn:
            _run(conn)
    finally:
        eng.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
