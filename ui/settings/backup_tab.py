"""Backups: take one now (with progress), the second folder, the list with a preview, restore."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDateTime, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import ops_backup
from ui.context import AppContext
from ui.widgets import MessageLabel

KIND_VI = {
    "daily": "Đầu ngày",
    "close": "Khi đóng",
    "premigrate": "Trước nâng cấp",
    "manual": "Thủ công",
    "prerestore": "Trước khôi phục",
}


class _Progress(QObject):
    """Carries the copy's progress from the DB worker to the GUI thread (queued signal)."""

    changed = Signal(int, int)

    def __call__(self, done: int, total: int) -> None:
        self.changed.emit(done, total)


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{max(1, n // 1024)} KB"


def _when(iso: str) -> str:
    dt = QDateTime.fromString(iso[:19], "yyyy-MM-ddTHH:mm:ss")
    return dt.toString("dd/MM/yyyy HH:mm") if dt.isValid() else iso


class BackupTab(QWidget):
    restored = Signal(dict)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupTab")
        self.ctx = ctx
        self.rows: list[dict[str, Any]] = []
        self.progress_relay = _Progress(self)
        self.progress_relay.changed.connect(self._progress)

        intro = QLabel(
            self.tr(
                "Dữ liệu được tự động sao lưu khi mở chương trình lần đầu trong ngày, khi đóng "
                "chương trình và trước mỗi lần nâng cấp dữ liệu. Giữ lại 7 ngày gần nhất, 4 tuần "
                "và 12 tháng; bản sao lưu thủ công được giữ mãi."
            )
        )
        intro.setWordWrap(True)

        self.mirror = QLineEdit()
        self.mirror.setObjectName("mirrorDir")
        self.mirror.setReadOnly(True)
        self.mirror.setPlaceholderText(self.tr("chưa chọn (nên dùng USB hoặc ổ mạng)"))
        choose = QPushButton(self.tr("Chọn thư mục…"))
        choose.clicked.connect(self._choose_mirror)
        clear = QPushButton(self.tr("Bỏ"))
        clear.clicked.connect(lambda: self._set_mirror(None))
        mirror_row = QHBoxLayout()
        mirror_row.addWidget(QLabel(self.tr("Sao lưu thêm vào:")))
        mirror_row.addWidget(self.mirror, 1)
        mirror_row.addWidget(choose)
        mirror_row.addWidget(clear)

        self.backup_button = QPushButton(self.tr("Sao lưu ngay"))
        self.backup_button.setObjectName("backupNow")
        self.backup_button.clicked.connect(self.backup_now)
        self.bar = QProgressBar()
        self.bar.setObjectName("backupProgress")
        self.bar.setRange(0, 100)
        self.bar.setValue(0)
        self.bar.setFormat(self.tr("%p%"))
        top = QHBoxLayout()
        top.addWidget(self.backup_button)
        top.addWidget(self.bar, 1)

        self.table = QTableWidget(0, 6)
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Thời điểm"),
                self.tr("Loại"),
                self.tr("Mã đơn vị"),
                self.tr("Số hồ sơ"),
                self.tr("Dung lượng"),
                self.tr("Tệp"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(90)
        self.table.itemSelectionChanged.connect(self._selected)

        self.preview = QLabel(self.tr("Chọn một bản sao lưu để xem trước."))
        self.preview.setObjectName("backupPreview")
        self.preview.setWordWrap(True)
        self.other_office = QCheckBox(self.tr("Cho phép khôi phục dữ liệu của đơn vị khác"))
        self.other_office.setObjectName("otherOffice")
        self.restore_button = QPushButton(self.tr("Khôi phục bản đã chọn…"))
        self.restore_button.setObjectName("restoreSelected")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_selected)
        from_file = QPushButton(self.tr("Khôi phục từ tệp khác…"))
        from_file.clicked.connect(self._restore_from_file)
        refresh = QPushButton(self.tr("Làm mới"))
        refresh.clicked.connect(self.refresh)
        bottom = QHBoxLayout()
        bottom.addWidget(self.other_office)
        bottom.addStretch(1)
        bottom.addWidget(refresh)
        bottom.addWidget(from_file)
        bottom.addWidget(self.restore_button)

        self.message = MessageLabel()
        v = QVBoxLayout(self)
        v.addWidget(intro)
        v.addLayout(mirror_row)
        v.addLayout(top)
        v.addWidget(self.table, 1)
        v.addWidget(self.preview)
        v.addLayout(bottom)
        v.addWidget(self.message)
        self.refresh()

    # -- loading ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        user = self.ctx.user
        self.ctx.runner.db(ops_backup.state, self._state, label="backup-state")
        if user is not None:
            self.ctx.runner.db(lambda desk: ops_backup.backups(desk, user), self._fill, label="backups")

    def _state(self, state: dict[str, Any]) -> None:
        self.mirror.setText(state["mirror_dir"])

    def _fill(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, b in enumerate(rows):
            bad = b["check"] != "ok"
            cells = [
                _when(b["created"]),
                KIND_VI.get(b["kind"], b["kind"]) + (self.tr(" (hỏng)") if bad else ""),
                b["unit_code"] or "–",
                str(b["dossiers"]),
                _size(b["size"]),
                b["path"],
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(b["path"] if c == 5 else "")
                if c in (3, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.restore_button.setEnabled(False)
        if rows:
            self.table.selectRow(0)

    def _selected(self) -> None:
        b = self.selected()
        self.restore_button.setEnabled(b is not None and b["check"] == "ok")
        if b is None:
            return
        office = b["unit_code"] or self.tr("(chưa thiết lập)")
        self.preview.setText(
            self.tr("Bản sao lưu {0} ({1}): đơn vị {2}{3}, {4} hồ sơ.").format(
                _when(b["created"]),
                KIND_VI.get(b["kind"], b["kind"]).lower(),
                office,
                f" – {b['office_name']}" if b.get("office_name") else "",
                b["dossiers"],
            )
        )

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    # -- actions ---------------------------------------------------------------------------------

    def _progress(self, done: int, total: int) -> None:
        self.bar.setValue(int(100 * done / total) if total else 100)

    def _busy(self, busy: bool) -> None:
        self.backup_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy and self.selected() is not None)

    def backup_now(self) -> None:
        user = self.ctx.user
        if user is None:
            return
        self._busy(True)
        self.bar.setValue(0)
        relay = self.progress_relay

        def done(info: dict[str, Any]) -> None:
            self._busy(False)
            self.bar.setValue(100)
            text = self.tr("Đã sao lưu {0} hồ sơ vào {1}").format(info["dossiers"], info["path"])
            if info.get("mirror_problem"):
                text += "\n" + self.tr("Chưa chép được vào thư mục thứ hai: {0}").format(
                    info["mirror_problem"]
                )
                self.message.show_issue(text, "warning")
            else:
                self.message.show_issue(text, "ok")
            self.refresh()

        def failed(_exc: BaseException) -> bool:
            self._busy(False)
            return False

        self.ctx.runner.db(
            lambda desk: ops_backup.backup_now(desk, user, relay), done, failed=failed, label="backup"
        )

    def _choose_mirror(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Chọn thư mục sao lưu thứ hai"))
        if folder:
            self._set_mirror(folder)

    def _set_mirror(self, folder: str | None) -> None:
        user = self.ctx.user
        if user is None:
            return

        def done(out: dict[str, Any]) -> None:
            self.mirror.setText(out["mirror_dir"])
            self.message.show_issue(
                self.tr("Bản sao lưu tự động sẽ được chép thêm vào {0}").format(out["mirror_dir"])
                if out["mirror_dir"]
                else self.tr("Đã bỏ thư mục sao lưu thứ hai"),
                "ok",
            )

        self.ctx.runner.db(
            lambda desk: ops_backup.set_mirror(desk, user, folder), done, label="backup-mirror"
        )

    def restore_selected(self) -> None:
        b = self.selected()
        if b is not None:
            self.ask_restore(b["path"])

    def _restore_from_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp sao lưu"), "", self.tr("Tệp sao lưu (*.sqlite3);;Mọi tệp (*)")
        )
        if path:
            self.ask_restore(path)

    def ask_restore(self, path: str) -> None:
        """Preview (verified on the worker), then a confirmation, then the restore."""
        user = self.ctx.user
        if user is None:
            return
        other = self.other_office.isChecked()

        def confirm(plan: dict[str, Any]) -> None:
            box = QMessageBox(
                QMessageBox.Icon.Warning if plan["other_office"] else QMessageBox.Icon.Question,
                self.tr("Khôi phục dữ liệu"),
                self.tr("Sẽ {0}.\n\nTiếp tục khôi phục?").format(plan["description"]),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self,
            )
            box.setObjectName("confirmRestore")
            box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Khôi phục"))
            box.button(QMessageBox.StandardButton.No).setText(self.tr("Hủy"))
            box.setDefaultButton(QMessageBox.StandardButton.No)
            yes = box.button(QMessageBox.StandardButton.Yes)
            box.buttonClicked.connect(lambda b: self.run_restore(path, other) if b is yes else None)
            self.confirm_box = box
            box.open()

        self.ctx.runner.db(lambda desk: ops_backup.preview(desk, user, path, other), confirm, label="preview")

    def run_restore(self, path: str, other: bool) -> None:
        user = self.ctx.user
        if user is None or getattr(self, "_restoring", False):
            return
        self._restoring = True
        self._busy(True)
        self.bar.setValue(0)
        relay = self.progress_relay
        runner = self.ctx.runner
        workers = (runner.db_worker, runner.net_worker)

        def done(out: dict[str, Any]) -> None:
            self._restoring = False
            self._busy(False)
            self.bar.setValue(100)
            self.message.show_issue(
                self.tr("Đã khôi phục {0} hồ sơ; dữ liệu cũ được giữ tại {1}").format(
                    out["dossiers"], out["previous_kept_as"] or "–"
                ),
                "ok",
            )
            self.restored.emit(out)
            self.refresh()

        def failed(_exc: BaseException) -> bool:
            self._restoring = False
            self._busy(False)
            return False

        runner.db(
            lambda desk: ops_backup.restore(desk, user, path, other, relay, workers),
            done,
            failed=failed,
            label="restore",
        )
