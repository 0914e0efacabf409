"""Biểu 06 tested like a legal output: every column, each status path, the period edges
(15th → 14th), the carried-over column and the annex, against hand-computed tables.

Calendar used for the hand computation (no holiday in Oct–Nov 2026): 1/10/2026 is a Thursday,
1/11/2026 a Sunday, 14/11/2026 a Saturday. Hộ tịch (1.004873) takes 3 working days, Bảo trợ xã
hội (1.001653) 5; the appointment is the N-th working day after receipt at the same hour.
"""

from __future__ import annotations

import subprocess
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.desk import Desk
from app.domain.clock import TZ
from app.domain.lifecycle import Status
from app.reports.export import to_pdf, to_xlsx
from app.reports.periods import monthly
from app.reports.stats import Report, build, build_for_office
from app.services import transitions
from app.services.intake import IntakeRequest, PersonInput, intake
from app.services.office import OfficeProfile, save_profile
from app.store.models import Dossier

HT, BT = "1.004873", "1.001653"  # Hộ tịch (3 working days), Bảo trợ xã hội (5 working days)
COLS = (
    "received_total",
    "received_online",
    "received_direct_postal",
    "received_carried",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_total",
    "pending_within",
    "pending_overdue",
)
ANNEX = ("supplement_requested", "withdrawn_stopped", "refused")


def t(m: int, d: int, h: int = 9, mi: int = 0, y: int = 2026) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=TZ)


class Office:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.cal = desk.calendar()

    def intake(self, proc: str, when: datetime, *, online: bool = False) -> str:
        req = IntakeRequest(
            proc,
            PersonInput("Đặng Ưng Ổn", "001090012345"),
            received_at=when,
            channel="online" if online else "direct",
            status=Status.SUBMITTED if online else Status.RECEIVED,
        )
        with self.desk.tx() as s:
            return intake(s, req, office=self.desk.require_office(), calendar=self.cal, actor="t").code

    def move(self, code: str, to: Status, when: datetime, note: str = "lý do") -> None:
        with self.desk.tx() as s:
            transitions.change_status(s, code, to, calendar=self.cal, actor="t", note=note, at=when)

    def due(self, code: str) -> datetime | None:
        with self.desk.read() as s:
            d = s.scalar(select(Dossier).where(Dossier.code == code))
            assert d is not None
            return d.due_at


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory):
    desk = Desk.open(tmp_path_factory.mktemp("bieu06") / "data")
    with desk.tx() as s:
        save_profile(
            s,
            OfficeProfile(
                "000.00.12.H29",
                "Trung tâm Phục vụ hành chính công xã Tân Lập",
                parent_agency="UBND xã Tân Lập",
                commune="xã Tân Lập",
                province="tỉnh Đắk Lắk",
            ),
            actor="t",
        )
    o = Office(desk)
    R, S, IP = Status.RESOLVED, Status.SUPPLEMENT_REQUESTED, Status.IN_PROGRESS
    c: dict[str, str] = {}
    # ---- Hộ tịch -----------------------------------------------------------------------------
    c["carried"] = o.intake(HT, t(10, 12))  # due Thu 15/10 09:00
    o.move(c["carried"], R, t(10, 15, 10))  # on the due day, an hour late: on time (by day)
    c["early"] = o.intake(HT, t(10, 19))  # due Thu 22/10
    o.move(c["early"], R, t(10, 20))
    c["online_late"] = o.intake(HT, t(10, 19, 8), online=True)  # submitted 19/10 …
    o.move(c["online_late"], Status.RECEIVED, t(10, 20))  # … accepted 20/10: due Fri 23/10
    o.move(c["online_late"], R, t(10, 28))
    c["edge_before"] = o.intake(HT, t(10, 14, 23, 59))  # last minute of the previous period
    c["edge_after"] = o.intake(HT, t(10, 15, 0, 0))  # first minute of this one
    c["end_edge"] = o.intake(HT, t(11, 14, 23, 59))  # last minute of this period
    c["after"] = o.intake(HT, t(11, 15, 0, 0))  # first minute of the next
    c["supp"] = o.intake(HT, t(10, 21))  # due Mon 26/10; supplement asked in time, never back
    o.move(c["supp"], S, t(10, 23, 10))
    c["supp_late"] = o.intake(HT, t(10, 13))  # due Fri 16/10; supplement asked when already late
    o.move(c["supp_late"], S, t(10, 20))
    c["withdrawn"] = o.intake(HT, t(10, 22))
    o.move(c["withdrawn"], Status.WITHDRAWN, t(10, 23))
    c["refused"] = o.intake(HT, t(10, 26), online=True)
    o.move(c["refused"], Status.REFUSED, t(10, 26, 10))
    c["resolved_later"] = o.intake(HT, t(11, 2))  # due Thu 5/11, resolved after the period end
    o.move(c["resolved_later"], R, t(11, 16))
    c["old"] = o.intake(HT, t(9, 1))
    o.move(c["old"], R, t(9, 3))
    c["supp_back"] = o.intake(HT, t(10, 26))  # due Thu 29/10
    o.move(c["supp_back"], S, t(10, 27))  # paused Tue 27/10 …
    o.move(c["supp_back"], IP, t(11, 2))  # … back Mon 2/11: +4 working days → due Wed 4/11
    o.move(c["supp_back"], R, t(11, 4, 15))  # on the moved due day: on time
    # ---- Bảo trợ xã hội ----------------------------------------------------------------------
    c["stopped"] = o.intake(BT, t(10, 16))  # due Fri 23/10, stopped a week after it
    o.move(c["stopped"], Status.STOPPED, t(10, 30))
    c["returned_before"] = o.intake(BT, t(10, 5))  # resolved 9/10, handed back 16/10
    o.move(c["returned_before"], R, t(10, 9))
    o.move(c["returned_before"], Status.RETURNED, t(10, 16))
    c["extended"] = o.intake(BT, t(10, 19))  # due Mon 26/10, extended to Fri 30/10
    with desk.tx() as s:
        transitions.extend(s, c["extended"], t(10, 30), reason="chờ xác minh", actor="t", at=t(10, 26, 8))
    o.move(c["extended"], R, t(10, 29))  # before the new date: early
    c["late_carried"] = o.intake(BT, t(10, 8))  # due Thu 15/10
    o.move(c["late_carried"], R, t(10, 16))
    o.codes = c  # type: ignore[attr-defined]
    yield o
    desk.close()


def _table(report: Report) -> dict[str, tuple[int, ...]]:
    return {r.field: tuple(getattr(r, k) for k in COLS + ANNEX) for r in [*report.rows, report.total]}


def test_hand_computation_premises(office: Office) -> None:
    """The due dates the tables below rest on."""
    c = office.codes  # type: ignore[attr-defined]
    assert office.due(c["carried"]) == t(10, 15)
    assert office.due(c["early"]) == t(10, 22)
    assert office.due(c["online_late"]) == t(10, 23)
    assert office.due(c["supp_back"]) == t(11, 4)
    assert office.due(c["extended"]) == t(10, 30)
    assert office.due(c["resolved_later"]) == t(11, 5)
    assert office.due(c["stopped"]) == t(10, 23)
    # received outside office hours: counted from 07:00 of the next working day
    assert office.due(c["edge_before"]) == office.due(c["edge_after"]) == t(10, 20, 7)
    assert office.due(c["end_edge"]) == t(11, 19, 7)


def test_monthly_report_every_column(office: Office) -> None:
    start, end = monthly(2026, 11)
    assert (start, end) == (date(2026, 10, 15), date(2026, 11, 14))
    with office.desk.read() as s:
        report = build(s, start, end, as_of=t(11, 29))
    #                       received        resolved       pending   annex: supp, closed, refused
    assert _table(report) == {
        "Bảo trợ xã hội": (3, 0, 2, 1, 2, 1, 0, 1, 0, 0, 0, 0, 1, 0),
        "Hộ tịch": (11, 1, 7, 3, 4, 1, 2, 1, 6, 2, 4, 2, 1, 1),
        "Tổng cộng": (14, 1, 9, 4, 6, 2, 2, 2, 6, 2, 4, 2, 2, 1),
    }
    assert report.as_of == t(11, 14, 23, 59).replace(second=59, microsecond=999999)


def test_every_row_balances(office: Office) -> None:
    """(3) = (4)+(5)+(6); (7) = (8)+(9)+(10); (11) = (12)+(13); (3) = (7)+(11)+closed without result."""
    for period in (monthly(2026, 11), monthly(2026, 12), (date(2026, 9, 1), date(2026, 12, 31))):
        with office.desk.read() as s:
            report = build(s, *period, as_of=t(11, 30, 12))
        for r in [*report.rows, report.total]:
            v = asdict(r)
            assert (
                v["received_total"]
                == v["received_online"] + v["received_direct_postal"] + v["received_carried"]
            )
            assert v["resolved_total"] == v["resolved_early"] + v["resolved_on_time"] + v["resolved_late"]
            assert v["pending_total"] == v["pending_within"] + v["pending_overdue"]
            assert v["received_total"] == v["resolved_total"] + v["pending_total"] + v["withdrawn_stopped"]


def test_next_period_carries_over_what_was_open_on_the_15th(office: Office) -> None:
    with office.desk.read() as s:
        report = build(s, date(2026, 11, 15), date(2026, 12, 14), as_of=t(11, 30, 12))
    # carried: edge_before, edge_after, end_edge, supp, supp_late, resolved_later; new: after.
    # resolved_later: due 5/11, resolved 16/11 → late. Open on 30/11: all past due except the
    # paused supplement that was asked in time.
    assert _table(report) == {
        "Hộ tịch": (7, 0, 1, 6, 1, 0, 0, 1, 6, 1, 5, 2, 0, 0),
        "Tổng cộng": (7, 0, 1, 6, 1, 0, 0, 1, 6, 1, 5, 2, 0, 0),
    }


def test_period_still_running_judges_open_dossiers_as_of_the_cut_off(office: Office) -> None:
    with office.desk.read() as s:
        early_cut = build(s, date(2026, 10, 15), date(2026, 11, 14), as_of=t(10, 20, 12))
    h = next(r for r in early_cut.rows if r.field == "Hộ tịch")
    # On 20/10 noon: carried (due 15/10) resolved on time; early resolved 20/10; online_late
    # accepted 20/10 09:00 (open, due 23/10); edge_before and edge_after, both received outside
    # office hours, count from 15/10 07:00 (due 20/10 07:00): on their due day, within;
    # supp_late paused 20/10 09:00 when already late (due 16/10) → overdue.
    assert (h.received_total, h.received_carried, h.received_online, h.received_direct_postal) == (6, 3, 1, 2)
    assert (h.resolved_total, h.resolved_early, h.resolved_on_time) == (2, 1, 1)
    assert (h.pending_total, h.pending_within, h.pending_overdue, h.supplement_requested) == (4, 3, 1, 1)


def test_supplement_wait_is_not_overdue_but_the_same_dossier_was_before(office: Office) -> None:
    """Issue 11: 'supp' waits since 23/10 (due 26/10): within on 14/11, not Quá hạn."""
    from app.services.views import dossier_page

    with office.desk.read() as s:
        page = dossier_page(s, office.codes["supp"])  # type: ignore[attr-defined]
        late = dossier_page(s, office.codes["supp_late"])  # type: ignore[attr-defined]
        stopped = dossier_page(s, office.codes["stopped"])  # type: ignore[attr-defined]
    assert page["timeliness"] == "paused"
    assert late["timeliness"] == "overdue"
    assert stopped["timeliness"] == "stopped"


def test_queue_uses_the_same_definition(office: Office) -> None:
    from app.services.views import today_queue

    with office.desk.read() as s:
        q = today_queue(s, date(2026, 11, 30), at=t(11, 30, 12))
    c = office.codes  # type: ignore[attr-defined]
    overdue = {r["code"] for r in q["overdue"]}
    assert c["supp_late"] in overdue and c["edge_before"] in overdue
    assert c["supp"] not in overdue


# ---- the printed and the spreadsheet form ---------------------------------------------------


def _report(office: Office) -> Report:
    with office.desk.read() as s:
        return build_for_office(s, office.desk.require_office(), date(2026, 10, 15), date(2026, 11, 14))


def test_pdf_carries_the_model_form(office: Office, tmp_path: Path) -> None:
    pdf = tmp_path / "b06.pdf"
    pdf.write_bytes(to_pdf(_report(office)))
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Biểu số 06/VPCP/KSTT" in flat
    assert "Ban hành theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020" in flat
    assert "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in flat
    assert "Kỳ báo cáo: từ ngày 15/10/2026 đến ngày 14/11/2026" in flat
    assert "Đơn vị báo cáo: UBND xã Tân Lập (mã 000.00.12.H29)" in flat
    assert "Đơn vị nhận báo cáo: Văn phòng Ủy ban nhân dân tỉnh Đắk Lắk" in flat
    assert "Số liệu tính đến: 23 giờ 59 phút, ngày 14/11/2026" in flat
    numbers = " ".join(f"({i})" for i in range(1, 14))
    assert numbers in flat
    assert "NGƯỜI LẬP BIỂU" in flat and "THỦ TRƯỞNG ĐƠN VỊ" in flat
    assert "Tân Lập, ngày 14 tháng 11 năm 2026" in flat
    assert "PHỤ LỤC" in flat and "Đang chờ bổ sung hồ sơ" in flat and "Trả lại, rút hồ sơ" in flat
    # the totals line, columns (3)–(13), then the annex totals
    assert "Tổng cộng 14 1 9 4 6 2 2 2 6 2 4" in flat
    assert "Tổng cộng 2 2 1" in flat
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Helvetica" not in fonts


def test_xlsx_carries_the_model_form(office: Office, tmp_path: Path) -> None:
    path = tmp_path / "b06.xlsx"
    path.write_bytes(to_xlsx(_report(office)))
    ws = load_workbook(path).active
    assert ws is not None
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    firsts = [r[0] for r in rows]
    assert "Biểu số 06/VPCP/KSTT" in firsts
    assert "Đơn vị báo cáo: UBND xã Tân Lập (mã 000.00.12.H29)" in firsts
    assert "Đơn vị nhận báo cáo: Văn phòng Ủy ban nhân dân tỉnh Đắk Lắk" in firsts
    assert "Số liệu tính đến: 23 giờ 59 phút, ngày 14/11/2026" in firsts
    nums = firsts.index("(1)")
    assert rows[nums][:13] == [f"({i})" for i in range(1, 14)]
    body = {r[1]: r[2:13] for r in rows[nums + 1 : nums + 4]}
    assert body["Hộ tịch"] == [11, 1, 7, 3, 4, 1, 2, 1, 6, 2, 4]
    assert body["Tổng cộng"] == [14, 1, 9, 4, 6, 2, 2, 2, 6, 2, 4]
    annex = firsts.index("PHỤ LỤC: SỐ LIỆU BỔ SUNG (ngoài các cột của Biểu số 06)")
    assert rows[annex + 1][2].startswith("Đang chờ bổ sung")
    annex_rows = {r[1]: r[2:5] for r in rows[annex + 2 : annex + 5]}
    assert annex_rows["Tổng cộng"] == [2, 2, 1]
    flat = [v for r in rows for v in r if isinstance(v, str)]
    assert "NGƯỜI LẬP BIỂU" in flat and "THỦ TRƯỞNG ĐƠN VỊ" in flat


def test_json_names_both_units_and_the_cut_off(office: Office) -> None:
    data = _report(office).as_json()
    assert data["reporting_unit"] == "UBND xã Tân Lập"
    assert data["receiving_unit"] == "Văn phòng Ủy ban nhân dân tỉnh Đắk Lắk"
    assert data["as_of"] == "2026-11-14T23:59:59.999999+07:00" or str(data["as_of"]).startswith(
        "2026-11-14T23:59"
    )
    total = data["total"]
    assert isinstance(total, dict) and total["withdrawn_stopped"] == 2
