"""Search as you type: code, name with or without accents, ID number, phone.

Every keystroke queues one search on the DB worker; a search whose text is no longer the box's
text when the worker reaches it is skipped (``stale``), and a late answer to an old text is
dropped, so fast typing never builds a backlog and the list never flickers back to old results.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from app.domain.text import nfc
from ui import ops
from ui.context import AppContext
from ui.models import DossierTableModel

MIN_CHARS = 2


class SearchBox(QLineEdit):
    active_changed = Signal(bool)  # True while the box has text: show results instead of the queue
    results_ready = Signal(str, int, float)  # text, row count, milliseconds from keystroke to model
    move_down = Signal()  # Down arrow: focus the results list

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("searchBox")
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(self.tr("Tìm: mã hồ sơ, họ tên, số CCCD, điện thoại (Ctrl+F)"))
        self.model = DossierTableModel(self)
        self._generation = 0
        self._active = False
        self.textChanged.connect(self._changed)

    def set_local_only(self, local_only: bool) -> None:
        """Office hub unreachable: the results are only this PC's dossiers and its copies."""
        base = self.tr("Tìm: mã hồ sơ, họ tên, số CCCD, điện thoại (Ctrl+F)")
        note = self.tr("chỉ dữ liệu trên máy này")
        self.setPlaceholderText(f"{base} — {note}" if local_only else base)
        self.setToolTip(note if local_only else "")
        self.setProperty("localOnly", local_only)

    @property
    def query(self) -> str:
        return nfc(self.text())

    def _changed(self, text: str, *, redraw: bool = False) -> None:
        query = nfc(text)
        active = bool(query)
        if active != self._active:
            self._active = active
            self.active_changed.emit(active)
        self._generation += 1
        generation = self._generation
        if len(query) < MIN_CHARS:
            self.model.set_rows([])
            return
        if self.ctx.user is None:
            return
        started, actor = time.perf_counter(), self.ctx.actor
        # A redraw of the same search shows the same person the same rows: logged only if new
        # rows appear (issue 9 access log).
        shown = frozenset(r["code"] for r in self.model.rows) if redraw else frozenset()

        def done(rows: list[dict[str, Any]]) -> None:
            if generation != self._generation:
                return  # the clerk typed on meanwhile
            self.model.set_rows(rows)
            self.results_ready.emit(query, len(rows), (time.perf_counter() - started) * 1000)

        self.ctx.runner.db(
            lambda desk: ops.search(desk, query, actor=actor, shown=shown),
            done,
            stale=lambda: generation != self._generation,
            label="search",
        )

    def refresh(self) -> None:
        """Re-run the current search (after a save or a sync changed the store)."""
        if self.query:
            self._changed(self.text(), redraw=True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Down and self.model.rowCount():
            self.move_down.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)
