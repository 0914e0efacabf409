"""Backup and restore as use cases (issue 8 §1, §4): one door for the GUI and the command line.

Automatic backups (app/store/autobackup.py) are the system's own and need no actor; everything a
person asks for here is checked against the permission table first.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.store import autobackup, backup, health
from app.store.datadir import DataDirLock
from app.store.engine import DB_FILENAME
from app.usecases.actor import Actor
from app.usecases.permissions import Permission, authorize

if TYPE_CHECKING:
    from app.desk import Desk


def backup_now(
    desk: Desk, actor: Actor, *, out: Path | None = None, progress: backup.Progress | None = None
) -> dict[str, Any]:
    """A manual backup: to ``out``, or into the backups folder (and the second folder)."""
    authorize(actor, Permission.BACKUP)
    if desk.damaged:
        raise health.refusal(desk.data_dir)
    problem = None
    if out is not None:
        info = backup.read_info(backup.backup_to(desk.db_path, out, kind="manual", progress=progress))
    else:
        info, problem = autobackup.take(desk.data_dir, desk.db_path, "manual", progress=progress)
    result = info.as_json()
    result["mirror_problem"] = problem
    return result


def list_backups(data_dir: Path, actor: Actor) -> list[dict[str, Any]]:
    authorize(actor, Permission.BACKUP)
    extra = autobackup.mirror_dir(data_dir)
    return [b.as_json() for b in backup.list_backups(data_dir, (extra,) if extra else ())]


def set_mirror_dir(data_dir: Path, actor: Actor, folder: Path | None) -> dict[str, Any]:
    authorize(actor, Permission.BACKUP)
    autobackup.set_mirror_dir(data_dir, folder)
    return {"mirror_dir": str(folder) if folder else ""}


def preview_restore(data_dir: Path, actor: Actor, candidate: Path, *, other_office: bool) -> dict[str, Any]:
    """What a restore of ``candidate`` would do (the confirmation text), or why it is refused."""
    authorize(actor, Permission.RESTORE)
    plan = backup.plan_restore(candidate, Path(data_dir) / DB_FILENAME, allow_other_office=other_office)
    return {
        "file": str(candidate),
        "unit_code": plan.candidate.unit_code,
        "office_name": plan.candidate.office_name,
        "dossiers": plan.candidate.dossiers,
        "schema_revision": plan.candidate.schema_revision,
        "live_unit_code": plan.live_unit_code,
        "live_dossiers": plan.live_dossiers,
        "other_office": plan.other_office,
        "description": plan.describe(),
    }


def restore(
    data_dir: Path,
    actor: Actor,
    candidate: Path,
    *,
    other_office: bool = False,
    progress: backup.Progress | None = None,
    lock_timeout: float = 10.0,
) -> dict[str, Any]:
    """Replace the store with ``candidate``. Every Desk on ``data_dir`` must be closed first.

    The restored store is then opened once (upgrading an older backup, after its own
    pre-migration backup) and the restore is written to its audit trail.
    """
    from app.desk import Desk
    from app.store import audit

    authorize(actor, Permission.RESTORE)
    data_dir = Path(data_dir)
    lock = DataDirLock(data_dir)
    lock.acquire(timeout=lock_timeout)
    try:
        result = backup.restore_from(
            candidate, data_dir / DB_FILENAME, allow_other_office=other_office, progress=progress
        )
    finally:
        lock.release()
    out = result.as_json()
    with Desk.open(data_dir, lock_timeout=lock_timeout, backups=False) as desk:
        # The restored chain is the one to anchor now (a deliberate act; issue 8 §6). The hub's
        # last anchor is kept: rows the hub saw that the backup lacks still show in ``check``.
        from app.store import anchor

        with desk.read() as s:
            anchor.adopt(desk.db_path, audit.head(s))
        with desk.tx() as s:
            audit.record(s, actor.username, "store.restore", "store", "", after=out)
        out["dossiers"] = _count(desk)
    return out


def _count(desk: Desk) -> int:
    from sqlalchemy import func, select

    from app.store.models import Dossier

    with desk.read() as s:
        return int(s.scalar(select(func.count()).select_from(Dossier)) or 0)


def check(desk: Desk, actor: Actor) -> dict[str, Any]:
    """Integrity, audit chain, schema revision and sync queue of the store; ``ok`` says it all.

    The damage flag follows the full check: set when the file is damaged, cleared once it passes
    again (a repair by hand); writes are refused meanwhile (app/store/health.py).
    """
    from sqlalchemy import func, select
    from sqlalchemy.exc import DBAPIError

    from app.store import audit, migrate
    from app.store.backup import BackupError, inspect_file, newest_good_backup
    from app.store.models import Outbox

    authorize(actor, Permission.CHECK)
    try:
        report = inspect_file(desk.db_path)
    except BackupError as exc:  # too damaged even to check: the same refusal as a failed check
        health.mark_damaged(desk.data_dir, str(exc), by="integrity_check")
        raise
    report.head_revision = migrate.head_revision()
    if report.integrity == "ok":
        chain = None
        try:
            with desk.read() as s:
                chain = audit.verify(s)
                report.audit_rows, report.audit_broken_at = chain.rows, chain.broken_at
                # Chain, anchor, hub anchor and the append-only triggers (issue 8 §6).
                report.problems.extend(audit.trail_problems(s, desk.db_path, chain))
                counts = dict(s.execute(select(Outbox.state, func.count()).group_by(Outbox.state)).all())
        except DBAPIError as exc:  # a damaged page that integrity_check did not reach
            report.problems.append(f"đọc dữ liệu lỗi: {getattr(exc, 'orig', exc)}")
            counts = {}
        report.outbox_pending = int(counts.get("pending", 0))
        report.outbox_rejected = int(counts.get("rejected", 0))
        if chain is not None and not chain.ok:
            report.problems.append(f"chuỗi nhật ký kiểm toán bị sửa/xóa tại dòng {chain.broken_at}")
    if report.schema_revision != report.head_revision:
        report.problems.append(f"phiên bản dữ liệu {report.schema_revision} khác {report.head_revision}")
    if report.integrity != "ok":
        health.mark_damaged(desk.data_dir, report.integrity, by="integrity_check")
    elif health.damaged(desk.data_dir) is not None:
        health.clear_damaged(desk.data_dir)
    good = newest_good_backup(desk.data_dir)
    out = dict(report.__dict__)
    out["ok"] = report.ok
    out["damaged"] = health.damaged(desk.data_dir) is not None
    out["newest_good_backup"] = str(good.path) if good else None
    return out
