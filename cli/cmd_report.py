"""``motcua report``: Biểu 06 statistics for a period, as JSON, PDF or XLSX."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.reports.export import to_pdf, to_xlsx
from app.reports.periods import parse_period
from app.reports.stats import build
from app.store.atomic import atomic_write_bytes
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
    p.add_argument("--index", choices=("766",), default=None, help="bộ chỉ số theo QĐ 766/QĐ-TTg")
    p.add_argument("--json", action="store_true", help="in JSON (mặc định của --format json)")
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
    if end < start:
        raise CliError("--to phải sau hoặc bằng --from")
    if args.index:
        from cli.cmd_index766 import run_index

        return run_index(args, ctx, start, end)
    if args.format != "json" and args.out is None:
        raise CliError(f"--format {args.format} cần --out TỆP")
    desk = ctx.desk()
    office = desk.require_office()
    with desk.read() as s:
        report = build(s, start, end, unit_code=office.unit_code, office_name=office.office_name)
    if args.format == "json":
        if args.out:
            import json

            atomic_write_bytes(args.out, json.dumps(report.as_json(), ensure_ascii=False, indent=2).encode())
        else:
            ctx.emit_json(report.as_json())
        return 0
    data = to_pdf(report) if args.format == "pdf" else to_xlsx(report)
    atomic_write_bytes(args.out, data)
    print(f"Đã ghi báo cáo vào {args.out}")
    return 0
