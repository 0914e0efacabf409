"""Properties of the appointment computation over random receipts, limits and calendars."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.calendar import DayOverride, OfficeHours, WorkCalendar, load_bundled_overrides
from app.domain.clock import TZ
from app.domain.timelimit import TimeLimit

SETTINGS = settings(max_examples=200, deadline=None)

# The bundled schedule covers 2024–2026; the range reaches into years served by holidays alone.
FIRST, LAST = date(2023, 11, 1), date(2027, 6, 30)

BUNDLED = WorkCalendar(load_bundled_overrides())
NO_CULTURE_DAY = WorkCalendar(load_bundled_overrides(), culture_day_off=False)
OTHER_HOURS = WorkCalendar(
    load_bundled_overrides(), hours=OfficeHours.from_strings("07:30", "11:30", "13:00", "16:30", "16:00")
)
CALENDARS = st.sampled_from([BUNDLED, NO_CULTURE_DAY, OTHER_HOURS])

days = st.dates(min_value=FIRST, max_value=LAST)
# Minute resolution, like the desk clock; every minute of the day including nights and lunch.
received = st.builds(
    lambda d, minute: datetime.combine(d, time(minute // 60, minute % 60), tzinfo=TZ),
    days,
    st.integers(min_value=0, max_value=24 * 60 - 1),
)

whole_days = st.integers(min_value=1, max_value=60)
half_days = st.integers(min_value=1, max_value=40).map(lambda k: k / 2)
limits = st.one_of(
    st.builds(TimeLimit, st.just("working_days"), st.one_of(whole_days, half_days)),
    st.builds(TimeLimit, st.just("calendar_days"), whole_days),
    st.builds(TimeLimit, st.just("hours"), st.integers(min_value=1, max_value=80).map(lambda k: k / 2)),
    st.just(TimeLimit("same_day")),
)


def _in_office_hours(cal: WorkCalendar, moment: datetime) -> bool:
    t = moment.time()
    return any(start <= t <= end for start, end in cal.hours.shifts())


def _office_instant(cal: WorkCalendar, moment: datetime) -> datetime:
    """The end of a shift and the start of the next one are the same point of office time
    (8 h from 07:00 ends at 17:00; one working day from 07:00 is 07:00 the next working day)."""
    h = cal.hours
    if moment.time() == h.morning_end:
        return datetime.combine(moment.date(), h.afternoon_start, tzinfo=TZ)
    if moment.time() == h.afternoon_end:
        return datetime.combine(cal.next_working_day(moment.date()), h.morning_start, tzinfo=TZ)
    return moment


@SETTINGS
@given(cal=CALENDARS, at=received, limit=limits)
def test_due_is_never_before_receipt_and_on_a_working_day_in_office_hours(
    cal: WorkCalendar, at: datetime, limit: TimeLimit
) -> None:
    due = cal.due(at, limit)
    assert due is not None
    assert due >= at
    assert due.tzinfo is not None and due.utcoffset() == timedelta(hours=7)
    assert cal.is_working_day(due.date()), (due, cal.day_kind(due.date()))
    assert _in_office_hours(cal, due), due


@SETTINGS
@given(
    cal=CALENDARS,
    at=received,
    unit=st.sampled_from(["working_days", "calendar_days", "hours"]),
    a=st.integers(min_value=1, max_value=60),
    b=st.integers(min_value=1, max_value=60),
)
def test_more_time_never_gives_an_earlier_due(
    cal: WorkCalendar, at: datetime, unit: str, a: int, b: int
) -> None:
    small, large = sorted((a, b))
    due_small = cal.due(at, TimeLimit.parse(unit, small))
    due_large = cal.due(at, TimeLimit.parse(unit, large))
    assert due_small is not None and due_large is not None
    assert due_small <= due_large
    if unit != "calendar_days" and small < large:
        assert due_small < due_large  # each working day / hour adds office time


@SETTINGS
@given(at=received, halves=st.integers(min_value=1, max_value=40))
def test_half_days_are_monotone_and_between_whole_days(at: datetime, halves: int) -> None:
    # Default office day is exactly 8 h, so N + 0,5 working days falls between N and N + 1.
    cal = BUNDLED
    due_half = cal.due(at, TimeLimit("working_days", halves / 2))
    due_next = cal.due(at, TimeLimit("working_days", (halves + 1) / 2))
    assert due_half is not None and due_next is not None
    assert due_half < due_next


@SETTINGS
@given(at=received, n=st.integers(min_value=1, max_value=40))
def test_whole_working_days_equal_eight_hours_each_with_default_hours(at: datetime, n: int) -> None:
    # The day-stepping rule and the hour-running rule agree when the office day is 8 h:
    # the clock starts at the same effective moment and keeps its time of day.
    cal = BUNDLED
    by_days = cal.due(at, TimeLimit("working_days", n))
    by_hours = cal.due(at, TimeLimit("hours", 8 * n))
    assert by_days is not None and by_hours is not None
    assert _office_instant(cal, by_days) == _office_instant(cal, by_hours)


@SETTINGS
@given(cal=CALENDARS, start=days, n=st.integers(min_value=0, max_value=60))
def test_working_days_between_matches_add_working_days(cal: WorkCalendar, start: date, n: int) -> None:
    end = cal.add_working_days(start, n)
    assert cal.is_working_day(end)
    assert end >= start
    if n > 0 or cal.is_working_day(start):
        assert cal.working_days_between(start, end) == n
    else:  # n == 0 on a day off moves to the next working day
        assert cal.working_days_between(start, end) == 1


@SETTINGS
@given(cal=CALENDARS, start=days, end=days)
def test_working_days_between_brackets_end(cal: WorkCalendar, start: date, end: date) -> None:
    k = cal.working_days_between(start, end)
    assert k >= 0
    if end <= start:
        assert k == 0
        return
    # k working days fit in (start, end], k + 1 do not.
    if k > 0:
        assert cal.add_working_days(start, k) <= end
    assert cal.add_working_days(start, k + 1) > end


@SETTINGS
@given(
    cal=CALENDARS,
    at=received,
    n=whole_days,
    pause_offset=st.integers(min_value=0, max_value=30),
    pause_days=st.integers(min_value=0, max_value=30),
)
def test_pause_never_shortens_and_adds_exactly_the_paused_working_days(
    cal: WorkCalendar, at: datetime, n: int, pause_offset: int, pause_days: int
) -> None:
    due = cal.due(at, TimeLimit("working_days", n))
    assert due is not None
    paused = at + timedelta(days=pause_offset)
    resumed = paused + timedelta(days=pause_days, hours=1)
    new_due = cal.extend_for_pause(due, paused, resumed)
    assert new_due >= due
    assert new_due.time() == due.time()
    assert cal.is_working_day(new_due.date())
    assert cal.working_days_between(due.date(), new_due.date()) == cal.working_days_between(
        paused.date(), resumed.date()
    )


@SETTINGS
@given(d=days, kind=st.sampled_from(["off", "work"]))
def test_an_override_decides_the_day(d: date, kind: str) -> None:
    cal = WorkCalendar([DayOverride(d, kind, "Điều chỉnh")])  # type: ignore[arg-type]
    assert cal.is_working_day(d) is (kind == "work")


@pytest.mark.parametrize("cal", [BUNDLED, OTHER_HOURS])
def test_same_day_cutoff_boundary(cal: WorkCalendar) -> None:
    # On every working day of the bundled range, the cut-off minute itself is same-day, the next is not.
    d = date(2024, 1, 1)
    while d <= date(2026, 12, 31):
        if cal.is_working_day(d):
            at_cutoff = datetime.combine(d, cal.hours.cutoff, tzinfo=TZ)
            same = cal.due(at_cutoff, TimeLimit("same_day"))
            later = cal.due(at_cutoff + timedelta(minutes=1), TimeLimit("same_day"))
            assert same is not None and later is not None
            assert same.date() == d
            assert later.date() == cal.next_working_day(d)
        d += timedelta(days=1)
