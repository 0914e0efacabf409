"""The dossier's digitised papers: scan, pick or drop files into a component, view, reuse.

NĐ 107/2021 asks every paper received to be digitised under its thành phần hồ sơ and the result
kept electronically; this panel is where the clerk does it, beside the timeline. A file arriving
in the scan-to-folder directory is offered here for the open dossier (``offer_file``).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import ops_attach
from ui.camera import CameraDialog, camera_support
from ui.context import AppContext, settings
from ui.widgets import MessageLabel

SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png")
SOURCE_VI = {"scanner": "Máy quét", "folder": "Thư mục quét", "file": "Tệp", "camera": "Camera",
             "reused": "Dùng lại", "hub": "Máy chủ"}  # fmt: skip
RESULT = "Kết quả giải quyết"


class _ScanRelay(QObject):
    finished = Signal(object, str)  # images, warning
    failed = Signal(str)


class AttachmentsPanel(QWidget):
    changed = Signal(int)  # how many components are digitised (for the tab title)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("attachmentsPanel")
        self.setAcceptDrops(True)
        self.code = ""
        self.rows: list[dict[str, Any]] = []
        self.pending_file: str = ""
        self._fetching: set[str] = set()  # hashes being fetched from the hub (opened dossier)
        self.component = QComboBox()
        self.component.setObjectName("attachComponent")
        self.component.setEditable(True)
        self.component.setMinimumContentsLength(24)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("attachmentsTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Thành phần"),
                self.tr("Trang"),
                self.tr("Dung lượng"),
                self.tr("Nguồn"),
                self.tr("Lưu trữ"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _i: self.view_selected())
        self.file_button = QPushButton(self.tr("Chọn tệp…"))
        self.file_button.setObjectName("attachFileButton")
        self.file_button.clicked.connect(self.pick_files)
        self.scan_button = QPushButton(self.tr("Quét"))
        self.scan_button.setObjectName("attachScanButton")
        self.scan_button.clicked.connect(self.scan)
        self.pages = QSpinBox()
        self.pages.setRange(1, 50)
        self.pages.setPrefix(self.tr("Số trang: "))
        self.color = QCheckBox(self.tr("Màu"))
        self.view_button = QPushButton(self.tr("Xem"))
        self.view_button.setObjectName("attachViewButton")
        self.view_button.clicked.connect(self.view_selected)
        self.camera_button = QPushButton(self.tr("Chụp ảnh"))
        self.camera_button.setObjectName("attachCameraButton")
        self.camera_button.clicked.connect(self.open_camera)
        self.has_camera, why_not = camera_support()
        # No camera (or no QtMultimedia on this PC): the button is not offered; the tooltip says why.
        self.camera_button.setVisible(self.has_camera)
        self.camera_button.setEnabled(self.has_camera)
        self.camera_button.setToolTip(why_not or self.tr("Chụp giấy tờ bằng camera hoặc máy chụp tài liệu"))
        self.reuse_button = QPushButton(self.tr("Dùng lại giấy tờ cũ…"))
        self.reuse_button.setObjectName("attachReuseButton")
        self.reuse_button.clicked.connect(self.ask_reuse)
        self.offer = QLabel()
        self.offer.setObjectName("attachOffer")
        self.offer.setWordWrap(True)
        self.offer_button = QPushButton(self.tr("Đính kèm bản quét này"))
        self.offer_button.setObjectName("attachOfferButton")
        self.offer_button.clicked.connect(self.take_offer)
        self.offer_row = QWidget()
        offer_layout = QHBoxLayout(self.offer_row)
        offer_layout.setContentsMargins(0, 0, 0, 0)
        offer_layout.addWidget(self.offer, 1)
        offer_layout.addWidget(self.offer_button)
        self.offer_row.hide()
        self.message = MessageLabel()

        pick = QHBoxLayout()
        pick.addWidget(QLabel(self.tr("Thành phần:")))
        pick.addWidget(self.component, 1)
        buttons = QHBoxLayout()
        for w in (
            self.scan_button,
            self.pages,
            self.color,
            self.file_button,
            self.camera_button,
            self.reuse_button,
        ):
            buttons.addWidget(w)
        buttons.addStretch(1)
        buttons.addWidget(self.view_button)
        hint = QLabel(self.tr("Kéo thả tệp PDF, JPEG, PNG vào đây để đính kèm vào thành phần đang chọn."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        v = QVBoxLayout(self)
        v.addLayout(pick)
        v.addLayout(buttons)
        v.addWidget(self.offer_row)
        v.addWidget(self.table, 1)
        v.addWidget(hint)
        v.addWidget(self.message)

    # -- data --------------------------------------------------------------------------------

    def load(self, page: dict[str, Any]) -> None:
        code = str(page.get("code", ""))
        if code != self.code:
            self.message.clear_issue()
        self.code = code
        current = self.component.currentText()
        self.component.clear()
        for doc in page.get("documents") or []:
            name = doc.get("name") if isinstance(doc, dict) else str(doc)
            if name:
                self.component.addItem(str(name))
        self.component.addItem(RESULT)
        if current:
            self.component.setCurrentText(current)
        can_attach = self.ctx.can("intake")
        for w in (self.file_button, self.scan_button, self.reuse_button):
            w.setEnabled(can_attach)
        self.camera_button.setEnabled(can_attach and self.has_camera)
        self.scan_button.setToolTip(
            self.tr("Máy quét: {0}").format(self.device() or self.tr("chưa chọn trong Cài đặt"))
        )
        self.refresh()

    def refresh(self) -> None:
        code, user = self.code, self.ctx.user
        if code:
            self.ctx.runner.db(
                lambda desk: ops_attach.list_for(desk, user, code), self.show_rows, label="attachments"
            )

    def show_rows(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            name = row["component"] + (self.tr(" (kết quả điện tử)") if row["kind"] == "result" else "")
            stored = (
                self.tr("Chỉ trên máy chủ") if not row["present"]
                else self.tr("Đã gửi lên") if row["uploaded"] else self.tr("Chưa gửi")
            )  # fmt: skip
            cells = (name, str(row["pages"]), f"{row['bytes'] / 1024:,.0f} KB",
                     SOURCE_VI.get(row["source"], row["source"]), stored)  # fmt: skip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row["sha256"])
                self.table.setItem(r, c, item)
        self.view_button.setEnabled(bool(rows))
        self.changed.emit(len(rows))
        self.fetch_from_hub(rows)

    def fetch_from_hub(self, rows: list[dict[str, Any]]) -> None:
        """Papers digitised at another desk of the office are listed from the office feed without
        their bytes: opening the dossier fetches them from the hub (network worker), keeps them
        (DB worker), and shows them as here. Evicted files wait for a view, as before."""
        wanted = list(
            dict.fromkeys(
                r["sha256"] for r in rows
                if not r["present"] and not r.get("evicted") and r["sha256"] not in self._fetching
            )
        )  # fmt: skip
        if not wanted:
            return
        code, user = self.code, self.ctx.user
        self._fetching.update(wanted)
        self.message.show_issue(self.tr("Đang tải {0} tệp số hóa từ máy chủ…").format(len(wanted)), "ok")

        def failed(sha: str, exc: BaseException) -> bool:
            self._fetching.discard(sha)  # opening the dossier again retries
            self.message.show_issue(self.tr("Chưa tải được tệp số hóa từ máy chủ: {0}").format(exc))
            return True

        def kept(_data: bytes) -> None:
            if code == self.code:
                self.message.clear_issue()
                self.refresh()

        for sha in wanted:

            def keep(data: bytes, sha: str = sha) -> None:
                self.ctx.runner.db(
                    lambda desk: ops_attach.keep(desk, user, sha, data), kept,
                    failed=lambda exc: failed(sha, exc), label="keep-attachment",
                )  # fmt: skip

            def download(desk: Any, sha: str = sha) -> bytes:
                return ops_attach.download(desk, sha)

            def not_fetched(exc: BaseException, sha: str = sha) -> bool:
                return failed(sha, exc)

            self.ctx.runner.net(download, keep, failed=not_fetched, label="fetch-attachment")

    # -- capture -----------------------------------------------------------------------------

    def _target(self) -> tuple[str, bool]:
        name = self.component.currentText().strip()
        return ("", True) if name == RESULT else (name, False)

    def pick_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Chọn bản quét"), "", self.tr("Bản quét (*.pdf *.jpg *.jpeg *.png)")
        )
        if paths:
            self.attach_paths(paths, "file")

    def attach_paths(self, paths: list[str], source: str) -> None:
        code, user = self.code, self.ctx.user
        component, result = self._target()
        if not component and not result:
            self.message.show_issue(self.tr("Chọn hoặc gõ tên thành phần hồ sơ trước khi đính kèm"))
            return
        self.ctx.runner.db(
            lambda desk: ops_attach.attach_files(
                desk, user, code, component, paths, result=result, source=source
            ),
            self._attached,
            label="attach",
        )

    def _attached(self, info: dict[str, Any]) -> None:
        self.message.show_issue(
            self.tr("Đã số hóa '{0}': {1} trang, {2:,.0f} KB").format(
                info["component"], info["pages"], info["bytes"] / 1024
            ),
            "ok",
        )
        self.ctx.dossiers_changed.emit(self.code)
        self.refresh()

    def device(self) -> str:
        return str(settings().value("attachments/scanner", "") or "")

    def scan(self) -> None:
        device = self.device()
        if not device:
            self.message.show_issue(self.tr("Chưa chọn máy quét: vào Cài đặt › Số hóa để chọn"))
            return
        component, result = self._target()
        if not component and not result:
            self.message.show_issue(self.tr("Chọn hoặc gõ tên thành phần hồ sơ trước khi quét"))
            return
        relay = _ScanRelay(self)
        code, user, pages, color = self.code, self.ctx.user, self.pages.value(), self.color.isChecked()

        def got(images: list[Any], warning: str) -> None:
            relay.deleteLater()
            self.scan_button.setEnabled(True)
            if warning:
                self.message.show_issue(self.tr("{0}; giữ các trang đã quét").format(warning))
            self.ctx.runner.db(
                lambda desk: ops_attach.attach_scanned(desk, user, code, component, images, result=result),
                self._attached,
                label="attach-scan",
            )

        def failed(text: str) -> None:
            relay.deleteLater()
            self.scan_button.setEnabled(True)
            self.message.show_issue(text)

        relay.finished.connect(got)
        relay.failed.connect(failed)

        def work() -> None:
            from app.attachments.scanner import ScannerError

            try:
                images, warning = ops_attach.scan_pages(device, pages, color)
            except ScannerError as exc:
                relay.failed.emit(str(exc))
                return
            relay.finished.emit(images, warning)

        self.scan_button.setEnabled(False)
        self.message.show_issue(self.tr("Đang quét…"), "ok")
        threading.Thread(target=work, name="scanner", daemon=True).start()

    def open_camera(self) -> None:
        component, result = self._target()
        if not component and not result:
            self.message.show_issue(self.tr("Chọn hoặc gõ tên thành phần hồ sơ trước khi chụp"))
            return
        dialog = CameraDialog(self)
        dialog.captured.connect(lambda shots: self.attach_shots(shots, component, result))
        dialog.open()

    def attach_shots(self, shots: list[bytes], component: str, result: bool) -> None:
        code, user = self.code, self.ctx.user
        self.ctx.runner.db(
            lambda desk: ops_attach.attach_shots(desk, user, code, component, shots, result=result),
            self._attached,
            label="attach-camera",
        )

    # -- scan-to-folder offers -----------------------------------------------------------------

    def offer_file(self, path: str) -> None:
        if not self.code:
            return
        self.pending_file = path
        self.offer.setText(self.tr("Bản quét mới trong thư mục quét: {0}").format(Path(path).name))
        self.offer_row.show()

    def take_offer(self) -> None:
        if self.pending_file:
            self.attach_paths([self.pending_file], "folder")
        self.pending_file = ""
        self.offer_row.hide()

    # -- view and reuse -----------------------------------------------------------------------

    def view_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0 and self.rows:
            row = 0
        if row < 0:
            return
        sha = self.rows[row]["sha256"]
        title = self.rows[row]["component"]
        user = self.ctx.user
        if self.rows[row]["present"]:
            self.ctx.runner.db(
                lambda desk: ops_attach.pdf_bytes(desk, user, sha), lambda data: self._show_pdf(title, data)
            )
            return
        # Evicted here, or scanned at another desk: download on the network worker, keep it on
        # the DB worker (the one writer), then show it.
        self.message.show_issue(self.tr("Đang tải tệp từ máy chủ…"), "ok")

        def shown(kept: bytes) -> None:
            self._show_pdf(title, kept)
            self.refresh()

        def keep(data: bytes) -> None:
            self.ctx.runner.db(
                lambda desk: ops_attach.keep(desk, user, sha, data), shown, label="keep-attachment"
            )

        self.ctx.runner.net(lambda desk: ops_attach.download(desk, sha), keep, label="download-attachment")

    def _show_pdf(self, title: str, data: bytes) -> None:
        from ui.pdf_viewer import PdfViewer

        viewer = PdfViewer(title, data, self)
        viewer.open()

    def ask_reuse(self) -> None:
        code, user = self.code, self.ctx.user
        self.ctx.runner.db(
            lambda desk: ops_attach.reusable(desk, user, code), self._offer_reuse, label="reusable"
        )

    def _offer_reuse(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            self.message.show_issue(self.tr("Người nộp chưa có giấy tờ nào đã số hóa ở hồ sơ trước"))
            return
        dialog = ReuseDialog(rows, self)
        dialog.chosen.connect(self.reuse)
        dialog.open()

    def reuse(self, uuids: list[str]) -> None:
        code, user = self.code, self.ctx.user

        def run(desk: Any) -> dict[str, Any]:
            last: dict[str, Any] = {}
            for uuid in uuids:  # one worker job: the papers come in together or the error says which
                last = ops_attach.reuse(desk, user, code, uuid)
            return last

        if uuids:
            self.ctx.runner.db(run, self._attached, label="reuse")

    # -- drag and drop ------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        urls = event.mimeData().urls()
        if urls and all(u.isLocalFile() and u.toLocalFile().lower().endswith(SUFFIXES) for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.attach_paths(paths, "file")
            event.acceptProposedAction()


class ReuseDialog(QDialog):
    chosen = Signal(list)

    def __init__(self, rows: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Dùng lại giấy tờ đã số hóa"))
        self.setObjectName("reuseDialog")
        self.list = QListWidget()
        for row in rows:
            text = self.tr("{0} — {1} trang, từ hồ sơ {2}").format(
                row["component"], row["pages"], row["dossier"]
            )
            item = QListWidgetItem(text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setData(Qt.ItemDataRole.UserRole, row["uuid"])
            self.list.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Dùng lại"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        v = QVBoxLayout(self)
        v.addWidget(QLabel(self.tr("Giấy tờ người nộp đã mang đến ở các hồ sơ trước:")))
        v.addWidget(self.list)
        v.addWidget(buttons)
        self.resize(560, 300)

    def _accept(self) -> None:
        uuids = [
            str(self.list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
        self.chosen.emit(uuids)
        self.accept()
