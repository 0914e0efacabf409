"""Issue 8 §9: a rotating support log with a header, uncaught errors of every thread and Qt's
messages in it, never an ID number or a phone; the GUI shows a plain Vietnamese dialog."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from app.logfile import mask_pii

ROOT = Path(__file__).resolve().parents[2]
IDN = "001190012345"
PHONE = "0912345678"


def test_mask_pii_keeps_codes_and_masks_numbers() -> None:
    line = f"open 000.00.12.H29-261130-0001 for {IDN} / CMND 123456789 / tel {PHONE} / +84 912 345 678"
    masked = mask_pii(line)
    assert "000.00.12.H29-261130-0001" in masked
    assert IDN not in masked and "********2345" in masked and "*****6789" in masked
    assert PHONE not in masked and "912 345 678" not in masked


def test_forced_exceptions_land_in_the_log_without_pii(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import os, sys, threading
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from pathlib import Path
        from PySide6.QtCore import qWarning
        from PySide6.QtWidgets import QApplication
        app = QApplication(["t"])
        from ui import diagnostics
        reporter = diagnostics.install(Path(sys.argv[1]))
        qWarning("qt says hello {PHONE}")
        def worker():
            raise RuntimeError("thread failed for {IDN}")
        t = threading.Thread(target=worker, name="net"); t.start(); t.join()
        app.processEvents()
        print("dialogs", reporter.shown, flush=True)
        raise ValueError("citizen {IDN} phone {PHONE} dossier 000.00.12.H29-261130-0001")
        """
    )
    r = subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=ROOT, capture_output=True,
                       text=True, timeout=120)  # fmt: skip
    assert "dialogs ['RuntimeError']" in r.stdout, r.stderr
    text = (tmp_path / "motcua.log").read_text(encoding="utf-8")
    assert "=== start: motcua " in text and "schema 0004_privacy" in text
    assert "ValueError: citizen ********2345" in text and "dossier 000.00.12.H29-261130-0001" in text
    assert "RuntimeError: thread failed" in text and "in thread net" in text
    assert "qt says hello [số điện thoại]" in text
    assert IDN not in text and PHONE not in text


def test_crash_dialog_is_vietnamese(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.diagnostics import CrashReporter

    reporter = CrashReporter(tmp_path / "motcua.log")
    reporter.crashed.emit("ValueError")
    qtbot.waitUntil(lambda: any(w.objectName() == "crashMessage" for w in QApplication.topLevelWidgets()))
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "crashMessage")
    assert isinstance(box, QMessageBox)
    assert "lỗi ngoài dự kiến" in box.text() and str(tmp_path / "motcua.log") in box.text()
    box.close()
