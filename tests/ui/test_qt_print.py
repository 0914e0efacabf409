"""ui.qt_print (the Windows print path) against a real CUPS file queue: QtPdf renders, QPrinter prints.

Runs in a fresh interpreter: Qt's CUPS plugin binds to the CUPS server the first time any test in
this process lists printers, so the private cupsd's address must be in place before Qt loads.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.app.slips.cupsd import private_cupsd

pytestmark = pytest.mark.cups
ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import sys
    from app.slips.printing import PrintError
    from ui import qt_print
    pdf = open(sys.argv[1], "rb").read()
    assert "QTPDF" in qt_print.available_printers(), qt_print.available_printers()
    try:
        qt_print.print_pdf(pdf, printer="NOPE")
    except PrintError as exc:
        assert "Không có máy in tên 'NOPE'" in str(exc), exc
    else:
        raise SystemExit("printing to a missing printer did not fail")
    qt_print.print_pdf(pdf, printer="QTPDF", title="qt-test")
    print("sent")
    """
)


def test_qt_prints_a_pdf_to_the_named_queue(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen.canvas import Canvas

    src = tmp_path / "in.pdf"
    c = Canvas(str(src), pagesize=A5)
    c.rect(40, 40, 300, 500, fill=1)
    c.showPage()
    c.save()
    with private_cupsd(monkeypatch) as cups:
        target = cups.add_pdf_queue("QTPDF")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
        run = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(src)], capture_output=True, text=True, env=env, timeout=120
        )
        assert run.returncode == 0 and "sent" in run.stdout, run.stderr
        printed = cups.wait_printed("QTPDF", target)
    # The Generic-PDF driver may wrap the job in PJL: the PDF inside carries Qt's rendered page.
    assert b"%PDF-" in printed and b"%%EOF" in printed
    assert b'JOB NAME = "qt-test"' in printed or b"qt-test" in printed
    assert len(printed) > 10_000  # a 300 dpi raster of the page, not an empty job
