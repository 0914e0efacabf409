"""“Máy này làm máy chủ xã”: the desk app runs the office hub (``motcua-hub serve``) in the background.

One PC of the commune keeps the office's register for its desks; no second install is needed: the
hub is the same program, started as a child process at app start when the per-PC setting is on
(it starts at login with the app). Its database sits next to the desk's store, never shared over
the network. The hub listens on every interface (the LAN), announces itself by DNS-SD, and relays
to the province when ``motcua-hub upstream set`` was run once on this PC.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QProcess

from ui.context import settings

KEY_ENABLED = "office_hub/enabled"
KEY_PORT = "office_hub/port"
DEFAULT_PORT = 8080


def enabled() -> bool:
    return str(settings().value(KEY_ENABLED, "false")).lower() in ("true", "1")


def set_enabled(on: bool) -> None:
    settings().setValue(KEY_ENABLED, "true" if on else "false")


def port() -> int:
    try:
        return int(str(settings().value(KEY_PORT, DEFAULT_PORT)))
    except ValueError:
        return DEFAULT_PORT


def hub_db_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / 'office-hub.sqlite3').as_posix()}"


def command(data_dir: Path, listen_port: int) -> tuple[str, list[str]]:
    """Program and arguments: the bundled executable in a frozen build, ``python -m server.cli`` else."""
    args = [
        "--db",
        hub_db_url(data_dir),
        "serve",
        "--host",
        "0.0.0.0",
        "--port",
        str(listen_port),
        "--announce",
    ]
    if getattr(sys, "frozen", False):
        return sys.executable, ["hub", *args]
    return sys.executable, ["-m", "server.cli", *args]


class OfficeHubProcess(QObject):
    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.proc: QProcess | None = None

    def start(self) -> bool:
        if self.proc is not None and self.proc.state() != QProcess.ProcessState.NotRunning:
            return True
        program, args = command(self.data_dir, port())
        self.proc = QProcess(self)
        self.proc.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        self.proc.setStandardOutputFile(str(self.data_dir / "office-hub.log"), QProcess.OpenModeFlag.Append)
        self.proc.start(program, args)
        return bool(self.proc.waitForStarted(5000))

    def running(self) -> bool:
        return self.proc is not None and self.proc.state() == QProcess.ProcessState.Running

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        if not self.proc.waitForFinished(5000):
            self.proc.kill()
            self.proc.waitForFinished(2000)
