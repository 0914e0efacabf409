"""The one place the local store is opened (design.md: SQLCipher would go here).

WAL + synchronous=FULL: a power cut after a commit must not lose the dossier the citizen
already holds a receipt for. The busy timeout covers the sync worker reading while the desk writes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

DB_FILENAME = "motcua.sqlite3"
BUSY_TIMEOUT_MS = 10_000
READONLY = "motcua_readonly"


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    # Python's sqlite3 opens implicit transactions lazily and lets SQLAlchemy issue BEGIN;
    # we issue BEGIN IMMEDIATE ourselves (see ``begin``) so writers queue instead of failing.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


def _on_begin(conn: Any) -> None:
    # Writers take the write lock at BEGIN: a deferred transaction that upgrades to a writer
    # later can fail with SQLITE_BUSY even with a busy timeout; IMMEDIATE waits for the lock.
    # Readers (desk.read(), search as you type) begin deferred and, under WAL, never wait for
    # the sync worker's writes.
    if conn.get_execution_options().get(READONLY):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(db_path: Path, *, echo: bool = False) -> Engine:
    engine = create_engine(f"sqlite:///{db_path}", echo=echo, future=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def make_sessionmaker(engine: Engine, *, readonly: bool = False) -> sessionmaker[Session]:
    bind = engine.execution_options(**{READONLY: True}) if readonly else engine
    return sessionmaker(bind, expire_on_commit=False, future=True)


def connect_file(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A raw DB-API connection to one SQLite file of this app (live store, backup, restore candidate).

    Backup and restore use SQLite's online backup API, which SQLAlchemy does not expose; they
    open every file here so that at-rest encryption (the key pragma) is added in one place.
    Autocommit mode (``isolation_level=None``): callers issue BEGIN/COMMIT themselves.
    ``readonly`` opens with ``mode=ro``: a candidate or a damaged store is never written by a check.
    """
    path = Path(path)
    if readonly:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    else:
        conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return conn
