"""``motcua calendar list|set-off|set-work|clear``: the work calendar an admin keeps."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.usecases import admin
from cli.common import date_arg

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("calendar", help="lịch làm việc: ngày nghỉ, ngày làm bù")
    csub = p.add_subparsers(dest="calendar_cmd", required=True, metavar="LỆNH")
    ls = csub.add_parser("list", help="liệt kê ngày nghỉ/làm việc trong khoảng")
    ls.add_argument("--from", dest="start", type=date_arg, required=True)
    ls.add_argument("--to", dest="end", type=date_arg, required=True)
    ls.add_argument("--all", action="store_true", help="cả ngày làm việc bình thường")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run_list)
    for name, kind, help_text in (
        ("set-off", "off", "đặt một ngày là ngày nghỉ"),
        ("set-work", "work", "đặt một ngày là ngày làm việc (làm bù)"),
        ("clear", None, "bỏ điều chỉnh của một ngày"),
    ):
        c = csub.add_parser(name, help=help_text)
        c.add_argument("day", type=date_arg)
        c.add_argument("--name", default="", help="tên ngày, ví dụ 'Nghỉ bù Quốc khánh'")
        c.add_argument("--source", default="", help="văn bản căn cứ")
        c.add_argument("--json", action="store_true")
        c.set_defaults(func=run_set, kind=kind)


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    rows = admin.calendar_days(ctx.desk(), ctx.actor, args.start, args.end, all_days=args.all)
    if args.json:
        ctx.emit_json(rows)
    else:
        for r in rows:
            print(f"{r['day']}  {r['kind']:<13} {r['name']}")
    return 0


def run_set(args: argparse.Namespace, ctx: CliContext) -> int:
    change = admin.set_calendar_day(
        ctx.desk(), ctx.actor, args.day, args.kind, name=args.name, source=args.source
    )
    if args.json:
        ctx.emit_json({"day": change["day"].isoformat(), "kind": change["kind"], "before": change["before"]})
    else:
        print(f"{change['day']:%d/%m/%Y}: {change['before'] or 'mặc định'} → {change['kind'] or 'mặc định'}")
    return 0
