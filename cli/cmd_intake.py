"""``motcua intake``: receive a dossier from the command line (scripts, bulk entry, tests)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.services.intake import DocumentInput, IntakeRequest, PersonInput, intake
from cli.common import date_arg, datetime_arg, positive_int

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("intake", help="tiếp nhận hồ sơ")
    p.add_argument("--procedure", required=True, help="mã thủ tục, ví dụ 1.001193")
    p.add_argument("--name", default=None, help="họ tên chủ hồ sơ (bắt buộc nếu không có --cccd-qr)")
    p.add_argument(
        "--id-number", default=None, help="số CCCD / CMND / hộ chiếu (bắt buộc nếu không có --cccd-qr)"
    )
    p.add_argument(
        "--cccd-qr", default=None, metavar="PAYLOAD", help="nội dung mã QR trên thẻ CCCD: điền chủ hồ sơ"
    )
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
    p.add_argument("--summary", default="")
    p.add_argument("--notes", default="")
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
    if args.cccd_qr is not None:
        from cli.cmd_cccd import fill_from_qr

        fill_from_qr(args)
    if not args.name or not args.id_number:
        from cli.main import CliError

        raise CliError("cần --name và --id-number, hoặc --cccd-qr với nội dung mã QR của thẻ CCCD")
    desk = ctx.desk()
    office = desk.require_office()
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
    )
    calendar = desk.calendar()
    with desk.tx() as s:
        result = intake(s, req, office=office, calendar=calendar, actor=ctx.actor)
    if args.json:
        ctx.emit_json(result.as_json())
    else:
        due = (
            f"{result.due_at:%H giờ %M phút, ngày %d/%m/%Y}" if result.due_at else "không có ngày hẹn cụ thể"
        )
        print(f"Đã tiếp nhận hồ sơ {result.code}; hẹn trả: {due}")
        for w in result.warnings:
            print(f"cảnh báo: {w.field}: {w.message}")
    return 0
