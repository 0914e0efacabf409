"""Alembic environment. Runs from a source tree, a wheel or a frozen build (no alembic.ini)."""

from __future__ import annotations

from typing import Any

from alembic import context

from app.store.models import Base

target_metadata = Base.metadata

# Virtual FTS tables and their shadow tables are created by migrations by hand and are not
# part of the ORM metadata; keep autogenerate and the drift test from reporting them.
IGNORED_PREFIXES = ("dossier_fts",)


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    if type_ == "table" and name and name.startswith(IGNORED_PREFIXES):
        return False
    return True


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("app.store.migrate passes an open connection to Alembic")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
