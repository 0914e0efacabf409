"""``motcua rate CODE --level 1|2|3``: the citizen's satisfaction rating at return."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.usecases.citizen import rate

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("rate", help="công dân đánh giá mức độ hài lòng khi nhận kết quả")
    p.add_argument("code", help="mã hồ sơ")
    p.add_argument(
        "--level",
        type=int,
        required=True,
        choices=(1, 2, 3),
        help="3 rất hài lòng, 2 hài lòng, 1 không hài lòng",
    )
    p.add_argument("--comment", default="", help="ý kiến kèm theo (không bắt buộc)")
    p.add_argument(
        "--return",
        dest="return_now",
        action="store_true",
        help="trả kết quả ngay (hồ sơ đang 'đã có kết quả')",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    out = rate(ctx.desk(), ctx.actor, args.code, args.level, comment=args.comment, return_now=args.return_now)
    if args.json:
        ctx.emit_json(out)
    else:
        print(f"Đã ghi đánh giá hồ sơ {out['dossier_code']}: {out['label']}")
    return 0
