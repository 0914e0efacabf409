"""``motcua --data-dir DIR screenshots --out DIR``: each main screen rendered offscreen to PNG."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "screenshots",
        help="chụp ảnh các màn hình chính (không cần màn hình; thư mục dữ liệu trống sẽ được tạo dữ liệu mẫu)",
    )
    p.add_argument("--out", type=Path, required=True, help="thư mục lưu ảnh PNG")
    # Opens its own store (see ui/screenshots.py); the tools' own guard is issue 8 §3.
    p.set_defaults(func=run, open_command=True)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from app.store.datadir import default_data_dir
    from ui.screenshots import render_all  # Qt is loaded only for this command

    data_dir = ctx.data_dir or default_data_dir()
    shots = render_all(Path(data_dir), args.out)
    for path in shots:
        print(path)
    return 0
