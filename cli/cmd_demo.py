"""``motcua demo-data --count N``: realistic dossiers in bulk (benchmarks, training, demos)."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING

from app.usecases import admin
from cli.common import positive_int

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo-data", help="tạo hồ sơ mẫu (chỉ lưu trên máy, không đồng bộ)")
    p.add_argument("--count", type=positive_int, required=True)
    p.add_argument("--days", type=positive_int, default=None, help="trải trong bao nhiêu ngày gần đây")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


TOOL = "demo-data"
# The actor demo rows are written under (marked in tool_marker): never a real person's name, so a
# later real intake by the same OS account is never mistaken for demo data.
DEMO_ACTOR = "tool:demo-data"


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from pathlib import Path

    from app.domain.validation import Issue, raise_for
    from app.services import tools
    from app.store.datadir import default_data_dir
    from app.usecases.admin import MAX_DEMO

    if not 1 <= args.count <= MAX_DEMO:  # the argument first: it is wrong whatever the store holds
        raise_for(
            [
                Issue(
                    "count",
                    "range",
                    f"Số hồ sơ mẫu (--count) phải từ 1 đến {MAX_DEMO} (đang là {args.count})",
                )
            ]
        )
    # Before the store is opened: a refusal leaves every byte of the data dir as it was.
    tools.check_file(Path(ctx.data_dir or default_data_dir()), TOOL)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if not args.json and sys.stderr.isatty():
            sys.stderr.write(f"\r{done}/{total}")

    made = admin.demo_data(
        ctx.desk(), ctx.actor, args.count, days=args.days, seed=args.seed, progress=progress
    )
    elapsed = time.perf_counter() - started
    if args.json:
        ctx.emit_json({"created": made, "seconds": round(elapsed, 2)})
    else:
        print(f"Đã tạo {made} hồ sơ mẫu trong {elapsed:.1f} giây")
    return 0
