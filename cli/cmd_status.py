"""``motcua status``: move a dossier through its lifecycle; ``motcua extend``: the one extension."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING

from app.domain.lifecycle import LABEL_VI, parse_status
from app.usecases import dossiers
from cli.common import datetime_arg

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("status", help="chuyển trạng thái hồ sơ")
    p.add_argument("code", help="mã hồ sơ")
    p.add_argument("--to", required=True, help="trạng thái mới: " + ", ".join(s.value for s in LABEL_VI))
    p.add_argument(
        "--note", default="", help="lý do / ghi chú (bắt buộc khi từ chối, dừng, rút, yêu cầu bổ sung)"
    )
    p.add_argument(
        "--missing",
        action="append",
        default=None,
        metavar="'TÊN|CHÍNH|CHỨNG THỰC|PHOTO'",
        help="giấy tờ cần bổ sung (khi --to supplement_requested), lặp lại cho mỗi loại",
    )
    p.add_argument("--at", type=datetime_arg, default=None, help="thời điểm (mặc định: bây giờ)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_status)

    e = sub.add_parser("extend", help="xin lỗi và hẹn lại ngày trả kết quả (một lần)")
    e.add_argument("code")
    e.add_argument("--new-due", type=datetime_arg, required=True, help="'YYYY-MM-DD HH:MM'")
    e.add_argument("--note", required=True, help="lý do chậm trả")
    e.add_argument(
        "--at", type=datetime_arg, default=None, help="ngày lập văn bản xin lỗi (mặc định: bây giờ)"
    )
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=run_extend)


def run_status(args: argparse.Namespace, ctx: CliContext) -> int:
    from cli.cmd_intake import parse_document

    target = parse_status(args.to)
    data = None
    if args.missing:
        data = {"missing": [parse_document(m).__dict__ for m in args.missing]}
    change = dossiers.change_status(
        ctx.desk(), ctx.actor, args.code, target, note=args.note, at=args.at, data=data
    )
    if args.json:
        ctx.emit_json(change)
    else:
        print(f"Hồ sơ {change['code']}: {change['from']} → {change['to']}")
    return 0


def run_extend(args: argparse.Namespace, ctx: CliContext) -> int:
    change = dossiers.extend(ctx.desk(), ctx.actor, args.code, args.new_due, reason=args.note, at=args.at)
    if args.json:
        ctx.emit_json(change)
    else:
        due = datetime.fromisoformat(change["due"])
        print(f"Hồ sơ {change['code']}: hẹn lại {due:%H giờ %M phút, ngày %d/%m/%Y}")
    return 0
