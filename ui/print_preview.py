"""Print preview of a slip (QtPdf), print to a chosen printer, or save as PDF.

The PDF is rendered on the DB worker (reportlab, ~60 ms) and shown from memory; printing and
saving render again there, send on the print worker (a hung spooler must not block saving), and
log every print and reprint on the DB worker (slip_log + outbox + audit, one transaction). The printer and the number of copies are remembered per PC.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QStandardPaths, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui import ops
from ui.context import AppContext, settings
from ui.widgets import MessageLabel

MAX_COPIES = 2  # app/slips/pages.py COPY_LABELS: "Liên 1: Lưu", "Liên 2: Giao người nộp hồ sơ"


def form_label(form: str) -> str:
    from PySide6.QtCore import QCoreApplication

    names = {
        "receipt": QCoreApplication.translate("Forms", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        "supplement_request": QCoreApplication.translate("Forms", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
        "refusal": QCoreApplication.translate("Forms", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
        "apology_extension": QCoreApplication.translate("Forms", "Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
        "stop_notice": QCoreApplication.translate("Forms", "Thông báo dừng giải quyết hồ sơ"),
        "control_sheet": QCoreApplication.translate("Forms", "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
    }
    return names.get(form, form)


_PRINTERS: tuple[list[str], str] | None = None


def _enumerate() -> tuple[list[str], str]:
    names = [p.printerName() for p in QPrinterInfo.availablePrinters()]
    default = QPrinterInfo.defaultPrinter()
    return names, "" if default.isNull() else default.printerName()


def installed_printers() -> tuple[list[str], str]:
    """Printer names and the default, enumerated once per session.

    Asking the spooler can take a long time (CUPS' first connection; Windows with an offline
    network printer takes seconds), so the answer is cached: the preview that opens right after
    Enter must not stall the GUI thread. ``warm_printer_cache`` fills it after sign-in.
    """
    global _PRINTERS
    # No printer known: ask again every time (cheap when there are none), so a printer installed
    # while the app runs shows up when the clerk reopens the preview, as the message promises.
    if _PRINTERS is None or not _PRINTERS[0]:
        _PRINTERS = _enumerate()
    return list(_PRINTERS[0]), _PRINTERS[1]


def warm_printer_cache() -> None:
    global _PRINTERS
    _PRINTERS = _enumerate()


class PrintPreview(QDialog):
    printed = Signal(dict)  # SlipResult.as_json() after a print or a save
    rendered = Signal(int)  # page count of the preview shown

    def __init__(self, ctx: AppContext, code: str, form: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.code, self.form = ctx, code, form
        self.setObjectName("printPreview")
        self.setWindowTitle(self.tr("Xem trước khi in – {0}").format(code))
        self.pdf_bytes = b""
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        store = settings()
        printers, default = installed_printers()
        self.printer = QComboBox()
        self.printer.setObjectName("printerCombo")
        self.printer.addItems(printers)
        remembered = str(store.value("print/printer", default) or default)
        if remembered in printers:
            self.printer.setCurrentText(remembered)
        self.copies = QSpinBox()
        self.copies.setObjectName("copiesSpin")
        self.copies.setRange(1, MAX_COPIES)
        self.copies.setValue(min(MAX_COPIES, int(str(store.value("print/copies", MAX_COPIES) or MAX_COPIES))))
        self.copies.setSuffix(self.tr(" liên"))
        self.copies.valueChanged.connect(self.render_preview)
        self.print_button = QPushButton(self.tr("In (Ctrl+P)"))
        self.print_button.setObjectName("printButton")
        self.print_button.clicked.connect(self.print_now)
        self.save_button = QPushButton(self.tr("Lưu thành tệp PDF…"))
        self.save_button.setObjectName("savePdfButton")
        self.save_button.clicked.connect(self.ask_save)
        self.close_button = QPushButton(self.tr("Đóng (Esc)"))
        self.close_button.clicked.connect(self.reject)
        self.no_printer = QLabel(
            self.tr(
                "Máy tính này chưa cài máy in nào. Hãy lưu phiếu thành tệp PDF để in ở máy khác, "
                "hoặc nhờ quản trị viên cài máy in rồi mở lại cửa sổ này."
            )
        )
        self.no_printer.setObjectName("noPrinter")
        self.no_printer.setWordWrap(True)
        self.status = MessageLabel()
        self.status.setObjectName("printStatus")
        has_printer = bool(printers)
        self.no_printer.setVisible(not has_printer)
        self.printer.setEnabled(has_printer)
        self.print_button.setEnabled(has_printer)
        (self.print_button if has_printer else self.save_button).setDefault(True)

        side = QVBoxLayout()
        title = QLabel(form_label(form))
        title.setObjectName("heading")
        title.setWordWrap(True)
        side.addWidget(title)
        side.addWidget(QLabel(self.tr("Mã hồ sơ: {0}").format(code)))
        form_box = QFormLayout()
        form_box.addRow(self.tr("Máy in"), self.printer)
        form_box.addRow(self.tr("Số liên"), self.copies)
        side.addLayout(form_box)
        side.addWidget(self.no_printer)
        side.addWidget(self.print_button)
        side.addWidget(self.save_button)
        side.addWidget(self.status)
        side.addStretch(1)
        side.addWidget(self.close_button)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(300)
        box = QHBoxLayout(self)
        box.addWidget(self.view, 1)
        box.addWidget(side_widget)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self).activated.connect(self.print_now)
        self.resize(1000, 720)
        self.render_preview()

    # -- preview ---------------------------------------------------------------------------------

    def render_preview(self) -> None:
        code, form, copies, actor = self.code, self.form, self.copies.value(), self.ctx.actor
        self.status.show_issue(self.tr("Đang tạo bản xem trước…"), "info")
        self.ctx.runner.db(
            lambda desk: ops.preview_slip(desk, code, form, copies, actor=actor), self._show, label="preview"
        )

    def _show(self, result: tuple[bytes, str, str]) -> None:
        pdf, _form_set, _size = result
        self.pdf_bytes = pdf
        self.document.close()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.status.clear_issue()
        self.rendered.emit(self.document.pageCount())

    # -- output ----------------------------------------------------------------------------------

    def _remember(self) -> None:
        store = settings()
        store.setValue("print/copies", self.copies.value())
        if self.printer.currentText():
            store.setValue("print/printer", self.printer.currentText())

    def print_now(self) -> None:
        printer = self.printer.currentText()
        if not printer:
            self.status.show_issue(self.tr("Chưa có máy in: dùng “Lưu thành tệp PDF…”"))
            return
        self._remember()
        self._output(printer=printer, out=None)

    def ask_save(self) -> None:
        store = settings()
        folder = str(store.value("print/pdf_dir", "") or "") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        suggested = str(Path(folder) / f"{self.code}_{self.form}.pdf")
        dialog = QFileDialog(self, self.tr("Lưu phiếu thành tệp PDF"), suggested, self.tr("Tệp PDF (*.pdf)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, self.tr("Lưu"))
        dialog.setLabelText(QFileDialog.DialogLabel.Reject, self.tr("Hủy"))
        dialog.setLabelText(QFileDialog.DialogLabel.FileName, self.tr("Tên tệp"))
        dialog.setLabelText(QFileDialog.DialogLabel.FileType, self.tr("Loại tệp"))
        dialog.setLabelText(QFileDialog.DialogLabel.LookIn, self.tr("Thư mục"))
        dialog.fileSelected.connect(self.save_to)
        dialog.open()

    def save_to(self, path: str) -> None:
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        settings().setValue("print/pdf_dir", str(target.parent))
        self._remember()
        self._output(printer=None, out=target)

    def _output(self, *, printer: str | None, out: Path | None) -> None:
        code, form, copies, actor = self.code, self.form, self.copies.value(), self.ctx.actor
        self.print_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.status.show_issue(self.tr("Đang in…") if printer else self.tr("Đang lưu…"), "info")
        runner = self.ctx.runner

        # Three hops (issue 8 §8): render on the DB worker, spool on the print worker (a hung
        # spooler times out there while saving goes on), log on the DB worker.
        def log(sent: ops.SlipOutput) -> None:
            runner.db(
                lambda desk: ops.log_slip(desk, code, form, sent, copies=copies, actor=actor),
                self._done, failed=self._failed, label="print-log",
            )  # fmt: skip

        def spool(rendered: tuple[bytes, str, str]) -> None:
            runner.spool(
                lambda _none: ops.send_slip(rendered, code, form, printer=printer, out=out),
                log, failed=self._failed, label="print",
            )  # fmt: skip

        runner.db(lambda desk: ops.preview_slip(desk, code, form, copies, actor=actor), spool, failed=self._failed,
                  label="print-render")  # fmt: skip

    def _enable(self) -> None:
        self.print_button.setEnabled(bool(self.printer.count()))
        self.save_button.setEnabled(True)

    def _done(self, result: dict[str, object]) -> None:
        self._enable()
        if result.get("printer"):
            self.status.show_issue(
                self.tr("Đã gửi {0} liên tới máy in {1}").format(result["copies"], result["printer"]), "ok"
            )
        else:
            self.status.show_issue(self.tr("Đã lưu: {0}").format(result.get("destination", "")), "ok")
        self.ctx.dossiers_changed.emit(self.code)
        self.printed.emit(result)

    def _failed(self, exc: BaseException) -> bool:
        self._enable()
        self.status.clear_issue()
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            (self.print_now if self.print_button.isEnabled() else self.ask_save)()
            return
        super().keyPressEvent(event)
