"""``motcua backup|restore|check``: keep the local store safe."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.store.backup import backup_to, default_backup_name, inspect_file

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    b = sub.add_parser("backup", help="sao lưu dữ liệu (an toàn cả khi đang làm việc)")
    b.add_argument("--out", type=Path, default=None)
    b.add_argument("--json", action="store_true")
    b.set_defaults(func=run_backup)
    r = sub.add_parser("restore", help="khôi phục từ bản sao lưu (bản hiện tại được giữ lại)")
    r.add_argument("file", type=Path)
    r.add_argument(
        "--key-file",
        type=Path,
        default=None,
        help="tệp khóa khôi phục (phiếu in lúc thiết lập; 'motcua key export'): cần khi khôi phục trên máy khác",
    )
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=run_restore)
    c = sub.add_parser("check", help="kiểm tra toàn vẹn dữ liệu, nhật ký và hàng đợi đồng bộ")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=run_check)


def run_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    desk = ctx.desk()
    out = backup_to(desk.db_path, args.out or default_backup_name(desk.data_dir), key=desk.key)
    report = inspect_file(out, key=desk.key)
    if args.json:
        ctx.emit_json({"file": str(out), "dossiers": report.dossiers, "integrity": report.integrity})
    else:
        print(f"Đã sao lưu {report.dossiers} hồ sơ vào {out}")
    return 0


def run_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.desk import Desk
    from app.store.atrest import apply_restore, prepare_restore
    from app.store.datadir import DataDirLock, default_data_dir
    from app.store.recovery import read_recovery_file

    data_dir = Path(ctx.data_dir or default_data_dir())
    # Everything that can refuse (no key, wrong key, a damaged file) is decided before the data
    # dir is created: a refused restore on a new PC leaves nothing behind.
    recovery = read_recovery_file(args.key_file) if args.key_file is not None else None
    plan = prepare_restore(data_dir, args.file, recovery)
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = DataDirLock(data_dir)
    lock.acquire(timeout=10.0)
    try:
        kept = apply_restore(data_dir, plan)
    finally:
        lock.release()
    # Opening upgrades an older backup to the current schema.
    with Desk.open(Path(data_dir), lock_timeout=10.0) as desk, desk.read() as s:
        from sqlalchemy import func, select

        from app.store.models import Dossier

        n = s.scalar(select(func.count()).select_from(Dossier))
    if args.json:
        ctx.emit_json({"restored": str(args.file), "previous_kept_as": str(kept), "dossiers": n})
    else:
        print(f"Đã khôi phục {n} hồ sơ từ {args.file}; dữ liệu cũ được giữ tại {kept}")
    return 0


def run_check(args: argparse.Namespace, ctx: CliContext) -> int:
    from sqlalchemy import func, select

    from app.store import audit, keys, migrate
    from app.store.models import Outbox

    desk = ctx.desk()
    report = inspect_file(desk.db_path, key=desk.key)
    info = keys.read_info(desk.data_dir)
    warnings = []
    if info is not None and info.custody == keys.CUSTODY_FILE:
        warnings.append(
            f"khóa dữ liệu nằm trong {keys.custody_label(info)} (không có Secret Service): yếu hơn kho khóa "
            "của hệ điều hành, ai đọc được thư mục người dùng này là đọc được khóa"
        )
    if info is not None and not info.recovery_issued:
        warnings.append("chưa in phiếu khóa khôi phục: chạy 'motcua key export --out phieu-khoa.pdf'")
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
    if args.json:
        out = dict(report.__dict__)
        out["ok"] = report.ok
        out["key_custody"] = info.custody if info is not None else None
        out["warnings"] = warnings
        ctx.emit_json(out)
    else:
        print(
            f"Toàn vẹn: {report.integrity}; hồ sơ: {report.dossiers}; nhật ký: {report.audit_rows} dòng; "
            f"chờ đồng bộ: {report.outbox_pending}; bị từ chối: {report.outbox_rejected}"
        )
        for p in report.problems:
            print(f"VẤN ĐỀ: {p}")
        for w in warnings:
            print(f"CẢNH BÁO: {w}")
    return 0 if report.ok else 1
