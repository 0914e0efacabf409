"""``motcua-hub``'s entry point: says how to install the hub when its extra is missing (issue 13 §5).

The desk installs without the hub's libraries; run there, ``motcua-hub`` used to die with a
ModuleNotFoundError traceback. It now prints the one command that installs them, and exits 2 like
every error a person can fix.
"""

from __future__ import annotations

import sys

# Top-level modules of the ``hub`` extra (pyproject.toml).
HUB_MODULES = frozenset(
    {"fastapi", "starlette", "uvicorn", "pydantic", "pydantic_core", "orjson", "zeroconf"}
)
INSTALL = "pip install 'motcua[hub]'"
INSTALL_FROM_SOURCE = "pip install -e '.[hub]'"


def missing_message(module: str) -> str:
    return (
        f"lỗi: máy chủ motcua-hub cần gói '{module}' chưa được cài; cài phần máy chủ bằng lệnh: "
        f"{INSTALL} (từ thư mục mã nguồn: {INSTALL_FROM_SOURCE})\n"
    )


def main(argv: list[str] | None = None) -> int:
    try:
        from server.cli import main as run

        return run(argv)
    except ImportError as exc:  # ModuleNotFoundError, or "cannot import name" from a broken install
        top = (exc.name or "").split(".")[0]
        if top not in HUB_MODULES:
            raise
        sys.stderr.write(missing_message(top))
        return 2


if __name__ == "__main__":
    sys.exit(main())
