"""``motcua postal handover|hand|delivered``: returning results by post (bưu chính công ích)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.reports.postal import to_pdf
from app.store.atomic import atomic_write_bytes
from app.usecases import citizen
from cli.common import date_arg, datetime_arg

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("postal", help="trả kết quả qua dịch vụ bưu chính công ích")
    inner = p.add_subparsers(dest="postal_command", metavar="LỆNH", required=True)
    h = inner.add_parser("handover", help="sổ giao nhận với bưu điện trong ngày")
    h.add_argument("--date", type=date_arg, required=True, help="YYYY-MM-DD")
    h.add_argument("--out", type=Path, default=None, help="tệp PDF")
    h.add_argument("--json", action="store_true")
    h.set_defaults(func=run_handover)
    g = inner.add_parser("hand", help="ghi đã giao kết quả cho bưu điện, kèm số hiệu bưu gửi")
    g.add_argument("--code", required=True, help="mã hồ sơ")
    g.add_argument("--tracking", required=True, help="số hiệu bưu gửi")
    g.add_argument("--at", type=datetime_arg, default=None)
    g.add_argument("--json", action="store_true")
    g.set_defaults(func=run_hand)
    d = inner.add_parser("delivered", help="bưu điện xác nhận đã phát: hồ sơ chuyển 'đã trả kết quả'")
    d.add_argument("--code", required=True)
    d.add_argument("--at", type=datetime_arg, default=None)
    d.add_argument("--json", action="store_true")
    d.set_defaults(func=run_delivered)


def run_handover(args: argparse.Namespace, ctx: CliContext) -> int:
    book = citizen.postal_handover(ctx.desk(), ctx.actor, args.date)
    if args.out is not None:
        atomic_write_bytes(args.out, to_pdf(book))
    if args.json:
        ctx.emit_json(book)
    elif args.out is not None:
        print(f"Đã ghi sổ giao nhận ({len(book['rows'])} hồ sơ) vào {args.out}")
    else:
        for r in book["rows"]:
            print(f"{r['code']}\t{r['tracking'] or 'chưa giao'}")
    return 0


def run_hand(args: argparse.Namespace, ctx: CliContext) -> int:
    out = citizen.postal_hand(ctx.desk(), ctx.actor, args.code, args.tracking, at=args.at)
    if args.json:
        ctx.emit_json(out)
    else:
        print(f"Hồ sơ {out['code']}: đã giao bưu điện, số hiệu {out['tracking']}")
    return 0


def run_delivered(args: argparse.Namespace, ctx: CliContext) -> int:
    out = citizen.postal_delivered(ctx.desk(), ctx.actor, args.code, at=args.at)
    if args.json:
        ctx.emit_json(out)
    else:
        print(f"Hồ sơ {out['code']}: bưu điện đã phát, đã trả kết quả")
    return 0
