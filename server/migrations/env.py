"""Alembic environment of the hub. Runs from a source tree or a wheel (no alembic.ini): the caller
(server/migrations/__init__.py) passes an open connection inside its own transaction."""

from __future__ import annotations

from alembic import context

from server.migrations import VERSION_TABLE
from server.models import HubBase

target_metadata = HubBase.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("server.migrations passes an open connection to Alembic")
    context.configure(connection=connection, target_metadata=target_metadata, version_table=VERSION_TABLE)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
