"""Work calendar and appointments: the worked examples of domain.md §4 against the bundled schedule."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
import pytest

from app.domain.calendar import (
    DayKind,
    DayOverride,
    OfficeHours,
    WorkCalendar,
    load_bundled_overrides,
    load_overrides_file,
    overrides_document,
    parse_overrides,
)
from app.domain.clock import TZ
from app.domain.timelimit import TimeLimit


def vn(text: str) -> datetime:
    """'2026-02-13 10:00' in the office zone."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar(load_bundled_overrides())


# -- day kinds ------------------------------------------------------------------------------------

DAY_KINDS = [
    # 2026 New Year swap: python-holidays 0.109 misses both days (domain.md §4.3).
    ("2026-01-01", DayKind.OFF, "Tết Dương lịch"),
    ("2026-01-02", DayKind.OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)"),
    ("2026-01-10", DayKind.WORK_WEEKEND, "Làm bù cho ngày nghỉ 02/01/2026"),
    ("2026-01-17", DayKind.WEEKEND, None),
    ("2026-01-05", DayKind.WORKING, None),
    # Tết Bính Ngọ: weekdays 16–20/2 off, the weekends around them stay weekends.
    ("2026-02-13", DayKind.WORKING, None),
    ("2026-02-14", DayKind.WEEKEND, None),
    ("2026-02-16", DayKind.OFF, "Tết Nguyên Đán"),
    ("2026-02-20", DayKind.OFF, "Tết Nguyên Đán"),
    ("2026-02-23", DayKind.WORKING, None),
    # Giỗ Tổ 2026 falls on Sunday: the Sunday keeps its name, Monday is nghỉ bù.
    ("2026-04-26", DayKind.WEEKEND, "Ngày Giỗ Tổ Hùng Vương"),
    ("2026-04-27", DayKind.OFF, "Nghỉ bù Giỗ Tổ Hùng Vương (26/04/2026 là Chủ nhật)"),
    ("2026-08-22", DayKind.WORK_WEEKEND, "Làm bù cho ngày nghỉ 31/08/2026"),
    ("2026-08-31", DayKind.OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 22/08/2026)"),
    ("2026-09-02", DayKind.OFF, "Quốc khánh"),
    ("2026-11-24", DayKind.OFF, "Ngày Văn hóa Việt Nam"),
    ("2024-04-29", DayKind.OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 04/05/2024)"),
    ("2024-05-04", DayKind.WORK_WEEKEND, "Làm bù cho ngày nghỉ 29/04/2024"),
    ("2024-09-03", DayKind.OFF, "Quốc khánh"),
    ("2025-04-26", DayKind.WORK_WEEKEND, "Làm bù cho ngày nghỉ 02/05/2025"),
    ("2025-05-02", DayKind.OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)"),
    ("2025-09-01", DayKind.OFF, "Quốc khánh"),
    # 2027 is not in the bundle yet: statutory days come from holidays alone.
    ("2027-05-03", DayKind.OFF, "Ngày Quốc tế Lao động (nghỉ bù)"),
    ("2027-05-01", DayKind.WEEKEND, "Ngày Quốc tế Lao động"),
]


@pytest.mark.parametrize(("day", "kind", "name"), DAY_KINDS)
def test_day_kind_and_name(cal: WorkCalendar, day: str, kind: DayKind, name: str | None) -> None:
    d = date.fromisoformat(day)
    assert cal.day_kind(d) is kind
    assert cal.day_name(d) == name
    assert cal.is_working_day(d) is (kind in (DayKind.WORKING, DayKind.WORK_WEEKEND))


def test_without_bundle_python_holidays_misses_the_2026_swap() -> None:
    # The reason the bundle exists: holidays alone makes 2/1/2026 a working day, 10/1 a weekend.
    bare = WorkCalendar()
    assert bare.day_kind(date(2026, 1, 2)) is DayKind.WORKING
    assert bare.day_kind(date(2026, 1, 10)) is DayKind.WEEKEND
    assert bare.day_kind(date(2026, 2, 17)) is DayKind.OFF


OVERRIDE_RULES = [
    # (day, override kind, expected kind)
    ("2026-03-07", "work", DayKind.WORK_WEEKEND),  # Saturday made a working day
    ("2026-03-08", "work", DayKind.WORK_WEEKEND),  # Sunday too
    ("2026-03-09", "off", DayKind.OFF),  # weekday made a day off
    ("2026-03-14", "off", DayKind.OFF),  # weekend explicitly off
    ("2026-09-01", "work", DayKind.WORKING),  # cancels a statutory holiday on a weekday
]


@pytest.mark.parametrize(("day", "kind", "expected"), OVERRIDE_RULES)
def test_overrides_win(day: str, kind: str, expected: DayKind) -> None:
    d = date.fromisoformat(day)
    override = DayOverride(d, kind, name="Điều chỉnh", origin="admin")  # type: ignore[arg-type]
    assert WorkCalendar([override]).day_kind(d) is expected


def test_later_override_for_same_day_wins() -> None:
    d = date(2026, 1, 2)
    cal = WorkCalendar([DayOverride(d, "off", "Nghỉ"), DayOverride(d, "work", "Làm việc", origin="admin")])
    assert cal.day_kind(d) is DayKind.WORKING
    assert cal.day_name(d) == "Làm việc"


def test_override_without_name_falls_back_to_statutory_name() -> None:
    d = date(2026, 9, 2)
    assert WorkCalendar([DayOverride(d, "off")]).day_name(d) == "Quốc khánh"
    assert WorkCalendar([DayOverride(d, "work")]).day_name(d) is None


@pytest.mark.parametrize(
    ("flag", "kind", "due"),
    [(True, DayKind.OFF, "2026-11-25 09:00"), (False, DayKind.WORKING, "2026-11-24 09:00")],
)
def test_culture_day_behind_flag(flag: bool, kind: DayKind, due: str) -> None:
    cal = WorkCalendar(load_bundled_overrides(), culture_day_off=flag)
    assert cal.day_kind(date(2026, 11, 24)) is kind
    assert cal.due(vn("2026-11-23 09:00"), TimeLimit("working_days", 1)) == vn(due)


def test_culture_day_flag_also_drops_its_compensatory_day() -> None:
    # 24/11/2029 is a Saturday; holidays compensates it on Monday 26/11 under the same name.
    assert WorkCalendar().day_kind(date(2029, 11, 26)) is DayKind.OFF
    assert WorkCalendar(culture_day_off=False).day_kind(date(2029, 11, 26)) is DayKind.WORKING


def test_culture_day_override_beats_flag() -> None:
    d = date(2026, 11, 24)
    cal = WorkCalendar([DayOverride(d, "off", "Ngày Văn hóa Việt Nam")], culture_day_off=False)
    assert cal.day_kind(d) is DayKind.OFF


# -- working-day arithmetic -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2026-02-13", 1, "2026-02-23"),  # Fri before Tết → Mon after
        ("2026-02-13", 0, "2026-02-13"),  # working day, n == 0 → itself
        ("2026-02-14", 0, "2026-02-23"),  # non-working day, n == 0 → next working day
        ("2026-01-09", 1, "2026-01-10"),  # working Saturday counts
        ("2025-12-31", 1, "2026-01-05"),
    ],
)
def test_add_working_days(cal: WorkCalendar, start: str, n: int, expected: str) -> None:
    assert cal.add_working_days(date.fromisoformat(start), n) == date.fromisoformat(expected)


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        ("2026-02-13", "2026-02-23", 1),
        ("2026-02-13", "2026-02-13", 0),
        ("2026-02-23", "2026-02-13", 0),
        ("2025-12-31", "2026-01-10", 6),  # 5–9 Jan and the working Saturday 10/1
        ("2026-04-28", "2026-05-04", 2),  # 29/4 and Mon 4/5 only
    ],
)
def test_working_days_between(cal: WorkCalendar, start: str, end: str, count: int) -> None:
    assert cal.working_days_between(date.fromisoformat(start), date.fromisoformat(end)) == count


def test_add_working_days_rejects_negative(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match=r"\(n\)"):
        cal.add_working_days(date(2026, 3, 2), -1)


def test_month_view_lists_every_day(cal: WorkCalendar) -> None:
    view = cal.month_view(2026, 2)
    assert [d.day for d, _, _ in view] == list(range(1, 29))
    kinds = {d.day: (k, n) for d, k, n in view}
    assert kinds[16] == (DayKind.OFF, "Tết Nguyên Đán")
    assert kinds[14] == (DayKind.WEEKEND, None)
    assert kinds[23] == (DayKind.WORKING, None)
    assert sum(1 for _, k, _ in view if k is DayKind.OFF) == 5


# -- appointments (due) -----------------------------------------------------------------------------

DUE_CASES = [
    # (received, unit, value, expected due, why)
    (
        "2026-02-13 10:00",
        "working_days",
        3,
        "2026-02-25 10:00",
        "3 working days before Tết 2026 land after 22/2",
    ),
    ("2025-12-31 09:00", "working_days", 3, "2026-01-07 09:00", "2/1/2026 swapped off"),
    ("2026-01-08 09:00", "working_days", 2, "2026-01-10 09:00", "working Saturday 10/1/2026 counts"),
    ("2025-04-25 14:00", "working_days", 3, "2025-04-29 14:00", "working Saturday 26/4/2025 counts"),
    ("2025-04-29 10:00", "working_days", 1, "2025-05-05 10:00", "30/4–4/5/2025 break"),
    ("2024-04-26 09:00", "working_days", 2, "2024-05-03 09:00", "27/4–1/5/2024 break incl. 29/4 swap"),
    ("2024-04-26 09:00", "working_days", 3, "2024-05-04 09:00", "working Saturday 4/5/2024"),
    ("2024-08-30 16:00", "working_days", 1, "2024-09-04 16:00", "Quốc khánh 2024: 2/9 and 3/9"),
    ("2025-08-29 08:00", "working_days", 2, "2025-09-04 08:00", "Quốc khánh 2025: 1/9 and 2/9"),
    ("2026-08-28 08:00", "working_days", 1, "2026-09-03 08:00", "Quốc khánh 2026: 31/8 swap, 1/9, 2/9"),
    ("2026-03-09 12:00", "working_days", 2, "2026-03-11 13:30", "lunch break → 13:30"),
    ("2026-03-09 11:30", "working_days", 2, "2026-03-11 11:30", "end of morning is still office time"),
    ("2026-03-09 18:00", "working_days", 2, "2026-03-12 07:00", "after hours → next morning"),
    ("2026-03-09 17:00", "working_days", 2, "2026-03-11 17:00", "exactly closing time is on time"),
    ("2026-03-09 06:00", "working_days", 2, "2026-03-11 07:00", "before opening → opening"),
    ("2026-03-07 10:00", "working_days", 1, "2026-03-10 07:00", "Saturday receipt → Monday morning"),
    ("2026-03-13 17:30", "working_days", 1, "2026-03-17 07:00", "Friday evening"),
    # same day and the 15:00 cut-off (exactly 15:00 counts as "not after", domain.md §4.1)
    ("2026-03-09 14:59", "same_day", None, "2026-03-09 17:00", "before the cut-off"),
    ("2026-03-09 15:00", "same_day", None, "2026-03-09 17:00", "at the cut-off"),
    ("2026-03-09 15:01", "same_day", None, "2026-03-10 17:00", "after the cut-off"),
    ("2026-03-13 15:01", "same_day", None, "2026-03-16 17:00", "Friday after the cut-off"),
    ("2026-03-09 06:30", "same_day", None, "2026-03-09 17:00", "before opening"),
    ("2026-03-14 09:00", "same_day", None, "2026-03-16 17:00", "Saturday desk (Công an xã)"),
    ("2026-02-13 16:00", "same_day", None, "2026-02-23 17:00", "after the cut-off before Tết"),
    # hours
    ("2026-03-09 10:00", "hours", 4, "2026-03-09 16:00", "through lunch"),
    ("2026-03-09 07:00", "hours", 4.5, "2026-03-09 11:30", "ends at the end of the morning"),
    ("2026-03-13 15:00", "hours", 4, "2026-03-16 09:00", "across a weekend"),
    ("2026-03-09 12:15", "hours", 1, "2026-03-09 14:30", "received at lunch"),
    ("2026-03-09 20:00", "hours", 1, "2026-03-10 08:00", "received at night"),
    ("2026-02-13 16:00", "hours", 2, "2026-02-23 08:00", "across Tết"),
    ("2026-03-09 10:00", "working_days", 0.5, "2026-03-09 16:00", "0,5 ngày = 4 hours"),
    ("2026-03-09 10:00", "working_days", 1.5, "2026-03-10 16:00", "1,5 ngày = 12 hours"),
    # calendar days
    ("2026-03-04 09:00", "calendar_days", 4, "2026-03-09 09:00", "lands on Sunday → Monday"),
    ("2026-04-20 10:00", "calendar_days", 10, "2026-05-04 10:00", "lands on 30/4 → after the break"),
    ("2026-03-02 18:30", "calendar_days", 1, "2026-03-03 17:00", "evening clock time clamped to closing"),
    ("2026-03-02 12:00", "calendar_days", 7, "2026-03-09 13:30", "lunch clock time clamped to 13:30"),
    ("2026-03-07 09:00", "calendar_days", 15, "2026-03-23 09:00", "received Saturday, lands on Sunday"),
    ("2026-01-01 09:00", "calendar_days", 9, "2026-01-10 09:00", "lands on the working Saturday"),
]


@pytest.mark.parametrize(("received", "unit", "value", "expected", "why"), DUE_CASES)
def test_due(
    cal: WorkCalendar, received: str, unit: str, value: float | None, expected: str, why: str
) -> None:
    due = cal.due(vn(received), TimeLimit.parse(unit, value))
    assert due == vn(expected), why
    assert due is not None and due.tzinfo is not None and due.utcoffset() == timedelta(hours=7)


def test_due_unknown_is_none(cal: WorkCalendar) -> None:
    assert cal.due(vn("2026-03-09 10:00"), TimeLimit("unknown")) is None


def test_due_converts_other_zones_to_office_time(cal: WorkCalendar) -> None:
    # 08:00 UTC on Monday is 15:00 in Hà Nội: still within the cut-off.
    received = datetime(2026, 3, 9, 8, 0, tzinfo=ZoneInfo("UTC"))
    due = cal.due(received, TimeLimit("same_day"))
    assert due == vn("2026-03-09 17:00")
    assert due is not None and due.tzinfo == TZ
    assert cal.due(received + timedelta(minutes=1), TimeLimit("same_day")) == vn("2026-03-10 17:00")


def test_naive_received_is_rejected(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="received"):
        cal.due(datetime(2026, 3, 9, 10, 0), TimeLimit("working_days", 3))


def test_configured_office_hours_and_cutoff() -> None:
    hours = OfficeHours.from_strings("07:30", "11:30", "13:00", "16:30", "16:00")
    cal = WorkCalendar(hours=hours)
    assert cal.due(vn("2026-03-09 15:30"), TimeLimit("same_day")) == vn("2026-03-09 16:30")
    assert cal.due(vn("2026-03-09 12:30"), TimeLimit("hours", 4)) == vn("2026-03-10 08:00")
    assert cal.due(vn("2026-03-09 07:00"), TimeLimit("working_days", 1)) == vn("2026-03-10 07:30")


# -- pause for supplements --------------------------------------------------------------------------

PAUSE_CASES = [
    # (old due, paused, resumed, new due)
    ("2026-05-07 10:00", "2026-04-28 09:00", "2026-05-04 14:00", "2026-05-11 10:00"),  # across 30/4–3/5
    ("2026-03-12 10:00", "2026-03-09 09:00", "2026-03-09 16:00", "2026-03-12 10:00"),  # same day: no shift
    ("2026-03-12 10:00", "2026-03-09 09:00", "2026-03-10 08:00", "2026-03-13 10:00"),  # one working day
    (
        "2026-02-12 10:00",
        "2026-02-11 09:00",
        "2026-02-24 08:00",
        "2026-02-25 10:00",
    ),  # 4 days: 12, 13, 23, 24/2
    ("2026-03-13 10:00", "2026-03-13 09:00", "2026-03-15 10:00", "2026-03-13 10:00"),  # weekend only
]


@pytest.mark.parametrize(("due", "paused", "resumed", "expected"), PAUSE_CASES)
def test_extend_for_pause(cal: WorkCalendar, due: str, paused: str, resumed: str, expected: str) -> None:
    assert cal.extend_for_pause(vn(due), vn(paused), vn(resumed)) == vn(expected)


def test_extend_for_pause_rejects_resume_before_pause(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="resumed_at"):
        cal.extend_for_pause(vn("2026-03-12 10:00"), vn("2026-03-10 09:00"), vn("2026-03-09 09:00"))


def test_extend_for_pause_rejects_naive(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="paused_at"):
        cal.extend_for_pause(vn("2026-03-12 10:00"), datetime(2026, 3, 9, 9), vn("2026-03-10 09:00"))


# -- office hours -----------------------------------------------------------------------------------


def test_office_hours_defaults_from_strings() -> None:
    assert OfficeHours.from_strings("07:00", "11:30", "13:30", "17:00", "15:00") == OfficeHours()
    assert OfficeHours.from_strings(" 7:00", "11:30", "11:30", "17:00", "17:00").morning_start == time(7, 0)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("7h", "11:30", "13:30", "17:00", "15:00"), "morning_start"),
        (("07:00", "11:60", "13:30", "17:00", "15:00"), "morning_end"),
        (("07:00", "11:30", "24:00", "17:00", "15:00"), "afternoon_start"),
        (("07:00", "11:30", "13:30", "", "15:00"), "afternoon_end"),
        (("07:00", "11:30", "13:30", "17:00", "3pm"), "cutoff"),
        (("07:00", "06:00", "13:30", "17:00", "15:00"), "morning_end"),  # order
        (("07:00", "11:30", "11:00", "17:00", "15:00"), "afternoon_start"),  # overlaps morning
        (("07:00", "11:30", "13:30", "13:30", "13:00"), "afternoon_end"),  # empty afternoon
        (("07:00", "11:30", "13:30", "17:00", "17:30"), "cutoff"),  # outside office hours
    ],
)
def test_office_hours_validation_names_the_field(args: tuple[str, ...], field: str) -> None:
    with pytest.raises(ValueError, match=rf"\({field}\)"):
        OfficeHours.from_strings(*args)


# -- time limits ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "value", "words"),
    [
        ("working_days", 3, "03 ngày làm việc"),
        ("working_days", 25, "25 ngày làm việc"),
        ("working_days", 0.5, "0,5 ngày làm việc"),
        ("working_days", 1.25, "1,25 ngày làm việc"),
        ("hours", 4, "04 giờ làm việc"),
        ("hours", 1.5, "1,5 giờ làm việc"),
        ("calendar_days", 15, "15 ngày"),
        ("calendar_days", 120, "120 ngày"),
        ("same_day", None, "trong ngày"),
        ("unknown", None, "Không quy định thời hạn"),
    ],
)
def test_time_limit_in_words(unit: str, value: float | None, words: str) -> None:
    assert TimeLimit.parse(unit, value).in_words() == words


@pytest.mark.parametrize(
    ("unit", "value", "field"),
    [
        ("weeks", 2, "unit"),
        ("working_days", None, "value"),
        ("working_days", 0, "value"),
        ("working_days", -1, "value"),
        ("working_days", float("nan"), "value"),
        ("working_days", True, "value"),
        ("working_days", 1000, "value"),
        ("hours", "4", "value"),
        ("calendar_days", 1.5, "value"),
        ("same_day", 1, "value"),
        ("unknown", 0, "value"),
    ],
)
def test_time_limit_parse_rejects(unit: str, value: object, field: str) -> None:
    with pytest.raises(ValueError, match=rf"\({field}\)"):
        TimeLimit.parse(unit, value)  # type: ignore[arg-type]


def test_time_limit_parse_normalises() -> None:
    limit = TimeLimit.parse(" hours ", 4)
    assert limit == TimeLimit("hours", 4.0)
    assert isinstance(limit.value, float)
    assert TimeLimit("working_days", 0.5).working_hours == 4.0


# -- bundled data file ------------------------------------------------------------------------------


def test_bundled_file_holds_the_announced_schedule() -> None:
    entries = load_bundled_overrides()
    by_day = {e.day: e for e in entries}
    assert len(by_day) == len(entries)
    work = sorted(e.day.isoformat() for e in entries if e.kind == "work")
    assert work == ["2024-05-04", "2025-04-26", "2026-01-10", "2026-08-22"]
    for e in entries:
        assert e.origin == "bundled" and e.name and e.source
        # Days off are weekdays, làm bù days are weekends: anything else is a typing slip.
        assert (e.day.weekday() < 5) is (e.kind == "off"), e
    assert date(2026, 11, 24) not in by_day  # behind the culture_day_off flag instead


def test_bundle_covers_every_statutory_weekday_off_2024_2026() -> None:
    offs = {e.day for e in load_bundled_overrides() if e.kind == "off"}
    statutory = {
        d
        for d in holidays.country_holidays("VN", years=range(2024, 2027))
        if d.weekday() < 5 and d != date(2026, 11, 24)
    }
    assert statutory - offs == set()
    # And the bundle adds exactly what the library lacks for 2024–2026: the 2/1/2026 swap.
    assert offs - statutory == {date(2026, 1, 2)}


def _doc(entries: list[object]) -> dict[str, object]:
    return {"version": 1, "updated": "2026-01-01", "entries": entries}


GOOD = {"day": "2026-01-02", "kind": "off", "name": "Nghỉ", "source": "x"}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"day": "2026-13-01", "kind": "off"}, "mục số 1: ngày"),
        ({"day": "02/01/2026", "kind": "off"}, "mục số 1: ngày"),
        ({"day": 20260102, "kind": "off"}, "mục số 1: ngày"),
        ({"day": "2026-01-03", "kind": "holiday"}, "mục số 1: loại ngày"),
        ({"day": "2026-01-03", "kind": "off", "name": 5}, "mục số 1: tên"),
        ({"day": "2026-01-02", "kind": "work"}, "mục số 1: ngày 2026-01-02 đã có ở mục số 0"),
        ("2026-01-03", "mục số 1"),
    ],
)
def test_calendar_file_validation_names_the_entry(bad: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_overrides(_doc([GOOD, bad]))


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "đối tượng JSON"),
        ({"version": 2, "updated": "2026-01-01", "entries": []}, "version"),
        ({"version": 1, "updated": "hôm qua", "entries": []}, "updated"),
        ({"version": 1, "updated": "2026-01-01", "entries": {}}, "entries"),
    ],
)
def test_calendar_file_top_level_validation(document: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_overrides(document)


def test_calendar_file_round_trip_with_nfc(tmp_path: Path) -> None:
    path = tmp_path / "upstream.json"
    decomposed = "Nghi\u0309 hoa\u0301n đổi"  # NFD from some keyboards (domain.md §6.4)
    entry = {"day": "2027-01-04", "kind": "off", "name": decomposed, "source": "VPCP"}
    path.write_text(json.dumps(_doc([entry])), encoding="utf-8")
    (override,) = load_overrides_file(path, origin="upstream")
    assert override == DayOverride(date(2027, 1, 4), "off", "Nghỉ hoán đổi", "VPCP", "upstream")
    assert WorkCalendar([override]).day_kind(date(2027, 1, 4)) is DayKind.OFF


def test_calendar_file_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"version": 1,', encoding="utf-8")
    with pytest.raises(ValueError, match="broken.json"):
        load_overrides_file(path, origin="admin")


def test_day_override_validates_kind() -> None:
    with pytest.raises(ValueError, match="kind"):
        DayOverride(date(2026, 1, 1), "holiday")  # type: ignore[arg-type]


def test_overrides_document_round_trips_the_bundle() -> None:
    bundled = load_bundled_overrides()
    document = overrides_document(reversed(bundled), updated=date(2026, 11, 23))
    assert document["updated"] == "2026-11-23"
    assert parse_overrides(json.loads(json.dumps(document))) == sorted(bundled, key=lambda o: o.day)


def test_day_kind_rejects_datetime(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match=r"\(d\)"):
        cal.day_kind(datetime(2026, 1, 2, 9, 0, tzinfo=TZ))
