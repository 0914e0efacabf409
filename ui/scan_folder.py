"""Bridges the scan-to-folder watcher (a watchdog thread) to the GUI thread.

The folder is a per-PC preference (QSettings ``attachments/watch_folder``): each desk points at
the folder its own multifunction printer scans into.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.attachments.watch import FolderWatcher
from ui.context import settings

log = logging.getLogger(__name__)


class ScanFolder(QObject):
    # Emitted from the watcher's thread; Qt queues it to receivers on the GUI thread.
    arrived = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.watcher: FolderWatcher | None = None
        self.folder = ""

    def restart(self) -> str:
        """(Re)start on the configured folder; returns a Vietnamese problem, or ''."""
        self.stop()
        self.folder = str(settings().value("attachments/watch_folder", "") or "")
        if not self.folder:
            return ""
        watcher = FolderWatcher(Path(self.folder), lambda path: self.arrived.emit(str(path)))
        try:
            watcher.start()
        except (FileNotFoundError, OSError) as exc:
            log.warning("scan folder not watched: %s", type(exc).__name__)
            return f"Không theo dõi được thư mục quét '{self.folder}': {exc}"
        self.watcher = watcher
        return ""

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
