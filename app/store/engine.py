"""The one place the local store is opened: SQLAlchemy engines and raw DB-API connections.

The store is a SQLCipher 4 file (issue 9; Luật 91/2025/QH15, NĐ 356/2025/NĐ-CP): every page is
AES-256 encrypted with a raw 256-bit data key (``PRAGMA key = "x'…'"``), set in the connect event
before any other pragma. A raw key skips SQLCipher's PBKDF2 (~78 ms a connection with a
passphrase, ~0.5 ms here). ``key=None`` opens a plain SQLite file (tests of the schema, the
conversion of a 0.1/0.2 store) through the same library, so one process never mixes two SQLite
builds on one file.

WAL + synchronous=FULL: a power cut after a commit must not lose the dossier the citizen
already holds a receipt for. The busy timeout covers the sync worker reading while the desk writes.

Every file-level operation (backup, restore, check, the plain-to-encrypted conversion) opens its
files through ``connect_file`` / ``attach_file`` here, so none of them can forget the key.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as dbapi
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

DB_FILENAME = "motcua.sqlite3"
BUSY_TIMEOUT_MS = 10_000
READONLY = "motcua_readonly"
KEY_BYTES = 32
SQLITE_HEADER = b"SQLite format 3\x00"

# The DB-API errors of the one SQLite build the store uses (sqlcipher3 mirrors sqlite3's classes,
# but they are not the same classes: ``except sqlite3.DatabaseError`` would not catch them).
DatabaseError = dbapi.DatabaseError
IntegrityError = dbapi.IntegrityError


# sqlcipher3 0.6.4 on CPython 3.11 drops one reference to None each time it binds a parameter
# whose type is not exactly int/float/str/bytearray and has no registered adapter (None, bytes,
# bool, a StrEnum member…). None is immortal only from 3.12: after enough such binds the
# interpreter aborts with "Fatal Python error: none_dealloc" (seen in the print-preview test).
# Adapters for the common types take the path that owns its reference, and the engine hands the
# driver exact int/float/str for subclasses (``_exact_params``).
# tests/app/test_at_rest.py::test_binding_keeps_none_alive guards it.
dbapi.register_adapter(type(None), lambda _value: None)
dbapi.register_adapter(bytes, lambda value: value)
dbapi.register_adapter(bool, int)
dbapi.register_adapter(memoryview, bytes)


def _exact(value: Any) -> Any:
    cls = type(value)
    if cls is int or cls is str or cls is float or value is None or cls is bytes:
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def _exact_params(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> Any:
    return statement, _exact_all(parameters)


def _exact_all(params: Any) -> Any:
    # One row (tuple/dict), many rows, or insertmanyvalues' flat batch: whatever the shape.
    if isinstance(params, dict):
        return {
            k: _exact_all(v) if isinstance(v, (tuple, list, dict)) else _exact(v) for k, v in params.items()
        }
    if isinstance(params, (tuple, list)):
        out = [_exact_all(v) if isinstance(v, (tuple, list, dict)) else _exact(v) for v in params]
        return tuple(out) if isinstance(params, tuple) else out
    return params


class WrongKey(ValueError):
    """The file is encrypted with another key (or is not a database at all)."""


def key_literal(key: bytes) -> str:
    """The SQL literal SQLCipher reads as a raw key (no PBKDF2): ``"x'<64 hex>'"``."""
    if len(key) != KEY_BYTES:
        raise ValueError("the data key must be 32 bytes")
    return f"\"x'{key.hex()}'\""


def _apply_key(dbapi_conn: Any, key: bytes | None) -> None:
    # The key must be the first statement on the connection: any other pragma would read page 1
    # with no key and fail (or, for a new file, create it unencrypted).
    if key is not None:
        dbapi_conn.execute(f"PRAGMA key = {key_literal(key)}")
    # SQLCipher writes "hmac check failed" to stderr on a wrong key; we report it ourselves.
    dbapi_conn.execute("PRAGMA cipher_log_level = NONE")


def is_plaintext(path: Path) -> bool:
    """True for a plain SQLite file (a 0.1/0.2 store or backup); an encrypted one starts with salt."""
    with open(path, "rb") as fh:
        return fh.read(16) == SQLITE_HEADER


def connect_file(path: Path, key: bytes | None, *, readonly: bool = False, immutable: bool = False) -> Any:
    """A raw DB-API connection to a store or backup file, keyed and checked.

    ``readonly`` opens with ``mode=ro`` (restore candidates, health checks). Raises ``WrongKey``
    when the key does not open the file, before the caller reads or writes anything.
    """
    uri = Path(path).resolve().as_uri()
    target = f"{uri}?mode=ro" if readonly else uri
    if immutable:  # no lock, no -wal, no -shm: a look at a file another process may hold
        target = f"{uri}?mode=ro&immutable=1"
    # Autocommit (``isolation_level=None``): callers issue BEGIN/COMMIT themselves.
    conn = dbapi.connect(target, uri=True, isolation_level=None)
    try:
        _apply_key(conn, key)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # Reads page 1 only: a wrong key fails here, while damage further in the file is left
        # for the caller's integrity check to name as damage.
        conn.execute("PRAGMA user_version").fetchone()
    except dbapi.DatabaseError as exc:
        conn.close()
        raise WrongKey(str(exc)) from exc
    return conn


def attach_file(conn: Any, path: Path, alias: str, key: bytes | None, *, readonly: bool = False) -> None:
    """``ATTACH … KEY``: a second file on ``conn`` with its own key (``None``: a plain file).

    A key of ``''`` attaches unencrypted (SQLCipher's documented way to export to plain text);
    we never do that for output, only to read a plain 0.1/0.2 store.
    """
    target = f"file:{Path(path)}?mode=ro" if readonly else f"file:{Path(path)}"
    literal = "" if key is None else f"x'{key.hex()}'"
    conn.execute(f"ATTACH DATABASE ? AS {alias} KEY ?", (target, literal))


def export_copy(src: Path, src_key: bytes | None, dst: Path, dst_key: bytes) -> None:
    """Write the whole of ``src`` into a new encrypted file ``dst`` (``sqlcipher_export``).

    Used to convert a plain store and to re-key a restored copy; ``dst`` must not exist.
    """
    if Path(dst).exists():
        raise FileExistsError(dst)
    conn = connect_file(src, src_key)
    try:
        conn.isolation_level = None
        attach_file(conn, dst, "target", dst_key)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("SELECT sqlcipher_export('target')")
        conn.execute(f"PRAGMA target.user_version = {int(version)}")
        conn.execute("DETACH DATABASE target")
    finally:
        conn.close()


def rekey_file(path: Path, old_key: bytes, new_key: bytes) -> None:
    """``PRAGMA rekey`` in place (SQLCipher rewrites every page in one transaction), then a WAL
    checkpoint so no page under the old key is left in the side file."""
    conn = connect_file(path, old_key)
    try:
        conn.isolation_level = None
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute(f"PRAGMA rekey = {key_literal(new_key)}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


class _KeyBox:
    """The engine's key, changed in place by ``rotate`` after the pool is emptied."""

    def __init__(self, key: bytes | None) -> None:
        self.key = key


_ENGINE_KEYS: weakref.WeakKeyDictionary[Engine, _KeyBox] = weakref.WeakKeyDictionary()


def _on_connect_with(box: _KeyBox) -> Any:
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        _apply_key(dbapi_conn, box.key)
        # Python's sqlite3 opens implicit transactions lazily and lets SQLAlchemy issue BEGIN;
        # we issue BEGIN IMMEDIATE ourselves (see ``begin``) so writers queue instead of failing.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()

    return _on_connect


def _on_begin(conn: Any) -> None:
    # Writers take the write lock at BEGIN: a deferred transaction that upgrades to a writer
    # later can fail with SQLITE_BUSY even with a busy timeout; IMMEDIATE waits for the lock.
    # Readers (desk.read(), search as you type) begin deferred and, under WAL, never wait for
    # the sync worker's writes.
    if conn.get_execution_options().get(READONLY):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(db_path: Path, *, key: bytes | None = None, echo: bool = False) -> Engine:
    """The store's engine; ``key`` is the raw data key (``None`` only for plain test files)."""
    engine = create_engine(f"sqlite:///{db_path}", echo=echo, future=True, module=dbapi)
    box = _KeyBox(key)
    _ENGINE_KEYS[engine] = box
    event.listen(engine, "connect", _on_connect_with(box))
    event.listen(engine, "begin", _on_begin)
    event.listen(engine, "before_cursor_execute", _exact_params, retval=True)
    return engine


def engine_key(engine: Engine) -> bytes | None:
    """The data key the engine opens its connections with (for backups of the open store)."""
    return _ENGINE_KEYS[engine].key


def rekey_engine(engine: Engine, db_path: Path, new_key: bytes) -> None:
    """Re-key the open store: empty the pool, ``PRAGMA rekey``, new connections use the new key.

    The caller holds the data-dir lock, so no other process has the file open.
    """
    box = _ENGINE_KEYS[engine]
    if box.key is None:
        raise ValueError("a plain store cannot be re-keyed")
    engine.dispose()
    rekey_file(db_path, box.key, new_key)
    box.key = new_key


def make_sessionmaker(engine: Engine, *, readonly: bool = False) -> sessionmaker[Session]:
    bind = engine.execution_options(**{READONLY: True}) if readonly else engine
    return sessionmaker(bind, expire_on_commit=False, future=True)
