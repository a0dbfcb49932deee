"""Alembic environment. The engine (or URL) comes from the caller via config attributes."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from shared.db.base import Base, with_postgresql_options
from shared.db.engine import make_engine
from shared.db.migrate import include_object
from shared.models import load_all

load_all()  # every table on the metadata

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":  # autogenerate compares and writes its partial indexes' WHERE
        with_postgresql_options(target_metadata)
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite", include_object=include_object)


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
