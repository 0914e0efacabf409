"""The support log (issue 8 §9): one rotating file in ``platformdirs.user_log_dir("motcua")``.

It holds dossier codes, never names or ID numbers: code logs codes only, and ``PiiFilter``
masks what looks like an ID number (9 or 12 digits: CMND, CCCD) or a phone number in every
record and traceback that reaches the file, as defence in depth. Uncaught exceptions of any
thread land there (``install_excepthooks``); the GUI adds Qt's own messages (ui/diagnostics.py).
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

LOG_NAME = "motcua.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"

# A dossier code's digits come in runs of 6 and 4 (…-261130-0001) and a unit code's in 2 or 3, so
# a run of exactly 9 or 12 digits is an ID number; phones are 10 or 11 digits from 0 or +84, with
# or without the spaces and dots people type.
_ID_RE = re.compile(r"(?<![\d])(?:\d{12}|\d{9})(?![\d])")
_PHONE_RE = re.compile(r"(?<![\d+])(?:\+84|84|0)(?:[ .-]?\d){9,10}(?![\d])")


def mask_pii(text: str) -> str:
    text = _PHONE_RE.sub("[số điện thoại]", text)
    return _ID_RE.sub(lambda m: "*" * (len(m.group()) - 4) + m.group()[-4:], text)


class PiiFilter(logging.Filter):
    """Masks ID and phone numbers in the message, its arguments and the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must still be logged, not lost
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = mask_pii(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_pii(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_pii(record.stack_info)
        return True


def default_log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir("motcua", appauthor=False))


def header() -> str:
    from app import __version__
    from app.store.migrate import HEAD

    return (
        f"motcua {__version__}; schema {HEAD}; {platform.platform()}; "
        f"Python {platform.python_version()}; {sys.executable}"
    )


_handler: logging.Handler | None = None


def setup_logging(log_dir: Path | None = None, *, level: int = logging.INFO) -> Path:
    """Attach the rotating file to the root logger (once per process) and write the header."""
    global _handler
    directory = Path(log_dir) if log_dir is not None else default_log_dir()
    path = directory / LOG_NAME
    if _handler is not None:
        return Path(getattr(_handler, "baseFilename", path))
    directory.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(PiiFilter())
    root = logging.getLogger()
    for other in root.handlers:  # the console too: the same masking wherever a record goes
        other.addFilter(PiiFilter())
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    _handler = handler
    logging.getLogger("motcua").info("=== start: %s", header())
    return path


def install_excepthooks(on_error: Callable[[str], None] | None = None) -> None:
    """Uncaught exceptions (main thread and any other) go to the log; ``on_error`` gets a short
    line (type only, no message: it may hold data) for the GUI's plain dialog."""
    log = logging.getLogger("motcua.crash")
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        log.critical("uncaught exception", exc_info=(kind, exc, tb))
        if on_error is not None:
            on_error(kind.__name__)
        else:
            previous(kind, exc, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "?"
        exc = args.exc_value if args.exc_value is not None else args.exc_type()
        log.critical(
            "uncaught exception in thread %s", name, exc_info=(args.exc_type, exc, args.exc_traceback)
        )
        if on_error is not None:
            on_error(args.exc_type.__name__)

    sys.excepthook = hook
    threading.excepthook = thread_hook
