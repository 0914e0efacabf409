"""The panels' front door to the workers, and the one place errors become messages.

``Runner.db(fn, done)`` runs ``fn(desk)`` on the DB worker; ``Runner.net(fn, done)`` on the
network worker; ``Runner.spool(fn, done)`` on the print worker (no desk there). Expected failures (bad input, illegal transition, locked data dir …) are
classified on the worker, where the service modules are loaded, and come back as
``UserError`` carrying the Vietnamese message; anything else is a bug: logged with its
traceback and shown in an error dialog, never swallowed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.worker import Job, Worker

log = logging.getLogger(__name__)
SLOW_HANDLER_MS = 50.0


class UserError(Exception):
    """An expected failure, with a message for the clerk and, for validation, the issues."""

    def __init__(self, message: str, issues: list[Any] | None = None, kind: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.issues = issues or []
        self.kind = kind


def _expected_types() -> tuple[type[BaseException], ...]:
    from app.errors import user_errors
    from sync.requeue import RequeueError

    return (*user_errors(), RequeueError)


def classify(exc: BaseException) -> BaseException:
    """Runs on the worker: turn an expected exception into a UserError, leave bugs alone."""
    if isinstance(exc, UserError):
        return exc
    if isinstance(exc, _expected_types()):
        issues = list(getattr(exc, "issues", []) or [])
        # ValidationError's str() prefixes each line with the field identifier (English); the
        # clerk reads only the messages, which name the field in Vietnamese.
        text = "\n".join(i.message for i in issues) if issues else str(exc)
        return UserError(text, issues, type(exc).__name__)
    # File errors carry a file name; network errors (requests' are OSErrors too) do not.
    if isinstance(exc, OSError) and getattr(exc, "filename", None):
        name = f" ({exc.filename})"
        text = QCoreApplication.translate("Runner", "Lỗi đọc/ghi tệp{0}: {1}").format(
            name, exc.strerror or exc
        )
        return UserError(text, kind="OSError")
    return exc


def _wrap(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def run(context: Any) -> Any:
        try:
            return fn(context)
        except Exception as exc:
            converted = classify(exc)
            if converted is exc:
                raise
            raise converted from exc

    return run


class Runner(QObject):
    """Owns both workers; panels call ``db``/``net`` and get results on the GUI thread."""

    error_shown = Signal(str)  # the text of every message box shown (tests and the status bar)

    def __init__(
        self, db: Worker, net: Worker, parent: QObject | None = None, *, spooler: Worker | None = None
    ) -> None:
        super().__init__(parent)
        self.db_worker = db
        self.net_worker = net
        self.print_worker = spooler if spooler is not None else Worker("print", None, self)
        self.dialog_parent: QWidget | None = None
        self.last_error: str = ""
        self.slow_handlers: list[tuple[str, float]] = []
        self._boxes: list[QMessageBox] = []

    def db(
        self,
        fn: Callable[[Any], Any],
        done: Callable[[Any], None] | None = None,
        *,
        failed: Callable[[BaseException], bool] | None = None,
        stale: Callable[[], bool] | None = None,
        label: str = "",
    ) -> Job:
        return self.db_worker.submit(
            Job(_wrap(fn), self._done(done, label), self._failed(failed), stale, label)
        )

    def net(
        self,
        fn: Callable[[Any], Any],
        done: Callable[[Any], None] | None = None,
        *,
        failed: Callable[[BaseException], bool] | None = None,
        label: str = "",
    ) -> Job:
        return self.net_worker.submit(
            Job(_wrap(fn), self._done(done, label), self._failed(failed), None, label)
        )

    def spool(
        self,
        fn: Callable[[Any], Any],
        done: Callable[[Any], None] | None = None,
        *,
        failed: Callable[[BaseException], bool] | None = None,
        label: str = "",
    ) -> Job:
        """Run ``fn(None)`` on the print worker: the spooler may hang for its whole timeout, and
        must never do so on the DB worker, where it would block saving (issue 8 §8)."""
        return self.print_worker.submit(
            Job(_wrap(fn), self._done(done, label), self._failed(failed), None, label)
        )

    def _done(self, done: Callable[[Any], None] | None, label: str) -> Callable[[Any], None] | None:
        if done is None:
            return None

        def call(value: Any) -> None:
            started = time.perf_counter()
            try:
                done(value)
            except Exception as exc:  # a bug in a GUI handler: show it, keep the app alive
                import traceback

                self.show_bug(exc, traceback.format_exc())
            elapsed = (time.perf_counter() - started) * 1000
            if elapsed > SLOW_HANDLER_MS:
                # The GUI thread must never stall (issue: no handler over 50 ms); keep the evidence.
                self.slow_handlers.append((label, elapsed))
                log.warning("GUI handler of %s took %.0f ms", label or "?", elapsed)

        return call

    def _failed(
        self, handler: Callable[[BaseException], bool] | None
    ) -> Callable[[BaseException, str], None]:
        def call(exc: BaseException, trace: str) -> None:
            try:
                handled = handler is not None and handler(exc)
            except Exception as bug:  # a bug in the error handler itself: show both
                import traceback

                self.show_bug(bug, traceback.format_exc() + "\n" + trace)
                return
            if handled:
                return
            if isinstance(exc, UserError):
                self.show_message(exc.message)
            else:
                self.show_bug(exc, trace)

        return call

    # -- messages --------------------------------------------------------------------------------

    def show_message(self, text: str, title: str | None = None) -> None:
        """A Vietnamese warning the clerk can act on; non-modal so no handler blocks."""
        self.last_error = text
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            title or self.tr("Không thực hiện được"),
            text,
            QMessageBox.StandardButton.Ok,
            self.dialog_parent,
        )
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("Đồng ý"))
        box.setObjectName("userMessage")
        self._keep(box)
        self.error_shown.emit(text)

    def show_bug(self, exc: BaseException, trace: str) -> None:
        log.error("unexpected error: %r\n%s", exc, trace)
        text = self.tr(
            "Đã xảy ra lỗi ngoài dự kiến. Dữ liệu đã lưu không bị ảnh hưởng; "
            "hãy báo cho quản trị viên kèm chi tiết bên dưới.\n\n{0}"
        ).format(f"{type(exc).__name__}: {exc}")
        self.last_error = text
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            self.tr("Lỗi chương trình"),
            text,
            QMessageBox.StandardButton.Ok,
            self.dialog_parent,
        )
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("Đóng"))
        box.setDetailedText(trace)
        box.setObjectName("bugMessage")
        self._keep(box)
        self.error_shown.emit(text)

    def _keep(self, box: QMessageBox) -> None:
        # A box without a parent window would be collected as soon as this method returns.
        self._boxes.append(box)
        box.finished.connect(lambda _r: self._boxes.remove(box) if box in self._boxes else None)
        box.open()

    def stop(self) -> None:
        self.net_worker.stop()
        # A print still waiting on a hung spooler ends at its own timeout; quitting does not wait.
        self.print_worker.stop(timeout=1.0)
        self.db_worker.stop()
