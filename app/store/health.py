"""Damage never spreads: notice a damaged store and refuse every write until it is restored.

Three small files beside the store (never inside it: a damaged file cannot be trusted to say so):

- ``motcua.running``: created when a desk opens the store, removed at a clean close. Found at the
  next open, it means the last session died (power cut, kill): the store is quick-checked.
- ``motcua.clean.json``: size and mtime of the store file at the last clean close. A store changed
  behind the app's back (a disk tool, a copy over it, a bad sector rewritten) no longer matches
  and is quick-checked too. Without this, ``check`` saw the damage but ``intake`` still wrote.
- ``motcua.damaged.json``: the finding. While it exists ``Desk.tx()`` raises ``StoreDamaged``;
  only a successful restore or an ``integrity_check`` that passes (``motcua check``) removes it.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain.clock import iso, now
from app.store.atomic import atomic_write_bytes
from app.store.engine import connect_file

RUNNING = "motcua.running"
CLEAN = "motcua.clean.json"
DAMAGED = "motcua.damaged.json"

# SQLite's primary result codes for a damaged file (sqlite3.h): SQLITE_CORRUPT, SQLITE_NOTADB.
_CORRUPT_CODES = {11, 26}


class StoreDamaged(Exception):
    """The store failed its integrity check: every write is refused (a user-facing error, exit 2)."""


@dataclass(frozen=True)
class OpenState:
    unclean: bool  # the previous session did not close cleanly
    checked: str | None  # the result of the check run at this open, if one ran
    damaged: dict[str, Any] | None


def damaged(data_dir: Path) -> dict[str, Any] | None:
    try:
        value = json.loads((Path(data_dir) / DAMAGED).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"detail": "tệp đánh dấu hư hỏng không đọc được", "found_at": None}
    return value if isinstance(value, dict) else {"detail": str(value), "found_at": None}


def mark_damaged(data_dir: Path, detail: str, *, by: str) -> None:
    record = {"found_at": iso(now()), "by": by, "detail": detail[:2000]}
    atomic_write_bytes(Path(data_dir) / DAMAGED, json.dumps(record, ensure_ascii=False).encode("utf-8"))


def clear_damaged(data_dir: Path) -> None:
    (Path(data_dir) / DAMAGED).unlink(missing_ok=True)


def is_corruption(exc: BaseException) -> bool:
    """True for SQLite's "database disk image is malformed" / "file is not a database"."""
    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, sqlite3.DatabaseError):
        return False
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _CORRUPT_CODES
    text = str(orig).lower()
    return "malformed" in text or "not a database" in text


def quick_check(db_path: Path, *, full: bool = False) -> str:
    """``PRAGMA quick_check`` (or ``integrity_check``): 'ok' or the first problems, one per line."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        conn = connect_file(db_path)
        try:
            rows = conn.execute(f"PRAGMA {pragma}(20)").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"{pragma}: {exc}"
    text = "\n".join(str(r[0]) for r in rows)
    return "ok" if text == "ok" else text


def _fingerprint(db_path: Path) -> dict[str, int] | None:
    try:
        st = os.stat(db_path)
    except FileNotFoundError:
        return None
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def on_open(data_dir: Path, db_path: Path) -> OpenState:
    """Run by ``Desk.open`` under the data-dir lock, before any migration or write."""
    data_dir = Path(data_dir)
    unclean = (data_dir / RUNNING).exists()
    for stale in data_dir.glob(f".{Path(db_path).name}.restore-*"):
        stale.unlink(missing_ok=True)  # a restore killed before its swap (we hold the lock: none runs)
    found = damaged(data_dir)
    checked: str | None = None
    current = _fingerprint(db_path)
    if found is None and current is not None:
        try:
            last = json.loads((data_dir / CLEAN).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            last = None
        if unclean or last != current:
            checked = quick_check(db_path)
            if checked != "ok":
                mark_damaged(data_dir, checked, by="quick_check" + (" (unclean)" if unclean else ""))
                found = damaged(data_dir)
    atomic_write_bytes(data_dir / RUNNING, json.dumps({"pid": os.getpid(), "since": iso(now())}).encode())
    return OpenState(unclean, checked, found)


def on_clean_close(data_dir: Path, db_path: Path, *, remember: bool = True) -> None:
    """After the engine is disposed (WAL checkpointed): remember how a clean store looks."""
    data_dir = Path(data_dir)
    fp = _fingerprint(db_path) if remember else None
    if fp is not None:
        atomic_write_bytes(data_dir / CLEAN, json.dumps(fp).encode())
    (data_dir / RUNNING).unlink(missing_ok=True)


def forget_fingerprint(data_dir: Path) -> None:
    """The store file was replaced on purpose (restore): the next open checks it once."""
    (Path(data_dir) / CLEAN).unlink(missing_ok=True)


def refusal(data_dir: Path) -> StoreDamaged:
    """The error a write meets on a damaged store: what happened and the newest good backup."""
    from app.store.backup import newest_good_backup

    info = damaged(data_dir) or {}
    detail = str(info.get("detail") or "").splitlines()
    first = detail[0] if detail else "không rõ"
    good = newest_good_backup(Path(data_dir))
    where = (
        f"bản sao lưu tốt gần nhất: {good.path} ({good.created:%d/%m/%Y %H:%M}, {good.dossiers} hồ sơ)"
        if good is not None
        else "không tìm thấy bản sao lưu tốt nào trong thư mục dữ liệu"
    )
    return StoreDamaged(
        f"dữ liệu bị hỏng ({first}): mọi thao tác ghi bị chặn cho đến khi khôi phục từ bản sao lưu "
        f"('motcua restore TỆP') hoặc sửa xong ('motcua check' báo toàn vẹn); {where}"
    )
