"""The hub's schema upgrades (Alembic), apart from the desk's (app/store/migrations).

Layout: ``server/migrations/env.py`` and ``versions/``; the version table is
``hub_alembic_version`` so it can never meet the desk's ``alembic_version`` or anything else in a
shared PostgreSQL database. Revision 0001 is the schema main had before Alembic (version 1,
frozen in ``schema_v1.py``); 0002 keys every office-owned table by office (issue 13).

How ``upgrade_or_create`` decides, in one transaction under an init lock (several ``serve
--workers`` processes may start at once):

* ``hub_alembic_version`` present: refuse a revision this code does not know (a newer hub wrote
  it: SchemaTooNew), else upgrade to head;
* no version table but ``hub_meta`` present: a version-1 hub made before Alembic. Refuse
  ``schema_version`` > 1; else add the version-1 tables it may lack (they were added by
  ``create_all`` as features came), stamp 0001 and upgrade to head;
* neither: a new database, created at head directly and stamped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, inspect, text

from server.models import SCHEMA_VERSION

MIGRATIONS_DIR = Path(__file__).resolve().parent
VERSION_TABLE = "hub_alembic_version"
# Known without loading Alembic (~150 ms per start otherwise); tests check it against the scripts.
HEAD = "0006_lean_dossiers"
V1_REVISION = "0001_hub_v1"
INIT_LOCK = (724_118, 2)


def config(connection: Connection | None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(config(None)).walk_revisions()}


def _too_new(found: str) -> Exception:
    from server.db import SchemaTooNew

    return SchemaTooNew(
        f"Cơ sở dữ liệu máy chủ có lược đồ phiên bản {found}, mới hơn phần mềm "
        f"(phiên bản {SCHEMA_VERSION}); hãy nâng cấp motcua-hub"
    )


def _meta_version(conn: Connection) -> int:
    row = conn.execute(text("SELECT value FROM hub_meta WHERE key = 'schema_version'")).first()
    return int(row[0]) if row else 1


def upgrade_or_create(engine: Engine) -> str | None:
    """Bring the hub database to head; returns the revision it had (None: a new database).

    On SQLite foreign keys are off while it runs, and checked before the commit: a revision that
    must rebuild a table (Alembic's batch mode: copy, drop, rename) cannot drop a table others
    point at with them on, and the pragma only changes outside a transaction."""
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        raw = conn.connection.dbapi_connection
        if sqlite:
            raw.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            with conn.begin():
                before = _upgrade_or_create(conn)
                if sqlite:
                    broken = conn.execute(text("PRAGMA foreign_key_check")).all()
                    if broken:
                        raise RuntimeError(
                            f"Nâng cấp lược đồ để lại {len(broken)} khóa ngoại hỏng: {broken[:5]}"
                        )
            return before
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]


def _upgrade_or_create(conn: Connection) -> str | None:
    if conn.dialect.name != "sqlite":
        conn.execute(text("SELECT pg_advisory_xact_lock(:a, :b)"), {"a": INIT_LOCK[0], "b": INIT_LOCK[1]})
    tables = set(inspect(conn).get_table_names())
    if VERSION_TABLE in tables:
        current = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
        if current == HEAD:
            if _meta_version(conn) > SCHEMA_VERSION:
                raise _too_new(str(_meta_version(conn)))
            return current
        if current not in known_revisions():
            raise _too_new(str(current))
        from alembic import command

        command.upgrade(config(conn), "head")
        return str(current)
    from alembic import command

    if "hub_meta" in tables:
        version = _meta_version(conn)
        if version > 1:
            raise _too_new(str(version))
        from server.migrations.schema_v1 import V1Base

        V1Base.metadata.create_all(conn)  # tables an older version-1 hub never got
        command.stamp(config(conn), V1_REVISION)
        command.upgrade(config(conn), "head")
        return V1_REVISION
    from server.models import HubBase

    HubBase.metadata.create_all(conn)
    conn.execute(
        text("INSERT INTO hub_meta (key, value) VALUES ('schema_version', :v)"),
        {"v": str(SCHEMA_VERSION)},
    )
    command.stamp(config(conn), "head")
    return None
