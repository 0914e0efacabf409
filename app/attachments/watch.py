"""Scan-to-folder: many multifunction printers drop each scan as a file into a shared folder.

The watcher offers every new PDF/JPEG/PNG there for the dossier open on screen. A printer writes
a file over several seconds (and over SMB, in pieces), so a file is offered only once its size
has stood still for ``settle`` seconds: a half-written scan is never attached.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

SUFFIXES = {".pdf", ".jpg", ".jpeg", ".png"}


class FolderWatcher:
    def __init__(self, folder: Path, on_file: Callable[[Path], None], *, settle: float = 1.0) -> None:
        self.folder = Path(folder)
        self.on_file = on_file
        self.settle = settle
        self._sizes: dict[Path, tuple[int, float]] = {}
        self._offered: set[Path] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._observer: object | None = None
        self._ticker: threading.Thread | None = None

    def start(self) -> None:
        from watchdog.events import FileSystemEvent, FileSystemEventHandler
        from watchdog.observers import Observer

        if not self.folder.is_dir():
            raise FileNotFoundError(f"thư mục quét '{self.folder}' không tồn tại")
        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                if event.is_directory or event.event_type not in ("created", "modified", "moved", "closed"):
                    return
                path = Path(str(getattr(event, "dest_path", "") or event.src_path))
                watcher.seen(path)

        observer = Observer()
        observer.schedule(Handler(), str(self.folder), recursive=False)
        observer.daemon = True
        observer.start()
        self._observer = observer
        self._ticker = threading.Thread(target=self._tick, name="scan-folder", daemon=True)
        self._ticker.start()

    def seen(self, path: Path) -> None:
        if path.suffix.lower() not in SUFFIXES or path.name.startswith((".", "~")):
            return
        with self._lock:
            if path not in self._offered:
                self._sizes[path] = (-1, time.monotonic())

    def _tick(self) -> None:
        while not self._stop.wait(min(0.25, self.settle / 2)):
            ready = []
            with self._lock:
                for path, (size, since) in list(self._sizes.items()):
                    try:
                        now_size = path.stat().st_size
                    except FileNotFoundError:
                        del self._sizes[path]  # moved away or deleted before it settled
                        continue
                    if now_size != size:
                        self._sizes[path] = (now_size, time.monotonic())
                    elif now_size > 0 and time.monotonic() - since >= self.settle:
                        del self._sizes[path]
                        self._offered.add(path)
                        ready.append(path)
            for path in ready:
                self.on_file(path)

    def stop(self) -> None:
        self._stop.set()
        observer = self._observer
        if observer is not None:
            observer.stop()  # type: ignore[attr-defined]
            observer.join(timeout=5)  # type: ignore[attr-defined]
        if self._ticker is not None:
            self._ticker.join(timeout=5)
