"""``motcua access-log``: the nhật ký xử lý dữ liệu cá nhân, for leaders and admins (issue 9)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.services.access_log import ACTION_VI
from app.usecases.privacy import access_log
from cli.actor import resolve_actor
from cli.common import date_arg

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "access-log", help="nhật ký xử lý dữ liệu cá nhân: ai đã xem, in, xuất dữ liệu của công dân"
    )
    p.add_argument("--dossier", default=None, help="chỉ các lần xem/in hồ sơ có mã này")
    p.add_argument("--person", default=None, metavar="SỐ_GIẤY_TỜ", help="chỉ các lần liên quan tới người này")
    p.add_argument("--from", dest="start", type=date_arg, default=None)
    p.add_argument("--to", dest="end", type=date_arg, default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from cli.main import CliError

    if args.start and args.end and args.end < args.start:
        raise CliError("--to phải sau hoặc bằng --from")
    rows = access_log(
        ctx.desk(),
        resolve_actor(ctx),
        dossier=args.dossier,
        person=args.person,
        start=args.start,
        end=args.end,
    )
    if args.json:
        ctx.emit_json(
            [
                {k: r[k] for k in ("at", "actor", "action", "dossier", "detail")}
                | {"dossiers": r["dossiers"]}
                for r in rows
            ]
        )
        return 0
    for r in rows:
        what = r["dossier"] or (f"{len(r['dossiers'])} hồ sơ" if r["dossiers"] else "-")
        print(
            f"{r['at']}  {r['actor']:<16} {ACTION_VI.get(r['action'], r['action']):<22} {what}  {r['detail']}"
        )
    if not rows:
        print("Không có mục nào trong nhật ký")
    return 0
