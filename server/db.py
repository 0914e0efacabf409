"""Opening the hub database (SQLite by default, PostgreSQL by URL), and ordering writers per office.

Why writers are ordered. The updates feed is read with ``seq > cursor``; if two transactions could
insert feed rows of the same office concurrently, the one holding the higher seq might commit
first and a desk could read past the lower one before it commits, losing it forever.

Issue 13 makes that guarantee per office instead of global:

* each office has its own feed counter (``office_feed.seq``), and a transaction takes seqs from
  it only while holding the office's lock (PostgreSQL ``pg_advisory_xact_lock(office_id)``,
  held to commit). A lower seq of an office is therefore always committed before a higher one of
  the same office is handed out, and a desk only ever reads its own office's feed;
* broadcasts (catalogue, calendar, retention) are one row in ``ref_updates`` whose seq is taken
  under an exclusive "reference" lock that every office writer holds in shared mode
  (``pg_advisory_xact_lock_shared``). A broadcast's seq is above every office seq handed out so
  far, and an office's next seqs are above every committed broadcast, so the merged stream an
  office reads (server/store.py ``updates_after``, one statement, one snapshot) is still only
  ever appended to in seq order;
* existing cursors stay valid: the counters started at the feed's global maximum (migration 0002).

The office lock is taken before a batch reads anything (its ledger lookups, the last ids), so two
batches of one office — the same batch resent while the first is still being applied — are
answered one after the other, exactly once. (The ``UPDATE office_feed`` row lock alone would
order the seqs, but not those reads.) tests/server/test_hub_locking.py races writers, broadcasts
and a polling reader on both backends.

Writers of different offices no longer wait for each other, and there is no process-wide lock on
PostgreSQL. Ids (``id`` columns) are numbered per office the same way (``next_ids``), so no
global sequence is touched either. On SQLite one writer at a time is kept (an in-process lock,
then BEGIN IMMEDIATE against other processes): ample for one province, and the locks above are
then no-ops.
"""

from __future__ import annotations

import functools
import re
import select
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import datetime
from operator import itemgetter
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, Row, create_engine, event, text
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, object_session, sessionmaker

from server.canon import canonical_json
from server.models import HubBase

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Two-key advisory locks (class, object) live apart from the one-key office locks
# pg_advisory_xact_lock(office_id): the keys can never collide.
REF_LOCK = (724_118, 1)


# HTTP read threads (http_common.READ_THREADS) + writers (DEFAULT_WRITE_THREADS) + relays and admin.
POOL_SIZE = 16 + 4 + 4


class SchemaTooNew(RuntimeError):
    pass


def now_iso() -> str:
    return datetime.now(TZ).replace(microsecond=0).isoformat()


def dumps(value: Any, *, floats: bool = True) -> str:
    """The canonical JSON text the hub stores (sorted keys, no spaces, UTF-8 kept): orjson's
    bytes, identical to the standard library's (server/canon.py), at a tenth of its cost.
    ``floats=False``: ``value`` is known to hold no float (server/canon.py)."""
    return canonical_json(value, floats=floats)


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


def is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


_NAMED = re.compile(r"(?<![:\w]):(\w+)")


def run_sql(session: Session, sql: str, params: dict[str, Any] | None = None) -> list[Row[Any]]:
    """Run ``sql`` (``:name`` parameters) straight through the driver in the session's
    transaction: no compilation, no ORM execution context. The hub's per-batch statements went
    from 2.5 ms to ~1.1 ms each this way (issue 13 profile: the driver's own time was 1.1 ms)."""
    if not is_sqlite(session):  # psycopg's style; sqlite3 takes :name as it is
        sql = _NAMED.sub(r"%(\1)s", sql)
    result = session.connection().exec_driver_sql(sql, params or {})
    return list(result.all()) if result.returns_rows else []


def text_array(values: Iterable[str]) -> str:
    """A PostgreSQL array literal of ``values``, every element quoted (a comma, a brace, a space or
    the word NULL in a value stays text), for ``CAST(:param AS text[])``: sent as one text
    parameter instead of through psycopg's list adapter (~7 µs a value in Python)."""
    return "{" + ",".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "}"


def insert_rows(session: Session, table: str, rows: list[dict[str, Any]]) -> None:
    """One executemany of ``rows`` (dicts with the same keys) into ``table``, as the driver takes
    it: tuples and the driver's own placeholders, no SQL compiled, no parameter dict rebuilt per
    row (SQLAlchemy's text() executemany cost ~0.1 ms a row in the issue 13 profile). Through
    ``exec_driver_sql``, so the statement is still seen by the engine's events."""
    if not rows:
        return
    cols = list(rows[0])
    values = _tuples(rows, cols)
    if not is_sqlite(session):
        # COPY: the rows stream in one protocol message, no statement per row (issue 13: the
        # prototype's way to 0.64x the executemany floor). Same transaction, same constraints.
        conn = session.connection()
        sql = f"COPY {table} ({', '.join(cols)}) FROM STDIN"
        with conn.connection.driver_connection.cursor() as cur:  # type: ignore[union-attr]
            if conn.dispatch.before_cursor_execute:  # the engine's statement listeners see it too
                conn.dispatch.before_cursor_execute(conn, cur, sql, values, None, True)
            with cur.copy(sql) as copy:
                for row in values:
                    copy.write_row(row)
        return
    sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(['?'] * len(cols))})"
    session.connection().exec_driver_sql(sql, values)


def update_rows(session: Session, table: str, set_cols: list[str], rows: list[dict[str, Any]]) -> None:
    """``UPDATE table SET set_cols WHERE office_id AND id``, one executemany (see ``insert_rows``)."""
    if not rows:
        return
    mark = _mark(session)
    sql = f"UPDATE {table} SET {', '.join(f'{c} = {mark}' for c in set_cols)} WHERE office_id = {mark} AND id = {mark}"
    cols = [*set_cols, "office_id", "id"]
    session.connection().exec_driver_sql(sql, _tuples(rows, cols))


def _tuples(rows: list[dict[str, Any]], cols: list[str]) -> list[tuple[Any, ...]]:
    """Each row's values in ``cols`` order, built in C (a generator per row cost ~7 % of a
    500-change batch in the issue 13 profile)."""
    if len(cols) == 1:  # itemgetter of one key returns the value itself, not a 1-tuple
        return [(r[cols[0]],) for r in rows]
    return list(map(itemgetter(*cols), rows))


def _mark(session: Session) -> str:
    return "?" if is_sqlite(session) else "%s"


def lock_office(session: Session, office_id: int) -> None:
    """Order this transaction after every other writer of the office (no-op on SQLite, where the
    database has one writer). Taken once per transaction; released at commit or rollback."""
    lock = _lock_statement(session, office_id)
    if lock is not None:
        run_sql(session, *lock)
    session.info.setdefault("hub_locked", set()).add(office_id)


def _lock_statement(session: Session, office_id: int) -> tuple[str, dict[str, Any]] | None:
    """What takes the office's lock in this transaction, or None when nothing needs to."""
    locked: set[int] = session.info.get("hub_locked", set())
    if office_id in locked or is_sqlite(session):
        return None
    if locked or "hub_ref_exclusive" in session.info:
        return "SELECT pg_advisory_xact_lock(:o)", {"o": office_id}
    # The shared reference lock first, once per transaction, in the same statement.
    return (
        "SELECT pg_advisory_xact_lock_shared(:a, :b), pg_advisory_xact_lock(:o)",
        {"a": REF_LOCK[0], "b": REF_LOCK[1], "o": office_id},
    )


def run_sql_locked(
    session: Session,
    office_id: int,
    sql: str,
    params: dict[str, Any],
    meanwhile: Callable[[], object] | None = None,
) -> list[tuple[Any, ...]]:
    """``run_sql`` under the office's lock (``lock_office``), as plain tuples. On PostgreSQL, when
    the transaction does not hold the lock yet, its BEGIN, the lock and ``sql`` travel in one
    round trip (psycopg's pipeline mode) instead of three: the server still runs them one after
    the other, and ``sql`` takes its snapshot only once the lock is granted (READ COMMITTED
    takes one per statement), so it sees every write of the office's previous writer.

    ``meanwhile``: Python work run while the server executes them (the caller's CPU and the
    server's overlap; issue 13: hashing a batch's changes took ~1.8 ms of ~4 ms spent waiting)."""
    lock = _lock_statement(session, office_id)
    if lock is None or not pipelines_supported():
        lock_office(session, office_id)  # SQLite: nothing to take; taken already; or an old libpq
        if meanwhile is not None:
            meanwhile()
        return [tuple(r) for r in run_sql(session, sql, params)]
    conn = session.connection()
    driver = conn.connection.driver_connection
    assert driver is not None
    statements = [(_NAMED.sub(r"%(\1)s", text_), args) for text_, args in (lock, (sql, params))]
    cursors = [driver.cursor() for _ in statements]
    try:
        with driver.pipeline():
            for cur, (text_, args) in zip(cursors, statements, strict=True):
                if conn.dispatch.before_cursor_execute:  # the engine's statement listeners see them
                    conn.dispatch.before_cursor_execute(conn, cur, text_, args, None, False)
                cur.execute(text_, args)  # sent at once; the server starts on them
            if meanwhile is not None:
                meanwhile()
        rows = cursors[-1].fetchall()
    finally:
        for cur in cursors:
            cur.close()
    session.info.setdefault("hub_locked", set()).add(office_id)
    return rows


@functools.cache
def pipelines_supported() -> bool:
    """Whether psycopg's libpq has pipeline mode (14 or later; psycopg[binary] bundles one). A
    hub on a system libpq 13 takes the lock and the lookups in two round trips, as before."""
    import psycopg

    return bool(psycopg.Pipeline.is_supported())


def lock_reference(session: Session) -> None:
    """Exclusive: no office writer is in flight while a broadcast takes its seq (see module doc)."""
    if session.info.get("hub_locked"):
        raise RuntimeError("lock_reference must come before any office lock in a transaction")
    if not is_sqlite(session) and "hub_ref_exclusive" not in session.info:
        session.execute(text("SELECT pg_advisory_xact_lock(:a, :b)"), {"a": REF_LOCK[0], "b": REF_LOCK[1]})
    session.info["hub_ref_exclusive"] = True


def next_ids(session: Session, table: str, office_id: int, n: int = 1) -> range:
    """``n`` new ids for ``table`` in the office: numbered per office, under the office's lock."""
    cache: dict[tuple[str, int], int] = session.info.setdefault("hub_ids", {})
    key = (table, office_id)
    last = cache.get(key)
    if last is None:  # a counter is only ever cached under the lock: a batch asks this per row
        lock_office(session, office_id)
        # table is one of ours (never user input); the primary key index answers this.
        last = int(
            session.execute(
                text(f"SELECT COALESCE(MAX(id), 0) FROM {table} WHERE office_id = :o"), {"o": office_id}
            ).scalar_one()
        )
    cache[key] = last + n
    return range(last + 1, last + n + 1)


def prefetch_ids(session: Session, office_id: int, tables: tuple[str, ...]) -> None:
    """Read the last id of several tables of the office in one round trip (``next_ids`` then
    hands out ids without asking the database again)."""
    lock_office(session, office_id)
    wanted = unknown_last_ids(session, office_id, tables)
    if not wanted:
        return
    (row,) = run_sql(session, f"SELECT {last_ids_sql(wanted)}", {"o": office_id})
    remember_last_ids(session, office_id, dict(zip(wanted, row, strict=True)))


def unknown_last_ids(session: Session, office_id: int, tables: tuple[str, ...]) -> list[str]:
    """Those of ``tables`` whose last id in the office this transaction has not read yet."""
    cache: dict[tuple[str, int], int] = session.info.get("hub_ids", {})
    return [t for t in tables if (t, office_id) not in cache]


def last_ids_sql(tables: list[str]) -> str:
    """The last id of each table in office ``:o``, as a list of scalar subqueries. The table
    names are ours (never user input); each subquery is answered by a primary key index."""
    return ", ".join(f"(SELECT COALESCE(MAX(id), 0) FROM {t} WHERE office_id = :o)" for t in tables)


def remember_last_ids(session: Session, office_id: int, last: dict[str, int]) -> None:
    """What ``next_ids`` counts on from here: read under the office's lock, held to commit."""
    if not session.info.get("hub_locked") or office_id not in session.info["hub_locked"]:
        raise RuntimeError("last ids are only valid under the office's lock")
    cache: dict[tuple[str, int], int] = session.info.setdefault("hub_ids", {})
    for table, value in last.items():
        cache[(table, office_id)] = int(value)


def feed_seqs(session: Session, office_id: int, n: int) -> range:
    """``n`` feed seqs for the office: above its last one and above every committed broadcast."""
    lock_office(session, office_id)
    greatest = "MAX" if is_sqlite(session) else "GREATEST"
    top = session.execute(
        text(
            f"UPDATE office_feed SET seq = {greatest}(seq, "
            "(SELECT COALESCE(MAX(seq), 0) FROM ref_updates)) + :n WHERE office_id = :o RETURNING seq"
        ),
        {"n": n, "o": office_id},
    ).scalar()
    if top is None:  # an office older than its counter row (never after migration 0002): start it
        session.execute(
            text("INSERT INTO office_feed (office_id, seq, ref_from) VALUES (:o, 0, 0)"), {"o": office_id}
        )
        return feed_seqs(session, office_id, n)
    return range(int(top) - n + 1, int(top) + 1)


def ref_seq(session: Session) -> int:
    """The seq of a new broadcast: above every office seq and every broadcast so far."""
    lock_reference(session)
    # The one statement over all offices' rows: a broadcast is rare (an operator's command).
    return 1 + int(
        session.execute(
            text(
                "SELECT MAX(m) FROM (SELECT COALESCE(MAX(seq), 0) AS m FROM office_feed "
                "UNION ALL SELECT COALESCE(MAX(seq), 0) AS m FROM ref_updates) t"
            )
        ).scalar_one()
        or 0
    )


def ref_top(session: Session) -> int:
    return int(session.execute(text("SELECT COALESCE(MAX(seq), 0) FROM ref_updates")).scalar_one())


@event.listens_for(HubBase, "before_insert", propagate=True)
def _assign_id(_mapper: Any, _connection: Any, target: Any) -> None:
    """ORM rows of office-owned tables get their per-office id here (Core inserts call next_ids)."""
    if getattr(target, "id", 0) is None and hasattr(target, "office_id"):
        session = object_session(target)
        assert session is not None
        target.id = next_ids(session, target.__tablename__, target.office_id)[0]


def _still_open(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
    """Pool checkout (PostgreSQL): is this idle connection still open? Asked of its socket, without
    a round trip. ``pool_pre_ping`` sent ``SELECT 1`` instead: one round trip a request, ~1 ms of
    a 100-change batch on the issue 13 bench, and of every pull. The server never writes to an
    idle connection unless it is going away (a restart, ``pg_terminate_backend``, a crash): its
    farewell, or the end of the stream, is then waiting to be read, and the pool replaces the
    connection (DisconnectionError). A peer gone without closing (a cable pulled) shows nothing
    here, as a ping would have waited on it; the first statement fails instead, and SQLAlchemy
    discards the pool's connections."""
    if dbapi_conn.closed or _readable(dbapi_conn.fileno()):
        raise DisconnectionError("the PostgreSQL connection was closed by the server")


def _readable(fd: int) -> bool:
    if hasattr(select, "poll"):  # POSIX: any descriptor number (select() stops at 1024)
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        return bool(poller.poll(0))
    return bool(select.select([fd], [], [], 0)[0])  # Windows: sockets, no descriptor limit


class HubDB:
    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            self.engine: Engine = create_engine(url, connect_args={"check_same_thread": False})
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        else:
            # One pooled connection for every thread that may hold one at once: the HTTP read
            # threads and the writers (server/http_common.py), the relays, the admin. The
            # default pool (5 + 10 overflow) made 50 polling desks wait for a connection, and
            # closed and reopened the overflow ones on every request: a new PostgreSQL backend per
            # pull (issue 13: pull p95 300 ms with nobody pushing).
            self.engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=8)
            event.listen(self.engine, "checkout", _still_open)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        # Reads of single statements (sign-in, a page of the feed) need no transaction of their
        # own: on PostgreSQL they run in autocommit, without a BEGIN and a COMMIT each.
        self._peek = (
            self._factory
            if self.is_sqlite
            else sessionmaker(
                self.engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False
            )
        )
        # SQLite only: in-process writers queue here first, so SQLite's busy timeout is only ever
        # needed against a second process (the admin CLI while the server runs). PostgreSQL
        # writers are ordered per office by advisory locks (module docstring), not here.
        self._local_lock: threading.Lock | None = threading.Lock() if self.is_sqlite else None

    def init(self) -> None:
        """Create a new database at the newest schema, or upgrade an older one (Alembic)."""
        from server.migrations import upgrade_or_create

        upgrade_or_create(self.engine)

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._local_lock if self._local_lock is not None else nullcontext():
            session = self._factory()
            try:
                with session.begin():
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

    @contextmanager
    def peek(self) -> Iterator[Session]:
        """A session for reads that are each one statement, seen as of its own instant: on
        PostgreSQL no transaction is opened (two round trips fewer per request; issue 13, pulls).
        On SQLite the same as ``read``."""
        if self.is_sqlite:
            with self.read() as session:
                yield session
            return
        session = self._peek()
        try:
            yield session
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
