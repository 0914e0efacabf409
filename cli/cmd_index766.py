"""``motcua report --index 766 --period P --json``: the QĐ 766/QĐ-TTg indicators in percent."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from app.usecases.citizen import index766

if TYPE_CHECKING:
    from cli.main import CliContext


def run_index(args: argparse.Namespace, ctx: CliContext, start: date, end: date) -> int:
    out = index766(ctx.desk(), ctx.actor, start, end)
    if args.json or args.format == "json":
        ctx.emit_json(out)
    else:
        for key, value in out["indicators"].items():
            shown = "—" if value is None else f"{value:.1f} %"
            print(f"{key}\t{out['labels'][key]}\t{shown}")
    return 0
