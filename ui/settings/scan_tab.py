"""Settings › Số hóa: this PC's scanner and scan-to-folder directory, and local storage of files."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext, settings
from ui.ops import actor_of
from ui.widgets import MessageLabel


class _Found(QObject):
    done = Signal(list, str)


class ScanTab(QWidget):
    folder_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        store = settings()
        self.scanner = QComboBox()
        self.scanner.setObjectName("scannerCombo")
        self.scanner.setEditable(True)
        current = str(store.value("attachments/scanner", "") or "")
        if current:
            self.scanner.addItem(current, current)
        self.find_button = QPushButton(self.tr("Tìm máy quét"))
        self.find_button.clicked.connect(self.find_scanners)
        self.folder = QLineEdit(str(store.value("attachments/watch_folder", "") or ""))
        self.folder.setObjectName("watchFolder")
        self.folder.setPlaceholderText(
            self.tr("thư mục máy in đa năng lưu bản quét (để trống: không theo dõi)")
        )
        browse = QPushButton(self.tr("Chọn…"))
        browse.clicked.connect(self.pick_folder)
        self.keep_days = QSpinBox()
        self.keep_days.setObjectName("evictDays")
        self.keep_days.setRange(0, 3650)
        self.keep_days.setValue(int(str(store.value("attachments/evict_days", 365) or 365)))
        self.keep_days.setSuffix(self.tr(" ngày"))
        self.evict = QPushButton(self.tr("Giải phóng bản lưu cũ ngay"))
        self.evict.setObjectName("evictButton")
        self.evict.clicked.connect(self.evict_now)
        self.evict.setEnabled(ctx.can("settings"))
        self.stats = QLabel()
        self.stats.setWordWrap(True)
        save = QPushButton(self.tr("Lưu"))
        save.setObjectName("saveScanSettings")
        save.clicked.connect(self.save)
        self.message = MessageLabel()

        scanner_row = QHBoxLayout()
        scanner_row.addWidget(self.scanner, 1)
        scanner_row.addWidget(self.find_button)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        evict_row = QHBoxLayout()
        evict_row.addWidget(self.keep_days)
        evict_row.addWidget(self.evict)
        evict_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Máy quét của máy này"), scanner_row)
        form.addRow(self.tr("Thư mục quét"), folder_row)
        form.addRow(self.tr("Giữ bản lưu trên máy"), evict_row)
        v = QVBoxLayout(self)
        v.addLayout(form)
        note = QLabel(
            self.tr(
                "Bản quét được lưu mã hóa trong kho dữ liệu và gửi lên máy chủ sau dữ liệu hồ sơ. "
                "Bản lưu đã được máy chủ xác nhận và cũ hơn số ngày trên có thể giải phóng khỏi máy này; "
                "khi cần xem lại, phần mềm tải về từ máy chủ."
            )
        )
        note.setWordWrap(True)
        v.addWidget(note)
        v.addWidget(self.stats)
        v.addWidget(save)
        v.addWidget(self.message)
        v.addStretch(1)
        self.refresh_stats()

    def refresh_stats(self) -> None:
        user = self.ctx.user

        def stats(desk: Any) -> dict[str, int]:
            from app.usecases import attachments

            return attachments.attachment_stats(desk, actor_of(user))

        self.ctx.runner.db(stats, self._show_stats, label="attachment-stats")

    def _show_stats(self, s: dict[str, int]) -> None:
        self.stats.setText(
            self.tr(
                "{0} tệp số hóa; trên máy này {1} tệp, {2:,.1f} MB; chờ gửi lên {3} tệp, {4:,.1f} MB"
            ).format(
                s["attachments"],
                s["blobs_here"],
                s["bytes_here"] / 1e6,
                s["blobs_to_upload"],
                s["bytes_to_upload"] / 1e6,
            )
        )

    def find_scanners(self) -> None:
        relay = _Found(self)

        def show(found: list[Any], problem: str) -> None:
            relay.deleteLater()
            self.find_button.setEnabled(True)
            current = self.scanner.currentText()
            self.scanner.clear()
            for device, label in found:
                self.scanner.addItem(f"{label} ({device})", device)
            if current and self.scanner.findData(current) < 0:
                self.scanner.addItem(current, current)
            self.message.show_issue(
                problem or self.tr("Tìm thấy {0} máy quét").format(len(found)), "" if problem else "ok"
            )

        relay.done.connect(show)

        def work() -> None:
            from app.attachments import scanner

            try:
                relay.done.emit(scanner.devices(), "")
            except scanner.ScannerError as exc:
                relay.done.emit([], str(exc))

        self.find_button.setEnabled(False)
        threading.Thread(target=work, name="scanner-list", daemon=True).start()

    def pick_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Chọn thư mục quét"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def save(self) -> None:
        store = settings()
        device = self.scanner.currentData() or self.scanner.currentText().strip()
        store.setValue("attachments/scanner", device)
        store.setValue("attachments/watch_folder", self.folder.text().strip())
        store.setValue("attachments/evict_days", self.keep_days.value())
        self.message.show_issue(self.tr("Đã lưu cài đặt số hóa của máy này"), "ok")
        self.folder_changed.emit()

    def evict_now(self) -> None:
        user, days = self.ctx.user, self.keep_days.value()

        def run(desk: Any) -> dict[str, int]:
            from app.usecases import attachments

            return attachments.evict_old(desk, actor_of(user), days)

        def done(out: dict[str, int]) -> None:
            self.message.show_issue(
                self.tr("Đã giải phóng {0} tệp ({1:,.1f} MB)").format(
                    out["evicted"], out["bytes_freed"] / 1e6
                ),
                "ok",
            )
            self.refresh_stats()

        self.ctx.runner.db(run, done, label="evict")
