"""Backup, restore and check of the local store: permission-checked doors over app/store/backup.py."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.usecases.actor import Actor
from app.usecases.permissions import Permission, authorize

if TYPE_CHECKING:
    from app.desk import Desk


def backup(desk: Desk, actor: Actor, out: Path | None = None) -> dict[str, Any]:
    """A consistent copy of the whole store (every citizen's record): leaders and admins."""
    from app.store.backup import backup_to, default_backup_name, inspect_file

    authorize(actor, Permission.BACKUP)
    target = backup_to(desk.db_path, out or default_backup_name(desk.data_dir))
    report = inspect_file(target)
    return {"file": str(target), "dossiers": report.dossiers, "integrity": report.integrity}


def restore(data_dir: Path, actor: Actor, candidate: Path) -> dict[str, Any]:
    """Replace the store with ``candidate`` (admins). The caller has closed its Desk; this takes
    the data-dir lock itself, so no other process writes while the file is swapped."""
    from sqlalchemy import func, select

    from app.desk import Desk
    from app.store.backup import restore_from
    from app.store.datadir import DataDirLock
    from app.store.engine import DB_FILENAME
    from app.store.models import Dossier

    authorize(actor, Permission.RESTORE)
    lock = DataDirLock(Path(data_dir))
    lock.acquire(timeout=10.0)
    try:
        kept = restore_from(Path(candidate), Path(data_dir) / DB_FILENAME)
    finally:
        lock.release()
    # Opening upgrades an older backup to the current schema.
    with Desk.open(Path(data_dir), lock_timeout=10.0) as desk, desk.read() as s:
        n = s.scalar(select(func.count()).select_from(Dossier))
    return {"restored": str(candidate), "previous_kept_as": str(kept), "dossiers": n}


def check(desk: Desk, actor: Actor) -> dict[str, Any]:
    """Integrity, audit chain, schema revision and sync queue of the store; ``ok`` says it all."""
    from sqlalchemy import func, select

    from app.store import audit, migrate
    from app.store.backup import inspect_file
    from app.store.models import Outbox

    authorize(actor, Permission.CHECK)
    report = inspect_file(desk.db_path)
    report.head_revision = migrate.head_revision()
    with desk.read() as s:
        chain = audit.verify(s)
        report.audit_rows, report.audit_broken_at = chain.rows, chain.broken_at
        counts = dict(s.execute(select(Outbox.state, func.count()).group_by(Outbox.state)).all())
    report.outbox_pending = int(counts.get("pending", 0))
    report.outbox_rejected = int(counts.get("rejected", 0))
    if not chain.ok:
        report.problems.append(f"chuỗi nhật ký kiểm toán bị sửa/xóa tại dòng {chain.broken_at}")
    if report.schema_revision != report.head_revision:
        report.problems.append(f"phiên bản dữ liệu {report.schema_revision} khác {report.head_revision}")
    out = dict(report.__dict__)
    out["ok"] = report.ok
    return out
