"""Schema upgrades with Alembic, using the migration scripts bundled inside the package."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest revision, known without loading Alembic (~150 ms at every start otherwise);
# tests/app/test_migrations.py checks it against the scripts' real head.
HEAD = "0005_forms"


def _config(connection: Any) -> Any:
    # Imported lazily: alembic costs ~30 ms at start-up and is only needed when opening a store.
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    cfg = _config(None)
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        return row[0] if row else None


def upgrade(
    engine: Engine, revision: str = "head", *, before: Callable[[str], object] | None = None
) -> str | None:
    """Bring the store to ``revision``. Each migration runs in one transaction.

    ``before(current_revision)`` runs first when an existing store is behind (the automatic
    pre-migration backup, app/store/autobackup.py); never for a new, empty store.
    Returns the revision the store had before (None: a new store).
    """
    current = current_revision(engine)
    if revision == "head" and current == HEAD:
        return current
    if before is not None and current is not None:
        before(current)
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_config(conn), revision)
    return current
