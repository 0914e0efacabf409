"""Printing through a real CUPS queue: a private cupsd with a Generic-PDF file queue (env-notes §4).

The Generic-PDF driver only runs pdftopdf, so the printed file keeps the text of the slip and can
be read back. Skipped (with the reason) only when cupsd or the driver is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.slips import printing
from app.slips.printing import PrintError
from app.slips.service import print_slip
from app.store.models import Outbox, SlipLog
from tests.app.slips.conftest import OWNER, Store, at, flat, pdf_text
from tests.app.slips.cupsd import Cups, private_cupsd

pytestmark = pytest.mark.cups


@pytest.fixture
def cups(monkeypatch: pytest.MonkeyPatch) -> Iterator[Cups]:
    with private_cupsd(monkeypatch) as box:
        yield box


def test_no_printer_installed_is_a_clear_error(cups: Cups, store: Store) -> None:
    assert printing.list_printers() == []
    code = store.intake(at(2025, 10, 6, 8, 30))
    with pytest.raises(PrintError, match="Chưa cài đặt máy in nào"):
        print_slip(store.desk, code, "receipt", printer="", actor="thuytt")
    with store.desk.read() as s:
        assert s.scalars(select(SlipLog)).all() == []


def test_print_receipt_through_cups_and_log_it(cups: Cups, store: Store, tmp_path: Path) -> None:
    target = cups.add_pdf_queue("PDFFILE")
    cups.add_pdf_queue("OTHER")
    assert sorted(printing.list_printers()) == ["OTHER", "PDFFILE"]
    assert printing.default_printer() is None
    code = store.intake(at(2025, 10, 6, 8, 30))
    result = print_slip(store.desk, code, "receipt", printer="PDFFILE", copies=2, actor="thuytt")
    assert result.printer == "PDFFILE" and result.job_id.startswith("PDFFILE-")
    printed = cups.wait_printed("PDFFILE", target)
    text = flat(pdf_text(printed, tmp_path))
    assert f"Mã hồ sơ: {code}" in text
    assert f"Tiếp nhận hồ sơ của (Ông/Bà): {OWNER}" in text
    assert "(Liên 1: Lưu)" in text and "(Liên 2: Giao người nộp hồ sơ)" in text
    assert "5. Thời gian trả kết quả giải quyết hồ sơ: 08 giờ 30 phút, ngày 09/10/2025" in text
    with store.desk.read() as s:
        log = s.scalars(select(SlipLog)).one()
        assert (log.printer, log.copies, log.form, log.destination) == ("PDFFILE", 2, "receipt", "")
        assert log.sha256 == result.sha256
        assert s.scalars(select(Outbox).where(Outbox.entity_uuid == log.uuid)).one().op == "printed"

    # The system default is used when no name is given.
    cups.run("lpadmin", "-d", "OTHER")
    again = print_slip(store.desk, code, "receipt", printer="", actor="thuytt")
    assert again.printer == "OTHER" and again.reprint
    cups.wait_printed("OTHER", cups.out / "OTHER.pdf")


def test_unknown_printer_and_a_refusing_queue(cups: Cups, store: Store) -> None:
    cups.add_pdf_queue("PDFFILE")
    code = store.intake(at(2025, 10, 6, 8, 30))
    with pytest.raises(PrintError, match="Không có máy in tên 'NOPE'.*PDFFILE"):
        print_slip(store.desk, code, "receipt", printer="NOPE", actor="thuytt")
    cups.run("cupsreject", "PDFFILE")
    with pytest.raises(PrintError) as err:
        print_slip(store.desk, code, "receipt", printer="PDFFILE", actor="thuytt")
    message = str(err.value)
    assert message.startswith("Máy in 'PDFFILE' không nhận lệnh in: ")
    assert "not accepting jobs" in message  # lp's own words are kept
    with store.desk.read() as s:
        assert s.scalars(select(SlipLog)).all() == []
