"""``motcua cccd parse``: read one ID-card QR payload on stdin, print its fields."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from app.domain.cccd import CccdError, parse

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("cccd", help="mã QR trên thẻ CCCD / thẻ căn cước")
    inner = p.add_subparsers(dest="cccd_command", metavar="LỆNH", required=True)
    parse_p = inner.add_parser("parse", help="đọc một mã QR từ stdin và in các trường")
    parse_p.add_argument("--json", action="store_true")
    parse_p.set_defaults(func=run_parse)


def run_parse(args: argparse.Namespace, ctx: CliContext) -> int:
    raw = sys.stdin.buffer.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CccdError(f"Mã QR CCCD phải là văn bản UTF-8 (byte không hợp lệ ở vị trí {exc.start})") from exc
    # Only the first line: a scanner in CDC mode ends the payload with CR/LF.
    data = parse(text.splitlines()[0] if text.strip() else "")
    if args.json:
        ctx.emit_json(data.as_json())
    else:
        out = data.as_json()
        for key in ("id_number", "old_id", "name", "birth_date", "gender", "address", "issue_date"):
            print(f"{key}: {out[key] or ''}")
    return 0


def fill_from_qr(args: argparse.Namespace) -> None:
    """``intake --cccd-qr``: the card fills the owner; what was typed explicitly wins."""
    data = parse(args.cccd_qr)
    args.name = args.name or data.name
    args.id_number = args.id_number or data.id_number
    args.id_type = args.id_type or "cccd"
    args.birth_date = args.birth_date or data.birth_date
    args.gender = args.gender or data.gender
    args.address = args.address or data.address
