"""``motcua outbox list|retry``: what is queued for upstream, and sending a rejected change again."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cli.main import CliContext

STATES = (
    "pending",
    "direct",
    "acked",
    "rejected",
    "superseded",
)  # direct: at the province, owed to the office hub


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("outbox", help="hàng đợi thay đổi gửi lên cấp trên")
    osub = p.add_subparsers(dest="outbox_cmd", required=True, metavar="LỆNH")
    ls = osub.add_parser("list", help="liệt kê thay đổi (mới nhất trước)")
    ls.add_argument("--state", choices=STATES, default=None)
    ls.add_argument("--limit", type=int, default=100)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run_list)
    rt = osub.add_parser("retry", help="gửi lại một thay đổi bị máy chủ từ chối (sau khi đã sửa nguyên nhân)")
    rt.add_argument("change_id")
    rt.add_argument("--json", action="store_true")
    rt.set_defaults(func=run_retry)


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from sync.actions import list_changes

    rows = list_changes(ctx.desk(), ctx.actor, args.state, args.limit)
    if args.json:
        ctx.emit_json(rows)
    else:
        for r in rows:
            print(f"{r['change_id']}  {r['state']:<10} {r['entity']}/{r['op']:<7} {r['code']}  {r['reason']}")
    return 0


def run_retry(args: argparse.Namespace, ctx: CliContext) -> int:
    from cli.main import CliError
    from sync.actions import retry
    from sync.requeue import RequeueError

    try:
        done = retry(ctx.desk(), ctx.actor, args.change_id)
    except RequeueError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        ctx.emit_json([d.__dict__ for d in done])
    else:
        print(f"Đã xếp lại {len(done)} thay đổi để gửi ở lần đồng bộ tới")
    return 0
