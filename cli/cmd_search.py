"""``motcua search``: find dossiers by code, name (accents optional), ID number or phone."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.usecases.privacy import search_dossiers

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("search", help="tìm hồ sơ")
    p.add_argument("text")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    # ID numbers masked to their last 4 digits; a search that shows rows is logged (issue 9).
    rows = search_dossiers(ctx.desk(), ctx.actor, args.text, limit=args.limit)
    if args.json:
        ctx.emit_json(rows)
    else:
        for r in rows:
            print(f"{r['code']}  {r['name']}  {r['status']}  {r['due'] or '-'}")
        if not rows:
            print("Không tìm thấy hồ sơ nào")
    return 0
