"""The QR scanner's USB virtual COM port (CDC ACM): one scan is UTF-8 text ending in CR and/or LF.

pyserial opens the port (``COM3`` on Windows, ``/dev/ttyACM0`` on Linux, a pseudo-terminal in
tests). Scanners in CDC mode send the whole payload at once, but the OS may hand it over in
pieces, so bytes are collected until the first CR or LF; a trailing LF after CR is skipped by
the next read. Vietnamese letters are multi-byte: decoding happens only on the whole line, never
per chunk (a split "ễ" must not become two replacement characters).
"""

from __future__ import annotations

import time
from typing import Any

# 9600 8N1 is the factory default of the common desk scanners; CDC ignores the rate anyway.
DEFAULT_BAUD = 9600
MAX_LINE = 4096  # a CCCD payload is about 150 bytes; a runaway stream must not grow forever


class ScannerError(RuntimeError):
    """The port cannot be opened or read, or no scan arrived in time (user-facing)."""


def open_port(port: str, *, baud: int = DEFAULT_BAUD, poll: float = 0.1) -> Any:
    import serial  # pyserial

    try:
        return serial.Serial(port, baudrate=baud, timeout=poll)
    except (serial.SerialException, OSError, ValueError) as exc:
        raise ScannerError(f"Không mở được cổng máy quét '{port}': {exc}") from exc


class LineReader:
    """Accumulates bytes from an open port and yields whole lines (without the terminator)."""

    def __init__(self, port: Any) -> None:
        self.port = port
        self._buf = bytearray()

    def poll(self) -> str | None:
        """Read what is there (waits at most the port's timeout); a whole line, or None."""
        import serial

        try:
            waiting = getattr(self.port, "in_waiting", 0) or 1
            chunk = self.port.read(waiting)
        except (serial.SerialException, OSError) as exc:
            raise ScannerError(f"Lỗi đọc cổng máy quét: {exc}") from exc
        if chunk:
            self._buf += chunk
        return self._take()

    def _take(self) -> str | None:
        while self._buf[:1] in (b"\r", b"\n"):
            del self._buf[0]
        for i, byte in enumerate(self._buf):
            if byte in (0x0D, 0x0A):
                line = bytes(self._buf[:i])
                del self._buf[: i + 1]
                return line.decode("utf-8", errors="replace")
        if len(self._buf) > MAX_LINE:
            self._buf.clear()
            raise ScannerError(f"Máy quét gửi quá {MAX_LINE} byte không có ký tự xuống dòng (CR/LF)")
        return None


def read_scan(port: str, *, timeout: float, baud: int = DEFAULT_BAUD) -> str:
    """Wait up to ``timeout`` seconds for one scan on ``port`` and return its text."""
    deadline = time.monotonic() + max(0.0, timeout)
    handle = open_port(port, baud=baud)
    try:
        reader = LineReader(handle)
        while True:
            line = reader.poll()
            if line is not None:
                return line
            if time.monotonic() >= deadline:
                raise ScannerError(f"Không nhận được mã quét nào trên cổng '{port}' sau {timeout:g} giây")
    finally:
        handle.close()
