"""``motcua report``: Biểu 06 statistics for a period, as JSON, PDF or XLSX."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.reports.periods import parse_period
from app.usecases import reports
from cli.common import date_arg

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("report", help="báo cáo tình hình giải quyết TTHC (Biểu 06)")
    p.add_argument("--from", dest="start", type=date_arg, default=None)
    p.add_argument("--to", dest="end", type=date_arg, default=None)
    p.add_argument("--period", default=None, help="kỳ báo cáo: YYYY-MM, YYYY-Qn, YYYY-H1, YYYY-9M, YYYY")
    p.add_argument("--format", choices=("json", "pdf", "xlsx"), default="json")
    p.add_argument("--out", type=Path, default=None)
    p.add_argument(
        "--recipient", default="", help="đơn vị nhận báo cáo (mặc định: Văn phòng UBND tỉnh của cơ quan)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from cli.main import CliError

    if args.period:
        if args.start or args.end:
            raise CliError("dùng --period hoặc --from/--to, không dùng cả hai")
        start, end = parse_period(args.period)
    elif args.start and args.end:
        start, end = args.start, args.end
    else:
        raise CliError("cần --from và --to (YYYY-MM-DD), hoặc --period")
    if args.format != "json" and args.out is None:
        raise CliError(f"--format {args.format} cần --out TỆP")
    if args.format == "json" and args.out is None:
        ctx.emit_json(reports.report(ctx.desk(), ctx.actor, start, end, receiving_unit=args.recipient))
        return 0
    reports.export_report(
        ctx.desk(), ctx.actor, start, end, args.format, args.out, receiving_unit=args.recipient
    )
    if args.format != "json":
        print(f"Đã ghi báo cáo vào {args.out}")
    return 0
