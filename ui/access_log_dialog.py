"""Nhật ký xử lý dữ liệu cá nhân, for leaders (issue 9 "Reading it"): who opened, searched,
printed or exported which citizen's data, filtered by dossier, person and period."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import today as office_today
from app.services.access_log import ACTION_VI
from app.usecases.permissions import Permission, permissions_of
from ui import ops
from ui.context import AppContext
from ui.models import Column, DictTableModel, short_time


def can_read_log(user: ops.User | None) -> bool:
    """The one permission table decides (app/usecases/permissions.py): leaders and admins."""
    return user is not None and Permission.ACCESS_LOG in permissions_of(user.role)


def _shown(row: dict[str, Any]) -> str:
    if row.get("dossier"):
        return str(row["dossier"])
    codes = row.get("dossiers") or []
    if not codes:
        return ""
    return codes[0] if len(codes) == 1 else f"{codes[0]} … (+{len(codes) - 1})"


class AccessLogDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("accessLogDialog")
        self.setWindowTitle(self.tr("Nhật ký xử lý dữ liệu cá nhân"))
        self.resize(1000, 600)
        self.rows: list[dict[str, Any]] | None = None
        self.dossier = QLineEdit()
        self.dossier.setPlaceholderText(self.tr("mã hồ sơ (để trống: tất cả)"))
        self.person = QLineEdit()
        self.person.setPlaceholderText(self.tr("số CCCD/CMND/hộ chiếu của công dân"))
        # The office's day (Asia/Ho_Chi_Minh), not the PC's time zone: entries are stamped +07:00.
        day = office_today()
        today = QDate(day.year, day.month, day.day)
        self.start = QDateEdit(today.addDays(-30))
        self.end = QDateEdit(today)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        period = QHBoxLayout()
        period.addWidget(self.start)
        period.addWidget(QLabel(self.tr("đến")))
        period.addWidget(self.end)
        period.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Hồ sơ"), self.dossier)
        form.addRow(self.tr("Công dân"), self.person)
        form.addRow(self.tr("Từ ngày"), period)
        self.show_button = QPushButton(self.tr("Xem nhật ký"))
        self.show_button.setObjectName("showAccessLog")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.load)
        self.model = DictTableModel(
            [
                Column(self.tr("Thời điểm"), lambda r: short_time(r["at"])),
                Column(self.tr("Người thực hiện"), lambda r: r["actor"]),
                Column(self.tr("Thao tác"), lambda r: ACTION_VI.get(r["action"], r["action"])),
                Column(self.tr("Hồ sơ"), _shown),
                Column(self.tr("Chi tiết"), lambda r: r["detail"]),
            ],
            self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.count = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.show_button)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)

    def _day(self, edit: QDateEdit) -> date:
        d = edit.date()
        return date(d.year(), d.month(), d.day())

    def load(self) -> None:
        actor = self.ctx.actor
        filters = {
            "dossier": self.dossier.text().strip() or None,
            "person": self.person.text().strip() or None,
            "start": self._day(self.start),
            "end": self._day(self.end),
        }

        def done(rows: list[dict[str, Any]]) -> None:
            self.rows = rows
            self.model.set_rows(list(reversed(rows)))  # newest first
            self.count.setText(self.tr("{0} mục").format(len(rows)))

        self.ctx.runner.db(lambda desk: ops.access_log(desk, actor, **filters), done, label="access-log")
