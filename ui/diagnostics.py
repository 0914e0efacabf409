"""The GUI's side of the support log (issue 8 §9): Qt's own messages go to the log file, and an
uncaught exception anywhere shows the clerk a plain Vietnamese dialog instead of vanishing."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMessageLogContext, QObject, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from app.logfile import install_excepthooks, setup_logging

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
_qt_log = logging.getLogger("qt")


def qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    where = f" ({context.category})" if context.category and context.category != "default" else ""
    _qt_log.log(_LEVELS.get(kind, logging.WARNING), "%s%s", message, where)


class CrashReporter(QObject):
    """Carries a crash from any thread to the GUI thread (a queued signal) and shows the dialog."""

    crashed = Signal(str)

    def __init__(self, log_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.shown: list[str] = []
        self.crashed.connect(self._show)

    def _show(self, kind: str) -> None:
        self.shown.append(kind)
        if QApplication.instance() is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            self.tr("Lỗi chương trình"),
            self.tr(
                "Phần mềm gặp lỗi ngoài dự kiến. Dữ liệu đã lưu không bị ảnh hưởng.\n"
                "Hãy báo cho quản trị viên và gửi kèm tệp nhật ký:\n{0}"
            ).format(str(self.log_path)),
            QMessageBox.StandardButton.Ok,
        )
        box.setObjectName("crashMessage")
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("Đóng"))
        box.open()
        self._box: Any = box  # keep it alive while open


def install(log_dir: Path | None = None) -> CrashReporter:
    """Log file, excepthooks and Qt's message handler; returns the reporter (keep a reference)."""
    path = setup_logging(log_dir)
    reporter = CrashReporter(path)
    install_excepthooks(reporter.crashed.emit)
    qInstallMessageHandler(qt_message)
    return reporter
