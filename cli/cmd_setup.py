"""``motcua setup``: create or update the office profile."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.usecases import admin
from cli.common import date_arg

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("setup", help="thiết lập thông tin cơ quan (mã định danh, tên, giờ làm việc…)")
    p.add_argument("--unit-code", required=True, help="mã định danh đơn vị, ví dụ 000.00.12.H29")
    p.add_argument(
        "--office-name",
        required=True,
        help="tên bộ phận tiếp nhận, ví dụ 'Trung tâm Phục vụ hành chính công'",
    )
    p.add_argument("--parent-agency", default=None, help="cơ quan chủ quản, ví dụ 'UBND xã Tân Lập'")
    p.add_argument("--commune", default=None, help="tên xã/phường (địa danh in trên phiếu)")
    p.add_argument("--province", default=None)
    p.add_argument("--address", default=None)
    p.add_argument("--phone", default=None)
    p.add_argument("--website", default=None)
    p.add_argument("--workstation", type=int, default=None, help="số hiệu máy trạm (1–9)")
    p.add_argument("--workstation-count", type=int, default=None, help="số máy trạm cùng cấp mã (1–9)")
    p.add_argument(
        "--hours",
        default=None,
        help="giờ làm việc 'HH:MM-HH:MM,HH:MM-HH:MM' (mặc định 07:00-11:30,13:30-17:00)",
    )
    p.add_argument("--cutoff", default=None, help="giờ chốt nhận hồ sơ trong ngày (mặc định 15:00)")
    p.add_argument(
        "--culture-day-off", choices=("yes", "no"), default=None, help="nghỉ Ngày Văn hóa Việt Nam 24/11"
    )
    p.add_argument(
        "--form-switch-date",
        type=date_arg,
        default=None,
        help="ngày áp dụng mẫu TT 03/2025 (mặc định 2025-09-15)",
    )
    p.add_argument("--page-size", choices=("A4", "A5"), default=None)
    p.add_argument("--server", default=None, help="địa chỉ máy chủ đồng bộ (tùy chọn)")
    p.add_argument(
        "--token",
        default=None,
        help="mã truy cập của cơ quan trên máy chủ đồng bộ ('-': đọc từ đầu vào chuẩn, không lộ trong danh sách tiến trình)",
    )
    # Direct link to the province while the office hub is down (docs/office-hub.md "Degraded"). An
    # office hub hands these out at each sync; the flags are for a hub without upstream, or a test.
    p.add_argument(
        "--province-server",
        default=None,
        help="địa chỉ máy chủ tỉnh để gửi thẳng khi máy chủ xã mất kết nối lâu ('': tắt)",
    )
    p.add_argument(
        "--province-token",
        default=None,
        help="mã truy cập của đơn vị trên máy chủ tỉnh ('-': đọc từ đầu vào chuẩn)",
    )
    p.add_argument(
        "--direct-after",
        type=float,
        default=None,
        metavar="MINUTES",
        help="số phút máy chủ xã không trả lời thì gửi thẳng lên tỉnh (mặc định 30)",
    )
    p.add_argument(
        "--recovery-out",
        type=Path,
        default=None,
        help="nơi ghi phiếu khóa khôi phục (chỉ lần thiết lập đầu; mặc định thư mục Tài liệu)",
    )
    p.add_argument(
        "--register-book",
        default=None,
        help="quyển sổ theo dõi hồ sơ đang dùng, ví dụ 02/2026 (để trống: mỗi năm một quyển)",
    )
    p.add_argument(
        "--hamlet",
        action="append",
        default=None,
        help="thôn/tổ dân phố chọn được làm địa bàn phát sinh hồ sơ; lặp lại cho mỗi thôn (thay cả danh sách)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def _token(value: str | None) -> str | None:
    # A token on the command line shows in `ps` and shell history; `--token -` reads it from stdin.
    if value == "-":
        import sys

        return sys.stdin.readline().strip()
    return value


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    changes: dict[str, Any] = {"unit_code": args.unit_code, "office_name": args.office_name}
    simple = {
        "parent_agency": args.parent_agency,
        "commune": args.commune,
        "province": args.province,
        "address": args.address,
        "phone": args.phone,
        "website": args.website,
        "workstation": args.workstation,
        "workstation_count": args.workstation_count,
        "cutoff": args.cutoff,
        "form_switch_date": args.form_switch_date,
        "page_size": args.page_size,
        "server_url": args.server,
        "server_token": _token(args.token),
        "register_book": args.register_book,
        "hamlets": args.hamlet,
    }
    changes.update({k: v for k, v in simple.items() if v is not None})
    if args.culture_day_off is not None:
        changes["culture_day_off"] = args.culture_day_off == "yes"
    if args.hours is not None:
        from cli.main import CliError

        try:
            morning, afternoon = args.hours.split(",")
            changes["morning_start"], changes["morning_end"] = (x.strip() for x in morning.split("-"))
            changes["afternoon_start"], changes["afternoon_end"] = (x.strip() for x in afternoon.split("-"))
        except ValueError as exc:
            raise CliError("--hours phải có dạng HH:MM-HH:MM,HH:MM-HH:MM (sáng,chiều)") from exc
    direct_after = args.direct_after * 60 if args.direct_after is not None else None
    if args.province_server is not None or direct_after is not None:
        from app.usecases.fallback import check_fallback

        check_fallback(args.province_server, direct_after)  # before anything is stored
    desk = ctx.desk()
    saved = admin.save_office(desk, ctx.actor, changes)
    saved["server_token"] = "***" if saved["server_token"] else ""  # a secret is never printed
    if args.province_server is not None or args.province_token is not None or args.direct_after is not None:
        from app.usecases.fallback import set_fallback

        saved["direct_link"] = set_fallback(
            desk, ctx.actor, province_url=args.province_server, province_token=_token(args.province_token),
            direct_after_seconds=direct_after,
        )  # fmt: skip
    from app.usecases.keys import issue_first_sheet
    from cli.cmd_key import SHEET_ADVICE

    sheet = issue_first_sheet(desk, ctx.actor, args.recovery_out)
    if args.json:
        ctx.emit_json({**saved, "recovery_sheet": sheet.path if sheet else None})
    else:
        print(f"Đã lưu thông tin cơ quan {saved['unit_code']} – {saved['office_name']}")
        if sheet is not None:
            print(f"Phiếu khóa khôi phục (chỉ cấp một lần): {sheet.path}. {SHEET_ADVICE}")
    return 0
