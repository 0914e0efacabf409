"""Reports for leaders: Biểu 06 for a reporting period, exported to PDF/Excel, and the register.

Periods follow the reporting regime's cut-offs (app/reports/periods.py: the 15th of the previous
month to the 14th); a custom range is always possible. The figures come from the same
classification the queue uses, computed on the DB worker.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.reports.export import GROUPS
from app.reports.periods import annual, half_year, monthly, nine_months, quarterly
from ui import ops_reports
from ui.context import AppContext
from ui.widgets import heading

KEYS = [k for _, cols in GROUPS for k, _ in cols]
# Two short lines per column so eleven figures fit a 1 280-pixel desk screen; the header tooltip
# carries the full Biểu 06 wording.
SHORT = {
    "received_total": "Nhận\nTổng số",
    "received_online": "Nhận\nTrực tuyến",
    "received_direct_postal": "Nhận\nTT, BCCI",
    "received_carried": "Nhận\nKỳ trước",
    "resolved_total": "Đã GQ\nTổng số",
    "resolved_early": "Đã GQ\nTrước hạn",
    "resolved_on_time": "Đã GQ\nĐúng hạn",
    "resolved_late": "Đã GQ\nQuá hạn",
    "pending_total": "Đang GQ\nTổng số",
    "pending_within": "Đang GQ\nTrong hạn",
    "pending_overdue": "Đang GQ\nQuá hạn",
}


def presets(today: date) -> list[tuple[str, tuple[date, date]]]:
    """Reporting periods around ``today``: the one in progress first, then the last closed ones."""
    month = (
        monthly(today.year, today.month)
        if today.day <= 14
        else monthly(today.year + (today.month == 12), today.month % 12 + 1)
    )
    prev_end = date.fromordinal(month[0].toordinal() - 1)
    previous = monthly(prev_end.year, prev_end.month)
    quarter_no = (month[1].month - 1) // 3 + 1
    return [
        ("Kỳ tháng hiện tại", month),
        ("Kỳ tháng trước", previous),
        (f"Quý {quarter_no}/{month[1].year}", quarterly(month[1].year, quarter_no)),
        (f"6 tháng đầu năm {month[1].year}", half_year(month[1].year)),
        (f"9 tháng năm {month[1].year}", nine_months(month[1].year)),
        (f"Năm {month[1].year}", annual(month[1].year)),
    ]


class ReportsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("reportsDialog")
        self.setWindowTitle(self.tr("Báo cáo"))
        self.report: dict[str, Any] | None = None
        from app.domain.clock import today as clock_today

        self.period = QComboBox()
        self.period.setObjectName("reportPeriod")
        for label, (start, end) in presets(today or clock_today()):
            self.period.addItem(self.tr(label), (start, end))
        self.period.addItem(self.tr("Tùy chọn"), None)
        self.start = QDateEdit()
        self.end = QDateEdit()
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.period.currentIndexChanged.connect(self._preset)
        self.show_button = QPushButton(self.tr("Xem báo cáo"))
        self.show_button.setObjectName("showReport")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.load)
        self.title = QLabel()
        self.title.setObjectName("reportTitle")
        # The counts the model form has no column for (the printed annex table).
        self.annex = QLabel()
        self.annex.setObjectName("reportAnnex")
        self.annex.setWordWrap(True)
        self.table = QTableWidget(0, 2 + len(KEYS))
        self.table.setObjectName("reportTable")
        # Column numbers (1)–(13) as on the printed Biểu 06 (docs/forms.md).
        self.table.setHorizontalHeaderLabels(
            [self.tr("STT\n(1)"), self.tr("Lĩnh vực\n(2)")]
            + [f"{self.tr(SHORT[k])}\n({n})" for n, k in enumerate(KEYS, start=3)]
        )
        for c, (group, col) in enumerate(((g, h) for g, cols in GROUPS for _, h in cols), start=2):
            header_item = self.table.horizontalHeaderItem(c)
            if header_item is not None:
                header_item.setToolTip(f"{self.tr(group)}: {self.tr(col)}")
            self.table.setColumnWidth(c, 76)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(36)
        self.table.setColumnWidth(0, 40)
        self.pdf_button = QPushButton(self.tr("Xuất PDF…"))
        self.xlsx_button = QPushButton(self.tr("Xuất Excel…"))
        self.register_button = QPushButton(self.tr("Sổ theo dõi hồ sơ (PDF)…"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.register_button.clicked.connect(self.export_register)
        close = QPushButton(self.tr("Đóng"))
        close.clicked.connect(self.accept)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Kỳ báo cáo")))
        top.addWidget(self.period, 1)
        top.addWidget(QLabel(self.tr("Từ ngày")))
        top.addWidget(self.start)
        top.addWidget(QLabel(self.tr("đến ngày")))
        top.addWidget(self.end)
        top.addWidget(self.show_button)
        bottom = QHBoxLayout()
        for b in (self.pdf_button, self.xlsx_button, self.register_button):
            bottom.addWidget(b)
        bottom.addStretch(1)
        bottom.addWidget(close)
        v = QVBoxLayout(self)
        v.addWidget(heading(self.tr("Tình hình, kết quả giải quyết TTHC (Biểu số 06/VPCP/KSTT)")))
        v.addLayout(top)
        v.addWidget(self.title)
        v.addWidget(self.table, 1)
        v.addWidget(self.annex)
        v.addLayout(bottom)
        self.resize(1240, 560)
        self._preset(0)
        self._exports_enabled(False)

    def _preset(self, index: int) -> None:
        span = self.period.itemData(index)
        custom = span is None
        self.start.setEnabled(custom)
        self.end.setEnabled(custom)
        if not custom:
            start, end = span
            self.start.setDate(QDate(start.year, start.month, start.day))
            self.end.setDate(QDate(end.year, end.month, end.day))

    def dates(self) -> tuple[date, date]:
        a, b = self.start.date(), self.end.date()
        return date(a.year(), a.month(), a.day()), date(b.year(), b.month(), b.day())

    def _exports_enabled(self, on: bool) -> None:
        for b in (self.pdf_button, self.xlsx_button):
            b.setEnabled(on)

    def load(self) -> None:
        start, end = self.dates()
        if end < start:
            self.title.setText(self.tr("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu"))
            return
        actor = self.ctx.actor
        self.ctx.runner.db(
            lambda desk: ops_reports.bieu06(desk, start, end, actor=actor), self._show, label="report"
        )

    def _show(self, report: dict[str, Any]) -> None:
        self.report = report
        self.title.setText(
            self.tr("Từ ngày {0} đến ngày {1} – {2}").format(
                date.fromisoformat(report["from"]).strftime("%d/%m/%Y"),
                date.fromisoformat(report["to"]).strftime("%d/%m/%Y"),
                report["office_name"],
            )
        )
        total = report["total"]
        self.annex.setText(
            self.tr(
                "Phụ lục: chờ bổ sung {0} (đã tính trong cột 11); trả lại, rút, dừng giải quyết {1}; "
                "từ chối tiếp nhận {2}. Đơn vị nhận báo cáo: {3}"
            ).format(
                total["supplement_requested"],
                total["withdrawn_stopped"],
                total["refused"],
                report.get("receiving_unit") or "…",
            )
        )
        rows = [*report["rows"], total]
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            last = i == len(rows) - 1
            cells = ["" if last else str(i + 1), row["field"], *[str(row[k]) for k in KEYS]]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if last:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(i, c, item)
        self._exports_enabled(True)

    def _ask_path(self, suggested: str, pattern: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu báo cáo"), suggested, pattern)
        return Path(name) if name else None

    def export(self, fmt: str) -> None:
        start, end = self.dates()
        pattern = self.tr("Tệp PDF (*.pdf)") if fmt == "pdf" else self.tr("Tệp Excel (*.xlsx)")
        path = self._ask_path(f"bieu06_{start:%Y%m%d}_{end:%Y%m%d}.{fmt}", pattern)
        if path is None:
            return
        actor = self.ctx.actor
        self.ctx.runner.db(
            lambda desk: ops_reports.export_bieu06(desk, start, end, fmt, path, actor=actor),
            lambda written: self.title.setText(self.tr("Đã lưu {0}").format(written)),
            label="report-export",
        )

    def export_register(self) -> None:
        start, end = self.dates()
        path = self._ask_path(f"so-theo-doi_{start:%Y%m%d}_{end:%Y%m%d}.pdf", self.tr("Tệp PDF (*.pdf)"))
        if path is None:
            return
        actor = self.ctx.actor
        self.ctx.runner.db(
            lambda desk: ops_reports.register_pdf(desk, start, end, path, actor=actor),
            lambda written: self.title.setText(self.tr("Đã lưu {0}").format(written)),
            label="register",
        )
