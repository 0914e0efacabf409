"""``motcua backup [list|mirror]|restore|check``: keep the local store safe (issue 8 §4, §5)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.store.backup import KIND_NAMES_VI

if TYPE_CHECKING:
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


def _data_dir(ctx: CliContext) -> Path:
    from app.store.datadir import default_data_dir

    return Path(ctx.data_dir or default_data_dir())


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{max(1, n // 1024)} KB"


def run_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.usecases import maintenance
    from cli.main import CliError

    if args.action == "list":
        rows = maintenance.list_backups(_data_dir(ctx), ctx.actor)
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
        out = maintenance.set_mirror_dir(_data_dir(ctx), ctx.actor, None if args.off else args.dir)
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
    info = maintenance.backup_now(ctx.desk(), ctx.actor, out=args.out)
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

    data_dir, actor = _data_dir(ctx), ctx.actor  # signed in on the live store first
    ctx.close()  # the restore takes the data-dir lock itself
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
    from app.usecases import maintenance

    out = maintenance.check(ctx.desk(), ctx.actor)
    if args.json:
        ctx.emit_json(out)
    else:
        print(
            f"Toàn vẹn: {str(out['integrity']).splitlines()[0]}; hồ sơ: {out['dossiers']}; "
            f"nhật ký: {out['audit_rows']} dòng; chờ đồng bộ: {out['outbox_pending']}; "
            f"bị từ chối: {out['outbox_rejected']}"
        )
        for p in out["problems"]:
            print(f"VẤN ĐỀ: {p}")
        if out["integrity"] != "ok":
            good = out["newest_good_backup"]
            print(
                "Mọi thao tác ghi bị chặn. "
                + (f"Bản sao lưu tốt gần nhất: {good}" if good else "Không có bản sao lưu tốt nào.")
            )
    return 0 if out["ok"] else 1
