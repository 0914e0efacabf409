"""ui.qt_print (the Windows print path) against a real CUPS file queue: QtPdf renders, QPrinter prints."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.slips.printing import PrintError
from tests.app.slips.cupsd import private_cupsd

pytestmark = pytest.mark.cups


def test_qt_prints_a_pdf_to_the_named_queue(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen.canvas import Canvas

    with private_cupsd(monkeypatch) as cups:
        target = cups.add_pdf_queue("QTPDF")
        from ui import qt_print

        src = tmp_path / "in.pdf"
        c = Canvas(str(src), pagesize=A5)
        c.rect(40, 40, 300, 500, fill=1)
        c.showPage()
        c.save()
        assert "QTPDF" in qt_print.available_printers()
        with pytest.raises(PrintError, match="Không có máy in tên 'NOPE'"):
            qt_print.print_pdf(src.read_bytes(), printer="NOPE")
        qt_print.print_pdf(src.read_bytes(), printer="QTPDF", title="qt-test")
        printed = cups.wait_printed("QTPDF", target)
    # The Generic-PDF driver may wrap the job in PJL: the PDF inside carries Qt's rendered page.
    assert b"%PDF-" in printed and b"%%EOF" in printed
    assert b'JOB NAME = "qt-test"' in printed or b"qt-test" in printed
    assert len(printed) > 10_000  # a 300 dpi raster of the page, not an empty job
