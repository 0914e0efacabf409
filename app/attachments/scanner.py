"""Capture pages from a document scanner: SANE on Linux (python-sane), WIA on Windows.

A scanner that stops mid-run (paper jam, cable pulled, feeder empty) never costs the pages already
scanned: ``scan`` returns them with the error, and the caller stores what it has.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

A4_MM = (210.0, 297.0)
log = logging.getLogger(__name__)


class ScannerError(RuntimeError):
    """No scanner backend, or the device could not be opened (nothing was scanned)."""


@dataclass
class ScanRun:
    images: list[Any] = field(default_factory=list)
    error: str = ""  # set when the device stopped before the pages asked for


def devices() -> list[tuple[str, str]]:
    """(device id, description) of the scanners this PC sees."""
    if sys.platform == "win32":
        return _wia_devices()
    with _sigpipe_kept():
        sane = _sane()
        return [(d[0], f"{d[1]} {d[2]}".strip()) for d in sane.get_devices()]


def _sane() -> Any:
    try:
        import sane
    except ImportError as exc:
        raise ScannerError(
            "chưa cài trình điều khiển máy quét SANE (gói python-sane); dùng 'Chọn tệp' hoặc thư mục quét"
        ) from exc
    with _sigpipe_kept():
        sane.init()
    return sane


@contextlib.contextmanager
def _sigpipe_kept() -> Iterator[None]:
    """Put SIGPIPE back to "ignore" after SANE calls.

    Python ignores SIGPIPE so that a socket closed by the other side is an ``EPIPE`` error; loading
    the SANE backends resets it to the default action, after which the next write to a dropped sync
    connection *kills the whole desk* (exit 141; it killed our CI run mid-suite). ``signal.signal``
    only works on the main thread and scans run on a worker, so the C call is made directly.
    """
    try:
        yield
    finally:
        if sys.platform != "win32" and signal.getsignal(signal.SIGPIPE) == signal.SIG_IGN:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.signal.argtypes = (ctypes.c_int, ctypes.c_void_p)
            libc.signal.restype = ctypes.c_void_p
            libc.signal(int(signal.SIGPIPE), ctypes.c_void_p(1))  # 1 == SIG_IGN in <signal.h>


def scan(
    device: str,
    *,
    pages: int = 1,
    mode: str = "gray",
    dpi: int = 200,
    on_page: Callable[[int, Any], None] | None = None,
) -> ScanRun:
    """Scan up to ``pages`` pages (the feeder when more than one) as PIL images."""
    if sys.platform == "win32":
        return _wia_scan(device, pages=pages, mode=mode, dpi=dpi, on_page=on_page)
    with _sigpipe_kept():
        return _sane_scan(device, pages=pages, mode=mode, dpi=dpi, on_page=on_page)


def _sane_scan(
    device: str, *, pages: int, mode: str, dpi: int, on_page: Callable[[int, Any], None] | None
) -> ScanRun:
    sane = _sane()
    try:
        dev = sane.open(device)
    except Exception as exc:  # python-sane raises _sane.error (no common base to name)
        raise ScannerError(f"không mở được máy quét '{device}': {exc}") from exc
    run = ScanRun()
    try:
        _set(dev, "mode", "Color" if mode == "color" else "Gray")
        _set(dev, "resolution", dpi)
        _set(dev, "br_x", A4_MM[0])
        _set(dev, "br_y", A4_MM[1])
        if pages > 1:
            _set(dev, "source", "Automatic Document Feeder")
        for n in range(1, pages + 1):
            try:
                dev.start()
                image = dev.snap()
            except Exception as exc:  # a jam, an empty feeder, a device gone: keep what we have
                run.error = f"máy quét dừng sau {len(run.images)} trang ({exc})"
                break
            run.images.append(image)
            if on_page is not None:
                on_page(n, dev)
    finally:
        try:
            dev.close()
        except Exception as exc:  # closing a vanished device must not lose the pages
            run.error = run.error or f"máy quét không đóng được ({exc})"
    if not run.images:
        raise ScannerError(run.error or f"máy quét '{device}' không trả về trang nào")
    return run


def _set(dev: Any, option: str, value: Any) -> None:
    # Not every device has every option (a flatbed has no feeder): skip what it lacks.
    if option.replace("_", "-") in [o[1] for o in dev.get_options()]:
        try:
            setattr(dev, option, value)
        except (AttributeError, ValueError) as exc:
            # An out-of-range value keeps the device default; the scan itself can still go on.
            log.info("scanner option %s=%r not accepted, device default kept: %s", option, value, exc)


# -- Windows (WIA 2.0 through COM) ------------------------------------------------------------
# Small on purpose: it can only run on a desk PC; the SANE path carries the tested logic.


def _wia_devices() -> list[tuple[str, str]]:  # pragma: no cover - Windows only
    import comtypes.client  # type: ignore[import-not-found,unused-ignore]

    manager = comtypes.client.CreateObject("WIA.DeviceManager")
    found = []
    for i in range(1, manager.DeviceInfos.Count + 1):
        info = manager.DeviceInfos.Item(i)
        if info.Type == 1:  # ScannerDeviceType
            found.append((info.DeviceID, info.Properties.Item("Name").Value))
    return found


def _wia_scan(device: str, *, pages: int, mode: str, dpi: int, on_page: Any) -> ScanRun:  # pragma: no cover
    import io

    import comtypes.client  # type: ignore[import-not-found,unused-ignore]
    from PIL import Image

    manager = comtypes.client.CreateObject("WIA.DeviceManager")
    info = next(
        (manager.DeviceInfos.Item(i) for i in range(1, manager.DeviceInfos.Count + 1)
         if manager.DeviceInfos.Item(i).DeviceID == device),
        None,
    )  # fmt: skip
    if info is None:
        raise ScannerError(f"không thấy máy quét '{device}'")
    item = info.Connect().Items.Item(1)
    for prop, value in (("6147", dpi), ("6148", dpi), ("6146", 2 if mode == "gray" else 1)):
        item.Properties.Item(prop).Value = value  # horizontal/vertical resolution, colour intent
    run = ScanRun()
    for n in range(1, pages + 1):
        try:
            wia_image = item.Transfer("{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}")  # PNG
        except Exception as exc:
            run.error = f"máy quét dừng sau {len(run.images)} trang ({exc})"
            break
        run.images.append(Image.open(io.BytesIO(bytes(wia_image.FileData.BinaryData))))
        if on_page is not None:
            on_page(n, None)
    if not run.images:
        raise ScannerError(run.error or "máy quét không trả về trang nào")
    return run
