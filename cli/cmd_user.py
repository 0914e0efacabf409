"""``motcua user add|list|set``: desk accounts (the first admin can also be made by the GUI wizard).

The new password comes from ``$MOTCUA_NEW_PASSWORD`` or a prompt on a terminal, never from the
command line. While the store has no account, the OS account acts as admin and the first account
made must be an admin (app/usecases/admin.py).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.services import users
from app.usecases import admin

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("user", help="tài khoản người dùng")
    usub = p.add_subparsers(dest="user_cmd", required=True, metavar="LỆNH")
    a = usub.add_parser("add", help="thêm người dùng (mật khẩu mới đọc từ MOTCUA_NEW_PASSWORD hoặc hỏi)")
    a.add_argument("username")
    a.add_argument("--name", required=True, help="họ tên")
    a.add_argument("--role", choices=users.ROLES, default="clerk")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=run_add)
    ls = usub.add_parser("list")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run_list)
    st = usub.add_parser("set", help="đổi vai trò, khóa/mở khóa, đặt lại mật khẩu")
    st.add_argument("username")
    st.add_argument("--role", choices=users.ROLES, default=None)
    st.add_argument("--active", choices=("yes", "no"), default=None)
    st.add_argument("--reset-password", action="store_true")
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=run_set)


def _new_password() -> str:
    from cli.main import NEW_PASSWORD_ENV, read_password

    return read_password(NEW_PASSWORD_ENV, "Mật khẩu mới", confirm=True)


def run_add(args: argparse.Namespace, ctx: CliContext) -> int:
    info = admin.create_user(ctx.desk(), ctx.actor, args.username, args.name, args.role, _new_password())
    if args.json:
        ctx.emit_json(info)
    else:
        print(f"Đã thêm người dùng {info['username']} ({users.ROLE_VI[info['role']]})")
    return 0


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    rows = admin.list_users(ctx.desk(), ctx.actor)
    if args.json:
        ctx.emit_json(rows)
    else:
        for r in rows:
            print(
                f"{r['username']:<16} {r['role']:<7} {'hoạt động' if r['active'] else 'đã khóa'}  {r['full_name']}"
            )
    return 0


def run_set(args: argparse.Namespace, ctx: CliContext) -> int:
    info = admin.set_user(
        ctx.desk(),
        ctx.actor,
        args.username,
        role=args.role,
        active=None if args.active is None else args.active == "yes",
        password=_new_password() if args.reset_password else None,
    )
    if args.json:
        ctx.emit_json(info)
    else:
        print(f"Đã cập nhật {info['username']}")
    return 0
