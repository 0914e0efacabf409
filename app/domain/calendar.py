"""The office's work calendar and the appointment (ngày hẹn trả) computation.

design.md "Work calendar", domain.md §4. Four kinds of day: working day, weekend, day off
(lễ/tết/nghỉ bù/hoán đổi) and working weekend day (làm bù). Statutory days off come from the
`holidays` package; the civil-service schedule announced each year (swaps, compensatory days,
working Saturdays) is data (resources/calendar/vn_civil_service.json, upstream updates, admin
edits) given as overrides, because python-holidays misses some of it (domain.md §4.3: the
2/1/2026 ↔ 10/1/2026 swap).
"""

from __future__ import annotations

import calendar as _stdcal
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

import holidays

from app.domain.clock import TZ, at
from app.domain.text import fold, nfc
from app.domain.timelimit import HOURS_PER_WORKING_DAY, TimeLimit
from app.resources import resource_path

BUNDLED_CALENDAR = ("calendar", "vn_civil_service.json")
CALENDAR_FILE_VERSION = 1

# domain.md §4.2: Ngày Văn hóa Việt Nam (24/11, from 2026) is policy but its implementing act was
# not found, so it sits behind a flag. Matched on the folded name so its nghỉ bù days go too.
_CULTURE_DAY_KEY = "van hoa viet nam"

_HHMM = re.compile(r"(\d{1,2}):(\d{2})")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

_FIELD_LABELS = {
    "morning_start": "giờ bắt đầu buổi sáng (morning_start)",
    "morning_end": "giờ kết thúc buổi sáng (morning_end)",
    "afternoon_start": "giờ bắt đầu buổi chiều (afternoon_start)",
    "afternoon_end": "giờ kết thúc buổi chiều (afternoon_end)",
    "cutoff": "giờ chốt nhận hồ sơ trong ngày (cutoff)",
}


def _parse_hhmm(field: str, text: str) -> time:
    match = _HHMM.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"{_FIELD_LABELS[field].capitalize()}: '{text}' không đúng dạng HH:MM (00:00–23:59)")
    return time(int(match[1]), int(match[2]))


def _iso_day(text: object) -> date:
    if not isinstance(text, str) or _ISO_DAY.fullmatch(text) is None:
        raise ValueError(text)
    return date.fromisoformat(text)


@dataclass(frozen=True)
class OfficeHours:
    """Office hours set by the province (domain.md §4.1 default 07:00–11:30, 13:30–17:00)."""

    morning_start: time = time(7, 0)
    morning_end: time = time(11, 30)
    afternoon_start: time = time(13, 30)
    afternoon_end: time = time(17, 0)
    # domain.md §4.1: in-day procedures received after 15:00 are returned the next working day.
    cutoff: time = time(15, 0)

    def __post_init__(self) -> None:
        order = ["morning_start", "morning_end", "afternoon_start", "afternoon_end"]
        for earlier, later in zip(order, order[1:], strict=False):
            # A zero-length lunch is allowed (continuous day); zero-length shifts are not.
            strict = earlier != "morning_end"
            a, b = getattr(self, earlier), getattr(self, later)
            if (a >= b) if strict else (a > b):
                raise ValueError(
                    f"{_FIELD_LABELS[later].capitalize()} ({b:%H:%M}) phải sau "
                    f"{_FIELD_LABELS[earlier]} ({a:%H:%M})"
                )
        if not (self.morning_start <= self.cutoff <= self.afternoon_end):
            raise ValueError(
                f"{_FIELD_LABELS['cutoff'].capitalize()} ({self.cutoff:%H:%M}) phải nằm trong giờ làm việc "
                f"({self.morning_start:%H:%M}–{self.afternoon_end:%H:%M})"
            )

    @classmethod
    def from_strings(
        cls, morning_start: str, morning_end: str, afternoon_start: str, afternoon_end: str, cutoff: str
    ) -> OfficeHours:
        values = {
            "morning_start": morning_start,
            "morning_end": morning_end,
            "afternoon_start": afternoon_start,
            "afternoon_end": afternoon_end,
            "cutoff": cutoff,
        }
        return cls(**{field: _parse_hhmm(field, text) for field, text in values.items()})

    def shifts(self) -> tuple[tuple[time, time], tuple[time, time]]:
        return ((self.morning_start, self.morning_end), (self.afternoon_start, self.afternoon_end))

    def clamp(self, t: time) -> time:
        """Nearest office time for an appointment: before opening → opening, lunch → afternoon start,
        after closing → closing (the appointment stays on its day)."""
        if t < self.morning_start:
            return self.morning_start
        if self.morning_end < t < self.afternoon_start:
            return self.afternoon_start
        if t > self.afternoon_end:
            return self.afternoon_end
        return t


class DayKind(StrEnum):
    WORKING = "working"
    WEEKEND = "weekend"
    OFF = "off"
    WORK_WEEKEND = "work_weekend"


@dataclass(frozen=True)
class DayOverride:
    day: date
    kind: Literal["off", "work"]
    name: str = ""
    source: str = ""
    origin: str = "bundled"  # bundled | upstream | admin: who said so, shown on the admin screen

    def __post_init__(self) -> None:
        if isinstance(self.day, datetime) or not isinstance(self.day, date):
            raise ValueError(f"Ngày điều chỉnh (day) phải là một ngày, nhận được {self.day!r}")
        if self.kind not in ("off", "work"):
            raise ValueError(f"Loại ngày (kind) '{self.kind}' không hợp lệ: phải là 'off' hoặc 'work'")


def _require_aware(value: datetime, field: str) -> datetime:
    if not isinstance(value, datetime):
        raise ValueError(f"{field} phải là thời điểm (datetime), nhận được {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{field} phải có múi giờ (Asia/Ho_Chi_Minh), nhận được thời điểm không múi giờ {value}"
        )
    return value.astimezone(TZ)


class WorkCalendar:
    def __init__(
        self,
        overrides: Iterable[DayOverride] = (),
        hours: OfficeHours = OfficeHours(),  # noqa: B008 - frozen, immutable default
        culture_day_off: bool = True,
    ) -> None:
        # A later override for the same day wins: callers pass bundled, then upstream, then admin.
        self._overrides: dict[date, DayOverride] = {o.day: o for o in overrides}
        self.hours = hours
        self.culture_day_off = culture_day_off
        self._statutory: dict[int, dict[date, str]] = {}

    @property
    def overrides(self) -> dict[date, DayOverride]:
        return dict(self._overrides)

    # -- kinds of day -------------------------------------------------------------------------

    def _statutory_year(self, year: int) -> dict[date, str]:
        cached = self._statutory.get(year)
        if cached is None:
            table = holidays.country_holidays("VN", years=year, language="vi")
            cached = {}
            for d, name in table.items():
                # holidays joins several names of one day with "; "; dropping such a day whole is
                # safe because 24/11 and its nghỉ bù days coincide with no other holiday.
                if not self.culture_day_off and _CULTURE_DAY_KEY in fold(name):
                    continue
                cached[d] = nfc(name)
            self._statutory[year] = cached
        return cached

    def _statutory_name(self, d: date) -> str | None:
        return self._statutory_year(d.year).get(d)

    def day_kind(self, d: date) -> DayKind:
        if isinstance(d, datetime):
            # A datetime hashes differently from its date and would silently miss every override.
            raise ValueError(f"Ngày (d) phải là date, không phải datetime: {d!r}")
        weekend = d.weekday() >= 5
        override = self._overrides.get(d)
        if override is not None:
            if override.kind == "off":
                return DayKind.OFF
            return DayKind.WORK_WEEKEND if weekend else DayKind.WORKING
        if weekend:
            return DayKind.WEEKEND
        if self._statutory_name(d) is not None:
            return DayKind.OFF
        return DayKind.WORKING

    def day_name(self, d: date) -> str | None:
        override = self._overrides.get(d)
        if override is not None:
            if override.name:
                return override.name
            return self._statutory_name(d) if override.kind == "off" else None
        return self._statutory_name(d)

    def is_working_day(self, d: date) -> bool:
        return self.day_kind(d) in (DayKind.WORKING, DayKind.WORK_WEEKEND)

    def next_working_day(self, d: date) -> date:
        candidate = d + timedelta(days=1)
        while not self.is_working_day(candidate):
            candidate += timedelta(days=1)
        return candidate

    def add_working_days(self, d: date, n: int) -> date:
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"Số ngày làm việc (n) phải là số nguyên không âm, nhận được {n!r}")
        current = d if (n > 0 or self.is_working_day(d)) else self.next_working_day(d)
        for _ in range(n):
            current = self.next_working_day(current)
        return current

    def working_days_between(self, start: date, end: date) -> int:
        count = 0
        current = start + timedelta(days=1)
        while current <= end:
            if self.is_working_day(current):
                count += 1
            current += timedelta(days=1)
        return count

    def month_view(self, year: int, month: int) -> list[tuple[date, DayKind, str | None]]:
        days = _stdcal.monthrange(year, month)[1]
        return [
            (d, self.day_kind(d), self.day_name(d))
            for d in (date(year, month, i) for i in range(1, days + 1))
        ]

    # -- appointments -------------------------------------------------------------------------

    def effective_receipt(self, received: datetime) -> datetime:
        """When the clock starts (domain.md §4.1, iGate CaculateTime.cs): before opening → opening,
        lunch → afternoon start, after closing or on a non-working day → next working day's opening."""
        moment = _require_aware(received, "Thời điểm tiếp nhận (received)")
        d, t, h = moment.date(), moment.time(), self.hours
        if not self.is_working_day(d) or t > h.afternoon_end:
            return at(self.next_working_day(d), h.morning_start)
        if t < h.morning_start:
            return at(d, h.morning_start)
        if h.morning_end < t < h.afternoon_start:
            return at(d, h.afternoon_start)
        return moment

    def add_office_time(self, start: datetime, duration: timedelta) -> datetime:
        """Run ``duration`` through office hours from ``start``, skipping lunch, nights and days off.
        A limit that ends exactly at a shift's end is due at that end (11:30), not after lunch."""
        if duration < timedelta(0):
            raise ValueError(f"Thời lượng (duration) không được âm, nhận được {duration}")
        current = self.effective_receipt(start)
        remaining = duration
        while True:
            d = current.date()
            for shift_start, shift_end in self.hours.shifts():
                segment_start = max(current, at(d, shift_start))
                segment_end = at(d, shift_end)
                if segment_start > segment_end:
                    continue
                available = segment_end - segment_start
                if remaining <= available:
                    return segment_start + remaining
                remaining -= available
            current = at(self.next_working_day(d), self.hours.morning_start)

    def due(self, received: datetime, limit: TimeLimit) -> datetime | None:
        moment = _require_aware(received, "Thời điểm tiếp nhận (received)")
        h = self.hours
        if limit.unit == "unknown":
            return None
        if limit.unit == "same_day":
            d = moment.date()
            if self.is_working_day(d) and moment.time() <= h.cutoff:
                return at(d, h.afternoon_end)
            return at(self.next_working_day(d), h.afternoon_end)
        assert limit.value is not None  # TimeLimit guarantees a value for the remaining units
        if limit.unit == "calendar_days":
            # Chosen rule (brief): same clock time N days later, kept inside office hours; a day that
            # is not a working day is pushed to the next working day (iGate: "pushed off a weekend").
            target = moment.date() + timedelta(days=int(limit.value))
            if not self.is_working_day(target):
                target = self.next_working_day(target)
            return at(target, h.clamp(moment.time()))
        if limit.unit == "working_days" and limit.value == int(limit.value):
            start = self.effective_receipt(moment)
            return at(self.add_working_days(start.date(), int(limit.value)), start.time())
        # hours, or fractional working days (8 h per day, domain.md §4.1: "0,5 ngày" = 4 hours).
        hours = limit.value if limit.unit == "hours" else limit.value * HOURS_PER_WORKING_DAY
        return self.add_office_time(moment, timedelta(seconds=round(hours * 3600)))

    def extend_for_pause(self, due: datetime, paused_at: datetime, resumed_at: datetime) -> datetime:
        """Supplement request (yêu cầu bổ sung) stops the clock: push the due date by the working days
        between the request day and the re-submission day (domain.md §4.1, GetNgayHenTraBoSung)."""
        due_local = _require_aware(due, "Hạn trả kết quả (due)")
        paused = _require_aware(paused_at, "Thời điểm tạm dừng (paused_at)")
        resumed = _require_aware(resumed_at, "Thời điểm tiếp tục (resumed_at)")
        if resumed < paused:
            raise ValueError(
                f"Thời điểm tiếp tục (resumed_at) {resumed:%d/%m/%Y %H:%M} phải sau thời điểm tạm dừng "
                f"(paused_at) {paused:%d/%m/%Y %H:%M}"
            )
        extra = self.working_days_between(paused.date(), resumed.date())
        if extra == 0:
            return due_local
        return at(self.add_working_days(due_local.date(), extra), due_local.time())


# -- calendar data files ----------------------------------------------------------------------


def parse_overrides(document: Any, origin: str = "bundled") -> list[DayOverride]:
    """Validate a calendar document {"version": 1, "updated": "YYYY-MM-DD", "entries": [...]}.

    Used for the bundled file and for updates from the upstream server; errors name the entry index
    so an administrator can find the bad line.
    """
    if not isinstance(document, dict):
        raise ValueError("Tệp lịch làm việc: nội dung phải là một đối tượng JSON")
    if document.get("version") != CALENDAR_FILE_VERSION:
        raise ValueError(
            f"Tệp lịch làm việc: phiên bản (version) {document.get('version')!r} không được hỗ trợ, "
            f"cần {CALENDAR_FILE_VERSION}"
        )
    updated = document.get("updated")
    try:
        _iso_day(updated)
    except ValueError as exc:
        raise ValueError(
            f"Tệp lịch làm việc: ngày cập nhật (updated) '{updated}' không đúng dạng YYYY-MM-DD"
        ) from exc
    entries = document.get("entries")
    if not isinstance(entries, list):
        raise ValueError("Tệp lịch làm việc: danh sách ngày (entries) phải là một mảng")
    result: list[DayOverride] = []
    seen: dict[date, int] = {}
    for index, entry in enumerate(entries):
        where = f"Tệp lịch làm việc, mục số {index}"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: phải là một đối tượng JSON")
        raw_day = entry.get("day")
        try:
            day = _iso_day(raw_day)
        except ValueError as exc:
            raise ValueError(f"{where}: ngày (day) '{raw_day}' không đúng dạng YYYY-MM-DD") from exc
        kind = entry.get("kind")
        if kind not in ("off", "work"):
            raise ValueError(f"{where}: loại ngày (kind) '{kind}' không hợp lệ, phải là 'off' hoặc 'work'")
        name, source = entry.get("name", ""), entry.get("source", "")
        if not isinstance(name, str) or not isinstance(source, str):
            raise ValueError(f"{where}: tên (name) và nguồn (source) phải là chuỗi")
        if day in seen:
            raise ValueError(f"{where}: ngày {raw_day} đã có ở mục số {seen[day]}")
        seen[day] = index
        result.append(DayOverride(day=day, kind=kind, name=nfc(name), source=nfc(source), origin=origin))
    return result


def overrides_document(overrides: Iterable[DayOverride], updated: date) -> dict[str, Any]:
    """The JSON document for ``overrides`` (sorted by day), readable back by ``parse_overrides``;
    for the admin calendar screen and the upstream server. ``origin`` is not stored: the reader
    decides it from where the file came from."""
    entries = [
        {"day": o.day.isoformat(), "kind": o.kind, "name": o.name, "source": o.source}
        for o in sorted(overrides, key=lambda o: o.day)
    ]
    return {"version": CALENDAR_FILE_VERSION, "updated": updated.isoformat(), "entries": entries}


def load_overrides_file(path: Path, origin: str) -> list[DayOverride]:
    with path.open(encoding="utf-8") as handle:
        try:
            document = json.load(handle)
        except json.JSONDecodeError as exc:
            raise ValueError(f"Tệp lịch làm việc {path.name}: JSON không hợp lệ ({exc})") from exc
    return parse_overrides(document, origin=origin)


def load_bundled_overrides() -> list[DayOverride]:
    return load_overrides_file(resource_path(*BUNDLED_CALENDAR), origin="bundled")
