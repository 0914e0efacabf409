"""Small shared widgets: a field with its message line, Vietnamese date parsing, headings."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


def weekday_name(d: date) -> str:
    names = (
        QCoreApplication.translate("Widgets", "Thứ Hai"),
        QCoreApplication.translate("Widgets", "Thứ Ba"),
        QCoreApplication.translate("Widgets", "Thứ Tư"),
        QCoreApplication.translate("Widgets", "Thứ Năm"),
        QCoreApplication.translate("Widgets", "Thứ Sáu"),
        QCoreApplication.translate("Widgets", "Thứ Bảy"),
        QCoreApplication.translate("Widgets", "Chủ nhật"),
    )
    return names[d.weekday()]


class MessageLabel(QLabel):
    """The line under a field: red for an error, amber for a warning, hidden when all is well."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("fieldMessage")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.level = ""
        self.hide()

    def show_issue(self, text: str, level: str = "error") -> None:
        self.level = level if text else ""
        self.setProperty("level", level)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setText(text)
        self.setVisible(bool(text))

    def clear_issue(self) -> None:
        self.show_issue("", "")


class Field(QWidget):
    """An editor with its message line beneath (messages in Vietnamese next to the field)."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.message = MessageLabel(self)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(editor)
        box.addWidget(self.message)
        self.setFocusProxy(editor)


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("heading")
    return label


def parse_vi_date(text: str) -> date | None:
    """'dd/mm/yyyy' (also with '-' or '.'); None for empty; ValueError with a Vietnamese message."""
    value = text.strip()
    if not value:
        return None
    for sep in ("-", "."):
        value = value.replace(sep, "/")
    parts = value.split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(
            QCoreApplication.translate(
                "Widgets", "Ngày '{0}' phải có dạng ngày/tháng/năm, ví dụ 05/09/1985"
            ).format(text.strip())
        )
    day, month, year = (int(p) for p in parts)
    if year < 100:
        raise ValueError(QCoreApplication.translate("Widgets", "Năm phải ghi đủ 4 chữ số, ví dụ 1985"))
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(
            QCoreApplication.translate("Widgets", "Ngày {0} không có trong lịch").format(text.strip())
        ) from exc


def appointment_text(dt: datetime | None) -> str:
    """How the slip states an appointment: '14 giờ 30 phút, Thứ Năm, ngày 27/11/2026'."""
    if dt is None:
        return QCoreApplication.translate("Widgets", "Không có ngày hẹn trả cụ thể theo quy định")
    return QCoreApplication.translate("Widgets", "{0} giờ {1} phút, {2}, ngày {3}").format(
        f"{dt:%H}", f"{dt:%M}", weekday_name(dt.date()), f"{dt:%d/%m/%Y}"
    )
