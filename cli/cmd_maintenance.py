"""``motcua backup [list|mirror]|restore|check``: keep the local store safe (issue 8 §4, §5)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.store.backup import KIND_NAMES_VI

if TYPE_CHECKING:
    from app.usecases.actor import Actor
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    b = sub.add_parser(
        "backup",
        help="sao lưu dữ liệu (an toàn cả khi đang làm việc); 'backup list' liệt kê các bản sao lưu",
    )
    b.add_argument(
        "action",
        nargs="?",
        choices=("list", "mirror"),
        default=None,
        help="list: liệt kê bản sao lưu; mirror: đặt thư mục sao lưu thứ hai (USB, ổ mạng)",
    )
    b.add_argument("--out", type=Path, default=None, help="tệp sao lưu (mặc định: thư mục backups)")
    b.add_argument("--dir", type=Path, default=None, help="với 'mirror': thư mục thứ hai")
    b.add_argument("--off", action="store_true", help="với 'mirror': bỏ thư mục thứ hai")
    b.add_argument("--json", action="store_true")
    b.set_defaults(func=run_backup)
    r = sub.add_parser("restore", help="khôi phục từ bản sao lưu (bản hiện tại được giữ lại)")
    r.add_argument("file", type=Path)
    r.add_argument(
        "--other-office",
        action="store_true",
        help="cho phép khôi phục bản sao lưu của đơn vị khác (máy này chuyển sang dữ liệu của đơn vị đó)",
    )
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=run_restore)
    c = sub.add_parser("check", help="kiểm tra toàn vẹn dữ liệu, nhật ký và hàng đợi đồng bộ")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=run_check)


def _actor(ctx: CliContext) -> Actor:
    # Bootstrap: the OS account acts as admin (issue 8 §2). When the CLI sign-in lands, the
    # signed-in actor of ``ctx`` replaces this.
    from app.usecases.actor import Actor

    signed = getattr(ctx, "signed_in", None)
    if signed is not None:
        return signed
    return Actor(username=ctx.actor, full_name="", role="admin", source="cli")


def _data_dir(ctx: CliContext) -> Path:
    from app.store.datadir import default_data_dir

    return Path(ctx.data_dir or default_data_dir())


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{max(1, n // 1024)} KB"


def run_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.usecases import maintenance
    from cli.main import CliError

    if args.action == "list":
        rows = maintenance.list_backups(_data_dir(ctx), _actor(ctx))
        if args.json:
            ctx.emit_json(rows)
            return 0
        if not rows:
            print("Chưa có bản sao lưu nào.")
        for b in rows:
            kind = KIND_NAMES_VI.get(b["kind"], b["kind"])
            state = "" if b["check"] == "ok" else "  [HỎNG]"
            print(
                f"{b['created'][:16].replace('T', ' ')}  {kind:<15} {b['unit_code'] or '-':<14} "
                f"{b['dossiers']:>6} hồ sơ  {_size(b['size']):>9}  {b['path']}{state}"
            )
        return 0
    if args.action == "mirror":
        if args.off == (args.dir is not None):
            raise CliError("'backup mirror' cần đúng một trong hai: --dir THƯ_MỤC hoặc --off")
        out = maintenance.set_mirror_dir(_data_dir(ctx), _actor(ctx), None if args.off else args.dir)
        if args.json:
            ctx.emit_json(out)
        else:
            print(
                f"Bản sao lưu tự động được chép thêm vào {out['mirror_dir']}"
                if out["mirror_dir"]
                else "Đã bỏ thư mục sao lưu thứ hai"
            )
        return 0
    if args.dir is not None or args.off:
        raise CliError("--dir/--off chỉ dùng với 'backup mirror'")
    info = maintenance.backup_now(ctx.desk(), _actor(ctx), out=args.out)
    if args.json:
        ctx.emit_json(
            {
                "file": info["path"],
                "dossiers": info["dossiers"],
                "integrity": info["check"],
                "kind": info["kind"],
                "unit_code": info["unit_code"],
                "size": info["size"],
                "mirror_problem": info["mirror_problem"],
            }
        )
    else:
        print(f"Đã sao lưu {info['dossiers']} hồ sơ vào {info['path']}")
        if info["mirror_problem"]:
            print(f"CHÚ Ý: chưa chép được vào thư mục thứ hai: {info['mirror_problem']}")
    return 0


def run_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.usecases import maintenance

    data_dir, actor = _data_dir(ctx), _actor(ctx)
    plan = maintenance.preview_restore(data_dir, actor, args.file, other_office=args.other_office)
    if not args.json:
        print(f"Sẽ {plan['description']}.")
    out = maintenance.restore(data_dir, actor, args.file, other_office=args.other_office)
    if args.json:
        ctx.emit_json(out)
    else:
        kept = out["previous_kept_as"]
        print(
            f"Đã khôi phục {out['dossiers']} hồ sơ từ {args.file}"
            + (f"; dữ liệu cũ được giữ tại {kept}" if kept else "")
        )
    return 0


def run_check(args: argparse.Namespace, ctx: CliContext) -> int:
    from sqlalchemy import func, select
    from sqlalchemy.exc import DBAPIError

    from app.store import audit, health, migrate
    from app.store.backup import BackupError, inspect_file, newest_good_backup
    from app.store.models import Outbox

    desk = ctx.desk()
    try:
        report = inspect_file(desk.db_path)
    except BackupError as exc:  # too damaged even to check: the same refusal as a failed check
        health.mark_damaged(desk.data_dir, str(exc), by="integrity_check")
        raise
    report.head_revision = migrate.head_revision()
    if report.integrity == "ok":
        try:
            with desk.read() as s:
                chain = audit.verify(s)
                report.audit_rows, report.audit_broken_at = chain.rows, chain.broken_at
                counts = dict(s.execute(select(Outbox.state, func.count()).group_by(Outbox.state)).all())
        except DBAPIError as exc:  # a damaged page that integrity_check did not reach
            report.problems.append(f"đọc dữ liệu lỗi: {getattr(exc, 'orig', exc)}")
            counts, chain = {}, None
        report.outbox_pending = int(counts.get("pending", 0))
        report.outbox_rejected = int(counts.get("rejected", 0))
        if chain is not None and not chain.ok:
            report.problems.append(f"chuỗi nhật ký kiểm toán bị sửa/xóa tại dòng {chain.broken_at}")
    if report.schema_revision != report.head_revision:
        report.problems.append(f"phiên bản dữ liệu {report.schema_revision} khác {report.head_revision}")
    # The damage flag follows the full check: set when the file is damaged, cleared once it
    # passes again (a repair by hand); writes are refused meanwhile (app/store/health.py).
    if report.integrity != "ok":
        health.mark_damaged(desk.data_dir, report.integrity, by="integrity_check")
    elif health.damaged(desk.data_dir) is not None:
        health.clear_damaged(desk.data_dir)
    good = newest_good_backup(desk.data_dir)
    if args.json:
        out = dict(report.__dict__)
        out["ok"] = report.ok
        out["damaged"] = health.damaged(desk.data_dir) is not None
        out["newest_good_backup"] = str(good.path) if good else None
        ctx.emit_json(out)
    else:
        print(
            f"Toàn vẹn: {report.integrity.splitlines()[0]}; hồ sơ: {report.dossiers}; "
            f"nhật ký: {report.audit_rows} dòng; chờ đồng bộ: {report.outbox_pending}; "
            f"bị từ chối: {report.outbox_rejected}"
        )
        for p in report.problems:
            print(f"VẤN ĐỀ: {p}")
        if report.integrity != "ok":
            print(
                "Mọi thao tác ghi bị chặn. "
                + (f"Bản sao lưu tốt gần nhất: {good.path}" if good else "Không có bản sao lưu tốt nào.")
            )
    return 0 if report.ok else 1
