"""``motcua intake``: receive a dossier from the command line (scripts, bulk entry, tests)."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.services.intake import DocumentInput, IntakeRequest, PersonInput
from app.usecases import dossiers
from cli.common import date_arg, datetime_arg, positive_int

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("intake", help="tiếp nhận hồ sơ")
    p.add_argument("--procedure", required=True, help="mã thủ tục, ví dụ 1.001193")
    p.add_argument("--name", required=True, help="họ tên chủ hồ sơ")
    p.add_argument("--id-number", required=True, help="số CCCD / CMND / hộ chiếu")
    p.add_argument("--id-type", choices=("cccd", "cmnd", "passport"), default=None)
    p.add_argument("--birth-date", type=date_arg, default=None)
    p.add_argument("--gender", choices=("M", "F"), default="")
    p.add_argument("--phone", default="")
    p.add_argument("--email", default="")
    p.add_argument("--address", default="")
    p.add_argument(
        "--received", type=datetime_arg, default=None, help="'YYYY-MM-DD HH:MM' (mặc định: bây giờ)"
    )
    p.add_argument("--channel", choices=("direct", "online", "postal"), default="direct")
    p.add_argument("--return-method", choices=("desk", "post"), default="desk")
    p.add_argument("--sets", type=positive_int, default=1, help="số bộ hồ sơ")
    p.add_argument("--pages", type=int, default=0, help="số trang (lệ phí chứng thực tính theo trang)")
    p.add_argument("--fee", type=int, default=None, help="lệ phí (đồng); mặc định tính theo danh mục")
    p.add_argument(
        "--document",
        action="append",
        default=None,
        metavar="'TÊN|CHÍNH|CHỨNG THỰC|PHOTO'",
        help="giấy tờ nhận, lặp lại cho mỗi loại; mặc định: danh sách bắt buộc của thủ tục",
    )
    p.add_argument(
        "--late-reason",
        default="",
        help="lý do nhập hồ sơ giấy đã nhận hơn 30 ngày trước (cần quyền lãnh đạo)",
    )
    p.add_argument("--summary", default="")
    p.add_argument("--notes", default="")
    p.add_argument(
        "--area", default="", help="địa bàn phát sinh hồ sơ: tên xã (mặc định) hoặc một thôn trong danh sách"
    )
    p.add_argument(
        "--refuse",
        metavar="LÝ DO",
        default=None,
        help="từ chối tiếp nhận tại quầy (phiếu từ chối): hồ sơ không được tiếp nhận, không có ngày hẹn",
    )
    p.add_argument("--out", type=Path, default=None, help="lưu giấy tiếp nhận / phiếu từ chối ra tệp PDF")
    p.add_argument(
        "--print",
        dest="printer",
        nargs="?",
        const="",
        default=None,
        help="in giấy tiếp nhận / phiếu từ chối (không ghi tên: máy in mặc định)",
    )
    p.add_argument("--copies", type=positive_int, default=None, help="số liên (mặc định 2)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def parse_document(text: str) -> DocumentInput:
    from cli.main import CliError

    parts = text.split("|")
    try:
        counts = [int(x) if x.strip() else 0 for x in parts[1:4]] + [0] * (4 - len(parts))
    except ValueError as exc:
        raise CliError(
            f"--document '{text}': số lượng phải là số nguyên (TÊN|CHÍNH|CHỨNG THỰC|PHOTO)"
        ) from exc
    if len(parts) > 4:
        raise CliError(f"--document '{text}': nhiều hơn 4 phần (TÊN|CHÍNH|CHỨNG THỰC|PHOTO)")
    return DocumentInput(parts[0], counts[0], counts[1], counts[2])


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from cli.main import CliError

    if args.out is not None and args.out.suffix.lower() != ".pdf":
        raise CliError(f"Tệp lưu phiếu (--out) phải có đuôi .pdf: '{args.out}'")  # before anything is stored
    desk = ctx.desk()
    req = IntakeRequest(
        procedure_code=args.procedure,
        owner=PersonInput(
            name=args.name,
            id_number=args.id_number,
            id_type=args.id_type,
            birth_date=args.birth_date,
            gender=args.gender,
            address=args.address,
            phone=args.phone,
            email=args.email,
        ),
        channel=args.channel,
        return_method=args.return_method,
        received_at=args.received,
        documents=[parse_document(d) for d in args.document] if args.document else None,
        sets_count=args.sets,
        pages=args.pages,
        fee=args.fee,
        summary=args.summary,
        notes=args.notes,
        late_entry_reason=args.late_reason,
        area=args.area,
    )
    if args.refuse is not None:
        result = dossiers.receive_and_refuse(desk, ctx.actor, req, args.refuse)
    else:
        result = dossiers.receive(desk, ctx.actor, req)
    slip: dict[str, object] | None = None
    if args.out is not None or args.printer is not None:
        slip = _print(args, ctx, result["code"], "refusal" if args.refuse is not None else "receipt")
        result["slip"] = slip
    if args.json:
        ctx.emit_json(result)
    elif args.refuse is not None:
        print(f"Đã từ chối tiếp nhận hồ sơ {result['code']}: {args.refuse.strip()}")
    else:
        due_at = datetime.fromisoformat(result["due"]) if result["due"] else None
        due = f"{due_at:%H giờ %M phút, ngày %d/%m/%Y}" if due_at else "không có ngày hẹn cụ thể"
        print(f"Đã tiếp nhận hồ sơ {result['code']}; hẹn trả: {due}")
        for w in result["warnings"]:
            print(f"cảnh báo: {w['field']}: {w['message']}")
    if not args.json and slip is not None:
        print(f"Đã in {slip['form']}: {slip['destination'] or slip['printer']}")
    return 0


def _print(args: argparse.Namespace, ctx: CliContext, code: str, form: str) -> dict[str, object]:
    """The receipt (or the refusal slip) right after the dossier is stored, logged like any print.

    The dossier is already committed: a print failure is reported (exit 2) and the dossier stays."""
    from app.slips.formsets import SlipError
    from app.slips.printing import PrintError
    from app.usecases import slips
    from cli.main import CliError

    try:
        return slips.print_slip(
            ctx.desk(), ctx.actor, code, form, out=args.out, printer=args.printer, copies=args.copies
        )
    except (SlipError, PrintError, OSError) as exc:
        raise CliError(f"Hồ sơ {code} đã lưu nhưng chưa in được phiếu: {exc}") from exc
