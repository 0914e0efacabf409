"""Catalogue: the procedures in use, and the import of a province's JSON/CSV file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import ops_admin
from ui.context import AppContext
from ui.models import Column, DictTableModel
from ui.widgets import MessageLabel


class CatalogueTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = DictTableModel(
            [
                Column(self.tr("Mã"), lambda r: r["code"]),
                Column(self.tr("Tên thủ tục"), lambda r: r["name"]),
                Column(self.tr("Lĩnh vực"), lambda r: r.get("field", "")),
                Column(self.tr("Thời hạn"), lambda r: r.get("limit", "")),
            ],
            self,
        )
        self.view = QTableView()
        self.view.setObjectName("catalogueTable")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setColumnWidth(0, 100)
        self.view.setColumnWidth(1, 380)
        self.view.setColumnWidth(2, 160)
        self.count = QLabel()
        self.import_button = QPushButton(self.tr("Nhập danh mục từ tệp (.json, .csv)…"))
        self.import_button.setObjectName("importCatalogue")
        self.import_button.clicked.connect(self.ask_import)
        self.message = MessageLabel()
        self.message.setObjectName("catalogueMessage")
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        row.addWidget(self.import_button)
        v = QVBoxLayout(self)
        v.addLayout(row)
        v.addWidget(self.view, 1)
        v.addWidget(self.message)
        ctx.catalogue_changed.connect(self._show)
        self._show()

    def _show(self) -> None:
        self.model.set_rows(self.ctx.procedures)
        self.count.setText(self.tr("{0} thủ tục đang áp dụng").format(len(self.ctx.procedures)))

    def ask_import(self) -> None:
        dialog = QFileDialog(
            self, self.tr("Chọn tệp danh mục thủ tục"), "", self.tr("Danh mục (*.json *.csv)")
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, self.tr("Mở"))
        dialog.setLabelText(QFileDialog.DialogLabel.Reject, self.tr("Hủy"))
        dialog.fileSelected.connect(self.import_file)
        dialog.open()

    def import_file(self, path: str) -> None:
        actor = self.ctx.actor
        self.message.show_issue(self.tr("Đang kiểm tra tệp…"), "info")

        def done(result: dict[str, Any]) -> None:
            self.message.show_issue(
                self.tr("Đã nhập: {0} thủ tục mới, {1} cập nhật, {2} không đổi").format(
                    result["added"], result["updated"], result["unchanged"]
                ),
                "ok",
            )
            self.ctx.load_procedures()

        def failed(exc: BaseException) -> bool:
            from ui.runner import UserError

            if isinstance(exc, UserError):
                self.message.show_issue(self.tr("Tệp có lỗi, chưa nhập gì:\n{0}").format(exc.message))
                return True
            self.message.clear_issue()
            return False

        self.ctx.runner.db(
            lambda desk: ops_admin.import_catalogue(desk, Path(path), actor=actor),
            done,
            failed=failed,
            label="import",
        )
