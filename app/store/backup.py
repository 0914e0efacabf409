"""Backup, restore and health check of the local store.

Backups use SQLite's online backup API, so they are consistent even while the desk is writing;
a restore checks the file first and keeps the replaced database beside it.

Every file is opened through ``app.store.engine`` with its key: a backup is a SQLCipher copy under
the store's data key (issue 9), never a clear one; a candidate for restore is opened with the key
the caller found for it (this desk's key, or the recovery key typed from the office's sheet).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.clock import now
from app.store import perms
from app.store.atomic import _fsync_dir
from app.store.engine import DatabaseError, WrongKey, attach_file, connect_file, export_copy, is_plaintext


class BackupError(ValueError):
    pass


def backup_to(db_path: Path, out: Path, *, key: bytes | None) -> Path:
    """An encrypted copy under ``key`` (the store's own key; ``None`` only for plain test files)."""
    out = Path(out)
    if not out.parent.exists():
        out.parent.mkdir(parents=True)
        perms.secure_dir(out.parent)  # a backups folder we make is as private as the data dir
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.unlink(missing_ok=True)
    perms.create_private_file(tmp)
    src = connect_file(db_path, key)
    try:
        dst = connect_file(tmp, key)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        finally:
            dst.close()
    finally:
        src.close()
    if key is not None and is_plaintext(tmp):  # the copy must never be the clear register
        tmp.unlink()
        raise BackupError("bản sao lưu không được mã hóa: đã hủy")
    perms.secure_file(tmp)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, out)
    _fsync_dir(out.parent)
    return out


def default_backup_name(data_dir: Path) -> Path:
    return data_dir / "backups" / f"motcua-{now():%Y%m%d-%H%M%S}.sqlite3"


@dataclass
class CheckReport:
    integrity: str = "ok"
    foreign_key_errors: int = 0
    schema_revision: str | None = None
    head_revision: str | None = None
    audit_rows: int = 0
    audit_broken_at: int | None = None
    outbox_pending: int = 0
    outbox_rejected: int = 0
    dossiers: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_shape(path: Path) -> None:
    """Refuse what cannot be a store before trying keys on it: a missing or empty file (SQLite
    would open an empty file as a new, empty database)."""
    if not path.is_file():
        raise BackupError(f"không có tệp '{path}'")
    if path.stat().st_size < 512:
        raise BackupError(f"tệp '{path}' không phải cơ sở dữ liệu SQLite")


def inspect_file(path: Path, *, key: bytes | None) -> CheckReport:
    """Integrity of a store file that may not be ours at all (restore candidates, corrupt disks).

    ``key`` opens an encrypted file; a plain file (0.1/0.2 backups) is read as it is.
    """
    report = CheckReport()
    check_shape(path)
    try:
        conn = connect_file(path, None if is_plaintext(path) else key, readonly=True)
    except WrongKey as exc:
        raise BackupError(
            f"không mở được tệp '{path}' bằng khóa này: tệp bị hỏng, không phải cơ sở dữ liệu SQLite, "
            "hoặc được mã hóa bằng khóa khác (khôi phục trên máy khác: thêm --key-file <phiếu khóa khôi phục>)"
        ) from exc
    try:
        try:
            report.integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
            report.foreign_key_errors = len(conn.execute("PRAGMA foreign_key_check").fetchall())
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except DatabaseError as exc:
            raise BackupError(f"tệp '{path}' bị hỏng: {exc}") from exc
        if "alembic_version" not in tables or "dossier" not in tables:
            raise BackupError(
                f"tệp '{path}' không phải dữ liệu Một Cửa Xã (thiếu bảng dossier/alembic_version)"
            )
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        report.schema_revision = row[0] if row else None
        report.dossiers = conn.execute("SELECT count(*) FROM dossier").fetchone()[0]
    finally:
        conn.close()
    if report.integrity != "ok":
        report.problems.append(f"integrity_check: {report.integrity}")
    if report.foreign_key_errors:
        report.problems.append(f"{report.foreign_key_errors} lỗi khóa ngoại")
    return report


def restore_from(
    candidate: Path, db_path: Path, *, key: bytes | None, candidate_key: bytes | None = None
) -> Path:
    """Replace the store with ``candidate`` after checking it; returns where the old one went.

    ``candidate_key`` opens the candidate (default: ``key``; ``None`` for a plain old backup);
    the restored store is written under ``key``, the data dir's own key, re-encrypting when the
    two differ. The caller holds the data-dir lock and has closed its engine.
    """
    from app.store import migrate

    if candidate_key is None and candidate.is_file() and not is_plaintext(candidate):
        candidate_key = key
    report = inspect_file(candidate, key=candidate_key)
    if not report.ok:
        raise BackupError("bản sao lưu có lỗi: " + "; ".join(report.problems))
    known = _known_revisions()
    if report.schema_revision not in known:
        raise BackupError(
            f"bản sao lưu ở phiên bản dữ liệu '{report.schema_revision}' mới hơn phần mềm này "
            f"(phần mềm hỗ trợ đến {migrate.head_revision()}); hãy cập nhật phần mềm trước"
        )
    keep = db_path.with_name(f"{db_path.name}.before-restore-{now():%Y%m%d-%H%M%S}")
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            side.unlink()
    if db_path.exists():
        os.replace(db_path, keep)
    tmp = db_path.with_name(f".{db_path.name}.restore")
    tmp.unlink(missing_ok=True)
    if key is not None and (candidate_key != key or is_plaintext(candidate)):
        export_copy(candidate, None if is_plaintext(candidate) else candidate_key, tmp, key)
    else:
        shutil.copyfile(candidate, tmp)
    perms.secure_file(tmp)
    if keep.exists():
        _keep_highest_counters(tmp, keep, key)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, db_path)
    _fsync_dir(db_path.parent)
    return keep


def _keep_highest_counters(restored: Path, replaced: Path, key: bytes | None) -> None:
    """Never issue a dossier code twice after a restore.

    Codes printed on receipts after the backup was taken live only in the replaced store (and
    perhaps already upstream); the restored store's daily counters are raised to at least the
    replaced store's, so the next intake continues after the last code handed out.
    """
    conn = connect_file(restored, key)  # URI mode so ATTACH can open read-only
    try:
        attach_file(conn, replaced, "old", None if is_plaintext(replaced) else key, readonly=True)
        has = conn.execute(
            "SELECT 1 FROM old.sqlite_master WHERE type='table' AND name='day_counter'"
        ).fetchone()
        if has:
            conn.execute(
                "INSERT INTO main.day_counter(unit_code, day, workstation, last) "
                "SELECT unit_code, day, workstation, last FROM old.day_counter WHERE true "
                "ON CONFLICT(unit_code, day, workstation) DO UPDATE SET last = max(last, excluded.last)"
            )
        conn.commit()
        conn.execute("DETACH DATABASE old")
    finally:
        conn.close()


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from app.store.migrate import _config

    script = ScriptDirectory.from_config(_config(None))
    return {rev.revision for rev in script.walk_revisions()}
