"""Where a desk keeps its data, and the lock that keeps a second copy of the app out."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from filelock import FileLock, Timeout

APP_NAME = "MotCuaXa"
APP_AUTHOR = "MotCuaXa"


class DataDirLocked(RuntimeError):
    """Another motcua process holds the data directory."""


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


class DataDirLock:
    """Single-instance lock on the data dir.

    filelock uses msvcrt locking on Windows and fcntl elsewhere; the OS drops the lock when the
    process dies, so a power cut never leaves a stale lock behind.
    """

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "motcua.lock"
        self._lock = FileLock(str(self.path))

    def acquire(self, timeout: float = 0.0) -> None:
        try:
            self._lock.acquire(timeout=timeout)
        except Timeout as exc:
            raise DataDirLocked(
                f"thư mục dữ liệu {self.path.parent} đang được một phiên Một Cửa Xã khác sử dụng"
            ) from exc

    def release(self) -> None:
        self._lock.release()

    @property
    def is_locked(self) -> bool:
        return self._lock.is_locked
