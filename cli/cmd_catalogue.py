"""``motcua catalogue list|show|import``: the procedure catalogue."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.usecases import admin, views

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("catalogue", help="danh mục thủ tục hành chính")
    csub = p.add_subparsers(dest="catalogue_cmd", required=True, metavar="LỆNH")
    ls = csub.add_parser("list", help="liệt kê thủ tục")
    ls.add_argument("text", nargs="?", default="", help="lọc theo mã hoặc tên (không dấu cũng được)")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run_list)
    imp = csub.add_parser(
        "import", help="nhập danh mục của tỉnh (JSON hoặc CSV); lỗi một dòng thì không nhập gì"
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(func=run_import)


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    rows = [
        {
            "code": p["code"],
            "name": p["name"],
            "field": p["field"],
            "limit_unit": p["limit_unit"],
            "limit_value": p["limit_value"],
            "fee": p["fee_text"],
            "active": p["active"],
        }
        for p in views.procedures(ctx.desk(), args.text, limit=10_000)
    ]
    if args.json:
        ctx.emit_json(rows)
    else:
        for r in rows:
            print(f"{r['code']:<12} {r['name']}")
    return 0


def run_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from cli.main import CliError

    if not args.file.is_file():
        raise CliError(f"không đọc được tệp '{args.file}'")
    result = admin.import_catalogue(ctx.desk(), ctx.actor, args.file)  # every bad row listed at once
    records = result.pop("records")
    if args.json:
        ctx.emit_json(result)
    else:
        print(
            f"Đã nhập {records} thủ tục: {result['added']} mới, {result['updated']} cập nhật, "
            f"{result['unchanged']} không đổi"
        )
    return 0
