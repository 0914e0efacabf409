"""Pieces of the intake form: the procedure picker and the checklist of papers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.domain.text import fold
from ui.context import AppContext

MAX_SUGGESTIONS = 30


def match_procedures(
    rows: list[dict[str, Any]], text: str, limit: int = MAX_SUGGESTIONS
) -> list[dict[str, Any]]:
    """Accent-insensitive: every typed word must occur in the code or the name; code prefix first."""
    key = fold(text)
    if not key:
        return []
    words = key.split(" ")
    raw = text.strip()
    hits: list[tuple[int, int, int, dict[str, Any]]] = []
    for i, p in enumerate(rows):
        hay = p.get("_key")
        if hay is None:
            hay = p["_key"] = fold(f"{p['code']} {p['name']} {p.get('field', '')}")
        if all(w in hay for w in words):
            name = fold(p["name"])
            # Exact name or typed code first, then names starting with the text, shortest first.
            rank = 0 if (p["code"].startswith(raw) or name == key) else (1 if name.startswith(key) else 2)
            hits.append((rank, len(name), i, p))
    hits.sort(key=lambda h: (h[0], h[1], h[2]))
    return [h[3] for h in hits[:limit]]


def procedure_text(p: dict[str, Any]) -> str:
    return f"{p['code']} – {p['name']}"


class ProcedurePicker(QLineEdit):
    """Type a name (with or without accents) or a code; Down/Enter picks from the list."""

    chosen = Signal(object)  # the procedure dict, or None when the text no longer names one

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("procedurePicker")
        self.setPlaceholderText(self.tr("Gõ tên thủ tục (có hoặc không dấu) hoặc mã thủ tục"))
        self.model = QStandardItemModel(self)
        self.suggest = QCompleter(self.model, self)
        self.suggest.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.suggest.setMaxVisibleItems(12)
        self.setCompleter(self.suggest)
        self.suggest.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        self.textEdited.connect(self._filter)
        self.current: dict[str, Any] | None = None

    def _filter(self, text: str) -> None:
        if self.current is not None and text != procedure_text(self.current):
            self.current = None
            self.chosen.emit(None)
        self.model.clear()
        for p in match_procedures(self.ctx.procedures, text):
            item = QStandardItem(procedure_text(p))
            item.setData(p, Qt.ItemDataRole.UserRole)
            item.setToolTip(f"{p['name']}\n{p.get('field', '')} · {p.get('limit', '')}")
            self.model.appendRow(item)

    def _activated(self, index: QModelIndex) -> None:
        proc = index.data(Qt.ItemDataRole.UserRole)
        if proc:
            self.choose(proc)

    def choose(self, proc: dict[str, Any] | None) -> None:
        self.current = proc
        self.setText(procedure_text(proc) if proc else "")
        self.chosen.emit(proc)

    def choose_code(self, code: str) -> bool:
        for p in self.ctx.procedures:
            if p["code"] == code:
                self.choose(p)
                return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        popup = self.suggest.popup()
        if enter and popup is not None and popup.isVisible():
            # QCompleter hands the key to the line edit first; leaving it unaccepted lets the
            # popup activate the highlighted procedure.
            event.ignore()
            return
        if enter and self.current is None and self.text().strip():
            # Enter on a typed code or on the only match picks it, and does not save the form.
            hits = match_procedures(self.ctx.procedures, self.text(), limit=2)
            typed = self.text().strip()
            exact = [p for p in self.ctx.procedures if typed in (p["code"], procedure_text(p))]
            if exact or len(hits) == 1:
                self.choose(exact[0] if exact else hits[0])
                self.focusNextChild()
            event.accept()
            return
        super().keyPressEvent(event)


COUNT_COLUMNS = ("originals", "certified", "copies")


class Checklist(QTableWidget):
    """The procedure's papers: tick what was handed in, adjust the copy counts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("checklist")
        self.setHorizontalHeaderLabels(
            [
                self.tr("Giấy tờ (tích khi đã nhận)"),
                self.tr("Bản chính"),
                self.tr("Bản chứng thực"),
                self.tr("Bản photo"),
            ]
        )
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setTabKeyNavigation(False)
        self.setWordWrap(True)
        self.required: list[bool] = []

    def load(self, documents: list[dict[str, Any]]) -> None:
        self.setRowCount(0)
        self.required = []
        for d in documents:
            row = self.rowCount()
            self.insertRow(row)
            name = QTableWidgetItem(d["name"])
            name.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
            )
            name.setCheckState(Qt.CheckState.Checked)
            if d.get("note"):
                name.setToolTip(d["note"])
            self.setItem(row, 0, name)
            for col, key in enumerate(COUNT_COLUMNS, start=1):
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.EditRole, int(d.get(key, 0) or 0))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.setItem(row, col, item)
            self.required.append(bool(d.get("required", True)))
        self.resizeRowsToContents()
        if self.rowCount():
            self.setCurrentCell(0, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.resizeRowsToContents()  # long paper names wrap to the new width instead of eliding

    def cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.item(row, column)
        if item is None:  # load() creates every cell of a row; a missing one is a bug
            raise LookupError(f"checklist cell {row},{column} missing")
        return item

    def _row(self, row: int) -> dict[str, Any]:
        def count(col: int) -> int:
            item = self.item(row, col)
            return max(0, min(99, int(item.data(Qt.ItemDataRole.EditRole) or 0))) if item else 0

        return {
            "name": self.cell(row, 0).text(),
            "originals": count(1),
            "certified": count(2),
            "copies": count(3),
        }

    def received(self) -> list[dict[str, Any]]:
        return [
            self._row(r)
            for r in range(self.rowCount())
            if self.cell(r, 0).checkState() == Qt.CheckState.Checked
        ]

    def missing(self, *, required_only: bool = True) -> list[dict[str, Any]]:
        return [
            self._row(r)
            for r in range(self.rowCount())
            if self.cell(r, 0).checkState() != Qt.CheckState.Checked
            and (self.required[r] or not required_only)
        ]

    def set_checked(self, row: int, checked: bool) -> None:
        self.cell(row, 0).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
