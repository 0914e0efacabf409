"""Run Python's cyclic garbage collector on the GUI thread only.

Automatic collection runs in whichever thread happens to allocate. When that is the DB or network
worker and the garbage holds a Qt object (a widget or model caught in a reference cycle), Qt
destroys it off the GUI thread, and the process dies with a segmentation fault (seen in a CI run:
"Garbage-collecting" on the DB worker while it migrated a store). Like Anki, the desk turns
automatic collection off and collects on a GUI-thread timer instead; reference counting still frees
everything that is not in a cycle at once.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 30_000  # cycles are few; a collection of a desk's heap takes a few milliseconds


class GcGuard(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> int:
        """Collect now (on the thread that owns this object: the GUI thread)."""
        return gc.collect()

    def release(self) -> None:
        """Stop the timer, collect once more here, and give automatic collection back."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()


def install(parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> GcGuard:
    return GcGuard(parent, interval_ms)
