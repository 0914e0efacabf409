"""Results returned by post: the day's hand-over list, the tracking number of each parcel handed
to the postal worker, and the sổ giao nhận (PDF) they both sign (QĐ 45/2016/QĐ-TTg)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import ops_citizen
from ui.context import AppContext
from ui.widgets import MessageLabel, heading


class PostalDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, day: date | None = None) -> None:
        super().__init__(parent)
        from app.domain.clock import today

        self.ctx = ctx
        self.day = day or today()
        self.setObjectName("postalDialog")
        self.setWindowTitle(self.tr("Trả kết quả qua bưu điện"))
        self.rows: list[dict[str, Any]] = []
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("postalTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Mã hồ sơ"),
                self.tr("Người nhận"),
                self.tr("Địa chỉ"),
                self.tr("Lệ phí"),
                self.tr("Số hiệu bưu gửi"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tracking = QLineEdit()
        self.tracking.setObjectName("trackingEdit")
        self.tracking.setPlaceholderText(self.tr("số hiệu bưu gửi, ví dụ EB123456789VN"))
        self.hand_button = QPushButton(self.tr("Ghi đã giao bưu điện"))
        self.hand_button.setObjectName("handToPost")
        self.hand_button.clicked.connect(self.hand)
        self.tracking.returnPressed.connect(self.hand)
        self.pdf_button = QPushButton(self.tr("Sổ giao nhận (PDF)…"))
        self.pdf_button.setObjectName("postalBook")
        self.pdf_button.clicked.connect(self.ask_pdf)
        self.message = MessageLabel()
        close = QPushButton(self.tr("Đóng"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Hồ sơ đang chọn:")))
        row.addWidget(self.tracking, 1)
        row.addWidget(self.hand_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.pdf_button)
        bottom.addWidget(close)
        v = QVBoxLayout(self)
        v.addWidget(heading(self.tr("Giao kết quả cho bưu điện ngày {0}").format(f"{self.day:%d/%m/%Y}")))
        v.addWidget(self.table, 1)
        v.addLayout(row)
        v.addLayout(bottom)
        self.resize(980, 520)
        self.load()

    def load(self) -> None:
        day, user = self.day, self.ctx.user
        self.ctx.runner.db(lambda desk: ops_citizen.postal_book(desk, user, day), self._show, label="postal")

    def _show(self, book: dict[str, Any]) -> None:
        self.rows = book["rows"]
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            fee = "" if r["fee"] is None else f"{r['fee']:,}".replace(",", ".") + " đ"
            for c, text in enumerate(
                (r["code"], r["name"], r["address"], fee, r["tracking"] or self.tr("chưa giao"))
            ):
                self.table.setItem(i, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        waiting = next((i for i, r in enumerate(self.rows) if not r["tracking"]), None)
        if waiting is not None:
            self.table.selectRow(waiting)
            self.tracking.setFocus()

    def hand(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows) or self.rows[row]["tracking"]:
            self.message.show_issue(self.tr("Chọn một hồ sơ chưa giao bưu điện"))
            return
        code, tracking, user = self.rows[row]["code"], self.tracking.text(), self.ctx.user

        def done(out: dict[str, Any]) -> None:
            self.tracking.clear()
            self.message.show_issue(
                self.tr("Đã giao {0}, số hiệu {1}").format(out["code"], out["tracking"]), "ok"
            )
            self.ctx.dossiers_changed.emit(out["code"])
            self.load()

        self.ctx.runner.db(
            lambda desk: ops_citizen.postal_hand(desk, user, code, tracking), done, label="postal-hand"
        )

    def ask_pdf(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Lưu sổ giao nhận"),
            f"so-giao-nhan-buu-dien_{self.day:%Y%m%d}.pdf",
            self.tr("Tệp PDF (*.pdf)"),
        )
        if name:
            self.save_pdf(Path(name))

    def save_pdf(self, path: Path) -> None:
        day, user = self.day, self.ctx.user
        self.ctx.runner.db(
            lambda desk: ops_citizen.postal_book_pdf(desk, user, day, path),
            lambda written: self.message.show_issue(self.tr("Đã lưu {0}").format(written), "ok"),
            label="postal-pdf",
        )
