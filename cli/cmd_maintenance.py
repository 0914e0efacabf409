"""``motcua backup|restore|check``: keep the local store safe."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.store.backup import BackupError, backup_to, default_backup_name, inspect_file, restore_from

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    b = sub.add_parser("backup", help="sao lưu dữ liệu (an toàn cả khi đang làm việc)")
    b.add_argument("--out", type=Path, default=None)
    b.add_argument("--json", action="store_true")
    b.set_defaults(func=run_backup)
    r = sub.add_parser("restore", help="khôi phục từ bản sao lưu (bản hiện tại được giữ lại)")
    r.add_argument("file", type=Path)
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=run_restore)
    c = sub.add_parser("check", help="kiểm tra toàn vẹn dữ liệu, nhật ký và hàng đợi đồng bộ")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=run_check)


def run_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    desk = ctx.desk()
    out = backup_to(desk.db_path, args.out or default_backup_name(desk.data_dir))
    report = inspect_file(out)
    if args.json:
        ctx.emit_json({"file": str(out), "dossiers": report.dossiers, "integrity": report.integrity})
    else:
        print(f"Đã sao lưu {report.dossiers} hồ sơ vào {out}")
    return 0


def run_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.desk import Desk
    from app.store.datadir import DataDirLock, default_data_dir
    from cli.main import CliError

    data_dir = ctx.data_dir or default_data_dir()
    lock = DataDirLock(Path(data_dir))
    lock.acquire(timeout=10.0)
    try:
        try:
            kept = restore_from(args.file, Path(data_dir) / "motcua.sqlite3")
        except BackupError as exc:
            raise CliError(str(exc)) from exc
    finally:
        lock.release()
    # Opening upgrades an older backup to the current schema.
    with Desk.open(Path(data_dir), lock_timeout=10.0) as desk, desk.read() as s:
        from sqlalchemy import func, select

        from app.store.models import Dossier

        n = s.scalar(select(func.count()).select_from(Dossier))
        # The restored chain is the one to anchor now (a deliberate act; issue 8 §6). The hub's
        # last anchor is kept: rows the hub saw that the backup lacks still show in ``check``.
        from app.store import anchor, audit

        anchor.adopt(desk.db_path, audit.head(s))
    if args.json:
        ctx.emit_json({"restored": str(args.file), "previous_kept_as": str(kept), "dossiers": n})
    else:
        print(f"Đã khôi phục {n} hồ sơ từ {args.file}; dữ liệu cũ được giữ tại {kept}")
    return 0


def run_check(args: argparse.Namespace, ctx: CliContext) -> int:
    from sqlalchemy import func, select

    from app.store import audit, migrate
    from app.store.models import Outbox

    desk = ctx.desk()
    report = inspect_file(desk.db_path)
    report.head_revision = migrate.head_revision()
    with desk.read() as s:
        chain = audit.verify(s)
        report.audit_rows, report.audit_broken_at = chain.rows, chain.broken_at
        # Chain, anchor, hub anchor and the append-only triggers (issue 8 §6).
        report.problems.extend(audit.trail_problems(s, desk.db_path, chain))
        counts = dict(s.execute(select(Outbox.state, func.count()).group_by(Outbox.state)).all())
    report.outbox_pending = int(counts.get("pending", 0))
    report.outbox_rejected = int(counts.get("rejected", 0))
    if report.schema_revision != report.head_revision:
        report.problems.append(f"phiên bản dữ liệu {report.schema_revision} khác {report.head_revision}")
    if args.json:
        out = dict(report.__dict__)
        out["ok"] = report.ok
        ctx.emit_json(out)
    else:
        print(
            f"Toàn vẹn: {report.integrity}; hồ sơ: {report.dossiers}; nhật ký: {report.audit_rows} dòng; "
            f"chờ đồng bộ: {report.outbox_pending}; bị từ chối: {report.outbox_rejected}"
        )
        for p in report.problems:
            print(f"VẤN ĐỀ: {p}")
    return 0 if report.ok else 1
