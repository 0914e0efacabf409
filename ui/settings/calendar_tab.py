"""Work calendar: the month with days off and working weekend days; an admin marks a day."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ui import ops_admin
from ui.context import AppContext
from ui.widgets import MessageLabel, weekday_name

COLORS = {"off": "#f6d5d3", "weekend": "#e6e6e6", "work_weekend": "#d4edd9", "working": "#ffffff"}


class CalendarTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.days: dict[date, dict[str, Any]] = {}
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("workCalendar")
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.currentPageChanged.connect(lambda y, m: self.load(y, m))
        self.calendar.selectionChanged.connect(self._selected)
        self.day_label = QLabel()
        self.day_label.setObjectName("dayLabel")
        self.day_label.setWordWrap(True)
        self.kind = QComboBox()
        self.kind.setObjectName("dayKind")
        self.kind.addItem(self.tr("Ngày nghỉ (lễ, Tết, nghỉ bù)"), "off")
        self.kind.addItem(self.tr("Ngày làm việc (làm bù)"), "work")
        self.kind.addItem(self.tr("Theo quy định chung (bỏ điều chỉnh)"), None)
        self.name = QLineEdit()
        self.name.setObjectName("dayName")
        self.name.setPlaceholderText(self.tr("ví dụ: Nghỉ bù Quốc khánh"))
        self.apply = QPushButton(self.tr("Lưu ngày này"))
        self.apply.setObjectName("applyDay")
        self.apply.clicked.connect(self.save_day)
        self.message = MessageLabel()
        legend = QLabel(
            self.tr(
                "Đỏ: ngày nghỉ · Xám: cuối tuần · Xanh: làm bù cuối tuần. Ngày hẹn trả được tính lại theo lịch mới."
            )
        )
        legend.setWordWrap(True)
        side = QFormLayout()
        side.addRow(self.day_label)
        side.addRow(self.tr("Loại ngày"), self.kind)
        side.addRow(self.tr("Tên ngày"), self.name)
        side.addRow("", self.apply)
        side.addRow(self.message)
        side.addRow(legend)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(400)
        row = QHBoxLayout(self)
        row.addWidget(self.calendar, 1)
        row.addWidget(side_widget)
        self.load(self.calendar.yearShown(), self.calendar.monthShown())

    def load(self, year: int, month: int) -> None:
        def done(rows: list[dict[str, Any]]) -> None:
            self.days = {r["day"]: r for r in rows}
            for r in rows:
                fmt = QTextCharFormat()
                fmt.setBackground(QColor(COLORS.get(r["kind"], "#ffffff")))
                if r["name"]:
                    fmt.setToolTip(r["name"])
                d = r["day"]
                self.calendar.setDateTextFormat(QDate(d.year, d.month, d.day), fmt)
            self._selected()

        actor = self.ctx.actor
        self.ctx.runner.db(
            lambda desk: ops_admin.month(desk, year, month, actor=actor), done, label="calendar"
        )

    def selected_day(self) -> date:
        q = self.calendar.selectedDate()
        return date(q.year(), q.month(), q.day())

    def _selected(self) -> None:
        d = self.selected_day()
        info = self.days.get(d)
        kinds = {
            "working": self.tr("ngày làm việc"),
            "weekend": self.tr("ngày nghỉ cuối tuần"),
            "off": self.tr("ngày nghỉ"),
            "work_weekend": self.tr("ngày làm bù"),
        }
        text = f"{weekday_name(d)}, {d:%d/%m/%Y}"
        if info:
            text += f": {kinds.get(info['kind'], info['kind'])}"
            if info["name"]:
                text += f" – {info['name']}"
        self.day_label.setText(text)

    def save_day(self) -> None:
        d, kind, name, actor = self.selected_day(), self.kind.currentData(), self.name.text(), self.ctx.actor

        def done(_change: dict[str, Any]) -> None:
            self.message.show_issue(self.tr("Đã lưu ngày {0}").format(f"{d:%d/%m/%Y}"), "ok")
            self.load(d.year, d.month)

        self.ctx.runner.db(
            lambda desk: ops_admin.set_day(desk, d, kind, name=name, actor=actor), done, label="day"
        )
