"""``motcua sync [--json]``: one end-of-day (or on-demand) sync, headless."""

from __future__ import annotations

import argparse
import sys

EXIT_UNREACHABLE = 3
EXIT_AUTH = 4


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sync", help="đồng bộ với máy chủ cấp trên (gửi thay đổi, nhận cập nhật)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--connect-timeout", type=float, default=5.0, help="giây chờ kết nối (mặc định 5)")
    p.add_argument("--read-timeout", type=float, default=30.0, help="giây chờ trả lời (mặc định 30)")
    p.add_argument("--max-attempts", type=int, default=6, help="số lần thử liên tiếp trước khi tạm dừng")
    p.add_argument(
        "--backoff-cap", type=float, default=30.0, help="thời gian chờ tối đa giữa hai lần thử (giây)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx) -> int:
    from cli.main import CliError
    from sync.actions import sync_now
    from sync.engine import NotConfigured, SyncConfig

    cfg = SyncConfig(
        connect_timeout=args.connect_timeout,
        read_timeout=args.read_timeout,
        max_attempts=max(1, args.max_attempts),
        backoff_cap=args.backoff_cap,
        backoff_base=min(0.5, args.backoff_cap),
    )
    desk = ctx.desk()
    try:
        report = sync_now(desk, ctx.actor, config=cfg)
    except NotConfigured as exc:
        raise CliError(str(exc)) from exc
    out = report.as_json()
    if args.json:
        ctx.emit_json(out)
    else:
        print(
            f"Đã gửi {report.pushed} thay đổi, nhận {report.pulled} cập nhật; "
            f"còn chờ gửi {report.pending}, bị từ chối {report.rejected}"
        )
        for item in report.rejected_items:
            print(f"  từ chối {item.code or item.change_id} ({item.entity}): {item.reason}")
        for w in report.warnings:
            print(f"  cảnh báo: {w}")
        if report.link == "province" and report.ok:
            print(
                f"  đang gửi thẳng lên tỉnh: {report.owed_office} thay đổi sẽ gửi lại máy chủ xã khi hoạt động lại"
            )
    if report.ok:
        return 0
    safe = f"Dữ liệu vẫn được lưu an toàn trên máy này ({report.pending} thay đổi đang chờ gửi)."
    if report.error_kind == "auth":
        sys.stderr.write(f"lỗi: {report.error}. Kiểm tra mã truy cập (motcua setup --token). {safe}\n")
        return EXIT_AUTH
    if report.error_kind == "cancelled":
        sys.stderr.write(f"{report.error}\n")
        return 1
    sys.stderr.write(
        f"lỗi: không đồng bộ được với máy chủ: {report.error}. {safe} Hãy thử lại khi có mạng.\n"
    )
    return EXIT_UNREACHABLE
