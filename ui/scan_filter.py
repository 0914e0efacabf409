"""A CCCD scan anywhere on the intake screen: the serial scanner's worker and the keyboard-wedge
filter, both ending in one ``scanned(payload)`` signal.

- Serial (primary): the scanner's USB virtual COM port, read with pyserial on a QThread that polls
  (``LineReader.poll`` waits at most 0.1 s), so the GUI thread never blocks and no
  QSocketNotifier is needed (there is none for COM ports on Windows).
- Keyboard wedge (fallback): the scanner types the payload. Windows keyboard layouts and Unikey
  split or mangle Vietnamese letters, so the filter takes both key events and input-method
  commits, applies the backspaces Unikey sends, and recognises the burst by its shape (12 digits
  then ``|``) and its speed (no gap over ``GAP_S``). Once recognised the rest of the burst is
  swallowed and the field the keys landed in gets its text back; only the parsed fields are kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.domain.cccd import SEPARATOR, looks_like_cccd

GAP_S = 0.08  # a person does not type two keys 80 ms apart for 150 characters
IDLE_FINISH_MS = 200  # a scanner configured without an Enter suffix
SETTINGS_KEY = "scanner/port"


class ScanFilter(QObject):
    """Event filter on the focused widget recognising a keyboard-wedge scan of the CCCD QR."""

    scanned = Signal(str)

    def __init__(self, active: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.active = active
        self.buffer = ""
        self.last = 0.0
        self.capturing = False
        self.target: QLineEdit | None = None
        self.snapshot = ""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(IDLE_FINISH_MS)
        self.timer.timeout.connect(self._idle)

    def follow_focus(self, app: QApplication, window: QWidget) -> None:
        """Watch the focused widget (and the window, for keys when nothing has focus).

        Not an application-wide filter: a Python filter on QApplication is called for every
        event of the program (paints, timers, the PDF preview's pages) and made the intake's
        save-and-preview handler several times slower; the keys and input-method commits of a
        scan always go to the focused widget first, so following the focus sees all of them.
        """
        window.installEventFilter(self)
        focus = app.focusWidget()
        if focus is not None:
            focus.installEventFilter(self)
        app.focusChanged.connect(self._focus_changed)

    def unfollow(self, app: QApplication, window: QWidget) -> None:
        app.focusChanged.disconnect(self._focus_changed)
        window.removeEventFilter(self)
        focus = app.focusWidget()
        if focus is not None:
            focus.removeEventFilter(self)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is not None:
            old.removeEventFilter(self)
        if new is not None:
            new.installEventFilter(self)

    def reset(self) -> None:
        self.buffer, self.capturing, self.target, self.snapshot = "", False, None, ""
        self.timer.stop()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.InputMethod):
            return False
        # Each key event is seen once: at its first receiver, the focused widget (a key a widget
        # ignores travels on to its parents and would be counted again).
        focus = QApplication.focusWidget()
        if not isinstance(obj, QWidget) or (focus is not None and obj is not focus) or not self.active():
            return False
        now = time.monotonic()
        if self.buffer and now - self.last > GAP_S and not self.capturing:
            self.reset()
        if kind == QEvent.Type.InputMethod:
            assert isinstance(event, QInputMethodEvent)
            return self._text(obj, event.commitString(), now)
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return self._enter()
        if key == Qt.Key.Key_Backspace and self.buffer:  # Unikey rewrites a letter with backspaces
            self.buffer = self.buffer[:-1]
            self.last = now
            return self.capturing
        text = event.text()
        if not text or not text.isprintable():
            if not self.capturing:
                self.reset()
            return False
        return self._text(obj, text, now)

    def _text(self, obj: QObject, text: str, now: float) -> bool:
        if not text:
            return self.capturing
        if not self.buffer:
            self.target = obj if isinstance(obj, QLineEdit) else None
            self.snapshot = self.target.text() if self.target is not None else ""
        self.buffer += text
        self.last = now
        if not self.capturing and SEPARATOR in self.buffer:
            # Keys that arrived just before the scan (a stray keypress, a scanner prefix) are not
            # part of it: the payload starts at the 12 digits in front of the first '|'.
            head, rest = self.buffer.split(SEPARATOR, 1)
            if len(head) > 12:
                self.buffer = head[-12:] + SEPARATOR + rest
            self.capturing = looks_like_cccd(self.buffer)
        if self.capturing:
            self.timer.start()
        return self.capturing

    def _enter(self) -> bool:
        if self.capturing:
            # Complete or not, it was a scan (its keys were swallowed): the parser says what is
            # wrong with a damaged code rather than the keys vanishing silently.
            self._finish()
            return True
        self.reset()
        return False

    def _idle(self) -> None:
        if self.capturing:
            self._finish()  # a scanner set up without an Enter suffix (or a damaged code)
        else:
            self.reset()

    def _finish(self) -> None:
        payload, target, snapshot = self.buffer, self.target, self.snapshot
        self.reset()
        if target is not None:
            target.setText(snapshot)  # the digits typed before the burst was recognised
        self.scanned.emit(payload)


class SerialScanner(QThread):
    """Polls the configured COM port on its own thread; one ``scanned`` per CR/LF-ended line."""

    scanned = Signal(str)
    failed = Signal(str)

    def __init__(self, port: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.port = port

    def run(self) -> None:
        from app.devices.scanner import LineReader, ScannerError, open_port

        try:
            handle = open_port(self.port)
        except ScannerError as exc:
            self.failed.emit(str(exc))
            return
        try:
            reader = LineReader(handle)
            while not self.isInterruptionRequested():
                try:
                    line = reader.poll()
                except ScannerError as exc:
                    self.failed.emit(str(exc))
                    return
                if line:
                    self.scanned.emit(line)
        finally:
            handle.close()

    def stop(self) -> None:
        self.requestInterruption()
        self.wait(2000)


class _Bus(QObject):
    port_changed = Signal(str)


_bus: _Bus | None = None


def bus() -> _Bus:
    """Tells the running serial reader that Settings chose another port (created on first use)."""
    global _bus
    if _bus is None:
        _bus = _Bus()
    return _bus


def configured_port(store: QSettings) -> str:
    return str(store.value(SETTINGS_KEY, "") or "").strip()


class ScannerTab(QWidget):
    """Settings → Máy quét CCCD: the COM port of this PC's scanner (a per-PC preference)."""

    def __init__(self, store: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.port = QComboBox()
        self.port.setObjectName("scannerPort")
        self.port.setEditable(True)
        self.port.addItem(self.tr("(không dùng – máy quét kiểu bàn phím)"), "")
        try:
            from serial.tools import list_ports

            for info in sorted(list_ports.comports(), key=lambda p: p.device):
                self.port.addItem(f"{info.device} – {info.description}", info.device)
        except Exception:  # noqa: BLE001 - enumeration is a convenience; typing the port still works
            pass
        current = configured_port(store)
        index = self.port.findData(current)
        if index >= 0:
            self.port.setCurrentIndex(index)
        elif current:
            self.port.setEditText(current)
        self.port.currentIndexChanged.connect(lambda _i: self.save())
        edit = self.port.lineEdit()
        if edit is not None:
            edit.editingFinished.connect(self.save)
        form = QFormLayout(self)
        form.addRow(self.tr("Cổng COM của máy quét"), self.port)
        hint = QLabel(
            self.tr(
                "Máy quét mã QR nối cổng USB ở chế độ cổng COM ảo (USB CDC). Khi quét thẻ CCCD trên "
                "màn hình tiếp nhận, thông tin người nộp được điền tự động. Chỉ lưu các trường đã đọc, "
                "không lưu ảnh thẻ."
            )
        )
        hint.setWordWrap(True)
        form.addRow(hint)

    def value(self) -> str:
        data = self.port.currentData()
        text = self.port.currentText().strip()
        if data is not None and self.port.itemText(self.port.currentIndex()) == text:
            return str(data)
        return text.split(" – ", 1)[0]

    def save(self) -> None:
        value = self.value()
        if value != configured_port(self.store):
            self.store.setValue(SETTINGS_KEY, value)
            bus().port_changed.emit(value)
