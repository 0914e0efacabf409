"""Small dialogs for the lifecycle: a written reason, the list of missing papers, an extension.

All are opened with ``open()`` (window-modal, no nested event loop): the caller connects to
``submitted`` and nothing blocks the GUI thread while the clerk types.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import TZ
from app.domain.text import nfc
from ui.widgets import MessageLabel


def _cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    if item is None:  # every cell is created with its row; a missing one is a bug, not input
        raise LookupError(f"table cell {row},{column} missing")
    return item


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(dialog.tr("Hủy"))
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class ReasonDialog(QDialog):
    """Asks for the written reason a transition needs (refusal, stop, withdrawal…)."""

    submitted = Signal(str)

    def __init__(self, title: str, prompt: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasonDialog")
        self.setWindowTitle(title)
        self.text = QPlainTextEdit()
        self.text.setObjectName("reasonText")
        self.text.setTabChangesFocus(True)
        self.message = MessageLabel()
        box = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        box.addWidget(label)
        box.addWidget(self.text)
        box.addWidget(self.message)
        box.addWidget(_buttons(self, ok_text))
        self.resize(520, 260)

    def accept(self) -> None:
        reason = nfc(self.text.toPlainText())
        if not reason:
            self.message.show_issue(self.tr("Lý do là bắt buộc: ghi rõ để in lên phiếu"))
            self.text.setFocus()
            return
        super().accept()
        self.submitted.emit(reason)


class SupplementDialog(QDialog):
    """The papers to add or complete (printed on the supplement request form)."""

    submitted = Signal(list, str)  # missing [{name, originals, certified, copies}], note

    def __init__(self, missing: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supplementDialog")
        self.setWindowTitle(self.tr("Yêu cầu bổ sung, hoàn thiện hồ sơ"))
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("missingTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Giấy tờ cần bổ sung"),
                self.tr("Bản chính"),
                self.tr("Bản chứng thực"),
                self.tr("Bản photo"),
            ]
        )
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        for d in missing or [{"name": "", "originals": 1, "certified": 0, "copies": 0}]:
            self._add(d)
        self.note = QPlainTextEdit()
        self.note.setObjectName("supplementNote")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("Lý do, hướng dẫn hoàn thiện (in lên phiếu)"))
        self.message = MessageLabel()
        box = QVBoxLayout(self)
        box.addWidget(QLabel(self.tr("Giấy tờ còn thiếu hoặc cần hoàn thiện (sửa trực tiếp trong bảng):")))
        box.addWidget(self.table)
        box.addWidget(QLabel(self.tr("Nội dung hướng dẫn")))
        box.addWidget(self.note)
        box.addWidget(self.message)
        box.addWidget(_buttons(self, self.tr("Lưu và in phiếu bổ sung")))
        self.resize(640, 400)

    def _add(self, d: dict[str, Any]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(d.get("name", "")))
        for col, key in enumerate(("originals", "certified", "copies"), start=1):
            item = QTableWidgetItem()
            item.setData(Qt.ItemDataRole.EditRole, int(d.get(key, 0) or 0))
            self.table.setItem(row, col, item)

    def missing(self) -> list[dict[str, Any]]:
        out = []
        for r in range(self.table.rowCount()):
            name = nfc(_cell(self.table, r, 0).text())
            if name:
                counts = {
                    key: int(_cell(self.table, r, c).data(Qt.ItemDataRole.EditRole) or 0)
                    for c, key in enumerate(("originals", "certified", "copies"), start=1)
                }
                out.append({"name": name, **counts})
        return out

    def accept(self) -> None:
        missing, note = self.missing(), nfc(self.note.toPlainText())
        if not missing:
            self.message.show_issue(self.tr("Cần ít nhất một giấy tờ phải bổ sung"))
            return
        if not note:
            note = self.tr("Bổ sung, hoàn thiện các giấy tờ theo danh sách")
        super().accept()
        self.submitted.emit(missing, note)


class ExtendDialog(QDialog):
    """Apology and new appointment (once per dossier, leaders only)."""

    submitted = Signal(object, str)  # aware datetime, reason

    def __init__(self, current_due: datetime | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("extendDialog")
        self.setWindowTitle(self.tr("Xin lỗi và hẹn lại ngày trả kết quả"))
        self.when = QDateTimeEdit()
        self.when.setObjectName("extendWhen")
        self.when.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.when.setCalendarPopup(True)
        base = current_due or datetime.now(TZ)
        self.when.setDateTime(QDateTime(base.replace(tzinfo=None)).addDays(3))
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("extendReason")
        self.reason.setTabChangesFocus(True)
        self.message = MessageLabel()
        form = QFormLayout(self)
        form.addRow(self.tr("Ngày hẹn mới"), self.when)
        form.addRow(self.tr("Lý do chậm trễ *"), self.reason)
        form.addRow(self.message)
        form.addRow(_buttons(self, self.tr("Gia hạn và in thư xin lỗi")))
        self.resize(520, 280)

    def accept(self) -> None:
        reason = nfc(self.reason.toPlainText())
        if not reason:
            self.message.show_issue(self.tr("Lý do chậm trễ là bắt buộc (in lên thư xin lỗi)"))
            return
        qdt = self.when.dateTime()
        value = datetime(
            qdt.date().year(),
            qdt.date().month(),
            qdt.date().day(),
            qdt.time().hour(),
            qdt.time().minute(),
            tzinfo=TZ,
        )
        super().accept()
        self.submitted.emit(value, reason)
