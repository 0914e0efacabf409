"""Print from the preview to a chosen printer of a real (private) CUPS server; the job's file holds
the receipt's text and the print is logged. A fresh interpreter: Qt binds to the CUPS server the
first time a process lists printers, so CUPS_SERVER must be set before Qt loads."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.app.slips.cupsd import private_cupsd

pytestmark = pytest.mark.cups
ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication
    from app.desk import Desk
    from app.services.intake import IntakeRequest, PersonInput, intake
    from app.services.office import OfficeProfile, save_profile
    from app.services.users import create_user
    from ui.app import DeskApp, setup_application

    data = Path(sys.argv[1])
    with Desk.open(data) as desk:
        with desk.tx() as s:
            save_profile(s, OfficeProfile("000.00.12.H29", "Bộ phận Một cửa UBND xã Tân Lập"), actor="t")
            create_user(s, "canbo", "Nguyễn Văn Đức", "clerk", "mat-khau-8", actor="t")
        with desk.tx() as s:
            code = intake(s, IntakeRequest("1.001193", PersonInput(name="Nguyễn Thị Thược", id_number="001190012345")),
                          office=desk.require_office(), calendar=desk.calendar(), actor="t").code
    app = QApplication([])
    setup_application(app)
    made = DeskApp(data, auto_login=("canbo", "mat-khau-8"))
    loop = QEventLoop()
    made.ready.connect(lambda screen: loop.quit() if screen == "workspace" else None)
    QTimer.singleShot(20000, loop.quit)
    made.start()
    loop.exec()
    made.window.open_print(code, "receipt")
    preview = made.window.preview
    names = [preview.printer.itemText(i) for i in range(preview.printer.count())]
    assert "UIPDF" in names and "OTHER" in names, names
    assert not preview.no_printer.isVisible() and preview.print_button.isEnabled()
    preview.printer.setCurrentText("UIPDF")
    done = {}
    preview.printed.connect(lambda result: (done.update(result), loop.quit()))
    deadline = time.monotonic() + 10
    while preview.document.pageCount() < 2 and time.monotonic() < deadline:
        app.processEvents()
    preview.print_now()
    loop.exec()
    assert done.get("printer") == "UIPDF" and done.get("copies") == 2, done
    print("printed", code)
    made.window.hide()
    made.shutdown()
    sys.stdout.flush()
    import os
    os._exit(0)
    """
)


def test_preview_prints_to_the_chosen_cups_queue(monkeypatch: Any, tmp_path: Path) -> None:
    with private_cupsd(monkeypatch) as cups:
        target = cups.add_pdf_queue("UIPDF")
        cups.add_pdf_queue("OTHER")
        env = {
            **os.environ,
            "CUPS_SERVER": cups.server,
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "PYTHONPATH": str(ROOT),
        }
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(tmp_path / "data")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        code = done.stdout.split()[-1]
        pdf = cups.wait_printed("UIPDF", target)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert code in text and "Nguyễn Thị Thược" in text
    settings = (tmp_path / "config" / "MotCuaXa" / "MotCua.conf").read_text(encoding="utf-8")
    assert "printer=UIPDF" in settings and "copies=2" in settings  # remembered for the next print
