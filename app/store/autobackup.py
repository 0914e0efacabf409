"""Backups that happen by themselves (issue 8 §4), and their rotation.

- ``daily``: at the first open of each day;
- ``close``: at a clean close of a session that wrote something;
- ``premigrate``: before a migration upgrades the store (the only way back from a bad upgrade).

All land in ``<data_dir>/backups`` and, when set, are copied to a second folder (USB stick,
network share) named in ``backup-settings.json``: a per-machine setting, so it is not in the
store (a restore must not point a desk at another machine's stick).

Rotation keeps the newest automatic backup of each of the last 7 days, 4 ISO weeks and 12
months (grandfather-father-son), the newest 5 pre-migration backups, and every manual one.
An automatic backup that fails never blocks the desk; one whose copy fails its quick_check
means the store itself is damaged, and the store is marked so (app/store/health.py).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.domain.clock import now
from app.store import health
from app.store.atomic import _fsync_dir, atomic_write_bytes
from app.store.backup import (
    BackupError,
    BackupInfo,
    DamagedCopy,
    Progress,
    backup_dir,
    backup_to,
    default_backup_name,
    read_info,
    sidecar,
)
from app.store.engine import DatabaseError as CipherError

log = logging.getLogger(__name__)

SETTINGS = "backup-settings.json"
AUTO_KINDS = ("daily", "close")


@dataclass(frozen=True)
class Keep:
    daily: int = 7
    weekly: int = 4
    monthly: int = 12
    premigrate: int = 5


KEEP = Keep()


def settings(data_dir: Path) -> dict[str, Any]:
    try:
        value = json.loads((Path(data_dir) / SETTINGS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"mirror_dir": ""}
    return value if isinstance(value, dict) else {"mirror_dir": ""}


def mirror_dir(data_dir: Path) -> Path | None:
    value = str(settings(data_dir).get("mirror_dir") or "").strip()
    return Path(value) if value else None


def set_mirror_dir(data_dir: Path, folder: Path | None) -> None:
    """Set (or clear, with None) the second folder; it must exist and be writable now."""
    if folder is not None:
        folder = Path(folder).expanduser()
        if not folder.is_dir():
            raise BackupError(f"thư mục sao lưu thứ hai '{folder}' không tồn tại (cắm USB/ổ mạng trước)")
        if not os.access(folder, os.W_OK):
            raise BackupError(f"không ghi được vào thư mục sao lưu thứ hai '{folder}'")
        if folder.resolve() == backup_dir(data_dir).resolve():
            raise BackupError("thư mục sao lưu thứ hai phải khác thư mục sao lưu chính")
    value = dict(settings(data_dir))
    value["mirror_dir"] = str(folder) if folder is not None else ""
    atomic_write_bytes(Path(data_dir) / SETTINGS, json.dumps(value, ensure_ascii=False).encode("utf-8"))


def _copy_file(src: Path, dst: Path) -> None:
    """Streamed copy with the atomic-write habit: a stick pulled out mid-copy leaves no half file."""
    tmp = dst.with_name(f".{dst.name}.tmp")
    try:
        with open(src, "rb") as fin, open(tmp, "wb") as fout:
            while chunk := fin.read(1 << 20):
                fout.write(chunk)
            fout.flush()
            os.fsync(fout.fileno())
        os.replace(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(dst.parent)


def mirror(backup: Path, data_dir: Path) -> Path | None:
    folder = mirror_dir(data_dir)
    if folder is None:
        return None
    if not folder.is_dir():
        raise BackupError(f"thư mục sao lưu thứ hai '{folder}' không có (USB chưa cắm?)")
    out = folder / backup.name
    _copy_file(backup, out)
    if sidecar(backup).exists():
        _copy_file(sidecar(backup), sidecar(out))
    rotate(folder, protect=out)
    return out


def rotate(directory: Path, keep: Keep = KEEP, *, protect: Path | None = None) -> list[Path]:
    """Delete the automatic backups no rule keeps; returns what was removed.

    ``protect`` (the backup just taken) is never removed: two closes in one second have the same
    ``created`` and the tie once picked the older one, deleting the copy just made.
    """
    infos = list_backups_in(directory)
    auto = sorted((b for b in infos if b.kind in AUTO_KINDS), key=_age, reverse=True)
    # Per day, the newest of each kind: the start-of-day state and the end-of-day state.
    kept: set[Path] = set()
    for kind in AUTO_KINDS:
        kept |= _newest_per([b for b in auto if b.kind == kind], lambda b: b.created.date(), keep.daily)
    kept |= _newest_per(auto, lambda b: b.created.isocalendar()[:2], keep.weekly)
    kept |= _newest_per(auto, lambda b: (b.created.year, b.created.month), keep.monthly)
    pre = sorted((b for b in infos if b.kind == "premigrate"), key=lambda b: b.created, reverse=True)
    kept.update(b.path for b in pre[: keep.premigrate])
    if protect is not None:
        kept.add(Path(protect))
    removed = []
    for b in infos:
        if b.kind in (*AUTO_KINDS, "premigrate") and b.path not in kept:
            b.path.unlink(missing_ok=True)
            sidecar(b.path).unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def _age(b: BackupInfo) -> tuple[datetime, int]:
    # Seconds tie within one second; the file's own write time orders them.
    try:
        return (b.created, b.path.stat().st_mtime_ns)
    except OSError:
        return (b.created, 0)


def _newest_per(
    newest_first: list[BackupInfo], bucket: Callable[[BackupInfo], object], count: int
) -> set[Path]:
    chosen: dict[object, Path] = {}
    for b in newest_first:
        key = bucket(b)
        if key in chosen:
            continue
        if len(chosen) >= count:
            break
        chosen[key] = b.path
    return set(chosen.values())


def list_backups_in(directory: Path) -> list[BackupInfo]:
    out = []
    for path in Path(directory).glob("motcua-*.sqlite3"):
        try:
            out.append(read_info(path))
        except (OSError, BackupError):
            continue
    return out


def take(
    data_dir: Path, db_path: Path, kind: str, *, key: bytes | None, progress: Progress | None = None
) -> tuple[BackupInfo, str | None]:
    """One backup of ``kind`` into the backups folder, rotated and mirrored.

    Returns the backup and, when the second folder could not be written, why (the backup itself
    is safe in the data dir; the GUI shows the reason).
    """
    out = backup_to(db_path, default_backup_name(data_dir, kind), key=key, kind=kind, progress=progress)
    rotate(backup_dir(data_dir), protect=out)
    mirror_problem = None
    try:
        mirror(out, data_dir)
    except (OSError, BackupError) as exc:
        mirror_problem = str(exc)
        log.warning("backup mirror failed: %s", exc)
    return read_info(out), mirror_problem


def _safely(data_dir: Path, db_path: Path, kind: str, key: bytes | None) -> BackupInfo | None:
    try:
        return take(data_dir, db_path, kind, key=key)[0]
    except DamagedCopy as exc:  # the copy failed its quick_check: so does the store
        health.mark_damaged(data_dir, str(exc), by=f"{kind} backup")
        log.warning("automatic %s backup found the store damaged: %s", kind, exc)
    except BackupError as exc:
        log.warning("automatic %s backup failed: %s", kind, exc)
    except (OSError, sqlite3.Error, CipherError) as exc:
        log.warning("automatic %s backup failed: %s", kind, exc)
    return None


def daily_due(data_dir: Path) -> bool:
    today = f"motcua-{now():%Y%m%d}-"
    try:
        return not any(
            p.name.startswith(today) and p.name.endswith("-daily.sqlite3")
            for p in backup_dir(data_dir).iterdir()
        )
    except FileNotFoundError:
        return True


def on_open(data_dir: Path, db_path: Path, key: bytes | None) -> BackupInfo | None:
    """The first start of the day backs the store up (only a set-up office has anything to keep)."""
    if health.damaged(data_dir) or not daily_due(data_dir) or not _configured(db_path, key):
        return None
    return _safely(data_dir, db_path, "daily", key)


def on_close(data_dir: Path, db_path: Path, key: bytes | None) -> BackupInfo | None:
    if health.damaged(data_dir) or not _configured(db_path, key):
        return None
    return _safely(data_dir, db_path, "close", key)


def before_migration(data_dir: Path, db_path: Path, key: bytes | None) -> BackupInfo | None:
    """Called with the store still at its old revision: a failed upgrade can be undone."""
    if health.damaged(data_dir) or not db_path.exists():
        return None
    return _safely(data_dir, db_path, "premigrate", key)


def _configured(db_path: Path, key: bytes | None) -> bool:
    from app.store.engine import DatabaseError, WrongKey, connect_file

    if not db_path.exists():
        return False
    try:
        conn = connect_file(db_path, key)
        try:
            return conn.execute("SELECT 1 FROM office WHERE id = 1").fetchone() is not None
        finally:
            conn.close()
    except (sqlite3.Error, DatabaseError, WrongKey):
        return False
