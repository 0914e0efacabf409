"""Opening the hub database (SQLite by default, PostgreSQL by URL) and serialising writers.

Writers are serialised on purpose. The updates feed is read with ``seq > cursor``; if two
transactions could insert feed rows concurrently, the one holding the higher seq might commit
first and a desk could read past the lower one before it commits, losing it forever. On
PostgreSQL every writing transaction therefore takes one transaction-scoped advisory lock; on
SQLite the database lock does the same (BEGIN IMMEDIATE). A batch of changes from one office is
small and a hub of one province sees a few hundred offices, so one writer at a time is ample.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from server.models import SCHEMA_VERSION, HubBase, Meta

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
WRITE_LOCK_KEY = 724_118_001  # arbitrary constant for pg_advisory_xact_lock


class SchemaTooNew(RuntimeError):
    pass


def now_iso() -> str:
    return datetime.now(TZ).replace(microsecond=0).isoformat()


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # Writers take the lock at BEGIN (a deferred writer can fail with SQLITE_BUSY on upgrade);
    # readers must not, or every poll of the feed would queue behind a batch.
    if conn.get_execution_options().get("hub_readonly"):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


class HubDB:
    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            self.engine: Engine = create_engine(url, connect_args={"check_same_thread": False})
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        else:
            self.engine = create_engine(url, pool_pre_ping=True)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        # In-process writers queue here first, so SQLite's busy timeout is only ever needed
        # against a second process (the admin CLI while the server runs).
        self._local_lock = threading.Lock()

    def init(self) -> None:
        HubBase.metadata.create_all(self.engine)
        with self.write() as s:
            row = s.get(Meta, "schema_version")
            if row is None:
                s.add(Meta(key="schema_version", value=str(SCHEMA_VERSION)))
            elif int(row.value) > SCHEMA_VERSION:
                raise SchemaTooNew(
                    f"Cơ sở dữ liệu máy chủ có lược đồ phiên bản {row.value}, mới hơn phần mềm "
                    f"(phiên bản {SCHEMA_VERSION}); hãy nâng cấp motcua-hub"
                )

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._local_lock:
            session = self._factory()
            try:
                with session.begin():
                    if not self.is_sqlite:
                        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK_KEY})
                    yield session
            finally:
                session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = self._factory()
        try:
            with session.begin():
                session.connection(execution_options={"hub_readonly": True})
                yield session
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
