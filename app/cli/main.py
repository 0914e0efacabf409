"""``motcua``: the command line (design.md "Command line"). Without a command it starts the GUI.

Each command lives in ``app/cli/cmd_<name>.py`` with ``register(subparsers)``; the handler gets
``(args, ctx)`` and returns the exit code. Expected failures (bad input, illegal transition,
locked data dir) print one clear line to stderr and exit 2 with nothing stored; anything else
is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from app import __version__

COMMAND_MODULES = (
    "app.cli.cmd_setup",
    "app.cli.cmd_intake",
    "app.cli.cmd_due",
    "app.cli.cmd_status",
    "app.cli.cmd_search",
    "app.cli.cmd_catalogue",
    "app.cli.cmd_calendar",
    "app.cli.cmd_user",
    "app.cli.cmd_demo",
    "app.cli.cmd_maintenance",
    "app.cli.cmd_sync",
    "app.cli.cmd_report",
    "app.cli.cmd_slip",
    "app.cli.cmd_screenshots",
)


class CliError(Exception):
    """A user-facing failure with a message that names the field and the rule."""


class CliContext:
    def __init__(self, data_dir: Path | None, actor: str, as_json: bool = False) -> None:
        self.data_dir = data_dir
        self.actor = actor
        self.as_json = as_json
        self._desk: Any = None

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


def expected_errors() -> tuple[type[BaseException], ...]:
    from app.desk import NotConfigured
    from app.domain.codes import CodeError
    from app.domain.lifecycle import TransitionError
    from app.domain.validation import ValidationError
    from app.services.transitions import NotFound
    from app.store.datadir import DataDirLocked

    errors: list[type[BaseException]] = [
        CliError,
        NotConfigured,
        CodeError,
        TransitionError,
        ValidationError,
        NotFound,
        DataDirLocked,
    ]
    from app.domain.catalogue import CatalogueError
    from app.reports.periods import PeriodError
    from app.slips.printing import PrintError
    from app.slips.service import SlipError
    from app.store.backup import BackupError

    errors += [CatalogueError, PeriodError, PrintError, SlipError, BackupError]
    return tuple(errors)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="motcua",
        description="Một Cửa Xã – phần mềm tiếp nhận và trả kết quả hồ sơ thủ tục hành chính cấp xã",
    )
    parser.add_argument("--version", action="version", version=f"motcua {__version__}")
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="thư mục dữ liệu (mặc định theo hệ điều hành)"
    )
    parser.add_argument(
        "--user",
        default=os.environ.get("MOTCUA_USER") or f"cli:{_os_user()}",
        help="người thực hiện, ghi vào nhật ký (mặc định: tài khoản hệ điều hành)",
    )
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")
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
        return int(args.func(args, ctx) or 0)
    except expected_errors() as exc:
        sys.stderr.write(f"lỗi: {exc}\n")
        return 2
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
