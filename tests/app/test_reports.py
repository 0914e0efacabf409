from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.desk import Desk
from app.domain.clock import TZ
from app.domain.lifecycle import Status
from app.reports.export import to_pdf, to_xlsx
from app.reports.periods import PeriodError, monthly, parse_period, quarterly
from app.reports.stats import build
from app.services import transitions
from app.services.intake import IntakeRequest, PersonInput, intake
from app.services.office import OfficeProfile, save_profile


@pytest.fixture()
def desk(tmp_path: Path):
    d = Desk.open(tmp_path / "data")
    with d.tx() as s:
        save_profile(
            s,
            OfficeProfile("000.00.12.H29", "Trung tâm Phục vụ hành chính công", commune="Tân Lập"),
            actor="t",
        )
    yield d
    d.close()


def _intake(desk: Desk, when: datetime, proc: str = "1.004873", channel: str = "direct") -> str:
    with desk.tx() as s:
        office = desk.require_office()
        r = intake(
            s,
            IntakeRequest(
                proc, PersonInput("Đặng Ưng Ổn", "001090012345"), received_at=when, channel=channel
            ),
            office=office,
            calendar=desk.calendar(),
            actor="t",
        )
    return r.code


def _at(y: int, m: int, d: int, h: int = 9) -> datetime:
    return datetime(y, m, d, h, 0, tzinfo=TZ)


def test_periods_follow_the_14th_cut_off() -> None:
    assert monthly(2026, 1) == (date(2025, 12, 15), date(2026, 1, 14))
    assert quarterly(2026, 3) == (date(2026, 6, 15), date(2026, 9, 14))
    assert parse_period("2026") == (date(2025, 12, 15), date(2026, 12, 14))
    assert parse_period("2026-H1") == (date(2025, 12, 15), date(2026, 6, 14))
    with pytest.raises(PeriodError, match="YYYY-MM"):
        parse_period("2026-13")


def test_bieu06_columns_from_the_event_history(desk: Desk) -> None:
    cal = desk.calendar()
    carried = _intake(desk, _at(2026, 10, 12))  # before the period, still open at its start
    early = _intake(desk, _at(2026, 10, 19))  # 3 working days: due 22/10
    late = _intake(desk, _at(2026, 10, 20), channel="online")  # due 23/10
    pending_overdue = _intake(desk, _at(2026, 10, 21))  # due 26/10, never finished
    old_closed = _intake(desk, _at(2026, 9, 1))
    with desk.tx() as s:
        transitions.change_status(s, old_closed, Status.RESOLVED, calendar=cal, actor="t", at=_at(2026, 9, 3))
        transitions.change_status(
            s, carried, Status.RESOLVED, calendar=cal, actor="t", at=_at(2026, 10, 15, 10)
        )
        transitions.change_status(s, early, Status.RESOLVED, calendar=cal, actor="t", at=_at(2026, 10, 20))
        transitions.change_status(s, late, Status.RESOLVED, calendar=cal, actor="t", at=_at(2026, 10, 28))
    with desk.read() as s:
        report = build(s, date(2026, 10, 15), date(2026, 11, 14))
    t = report.total
    assert (t.received_total, t.received_online, t.received_direct_postal, t.received_carried) == (4, 1, 2, 1)
    # carried: due 15/10 09:00, resolved 15/10 10:00 → on the due day → on time
    assert (t.resolved_total, t.resolved_early, t.resolved_on_time, t.resolved_late) == (3, 1, 1, 1)
    assert (t.pending_total, t.pending_within, t.pending_overdue) == (1, 0, 1)
    assert [r.field for r in report.rows] == ["Hộ tịch"]
    assert pending_overdue


def test_exports_read_back(desk: Desk, tmp_path: Path) -> None:
    _intake(desk, _at(2026, 10, 19))
    with desk.read() as s:
        report = build(
            s, date(2026, 10, 15), date(2026, 11, 14), unit_code="000.00.12.H29", office_name="Trung tâm"
        )
    xlsx = tmp_path / "r.xlsx"
    xlsx.write_bytes(to_xlsx(report))
    ws = load_workbook(xlsx).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    firsts = [r[0] for r in values]
    head = firsts.index("STT")
    assert values[head][2] == "Số hồ sơ nhận giải quyết"
    assert ["Hộ tịch", 1] == [values[head + 3][1], values[head + 3][2]]
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(to_pdf(report))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in text
    assert "Hộ tịch" in text and "Trước hạn" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Helvetica" not in fonts and "LiberationSerif" in fonts


def test_a_running_period_judges_open_dossiers_as_of_now(desk: Desk) -> None:
    from datetime import timedelta

    from app.domain.clock import now

    received = now() - timedelta(hours=1)
    _intake(desk, received)  # 3 working days: not due yet
    with desk.read() as s:
        report = build(s, received.date() - timedelta(days=3), received.date() + timedelta(days=60))
    assert (report.total.pending_total, report.total.pending_within, report.total.pending_overdue) == (
        1,
        1,
        0,
    )
