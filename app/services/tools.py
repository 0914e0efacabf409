"""Tools never touch real data (issue 8 §3): ``demo-data`` and ``screenshots`` refuse any store
that holds an account or a dossier they did not make.

What a tool makes is marked in ``tool_marker`` in the same transaction that makes it: the
accounts it creates (``user``) and the actor names it writes dossiers and events under
(``actor``). A store is a tool's to use when every account is marked and every dossier and every
event was written by a marked account or actor. An empty store (no account, no dossier; an
office profile alone is not citizens' data) is free to use.

The check runs twice: once on the file before the store is even opened (``check_file``: a
refusal leaves every byte of the data dir as it was: no migration, no lock file, no WAL), and
again inside the write transaction (``check_session``), so nothing slips in between.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.domain.clock import now
from app.store.engine import DB_FILENAME
from app.store.models_privacy import ToolMarker


class ToolRefused(Exception):
    """The store holds real data: the tool stops before writing anything (exit 2)."""


def _message(tool: str, what: str) -> str:
    return (
        f"'{tool}' chỉ chạy trên kho dữ liệu trống hoặc do chính công cụ tạo ra: kho này có {what} "
        "không do công cụ tạo (dữ liệu thật). Không ghi gì; hãy dùng một thư mục --data-dir khác"
    )


# One query per kind of real data; each returns a row when something was not made by a tool.
_FOREIGN_USER = "SELECT 1 FROM user WHERE username NOT IN ({marked}) LIMIT 1"
_FOREIGN_DOSSIER = "SELECT 1 FROM dossier WHERE received_by NOT IN ({marked}) LIMIT 1"
_FOREIGN_EVENT = "SELECT 1 FROM dossier_event WHERE actor NOT IN ({marked}) LIMIT 1"
_COUNTS = (("một tài khoản", _FOREIGN_USER), ("hồ sơ", _FOREIGN_DOSSIER), ("hồ sơ", _FOREIGN_EVENT))


def _marked_sql(conn: sqlite3.Connection) -> list[str]:
    has = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='tool_marker'").fetchone()
    if not has:
        return []
    return [r[0] for r in conn.execute("SELECT key FROM tool_marker WHERE kind IN ('user', 'actor')")]


def check_file(data_dir: Path, tool: str) -> None:
    """Refuse before opening the store (read through ``immutable=1``: no lock, no -wal, no -shm)."""
    db = Path(data_dir) / DB_FILENAME
    if not db.exists():
        return
    wal = db.with_name(db.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        # Committed rows may sit in the WAL, which an immutable read does not see; a store left
        # that way is in use or was not closed cleanly: never the tool's to touch.
        raise ToolRefused(_message(tool, "thay đổi chưa ghi vào tệp chính (đang được sử dụng?)"))
    uri = db.resolve().as_uri() + "?mode=ro&immutable=1"
    conn = sqlite3.connect(uri, uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        marked = _marked_sql(conn)
        placeholders = ",".join("?" * len(marked)) or "NULL"
        for what, sql in _COUNTS:
            table = sql.split(" FROM ")[1].split()[0]
            if table not in tables:
                continue
            if marked:
                row = conn.execute(sql.format(marked=placeholders), marked).fetchone()
            else:
                row = conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
            if row is not None:
                raise ToolRefused(_message(tool, what))
    finally:
        conn.close()


def check_session(session: Session, tool: str) -> None:
    """The same rule inside the tool's write transaction."""
    marked = list(session.scalars(select(ToolMarker.key).where(ToolMarker.kind.in_(("user", "actor")))))
    names = {f"k{i}": k for i, k in enumerate(marked)}
    placeholders = ",".join(f":{k}" for k in names) or "NULL"
    for what, sql in _COUNTS:
        table = sql.split(" FROM ")[1].split()[0]
        if marked:
            row = session.execute(text(sql.format(marked=placeholders)), names).first()
        else:
            row = session.execute(text(f'SELECT 1 FROM "{table}" LIMIT 1')).first()
        if row is not None:
            raise ToolRefused(_message(tool, what))


def mark(session: Session, tool: str, kind: str, key: str) -> None:
    """Record that ``tool`` made the account (``user``) or writes under the actor name (``actor``)."""
    exists = session.scalar(select(ToolMarker.id).where(ToolMarker.kind == kind, ToolMarker.key == key))
    if exists is None:
        session.add(ToolMarker(tool=tool, kind=kind, key=key, at=now()))
        session.flush()


def mark_generator(session: Session, tool: str, actor: str) -> None:
    """Before ``app.services.demo.generate`` writes under ``actor``: its rows' actors are the tool's."""
    from app.services.demo import SPECIALIST

    mark(session, tool, "actor", actor)
    mark(session, tool, "actor", SPECIALIST)


def marked_users(session: Session) -> list[str]:
    return list(session.scalars(select(ToolMarker.key).where(ToolMarker.kind == "user")))
