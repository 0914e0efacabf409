"""The sync panel: link state, what waits, the end-of-day sync with progress and its summary."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.sync_controller import CHECKING, OFFLINE, ONLINE, UNCONFIGURED, SyncController
from ui.widgets import heading


def state_text(state: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return {
        ONLINE: QCoreApplication.translate("Sync", "Đã kết nối máy chủ cấp trên"),
        OFFLINE: QCoreApplication.translate(
            "Sync", "Mất kết nối – vẫn làm việc bình thường, dữ liệu được giữ trên máy"
        ),
        CHECKING: QCoreApplication.translate("Sync", "Đang kiểm tra kết nối…"),
        UNCONFIGURED: QCoreApplication.translate("Sync", "Chưa cấu hình máy chủ đồng bộ"),
    }.get(state, state)


def when_text(value: str | None) -> str:
    from PySide6.QtCore import QCoreApplication

    if not value:
        return QCoreApplication.translate("Sync", "chưa lần nào")
    return f"{datetime.fromisoformat(value):%H:%M %d/%m/%Y}"


PHASES = {
    "health": "Kiểm tra máy chủ",
    "push": "Gửi thay đổi",
    "pull": "Nhận cập nhật",
    "attachments": "Gửi tệp số hóa",
}
LEAVE_FOR_LATER_BYTES = 2 * 1024 * 1024  # ~4 minutes at 64 kbit/s


class SyncPanel(QDialog):
    def __init__(self, ctx: AppContext, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.controller = ctx, controller
        self.setObjectName("syncPanel")
        self.setWindowTitle(self.tr("Đồng bộ với cấp trên"))
        self.state = QLabel()
        self.state.setObjectName("syncState")
        self.pending = QLabel()
        self.pending.setObjectName("syncPending")
        self.last = QLabel()
        self.progress = QProgressBar()
        self.progress.setObjectName("syncProgress")
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.phase = QLabel()
        # Attachment bytes have their own bar: minutes of scans must not look like a stuck sync.
        self.files_progress = QProgressBar()
        self.files_progress.setObjectName("attachmentProgress")
        self.files_progress.setRange(0, 100)
        self.files_progress.setFormat(self.tr("Tệp số hóa: %p%"))
        self.leave_big = QCheckBox(self.tr("Để tệp số hóa lớn lại lần sau (đường truyền chậm)"))
        self.leave_big.setObjectName("leaveBigFiles")
        self.leave_big.setChecked(controller.attachment_budget is not None)
        self.leave_big.toggled.connect(
            lambda on: setattr(controller, "attachment_budget", LEAVE_FOR_LATER_BYTES if on else None)
        )
        self.summary = QLabel()
        self.summary.setObjectName("syncSummary")
        self.summary.setWordWrap(True)
        self.rejected_table = QTableWidget(0, 3)
        self.rejected_table.setObjectName("rejectedTable")
        self.rejected_table.setHorizontalHeaderLabels(
            [self.tr("Mã hồ sơ"), self.tr("Loại thay đổi"), self.tr("Lý do máy chủ từ chối")]
        )
        self.rejected_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.rejected_table.setColumnWidth(0, 210)
        self.rejected_table.setColumnWidth(1, 120)
        self.rejected_table.verticalHeader().hide()
        self.rejected_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rejected_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rejected_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rejected_table.itemSelectionChanged.connect(self._selection)
        # A rejection is the hub's final word on that change; after the cause is fixed a leader
        # queues it again under a new change_id (sync/requeue.py).
        self.retry_button = QPushButton(self.tr("Gửi lại thay đổi đã chọn"))
        self.retry_button.setObjectName("retryRejected")
        self.retry_button.setEnabled(False)
        self.retry_button.setVisible(ctx.can("requeue"))
        self.retry_button.clicked.connect(self.retry_selected)
        self.run_button = QPushButton(self.tr("Đồng bộ cuối ngày"))
        self.run_button.setObjectName("runSync")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton(self.tr("Dừng"))
        self.cancel_button.clicked.connect(controller.cancel)
        self.close_button = QPushButton(self.tr("Đóng"))
        self.close_button.clicked.connect(self.accept)

        form = QFormLayout()
        form.addRow(self.tr("Kết nối"), self.state)
        form.addRow(self.tr("Thay đổi chưa gửi"), self.pending)
        form.addRow(self.tr("Đồng bộ gần nhất"), self.last)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.retry_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        v = QVBoxLayout(self)
        v.addWidget(heading(self.tr("Đồng bộ với máy chủ cấp trên")))
        v.addLayout(form)
        v.addWidget(self.progress)
        v.addWidget(self.files_progress)
        v.addWidget(self.leave_big)
        v.addWidget(self.phase)
        v.addWidget(self.summary)
        v.addWidget(QLabel(self.tr("Thay đổi bị từ chối (cần xử lý):")))
        v.addWidget(self.rejected_table, 1)
        # Office mode, leaders: each desk of the office with its queue and when it was last seen.
        self.desks_label = QLabel(self.tr("Các máy trạm của máy chủ xã:"))
        self.desks_table = QTableWidget(0, 4)
        self.desks_table.setObjectName("desksTable")
        self.desks_table.setHorizontalHeaderLabels(
            [self.tr("Máy"), self.tr("Lần kết nối gần nhất"), self.tr("Hồ sơ đang mở"), self.tr("Chưa gửi")]
        )
        self.desks_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.desks_table.verticalHeader().hide()
        self.desks_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        office_leader = controller.office_hub and ctx.can("extend")
        self.desks_label.setVisible(office_leader)
        self.desks_table.setVisible(office_leader)
        v.addWidget(self.desks_label)
        v.addWidget(self.desks_table, 1)
        v.addLayout(buttons)
        if office_leader:
            self.refresh_desks()
        self.resize(760, 520)

        controller.state_changed.connect(self._state)
        controller.status_changed.connect(self._status)
        controller.started.connect(self._started)
        controller.progress.connect(self._progress)
        controller.finished.connect(self.show_report)
        self._state(controller.state)
        self._status(controller.status)
        self._running(controller.running)
        if controller.last_report:
            self.show_report(controller.last_report)

    def run(self) -> None:
        self.summary.clear()
        self.controller.sync_now()

    def _running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)

    def refresh_desks(self) -> None:
        office = self.ctx.office or {}
        url, token = office.get("server_url") or "", office.get("server_token") or ""

        def fetch(_desk: object) -> list[dict[str, Any]]:
            from sync.office_view import office_desks

            return office_desks(url, token)

        def done(rows: list[dict[str, Any]]) -> None:
            self.desks_table.setRowCount(len(rows))
            for i, r in enumerate(rows):
                seen = r.get("last_seen_at")
                cells = [
                    str(r.get("workstation", "")),
                    self.tr("đã thu hồi")
                    if r.get("revoked")
                    else (when_text(seen) if seen else self.tr("chưa kết nối")),
                    str(r.get("open_dossiers", 0)),
                    "" if r.get("pending") is None else str(r["pending"]),
                ]
                for j, text in enumerate(cells):
                    self.desks_table.setItem(i, j, QTableWidgetItem(text))

        def failed(exc: BaseException) -> bool:
            from sync.client import SyncError

            return isinstance(exc, SyncError | OSError)  # no hub now: the table stays as it was

        self.ctx.runner.net(fetch, done, failed=failed, label="office-desks")

    def _state(self, state: str) -> None:
        text = state_text(state)
        if self.controller.office_hub:
            text = self.tr("Máy chủ xã: {0}").format(text)
        if self.controller.direct:
            text += " · " + self.tr("Đang gửi thẳng lên tỉnh")
        self.state.setText(text)
        self.state.setProperty("state", state)
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)

    def _status(self, status: dict[str, Any]) -> None:
        self.pending.setText(
            self.tr("{0} thay đổi chờ gửi, {1} bị từ chối").format(
                status.get("pending", 0), status.get("rejected", 0)
            )
        )
        self.last.setText(when_text(status.get("last_sync_at")))
        if not self.controller.running and status.get("rejected_items") is not None:
            self._rejected(status.get("rejected_items", []))

    def _started(self, automatic: bool) -> None:
        self._running(True)
        self.progress.setValue(0)
        self.files_progress.setValue(0)
        self.phase.setText(self.tr("Đang đồng bộ…"))

    def _progress(self, phase: str, done: int, total: int) -> None:
        if phase == "attachments":
            self.progress.setValue(100)
            self.files_progress.setValue(int(100 * done / total) if total else 0)
            self.phase.setText(
                self.tr("Gửi tệp số hóa: {0:,.0f}/{1:,.0f} KB").format(done / 1024, total / 1024)
                if total
                else self.tr("Gửi tệp số hóa")
            )
            return
        weights = {"health": (0, 10), "push": (10, 60), "pull": (70, 30)}
        base, span = weights.get(phase, (0, 100))
        fraction = done / total if total else 1.0
        self.progress.setValue(int(base + span * min(1.0, fraction)))
        label = self.tr(PHASES.get(phase, phase))
        self.phase.setText(self.tr("{0}: {1}/{2}").format(label, done, total) if total > 1 else label)

    def _rejected(self, items: list[dict[str, Any]]) -> None:
        self.rejected_table.setRowCount(0)
        entity_vi = {
            "dossier": self.tr("Hồ sơ"),
            "event": self.tr("Sự kiện hồ sơ"),
            "slip": self.tr("In phiếu"),
        }
        for item in items:
            row = self.rejected_table.rowCount()
            self.rejected_table.insertRow(row)
            reason = item.get("reason") or item.get("error") or ""
            code_item = QTableWidgetItem(item.get("code", ""))
            code_item.setData(Qt.ItemDataRole.UserRole, item.get("change_id", ""))
            self.rejected_table.setItem(row, 0, code_item)
            self.rejected_table.setItem(
                row, 1, QTableWidgetItem(entity_vi.get(item.get("entity", ""), item.get("entity", "")))
            )
            self.rejected_table.setItem(row, 2, QTableWidgetItem(reason))

    def _selection(self) -> None:
        self.retry_button.setEnabled(
            bool(self.rejected_table.selectedItems()) and not self.controller.running
        )

    def selected_change(self) -> str:
        row = self.rejected_table.currentRow()
        item = self.rejected_table.item(row, 0) if row >= 0 else None
        return str(item.data(Qt.ItemDataRole.UserRole) or "") if item is not None else ""

    def retry_selected(self) -> None:
        change_id = self.selected_change()
        if not change_id:
            return
        actor = self.ctx.actor

        def run(desk: Any) -> int:
            from sync.actions import retry

            return len(retry(desk, actor, change_id))

        def done(count: int) -> None:
            self.summary.setText(
                self.tr("Đã xếp lại {0} thay đổi; chúng sẽ được gửi ở lần đồng bộ tới.").format(count)
            )
            self.retry_button.setEnabled(False)
            self.controller.refresh_status()

        self.ctx.runner.db(run, done, label="requeue")

    def show_report(self, report: dict[str, Any]) -> None:
        self._running(False)
        self.progress.setValue(100 if report.get("ok") else self.progress.value())
        self.phase.clear()
        lines = [
            self.tr("Đã gửi: {0} · Đã nhận: {1} · Bị từ chối: {2} · Còn chờ: {3}").format(
                report.get("pushed", 0),
                report.get("pulled", 0),
                report.get("rejected", 0),
                report.get("pending", 0),
            )
        ]
        if report.get("ok"):
            lines.insert(0, self.tr("Đồng bộ xong."))
        else:
            lines.insert(0, self.tr("Đồng bộ chưa xong: {0}").format(report.get("error") or ""))
        files = report.get("attachments")
        if files:
            lines.append(
                self.tr("Tệp số hóa: đã gửi {0} ({1:,.1f} MB), để lại lần sau {2}").format(
                    files.get("uploaded", 0), files.get("bytes_sent", 0) / 1e6, files.get("left_for_later", 0)
                )
            )
            if files.get("uploaded") or not files.get("left_for_later"):
                self.files_progress.setValue(100 if report.get("ok") else self.files_progress.value())
        lines += list(report.get("warnings") or [])
        self.summary.setText("\n".join(lines))
        self._rejected(report.get("rejected_items") or [])
