"""Opening the data dir's encrypted store: find its key, convert a plain 0.1/0.2 store once.

``unlock`` runs in ``Desk.open`` under the data-dir lock, before the engine is made:

- no store, no key info: a new desk; a random data key is created in custody (``keys.create``);
- a plain store (``SQLite format 3`` header): the first start of this version. The store is
  exported into an encrypted copy (``ATTACH … KEY`` + ``sqlcipher_export``), the copy is checked
  (``integrity_check`` and the row count of every table equal to the original's), kept as a
  backup in ``backups/``, and only then put in place by an atomic rename. Plain backups and
  ``before-restore`` copies in the data dir are converted the same way, so no clear copy stays;
- an encrypted store: its key from custody (``current``, else a ``next`` left by an interrupted
  rotation). No key here: ``KeyMissing`` tells the admin to use the recovery sheet.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from app.store import keys, perms
from app.store.atomic import _fsync_dir
from app.store.engine import DB_FILENAME, WrongKey, connect_file, export_copy, is_plaintext

if TYPE_CHECKING:
    from app.store.backup import Progress, RestoreResult

log = logging.getLogger(__name__)

CONVERTED_BACKUP = "motcua-truoc-ma-hoa-{stamp}.sqlite3"


def unlock(data_dir: Path) -> bytes:
    """The data key of the store in ``data_dir`` (creating or converting as described above)."""
    data_dir = Path(data_dir)
    db = data_dir / DB_FILENAME
    perms.secure_tree(data_dir)
    info = keys.read_info(data_dir)
    store_exists = db.exists() and db.stat().st_size > 0
    first_start = info is None
    if info is None:
        if store_exists and not is_plaintext(db):
            raise keys.KeyMissing(
                f"dữ liệu trong {data_dir} đã được mã hóa nhưng máy này không giữ khóa của nó "
                "(motcua.key.json bị mất?): dùng 'motcua key import --key-file <phiếu khóa khôi phục>'"
            )
        info, key = keys.create(data_dir)
        if not store_exists:
            perms.create_private_file(db)
    else:
        key = _current_key(data_dir, info, db if store_exists and not is_plaintext(db) else None)
    if store_exists and is_plaintext(db):
        convert_plain_store(data_dir, key)
        first_start = True
    if first_start:
        convert_plain_leftovers(data_dir, key)
    return key


def _current_key(data_dir: Path, info: keys.KeyInfo, db: Path | None) -> bytes:
    key = keys.load_key(info, keys.CURRENT)
    if db is None:
        if key is None:
            raise keys.KeyMissing(f"không tìm thấy khóa dữ liệu của {data_dir} ({keys.custody_label(info)})")
        return key
    if key is not None and opens(db, key):
        return key
    pending = keys.load_key(info, keys.NEXT)
    if pending is not None and opens(db, pending):
        # A rotation was cut short after PRAGMA rekey: finish it.
        keys.promote_next(data_dir, info, pending)
        return pending
    if key is None:
        raise keys.KeyMissing(
            f"không tìm thấy khóa dữ liệu ({keys.custody_label(info)}): "
            "dùng 'motcua key import --key-file <phiếu khóa khôi phục>'"
        )
    raise keys.KeyMissing(
        f"khóa dữ liệu đang giữ ({keys.custody_label(info)}) không mở được {db}: "
        "dùng 'motcua key import --key-file <phiếu khóa khôi phục>'"
    )


def opens(path: Path, key: bytes | None) -> bool:
    try:
        connect_file(path, key, readonly=True).close()
    except WrongKey:
        return False
    return True


def _table_counts(conn: object) -> dict[str, int]:
    tables = [
        r[0]
        for r in conn.execute(  # type: ignore[attr-defined]
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
        )
    ]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # type: ignore[attr-defined]


def encrypt_file(plain: Path, out: Path, key: bytes) -> None:
    """Export ``plain`` into a new encrypted ``out`` and prove the copy whole before returning."""
    tmp = out.with_name(f".{out.name}.enc")
    tmp.unlink(missing_ok=True)
    src = connect_file(plain, None)
    try:
        # Fold the plain WAL into the file first, so the export sees every committed row.
        src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        expected = _table_counts(src)
    finally:
        src.close()
    perms.create_private_file(tmp)
    tmp.unlink()  # sqlcipher_export needs a fresh file; the dir is private already
    try:
        export_copy(plain, None, tmp, key)
        check = connect_file(tmp, key, readonly=True)
        try:
            integrity = check.execute("PRAGMA integrity_check").fetchone()[0]
            got = _table_counts(check)
        finally:
            check.close()
        if integrity != "ok" or got != expected:
            raise RuntimeError(f"encrypted copy of {plain.name} differs from the original ({integrity})")
        perms.secure_file(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
        _fsync_dir(out.parent)
    finally:
        tmp.unlink(missing_ok=True)


def convert_plain_store(data_dir: Path, key: bytes) -> Path:
    """The one-time conversion of a plain store; returns the encrypted backup taken first."""
    from app.domain.clock import now

    db = data_dir / DB_FILENAME
    backups = data_dir / "backups"
    backups.mkdir(exist_ok=True)
    perms.secure_dir(backups)
    backup = backups / CONVERTED_BACKUP.format(stamp=f"{now():%Y%m%d-%H%M%S}")
    encrypt_file(db, backup, key)  # the verified backup
    encrypt_file(db, db, key)  # then the store itself, replaced atomically
    for suffix in ("-wal", "-shm"):
        # The plain WAL was checkpointed into the export; its file must not keep clear pages.
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    log.info("plain store converted to SQLCipher; verified backup %s", backup.name)
    return backup


def convert_plain_leftovers(data_dir: Path, key: bytes) -> list[Path]:
    """Backups and before-restore copies an older version left in clear in the data dir."""
    done = []
    candidates = list(data_dir.glob(f"{DB_FILENAME}.before-restore-*"))
    if (data_dir / "backups").is_dir():
        candidates += [p for p in (data_dir / "backups").iterdir() if p.is_file()]
    for path in candidates:
        if path.name.startswith(".") or path.stat().st_size == 0 or not is_plaintext(path):
            continue
        try:
            encrypt_file(path, path, key)
        except WrongKey:
            continue  # not a SQLite file we can read: leave it alone
        done.append(path)
    return done


# --- restore (``motcua restore FILE [--key-file RECOVERY]``) ---------------------------------


class RestorePlan:
    """What a restore will do, decided before anything is created on disk."""

    def __init__(self, candidate: Path, candidate_key: bytes | None, target_key: bytes, adopt: bool):
        self.candidate = candidate
        self.candidate_key = candidate_key
        self.target_key = target_key
        self.adopt = adopt  # no key here yet: the data dir takes the backup's key into custody


def prepare_restore(data_dir: Path, candidate: Path, recovery_key: bytes | None) -> RestorePlan:
    """Find the key that opens ``candidate`` and check the file; creates nothing.

    On the same desk its own key opens its backups; on another PC (new machine, re-installed
    Windows) only the recovery key from the office's sheet does. Without it: ``BackupError``.
    """
    from app.store.backup import BackupError, check_shape, inspect_file

    data_dir, candidate = Path(data_dir), Path(candidate)
    check_shape(candidate)
    info = keys.read_info(data_dir) if data_dir.is_dir() else None
    local_key: bytes | None = None
    db = data_dir / DB_FILENAME
    encrypted_store = db.exists() and db.stat().st_size > 0 and not is_plaintext(db)
    if info is not None:
        local_key = _current_key(data_dir, info, db if encrypted_store else None)
    elif encrypted_store:
        # An encrypted store whose key info is gone: replacing it would keep a copy no key opens
        # (and lose its day counters). Put its key back first, or move the folder away.
        raise keys.KeyMissing(
            f"dữ liệu trong {data_dir} đã mã hóa nhưng thiếu thông tin khóa: chạy 'motcua key import "
            "--key-file <phiếu khóa khôi phục>' trước, hoặc khôi phục vào một thư mục dữ liệu mới"
        )
    if is_plaintext(candidate):
        candidate_key = None
    else:
        tried = [k for k in (recovery_key, local_key) if k is not None]
        found = next((k for k in tried if opens(candidate, k)), None)
        if found is None:
            if recovery_key is None:
                raise BackupError(
                    f"bản sao lưu '{candidate}' được mã hóa bằng khóa của máy khác (hoặc không phải dữ liệu "
                    "Một Cửa Xã): cần phiếu khóa khôi phục, chạy lại với --key-file <tệp khóa khôi phục>"
                )
            raise BackupError(
                f"khóa khôi phục không mở được bản sao lưu '{candidate}': phiếu khóa của lần khác "
                "(đã đổi khóa?) hoặc tệp không phải dữ liệu Một Cửa Xã"
            )
        candidate_key = found
    report = inspect_file(candidate, key=candidate_key)
    if not report.ok:
        raise BackupError("bản sao lưu có lỗi: " + "; ".join(report.problems))
    if local_key is not None:
        return RestorePlan(candidate, candidate_key, local_key, adopt=False)
    return RestorePlan(candidate, candidate_key, candidate_key or keys.new_key(), adopt=True)


def apply_restore(
    data_dir: Path,
    plan: RestorePlan,
    *,
    allow_other_office: bool = False,
    progress: Progress | None = None,
) -> RestoreResult:
    """Put the candidate in place under the data dir's key; the caller holds the lock."""
    from app.store.backup import restore_from

    data_dir = Path(data_dir)
    perms.secure_dir(data_dir)
    if plan.adopt:
        # The key goes into custody before the store exists: a cut here leaves a key, no store.
        info, _ = keys.create(data_dir, key=plan.target_key)
        if plan.candidate_key is not None:  # opened with the recovery key: the office holds its sheet
            info.recovery_issued = True
            keys.write_info(data_dir, info)
    return restore_from(
        plan.candidate,
        data_dir / DB_FILENAME,
        key=plan.target_key,
        candidate_key=plan.candidate_key,
        allow_other_office=allow_other_office,
        progress=progress,
    )


def import_key(data_dir: Path, key: bytes) -> keys.KeyInfo:
    """``motcua key import``: put the recovery key back into custody for an intact data dir
    whose key was lost (a wiped keyring, a re-installed Windows that kept the data disk)."""
    from app.store.recovery import RecoveryKeyError

    data_dir = Path(data_dir)
    db = data_dir / DB_FILENAME
    if not db.exists() or db.stat().st_size == 0 or is_plaintext(db):
        raise keys.KeyMissing(f"không có dữ liệu đã mã hóa trong {data_dir}: dùng 'motcua restore'")
    if not opens(db, key):
        raise RecoveryKeyError(
            f"khóa khôi phục không mở được dữ liệu trong {data_dir} (phiếu của lần đổi khóa khác?)"
        )
    info = keys.read_info(data_dir)
    if info is None:
        info, _ = keys.create(data_dir, key=key)
    else:
        keys.save_key(data_dir, info, key)
    info.recovery_issued = True  # whoever imports it holds the sheet
    keys.write_info(data_dir, info)
    return info
