"""``motcua catalogue listing --out F.pdf [--html F.html]``: the public listing of procedures."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.reports.listing import to_html, to_pdf
from app.store.atomic import atomic_write_bytes
from app.usecases.citizen import catalogue_listing

if TYPE_CHECKING:
    from cli.main import CliContext


def register_listing(csub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = csub.add_parser("listing", help="niêm yết công khai thủ tục (PDF A4, HTML cho màn hình)")
    p.add_argument("--out", type=Path, default=None, help="tệp PDF A4")
    p.add_argument("--html", type=Path, default=None, help="trang HTML dùng ngoại tuyến (kiosk, TV)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_listing)


def run_listing(args: argparse.Namespace, ctx: CliContext) -> int:
    from cli.main import CliError

    if args.out is None and args.html is None and not args.json:
        raise CliError("cần --out TỆP.pdf và/hoặc --html TỆP.html (hoặc --json)")
    data = catalogue_listing(ctx.desk(), ctx.actor)
    if args.out is not None:
        atomic_write_bytes(args.out, to_pdf(data))
    if args.html is not None:
        atomic_write_bytes(args.html, to_html(data).encode("utf-8"))
    if args.json:
        ctx.emit_json(data)
    else:
        print(
            f"Đã niêm yết {data['count']} thủ tục: " + ", ".join(str(p) for p in (args.out, args.html) if p)
        )
    return 0
