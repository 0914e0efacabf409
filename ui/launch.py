"""Entry point of the GUI executable of the bundle (``MotCuaXa``): straight to the window.

``motcua`` without a command also starts the GUI, but only after building the whole command
line (every command module, which imports SQLAlchemy on the GUI thread: ~350 ms). Here the
arguments the GUI accepts are read by hand and the store is opened on the DB worker while the
widgets are built; anything else is handed to the full command line unchanged.
"""

from __future__ import annotations

import sys
from pathlib import Path


def gui_args(argv: list[str]) -> Path | None | bool:
    """The data dir for ``[--data-dir DIR]``; False when the arguments are for the command line."""
    data_dir: Path | None = None
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--data-dir" and rest:
            data_dir = Path(rest.pop(0))
        elif arg.startswith("--data-dir="):
            data_dir = Path(arg.split("=", 1)[1])
        else:
            return False
    return data_dir


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["hub"]:  # the office hub from the same install ("Máy này làm máy chủ xã")
        from server.cli import main as hub_main

        return hub_main(args[1:])
    parsed = gui_args(args)
    if parsed is False:
        from cli.main import main as cli_main

        return cli_main(args)
    from ui.app import run_gui

    return run_gui(parsed if isinstance(parsed, Path) else None)


if __name__ == "__main__":
    sys.exit(main())
