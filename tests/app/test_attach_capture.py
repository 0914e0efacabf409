"""Capture paths with real parts: SANE's test scanner, a watched scan-to-folder directory."""

from __future__ import annotations

import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from app.attachments.watch import FolderWatcher
from app.desk import Desk
from app.usecases import attachments as uc
from tests.app.attachkit import CLERK, png_bytes, scanned_page
from tests.app.test_attachments import _intake


@pytest.fixture
def sane_test_backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    sane = pytest.importorskip("sane", reason="python-sane is installed by scripts/test.sh")
    source = Path("/etc/sane.d/test.conf")
    if not source.exists():
        pytest.skip("SANE's test backend config is installed by scripts/test.sh (sane-utils)")
    conf = tmp_path / "sane.d"
    conf.mkdir()
    shutil.copy(source, conf / "test.conf")
    (conf / "dll.conf").write_text("test\n", encoding="ascii")  # only the virtual test scanner
    monkeypatch.setenv("SANE_CONFIG_DIR", str(conf))
    sane.exit()  # re-read the config dir on the next init
    yield
    sane.exit()


def test_scan_three_pages_from_the_feeder_into_a_component(desk: Desk, sane_test_backend: None) -> None:
    from app.attachments import scanner

    assert "test:0" in [d for d, _ in scanner.devices()]
    run = scanner.scan("test:0", pages=3)
    assert len(run.images) == 3 and run.error == ""
    code = _intake(desk)
    info = uc.attach(desk, CLERK, code, "Tờ khai", scanned=run.images, source="scanner")
    assert info.pages == 3 and info.source == "scanner"


def test_a_scanner_that_stops_mid_run_keeps_the_pages_already_scanned(
    desk: Desk, sane_test_backend: None
) -> None:
    from app.attachments import scanner

    def gone_after_two(n: int, dev) -> None:  # type: ignore[no-untyped-def]
        if n == 2:  # the device goes away, as when its cable is pulled: the next page cannot start
            dev.close()

    # (Not the test backend's read_return_value = SANE_STATUS_IO_ERROR: its sane_cancel then waits
    # for a reader thread blocked on a full pipe, and a CI run hung there in C, past any timeout.)
    run = scanner.scan("test:0", pages=5, on_page=gone_after_two)
    assert len(run.images) == 2 and "dừng sau 2 trang" in run.error
    code = _intake(desk)
    assert uc.attach(desk, CLERK, code, "Tờ khai", scanned=run.images, source="scanner").pages == 2
    empty = scanner.scan("test:0", pages=12)  # the test feeder holds 10 sheets
    assert len(empty.images) == 10 and "dừng sau 10 trang" in empty.error


def test_unknown_scanner_is_a_clear_error(sane_test_backend: None) -> None:
    from app.attachments import scanner

    with pytest.raises(scanner.ScannerError, match="không mở được máy quét 'khong-co:0'"):
        scanner.scan("khong-co:0")


def test_folder_watcher_offers_each_new_scan_once_when_it_is_whole(tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    offered: list[tuple[Path, int]] = []
    got = threading.Event()

    def on_file(path: Path) -> None:
        offered.append((path, path.stat().st_size))
        got.set()

    watcher = FolderWatcher(folder, on_file, settle=0.6)
    watcher.start()
    try:
        data = png_bytes(scanned_page(11))
        target = folder / "SCAN0001.png"
        with open(target, "wb") as fh:  # a printer writing slowly, in pieces
            fh.write(data[: len(data) // 2])
            fh.flush()
            time.sleep(0.4)
            fh.write(data[len(data) // 2 :])
        (folder / "ghi-chu.txt").write_text("không phải bản quét", encoding="utf-8")
        assert got.wait(10), "the new scan was never offered"
        time.sleep(1.0)
        assert offered == [(target, len(data))]
    finally:
        watcher.stop()


def test_folder_watcher_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="không tồn tại"):
        FolderWatcher(tmp_path / "khong-co", lambda p: None).start()


def _sigpipe_ignored_by_kernel() -> bool:
    # What the kernel will do, not what Python believes: SANE changes it behind Python's back.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("SigIgn:"):
            return bool(int(line.split()[1], 16) & (1 << (signal.SIGPIPE - 1)))
    raise AssertionError("no SigIgn line in /proc/self/status")


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/self/status")
def test_scanning_on_a_worker_thread_leaves_sigpipe_ignored(sane_test_backend: None) -> None:
    # SANE's backends reset SIGPIPE to "terminate"; the next write to a dropped sync socket would
    # then kill the desk (it killed a CI run with exit 141). The scanner module puts it back.
    from app.attachments import scanner

    assert _sigpipe_ignored_by_kernel()
    done: list[int] = []
    worker = threading.Thread(target=lambda: done.append(len(scanner.scan("test:0", pages=1).images)))
    worker.start()
    worker.join(60)
    assert done == [1]
    assert _sigpipe_ignored_by_kernel()
