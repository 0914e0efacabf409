"""``motcua scanner read``: wait for one scan on the QR scanner's serial port and print it parsed."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.devices.scanner import DEFAULT_BAUD, read_scan
from app.domain.cccd import parse

if TYPE_CHECKING:
    from cli.main import CliContext


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' không phải số giây") from exc
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"thời gian chờ phải từ 0 đến 3600 giây (đang là {text})")
    return value


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("scanner", help="máy quét mã QR qua cổng COM ảo (USB CDC)")
    inner = p.add_subparsers(dest="scanner_command", metavar="LỆNH", required=True)
    r = inner.add_parser("read", help="chờ một lần quét và in các trường của thẻ")
    r.add_argument("--port", required=True, help="cổng, ví dụ COM3 hoặc /dev/ttyACM0")
    r.add_argument("--timeout", type=_seconds, default=30.0, help="số giây chờ (mặc định 30)")
    r.add_argument("--baud", type=int, default=DEFAULT_BAUD)
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=run_read)


def run_read(args: argparse.Namespace, ctx: CliContext) -> int:
    data = parse(read_scan(args.port, timeout=args.timeout, baud=args.baud))
    if args.json:
        ctx.emit_json(data.as_json())
    else:
        print(f"{data.id_number} – {data.name}")
    return 0
