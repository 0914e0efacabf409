"""``motcua backup|restore|check``: keep the local store safe."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.usecases import maintenance

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
    done = maintenance.backup(ctx.desk(), ctx.actor, args.out)
    if args.json:
        ctx.emit_json(done)
    else:
        print(f"Đã sao lưu {done['dossiers']} hồ sơ vào {done['file']}")
    return 0


def run_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.store.datadir import default_data_dir

    actor = ctx.actor  # signed in on the live store, which is closed before the swap
    data_dir = Path(ctx.data_dir or default_data_dir())
    ctx.close()
    done = maintenance.restore(data_dir, actor, args.file)
    if args.json:
        ctx.emit_json(done)
    else:
        print(
            f"Đã khôi phục {done['dossiers']} hồ sơ từ {done['restored']}; "
            f"dữ liệu cũ được giữ tại {done['previous_kept_as']}"
        )
    return 0


def run_check(args: argparse.Namespace, ctx: CliContext) -> int:
    out = maintenance.check(ctx.desk(), ctx.actor)
    if args.json:
        ctx.emit_json(out)
    else:
        print(
            f"Toàn vẹn: {out['integrity']}; hồ sơ: {out['dossiers']}; nhật ký: {out['audit_rows']} dòng; "
            f"chờ đồng bộ: {out['outbox_pending']}; bị từ chối: {out['outbox_rejected']}"
        )
        for p in out["problems"]:
            print(f"VẤN ĐỀ: {p}")
    return 0 if out["ok"] else 1
