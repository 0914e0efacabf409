"""Time in the office's zone. Every stored timestamp is aware and in Asia/Ho_Chi_Minh."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Years a desk date may have (issue 8 §10): year 0001 underflows the zone conversion, year 9999
# overflows as soon as an appointment is computed from it. Birth dates start after 1900.
MIN_YEAR = 1900
MAX_YEAR = 2199


def check_year(value: date, text: str) -> None:
    """ValueError (Vietnamese) for a date outside MIN_YEAR..MAX_YEAR."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"'{text}': năm {value.year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}")


def now() -> datetime:
    return datetime.now(TZ).replace(microsecond=0)


def today() -> date:
    return now().date()


def local(dt: datetime) -> datetime:
    """Return ``dt`` in the office zone; a naive value is taken to be office-local already."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=TZ)
    return dt.astimezone(TZ)


def at(d: date, t: time) -> datetime:
    return datetime.combine(d, t, tzinfo=TZ)


def parse_local(text: str) -> datetime:
    """Parse 'YYYY-MM-DD HH:MM' (CLI form) or any ISO-8601 value; naive means office-local."""
    value = text.strip()
    try:
        dt = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"thời điểm '{text}' không đúng dạng YYYY-MM-DD HH:MM") from exc
    check_year(dt, text)
    return local(dt).replace(microsecond=0)


def iso(dt: datetime | None) -> str | None:
    return local(dt).isoformat() if dt is not None else None
