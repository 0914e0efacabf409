"""``motcua [--data-dir DIR] screenshots --out DIR``: each main screen rendered offscreen to PNG.

Without ``--data-dir`` the screens come from a throw-away store made for the run and deleted
after it; with one, the store must be empty or made by this tool before (issue 8 §3).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "screenshots",
        help="chụp ảnh các màn hình chính (không cần màn hình; không có --data-dir thì dùng kho dữ liệu "
        "tạm với dữ liệu mẫu; không bao giờ chạy trên kho dữ liệu thật)",
    )
    p.add_argument("--out", type=Path, required=True, help="thư mục lưu ảnh PNG")
    # Opens its own store (see ui/screenshots.py); the tools' own guard is issue 8 §3.
    p.set_defaults(func=run, open_command=True)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from app.services.tools import check_file

    if ctx.data_dir is None:
        with tempfile.TemporaryDirectory(prefix="motcua-screenshots-") as tmp:
            return _render(Path(tmp), args.out)
    check_file(Path(ctx.data_dir), "screenshots")  # before Qt or the store is loaded
    return _render(Path(ctx.data_dir), args.out)


def _render(data_dir: Path, out: Path) -> int:
    from ui.screenshots import render_all  # Qt is loaded only for this command

    for path in render_all(data_dir, out):
        print(path)
    return 0
