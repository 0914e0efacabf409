"""``motcua slip``: print a dossier's form; ``motcua register``: the register of a period.

design.md "Command line": ``slip CODE --form … [--out FILE.pdf] [--printer NAME]``. Without
--out and --printer the PDF is saved under ``<data dir>/slips/``. ``--printer`` with no name
uses the system default printer.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.slips.formsets import ALIASES, DOSSIER_FORMS, FORM_SETS
from cli.common import date_arg, positive_int

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("slip", help="in phiếu của hồ sơ (giấy tiếp nhận, phiếu bổ sung, từ chối, …)")
    p.add_argument("code", help="mã hồ sơ")
    p.add_argument(
        "--form",
        required=True,
        choices=[*DOSSIER_FORMS, *ALIASES],
        help="loại phiếu (apology = apology_extension)",
    )
    p.add_argument("--out", type=Path, default=None, help="lưu ra tệp PDF")
    p.add_argument(
        "--printer", nargs="?", const="", default=None, help="gửi tới máy in (không ghi tên: máy in mặc định)"
    )
    p.add_argument(
        "--copies",
        type=positive_int,
        default=None,
        help="số liên: 1, hoặc 2 (Lưu + Giao người nộp); mặc định 2, phiếu kiểm soát 1",
    )
    p.add_argument("--page-size", choices=["A4", "A5"], default=None, help="khổ giấy (mặc định theo cơ quan)")
    p.add_argument(
        "--form-set", choices=list(FORM_SETS), default=None, help="bộ biểu mẫu (mặc định theo ngày nhận)"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_slip)

    r = sub.add_parser("register", help="in sổ theo dõi hồ sơ của một kỳ (A4 ngang)")
    r.add_argument("--from", dest="start", type=date_arg, required=True, help="từ ngày YYYY-MM-DD")
    r.add_argument("--to", dest="end", type=date_arg, required=True, help="đến ngày YYYY-MM-DD")
    r.add_argument("--out", type=Path, default=None, help="lưu ra tệp PDF")
    r.add_argument("--printer", nargs="?", const="", default=None, help="gửi tới máy in")
    r.add_argument("--form-set", choices=list(FORM_SETS), default=None)
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=run_register)


def _register_printer() -> None:
    """Windows has no CUPS clients: register Qt's print support (the Printer protocol)."""
    import sys

    if sys.platform == "win32":
        from ui.qt_print import register_on_windows

        register_on_windows()


def run_slip(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.slips.formsets import normalize_form
    from app.usecases import slips

    desk = ctx.desk()
    form = normalize_form(args.form)
    out = args.out
    if out is None and args.printer is None:
        out = desk.data_dir / "slips" / f"{args.code.strip().upper()}_{form}.pdf"
    if args.printer is not None:
        _register_printer()
    result = slips.print_slip(
        desk,
        ctx.actor,
        args.code,
        form,
        out=out,
        printer=args.printer,
        copies=args.copies,
        page_size=args.page_size,
        form_set=args.form_set,
    )
    _report(args, ctx, result)
    return 0


def run_register(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.usecases import slips

    desk = ctx.desk()
    out = args.out
    if out is None and args.printer is None:
        out = desk.data_dir / "slips" / f"so-theo-doi_{args.start.isoformat()}_{args.end.isoformat()}.pdf"
    if args.printer is not None:
        _register_printer()
    result = slips.print_register(
        desk, ctx.actor, args.start, args.end, out=out, printer=args.printer, form_set=args.form_set
    )
    _report(args, ctx, result)
    return 0


def _report(args: argparse.Namespace, ctx: CliContext, result: dict[str, Any]) -> None:
    if args.json:
        ctx.emit_json(result)
        return
    what = "In lại" if result["reprint"] else "Đã in"
    print(
        f"{what} {result['form']} ({result['form_set']}, {result['page_size']}, {result['copies']} liên) "
        f"– {result['code']}"
    )
    if result["destination"]:
        print(f"Tệp: {result['destination']}")
    if result["printer"]:
        print(f"Máy in: {result['printer']} (lệnh in {result['job_id'] or '?'})")
    print(f"SHA-256: {result['sha256']}")
