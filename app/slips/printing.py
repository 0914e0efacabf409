"""Send PDF bytes to a printer queue of this computer.

Printing sits behind the ``Printer`` protocol: ``app/`` never imports a front end (design.md
"Layout"). The built-in backend is CUPS through its command-line clients (``lp``, ``lpstat``),
which every CUPS install has and which honour ``CUPS_SERVER``. A front end may register another
backend with ``register_printer`` (the GUI and the CLI register Qt's print support on Windows,
``ui/qt_print.py``); without one on Windows printing says so instead of failing obscurely.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from typing import Protocol

# lpstat/lp speak the user's locale; parse them in the C locale.
_C_LOCALE = {"LC_ALL": "C", "LANG": "C"}
_REQUEST_ID = re.compile(r"request id is (\S+)")
TIMEOUT_S = 60.0


class PrintError(RuntimeError):
    """Printing failed; the message is Vietnamese and carries the system's own words."""


@dataclass(frozen=True)
class PrintJob:
    printer: str
    job_id: str
    copies: int


class Printer(Protocol):
    """A print backend a front end registers (``register_printer``)."""

    def available_printers(self) -> list[str]: ...

    def default_printer(self) -> str | None: ...

    def print_pdf(self, pdf: bytes, *, printer: str, copies: int = 1, title: str = "motcua") -> str:
        """Queue the PDF on ``printer``; return the job id (may be empty)."""
        ...


_backend: Printer | None = None


def register_printer(backend: Printer | None) -> None:
    """Use ``backend`` for every print of this process (None: back to the built-in CUPS clients)."""
    global _backend
    _backend = backend


def registered_printer() -> Printer | None:
    return _backend


def _use_backend() -> Printer | None:
    if _backend is not None:
        return _backend
    if sys.platform == "win32":
        raise PrintError(
            "Chưa có trình in cho Windows trong tiến trình này: hãy lưu phiếu ra tệp PDF (--out) rồi in"
        )
    return None


def _run(args: list[str], *, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    exe = shutil.which(args[0])
    if exe is None:
        raise PrintError(
            f"Không tìm thấy lệnh '{args[0]}': máy này chưa cài hệ thống in CUPS (gói cups-client) "
            "nên không thể in trực tiếp; hãy lưu phiếu ra tệp PDF (--out) rồi in từ trình xem PDF"
        )
    env = {**os.environ, **_C_LOCALE}
    try:
        return subprocess.run(
            [exe, *args[1:]], input=data, capture_output=True, env=env, timeout=TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise PrintError(
            f"Lệnh '{' '.join(args)}' không trả lời sau {TIMEOUT_S:.0f} giây (dịch vụ in CUPS treo?)"
        ) from exc


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace").strip()


def list_printers() -> list[str]:
    """Names of the installed printer queues (``lpstat -e``)."""
    backend = _use_backend()
    if backend is not None:
        return backend.available_printers()
    proc = _run(["lpstat", "-e"])
    if proc.returncode != 0:
        err = _text(proc.stderr)
        # "No destinations added." is how lpstat says there is no printer at all.
        if "no destinations" in err.lower():
            return []
        raise PrintError(
            f"Không đọc được danh sách máy in (lpstat -e): {err or 'mã lỗi ' + str(proc.returncode)}"
        )
    return [ln.strip() for ln in _text(proc.stdout).splitlines() if ln.strip()]


def default_printer() -> str | None:
    """The system default queue (``lpstat -d``), or None when none is set."""
    backend = _use_backend()
    if backend is not None:
        return backend.default_printer()
    proc = _run(["lpstat", "-d"])
    out = _text(proc.stdout)
    match = re.search(r"system default destination:\s*(\S+)", out)
    return match.group(1) if match else None


def resolve_printer(printer: str | None) -> str:
    """The queue to use: the one named, or the system default for None/''; a clear error if none."""
    names = list_printers()
    if not names:
        raise PrintError(
            "Chưa cài đặt máy in nào trên máy tính này: hãy thêm máy in (Cài đặt hệ thống → Máy in) "
            "hoặc lưu phiếu ra tệp PDF (--out)"
        )
    if printer:
        if printer not in names:
            raise PrintError(f"Không có máy in tên '{printer}'; các máy in hiện có: {', '.join(names)}")
        return printer
    chosen = default_printer()
    if chosen is None:
        raise PrintError(
            f"Chưa chọn máy in mặc định: hãy ghi rõ tên máy in (--printer); các máy in hiện có: {', '.join(names)}"
        )
    return chosen


def print_pdf(pdf: bytes, *, printer: str | None, copies: int = 1, title: str = "motcua") -> PrintJob:
    """Queue ``pdf`` on ``printer`` (None/'' = system default); returns once the queue accepted it."""
    if not pdf.startswith(b"%PDF-"):
        raise ValueError("print_pdf expects PDF bytes")
    if not 1 <= copies <= 99:
        raise PrintError(f"Số bản in (--copies) phải từ 1 đến 99, đang là {copies}")
    name = resolve_printer(printer)
    backend = _use_backend()
    if backend is not None:
        return PrintJob(name, backend.print_pdf(pdf, printer=name, copies=copies, title=title), copies)
    # The title travels in argv: keep it printable and short (it names the job in the queue).
    safe_title = re.sub(r"[^\w.\- ]+", "_", title)[:80] or "motcua"
    # No file argument: lp reads the job from stdin, so no temporary file is left behind.
    proc = _run(["lp", "-d", name, "-n", str(copies), "-t", safe_title], data=pdf)
    if proc.returncode != 0:
        err = _text(proc.stderr) or _text(proc.stdout) or f"mã lỗi {proc.returncode}"
        raise PrintError(f"Máy in '{name}' không nhận lệnh in: {err}")
    match = _REQUEST_ID.search(_text(proc.stdout))
    return PrintJob(name, match.group(1) if match else "", copies)
