"""The QĐ 766/QĐ-TTg indicators in the Reports dialog: one bar per indicator, drawn with QPainter
(no QtCharts: it is not in the PySide6-Essentials wheel the desk ships)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from ui import ops_citizen
from ui.context import AppContext

ORDER = ("1.4", "2.1", "2.2", "3.3", "5.4")
COLOURS = {"1.4": "#2a6fb0", "2.1": "#1b7f3b", "2.2": "#b07a2a", "3.3": "#6a3fb0", "5.4": "#b02a5a"}


class BarChart(QWidget):
    """Horizontal bars on a 0–100 % scale; an indicator without data shows a dash, not a zero."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("index766Chart")
        self.values: dict[str, float | None] = {}
        self.labels: dict[str, str] = {}
        self.setMinimumHeight(40 + 34 * len(ORDER))

    def set_data(self, values: dict[str, float | None], labels: dict[str, str]) -> None:
        self.values, self.labels = dict(values), dict(labels)
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        font = QFont(self.font())
        p.setFont(font)
        metrics = p.fontMetrics()
        label_w = 16.0 + max(
            (metrics.horizontalAdvance(f"{k}  {self.labels.get(k, '')}") for k in ORDER), default=200
        )
        value_w, top, row_h = 70.0, 10.0, 34.0
        width = max(60.0, self.width() - label_w - value_w - 20)
        x0 = label_w + 10
        grid = QPen(QColor("#cccccc"))
        for pct in (0, 25, 50, 75, 100):
            x = x0 + width * pct / 100
            p.setPen(grid)
            p.drawLine(int(x), int(top), int(x), int(top + row_h * len(ORDER)))
            p.setPen(self.palette().text().color())
            p.drawText(
                QRectF(x - 20, top + row_h * len(ORDER), 40, 18), Qt.AlignmentFlag.AlignCenter, f"{pct}%"
            )
        for i, key in enumerate(ORDER):
            y = top + i * row_h
            p.setPen(self.palette().text().color())
            p.drawText(
                QRectF(0, y, label_w, row_h),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                f"{key}  {self.labels.get(key, '')}",
            )
            value = self.values.get(key)
            if value is not None:
                bar = QRectF(x0, y + 6, width * max(0.0, min(value, 100.0)) / 100, row_h - 12)
                p.fillRect(bar, QColor(COLOURS[key]))
            text = "—" if value is None else f"{value:.1f} %"
            p.drawText(
                QRectF(x0 + width + 6, y, value_w, row_h),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                text,
            )
        p.end()


class Index766Box(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Chỉ số phục vụ theo Quyết định 766/QĐ-TTg (%)"), parent)
        self.ctx = ctx
        self.setObjectName("index766Box")
        self.chart = BarChart()
        self.note = QLabel()
        self.note.setObjectName("index766Note")
        self.note.setWordWrap(True)
        self.data: dict[str, Any] | None = None
        v = QVBoxLayout(self)
        v.addWidget(self.chart)
        v.addWidget(self.note)

    def load(self, start: date, end: date) -> None:
        user = self.ctx.user
        self.ctx.runner.db(
            lambda desk: ops_citizen.index766(desk, user, start, end), self.show_data, label="766"
        )

    def show_data(self, data: dict[str, Any]) -> None:
        self.data = data
        self.chart.set_data(data["indicators"], data["labels"])
        d = data["details"]
        self.note.setText(
            self.tr(
                "Nhận {0} hồ sơ, đã giải quyết {1} ({2} đúng hạn, {3} quá hạn); thời gian trung bình {4} ngày. "
                "2.1 tính đến khi kết thúc xử lý, trừ thời gian chờ bổ sung; yêu cầu bổ sung lần hai tính là quá hạn."
            ).format(
                d["received"],
                d["finished"],
                d["on_time"],
                d["late"],
                "—" if d["2.2_days"] is None else d["2.2_days"],
            )
        )
