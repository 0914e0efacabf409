"""``motcua due``: the appointment for a receipt time and a time limit (no dossier stored)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.domain.clock import iso
from app.domain.timelimit import TimeLimit
from cli.common import datetime_arg

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("due", help="tính ngày hẹn trả kết quả")
    p.add_argument("--received", type=datetime_arg, required=True, help="'YYYY-MM-DD HH:MM'")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--procedure", help="mã thủ tục trong danh mục")
    g.add_argument("--working-days", type=float)
    g.add_argument("--calendar-days", type=float)
    g.add_argument("--hours", type=float)
    g.add_argument("--same-day", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run, open_command=True)  # reads no citizen's data: no sign-in


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.usecases import views
    from cli.main import CliError

    desk = ctx.desk()
    if args.procedure:
        found = views.procedure_limit(desk, args.procedure)
        if found is None:
            raise CliError(f"--procedure: không có thủ tục mã '{args.procedure}' trong danh mục")
        limit = found
    elif args.same_day:
        limit = TimeLimit("same_day")
    else:
        unit, value = next(
            (u, v)
            for u, v in (
                ("working_days", args.working_days),
                ("calendar_days", args.calendar_days),
                ("hours", args.hours),
            )
            if v is not None
        )
        if value <= 0:
            raise CliError(f"--{unit.replace('_', '-')}: phải lớn hơn 0 (đang là {value})")
        try:
            limit = TimeLimit.parse(unit, value)
        except ValueError as exc:
            raise CliError(f"--{unit.replace('_', '-')}: {exc}") from exc
    due = desk.calendar().due(args.received, limit)
    if args.json:
        ctx.emit_json({"due": iso(due), "received": iso(args.received), "limit": limit.in_words()})
    else:
        print(f"{due:%H giờ %M phút, ngày %d/%m/%Y}" if due else "Không có ngày hẹn trả cụ thể theo quy định")
    return 0
