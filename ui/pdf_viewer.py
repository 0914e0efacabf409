"""Show an attachment's PDF (a digitised paper or e-result) read from the store, never from disk."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget


class PdfViewer(QDialog):
    def __init__(self, title: str, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfViewer")
        self.setWindowTitle(title)
        self.document = QPdfDocument(self)
        # The bytes stay in memory: an unencrypted temp file would defeat the encrypted store.
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        buttons.rejected.connect(self.reject)
        v = QVBoxLayout(self)
        v.addWidget(self.view, 1)
        v.addWidget(buttons)
        self.resize(760, 900)

    def page_count(self) -> int:
        return int(self.document.pageCount())
