"""Typing Vietnamese and waiting on the workers in pytest-qt tests (env-notes §1)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """qtbot.keyClicks aborts the process on any non-ASCII char: send key events carrying the text."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClick(widget, ch)
        else:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
            )


def on_db(qtbot: Any, desk_app: Any, fn: Any, timeout: int = 10_000) -> Any:
    """Run ``fn(desk)`` on the application's DB worker (the only thread allowed to use the store)."""
    box: dict[str, Any] = {}

    def failed(exc: BaseException, trace: str) -> None:
        box["error"] = (exc, trace)

    from ui.worker import Job

    desk_app.db.submit(Job(fn, lambda value: box.setdefault("value", value), failed))
    qtbot.waitUntil(lambda: "value" in box or "error" in box, timeout=timeout)
    if "error" in box:
        raise AssertionError(box["error"][1])
    return box["value"]


def idle(qtbot: Any, desk_app: Any, timeout: int = 10_000) -> None:
    """Wait until both workers have delivered everything queued so far."""
    qtbot.waitUntil(lambda: desk_app.db.pending == 0 and desk_app.net.pending == 0, timeout=timeout)
