"""Print PDF bytes through Qt (Windows, and the GUI everywhere): QtPdf renders, QPrinter prints.

A front end registers ``QtPrinter`` with ``app.slips.printing.register_printer`` (the ``Printer``
protocol) on Windows, so ``app`` itself never imports ``ui`` nor loads Qt. Pages are rendered at 300 dpi (env-notes §4: the QPdfDocument
raster path reached the queue correctly) and drawn full-page on the named printer.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from app.slips.printing import PrintError

RENDER_DPI = 300


def _ensure_app() -> None:
    # QPdfDocument renders with the GUI module: a CLI print on Windows has no application yet.
    if QGuiApplication.instance() is None:
        QGuiApplication([])


def available_printers() -> list[str]:
    return [p.printerName() for p in QPrinterInfo.availablePrinters()]


def default_printer() -> str | None:
    info = QPrinterInfo.defaultPrinter()
    return None if info.isNull() else info.printerName()


def print_pdf(pdf: bytes, *, printer: str, copies: int = 1, title: str = "motcua") -> str:
    """Render every page of ``pdf`` onto ``printer``; returns the document name given to the spooler."""
    _ensure_app()
    info = next((p for p in QPrinterInfo.availablePrinters() if p.printerName() == printer), None)
    if info is None:
        raise PrintError(f"Không có máy in tên '{printer}'")
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    doc = QPdfDocument()
    doc.load(buffer)
    if doc.status() != QPdfDocument.Status.Ready or doc.pageCount() == 0:
        raise PrintError(f"Không đọc được tệp PDF cần in (QtPdf: {doc.error()})")
    qp = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    qp.setDocName(title)
    qp.setCopyCount(copies)
    qp.setFullPage(True)
    first = doc.pagePointSize(0)
    qp.setPageSize(QPageSize(first, QPageSize.Unit.Point))
    qp.setPageOrientation(
        QPageLayout.Orientation.Landscape
        if first.width() > first.height()
        else QPageLayout.Orientation.Portrait
    )
    painter = QPainter()
    if not painter.begin(qp):
        raise PrintError(f"Máy in '{printer}' không nhận lệnh in (QPainter.begin thất bại)")
    try:
        for i in range(doc.pageCount()):
            if i:
                qp.newPage()
            pts = doc.pagePointSize(i)
            size = QSize(int(pts.width() / 72 * RENDER_DPI), int(pts.height() / 72 * RENDER_DPI))
            image = doc.render(i, size)
            painter.drawImage(qp.pageLayout().fullRectPixels(qp.resolution()), image)
    finally:
        painter.end()
        doc.close()
        buffer.close()
    return title


class QtPrinter:
    """This module as an ``app.slips.printing.Printer`` backend."""

    def available_printers(self) -> list[str]:
        return available_printers()

    def default_printer(self) -> str | None:
        return default_printer()

    def print_pdf(self, pdf: bytes, *, printer: str, copies: int = 1, title: str = "motcua") -> str:
        return print_pdf(pdf, printer=printer, copies=copies, title=title)


def register_on_windows() -> None:
    """Windows has no CUPS clients: every print of this process goes through Qt."""
    import sys

    from app.slips.printing import register_printer

    if sys.platform == "win32":
        register_printer(QtPrinter())
