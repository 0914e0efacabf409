"""``motcua key status|export|rotate|import``: the store's data key (issue 9, admin only)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cli.main import CliContext

SHEET_ADVICE = (
    "In phiếu ra giấy, cất trong két của cơ quan, rồi xóa tệp này (tệp chứa khóa mở toàn bộ dữ liệu)."
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    k = sub.add_parser("key", help="khóa mã hóa dữ liệu: phiếu khóa khôi phục, đổi khóa")
    ksub = k.add_subparsers(dest="key_command", metavar="THAO_TÁC", required=True)
    s = ksub.add_parser("status", help="khóa đang được giữ ở đâu")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=run_status)
    e = ksub.add_parser("export", help="ghi lại phiếu khóa khôi phục (.pdf để in, tệp khác: văn bản)")
    e.add_argument("--out", type=Path, required=True)
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=run_export)
    r = ksub.add_parser("rotate", help="đổi khóa dữ liệu (phiếu khóa cũ hết tác dụng)")
    r.add_argument("--out", type=Path, default=None, help="ghi ngay phiếu khóa mới vào tệp này")
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=run_rotate)
    i = ksub.add_parser("import", help="nạp lại khóa từ phiếu khóa khôi phục khi máy mất khóa")
    i.add_argument("--key-file", type=Path, required=True)
    i.add_argument("--json", action="store_true")
    i.set_defaults(func=run_import, open_command=True)  # the key is lost: the store cannot open to sign in


def run_status(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.usecases.keys import key_status

    st = key_status(ctx.desk(), ctx.actor)
    if args.json:
        ctx.emit_json(st)
    else:
        print(f"Khóa dữ liệu: {st['where']}")
        if st["weaker"]:
            print("CẢNH BÁO: tệp khóa yếu hơn kho khóa của hệ điều hành (không có Secret Service).")
        if not st["recovery_issued"]:
            print("Chưa có phiếu khóa khôi phục cho khóa này: chạy 'motcua key export --out phieu.pdf'.")
    return 0


def run_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.usecases.keys import export_recovery_sheet

    sheet = export_recovery_sheet(ctx.desk(), ctx.actor, args.out)
    if args.json:
        ctx.emit_json({"file": sheet.path, "store_id": sheet.store_id})
    else:
        print(f"Đã ghi phiếu khóa khôi phục vào {sheet.path}. {SHEET_ADVICE}")
    return 0


def run_rotate(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.usecases.keys import rotate_key

    r = rotate_key(ctx.desk(), ctx.actor, sheet_out=args.out)
    if args.json:
        ctx.emit_json(
            {"rotated": True, "store_id": r.store_id, "recovery_sheet": r.sheet, "old_sheet_valid": False}
        )
        return 0
    print(
        "Đã đổi khóa dữ liệu. Phiếu khóa khôi phục cũ KHÔNG còn mở được dữ liệu hiện tại "
        "(chỉ còn mở được các bản sao lưu lấy trước khi đổi khóa)."
    )
    if r.sheet:
        print(f"Phiếu khóa mới: {r.sheet}. {SHEET_ADVICE}")
    else:
        print("Hãy in phiếu khóa mới ngay: motcua key export --out phieu-khoa.pdf")
    return 0


def run_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.store.atrest import import_key
    from app.store.datadir import DataDirLock, default_data_dir
    from app.store.recovery import read_recovery_file

    data_dir = Path(ctx.data_dir or default_data_dir())
    key = read_recovery_file(args.key_file)
    lock = DataDirLock(data_dir)
    lock.acquire(timeout=10.0)
    try:
        info = import_key(data_dir, key)
    finally:
        lock.release()
    if args.json:
        ctx.emit_json({"imported": True, "store_id": info.store_id, "custody": info.custody})
    else:
        print(f"Đã nạp khóa dữ liệu cho {data_dir}; khóa được giữ tại: {info.custody}")
    return 0
