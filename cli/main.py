"""``motcua``: the command line (design.md "Command line"). Without a command it starts the GUI.

Each command lives in ``cli/cmd_<name>.py`` with ``register(subparsers)``; the handler gets
``(args, ctx)`` and returns the exit code. Expected failures (bad input, illegal transition,
locked data dir, a refused sign-in or permission) print one clear line to stderr and exit 2 with
nothing stored; anything else is a bug and keeps its traceback.

Sign-in (issue 8 §2): once any account exists, every command except the open ones (``due``,
``screenshots``, ``--help``, ``--version``) runs as ``--user NAME`` (default ``$MOTCUA_USER``) with
that user's password from ``$MOTCUA_PASSWORD`` or, on a terminal, a prompt. While no account
exists, the OS account acts as the bootstrap admin (``cli:<os user>``). Commands get the signed-in
``Actor`` as ``ctx.actor`` and pass it to the use cases (app/usecases), which hold every rule.
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

from app import __version__

COMMAND_MODULES = (
    "cli.cmd_setup",
    "cli.cmd_intake",
    "cli.cmd_due",
    "cli.cmd_status",
    "cli.cmd_search",
    "cli.cmd_catalogue",
    "cli.cmd_calendar",
    "cli.cmd_user",
    "cli.cmd_demo",
    "cli.cmd_maintenance",
    "cli.cmd_sync",
    "cli.cmd_report",
    "cli.cmd_outbox",
    "cli.cmd_slip",
    "cli.cmd_screenshots",
    "cli.cmd_access_log",
    "cli.cmd_person",
)


class CliError(Exception):
    """A user-facing failure with a message that names the field and the rule."""


_ARGPARSE_VI = (
    (re.compile(r"the following arguments are required: (.+)"), r"thiếu tham số bắt buộc: \1"),
    (
        re.compile(r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)"),
        r"tham số \1: giá trị \2 không hợp lệ (chọn một trong: \3)",
    ),
    (re.compile(r"argument (\S+): invalid (.+?) value: (.+)"), r"tham số \1: giá trị \3 không phải \2"),
    (re.compile(r"argument (\S+): expected one argument"), r"tham số \1 cần một giá trị"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), r"không dùng tham số \1 cùng với \2"),
    (re.compile(r"one of the arguments (.+) is required"), r"cần một trong các tham số: \1"),
    (re.compile(r"unrecognized arguments: (.+)"), r"tham số không hợp lệ: \1"),
    (re.compile(r"argument (\S+): (.+)"), r"tham số \1: \2"),
)


def vietnamese_argparse_message(message: str) -> str:
    """argparse speaks English; the desk's CLI must name the field and the rule in Vietnamese."""
    for en, vi in _KINDS.items():
        message = message.replace(f"invalid {en} value", f"invalid {vi} value")
    for pattern, replacement in _ARGPARSE_VI:
        if pattern.fullmatch(message):
            return pattern.sub(replacement, message)
    return message


_HEADINGS = (("usage:", "cách dùng:"), ("positional arguments:", "tham số:"), ("options:", "tùy chọn:"))
_KINDS = {
    "float": "số",
    "int": "số nguyên",
    "date_arg": "ngày",
    "datetime_arg": "thời điểm",
    "positive_int": "số nguyên dương",
}


class VietnameseArgumentParser(argparse.ArgumentParser):
    def format_usage(self) -> str:
        return self._vi(super().format_usage())

    def format_help(self) -> str:
        return self._vi(super().format_help())

    @staticmethod
    def _vi(text: str) -> str:
        for en, vi in _HEADINGS:
            text = text.replace(en, vi, 1)
        return text.replace("show this help message and exit", "hiện trợ giúp này rồi thoát")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {vietnamese_argparse_message(message)}\n")


PASSWORD_ENV = "MOTCUA_PASSWORD"
NEW_PASSWORD_ENV = "MOTCUA_NEW_PASSWORD"
USER_ENV = "MOTCUA_USER"


class CliContext:
    def __init__(self, data_dir: Path | None, user: str | None = None, as_json: bool = False) -> None:
        self.data_dir = data_dir
        self.user = user
        self.as_json = as_json
        self._desk: Any = None
        self._actor: Any = None

    @property
    def actor(self) -> Any:
        """The signed-in ``app.usecases.Actor`` (signs in on first use)."""
        if self._actor is None:
            self._actor = self.sign_in()
        return self._actor

    def sign_in(self) -> Any:
        from app.usecases import auth

        desk = self.desk()
        boot = auth.bootstrap(desk, _os_user())
        if boot is not None:
            return boot
        if not self.user:
            raise CliError(
                "đã có tài khoản người dùng: cần đăng nhập bằng --user TÊN (hoặc biến MOTCUA_USER) "
                "và mật khẩu (biến MOTCUA_PASSWORD, hoặc nhập khi được hỏi)"
            )
        return auth.sign_in(desk, self.user, read_password(PASSWORD_ENV, "Mật khẩu"), source="cli")

    def desk(self) -> Any:
        if self._desk is None:
            from app.desk import Desk

            self._desk = Desk.open(self.data_dir, lock_timeout=10.0)
        return self._desk

    def emit_json(self, obj: Any) -> None:
        sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=None, default=str) + "\n")

    def close(self) -> None:
        if self._desk is not None:
            self._desk.close()
            self._desk = None


def read_password(env: str, prompt: str, *, confirm: bool = False) -> str:
    """A password from ``$env``, or typed on a terminal (never from the command line: argv is
    visible to every user of the PC and kept in shell history)."""
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise CliError(
            f"cần mật khẩu: đặt biến môi trường {env}, hoặc chạy lệnh trên cửa sổ dòng lệnh để nhập"
        )
    first = getpass.getpass(f"{prompt}: ")
    if confirm and getpass.getpass(f"{prompt} (nhập lại): ") != first:
        raise CliError("hai lần nhập mật khẩu không khớp")
    return first


def expected_errors() -> tuple[type[BaseException], ...]:
    from app.errors import user_errors

    return (CliError, *user_errors())


def build_parser() -> argparse.ArgumentParser:
    parser = VietnameseArgumentParser(
        prog="motcua",
        description="Một Cửa Xã – phần mềm tiếp nhận và trả kết quả hồ sơ thủ tục hành chính cấp xã",
    )
    parser.add_argument("--version", action="version", version=f"motcua {__version__}")
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="thư mục dữ liệu (mặc định theo hệ điều hành)"
    )
    parser.add_argument(
        "--user",
        default=os.environ.get(USER_ENV) or None,
        help="tài khoản đăng nhập (mặc định: biến MOTCUA_USER); mật khẩu lấy từ biến MOTCUA_PASSWORD "
        "hoặc nhập khi được hỏi. Khi chưa có tài khoản nào, tài khoản hệ điều hành là quản trị",
    )
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=VietnameseArgumentParser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # Windows consoles default to a legacy code page; Vietnamese must not become '?'.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from ui.app import run_gui

        return run_gui(args.data_dir)
    ctx = CliContext(args.data_dir, args.user, getattr(args, "json", False))
    try:
        if not getattr(args, "open_command", False):
            _ = ctx.actor  # sign in before the command touches anything (exit 2 when refused)
        return int(args.func(args, ctx) or 0)
    except expected_errors() as exc:
        sys.stderr.write(f"lỗi: {exc}\n")
        return 2
    except OSError as exc:
        from cli.oserrors import vietnamese_os_error

        sys.stderr.write(f"lỗi: {vietnamese_os_error(exc)}\n")
        return 2
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
