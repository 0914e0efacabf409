"""``motcua user add|list|set``: desk accounts (the first admin can also be made by the GUI wizard)."""

from __future__ import annotations

import argparse
import getpass
import os
from typing import TYPE_CHECKING

from app.services import users

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("user", help="tài khoản người dùng")
    usub = p.add_subparsers(dest="user_cmd", required=True, metavar="LỆNH")
    a = usub.add_parser("add", help="thêm người dùng (mật khẩu đọc từ MOTCUA_PASSWORD hoặc hỏi)")
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


def _password() -> str:
    env = os.environ.get("MOTCUA_PASSWORD")
    if env is not None:
        return env
    return getpass.getpass("Mật khẩu: ")


def run_add(args: argparse.Namespace, ctx: CliContext) -> int:
    desk = ctx.desk()
    with desk.tx() as s:
        info = users.create_user(s, args.username, args.name, args.role, _password(), actor=ctx.actor)
    if args.json:
        ctx.emit_json(info.__dict__)
    else:
        print(f"Đã thêm người dùng {info.username} ({users.ROLE_VI[info.role]})")
    return 0


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.desk().read() as s:
        rows = [u.__dict__ for u in users.list_users(s)]
    if args.json:
        ctx.emit_json(rows)
    else:
        for r in rows:
            print(
                f"{r['username']:<16} {r['role']:<7} {'hoạt động' if r['active'] else 'đã khóa'}  {r['full_name']}"
            )
    return 0


def run_set(args: argparse.Namespace, ctx: CliContext) -> int:
    desk = ctx.desk()
    with desk.tx() as s:
        info = users.set_user(
            s,
            args.username,
            actor=ctx.actor,
            role=args.role,
            active=None if args.active is None else args.active == "yes",
            password=_password() if args.reset_password else None,
        )
    if args.json:
        ctx.emit_json(info.__dict__)
    else:
        print(f"Đã cập nhật {info.username}")
    return 0
