"""Reporting periods of the periodic regime (domain.md §7: ND 09/2019 cut-offs).

Monthly: 15th of the previous month → 14th of the reporting month; quarterly, half-year,
nine-month and annual periods start on 15/12 of the previous year or the 15th before the
quarter, and all end on a 14th.
"""

from __future__ import annotations

from datetime import date


class PeriodError(ValueError):
    pass


def _prev_month_15(year: int, month: int) -> date:
    return date(year - 1, 12, 15) if month == 1 else date(year, month - 1, 15)


def monthly(year: int, month: int) -> tuple[date, date]:
    if not 1 <= month <= 12:
        raise PeriodError(f"tháng phải từ 1 đến 12 (đang là {month})")
    return _prev_month_15(year, month), date(year, month, 14)


def quarterly(year: int, quarter: int) -> tuple[date, date]:
    if not 1 <= quarter <= 4:
        raise PeriodError(f"quý phải từ 1 đến 4 (đang là {quarter})")
    first = 3 * (quarter - 1) + 1
    return _prev_month_15(year, first), date(year, first + 2, 14)


def half_year(year: int) -> tuple[date, date]:
    return date(year - 1, 12, 15), date(year, 6, 14)


def nine_months(year: int) -> tuple[date, date]:
    return date(year - 1, 12, 15), date(year, 9, 14)


def annual(year: int) -> tuple[date, date]:
    return date(year - 1, 12, 15), date(year, 12, 14)


def parse_period(text: str) -> tuple[date, date]:
    """'2026-11' (month), '2026-Q3', '2026-H1', '2026-9M', '2026' (year)."""
    value = text.strip().upper()
    try:
        if len(value) == 4:
            y = int(value)
            if not 1900 <= y <= 2199:
                raise PeriodError(f"năm {y} nằm ngoài khoảng 1900–2199")
            return annual(y)
        year, rest = value.split("-", 1)
        y = int(year)
        if not 1900 <= y <= 2199:
            raise PeriodError(f"năm {y} nằm ngoài khoảng 1900–2199")
        if rest.startswith("Q"):
            return quarterly(y, int(rest[1:]))
        if rest == "H1":
            return half_year(y)
        if rest == "9M":
            return nine_months(y)
        return monthly(y, int(rest))
    except (ValueError, PeriodError) as exc:
        raise PeriodError(
            f"kỳ báo cáo '{text}' không hợp lệ: dùng YYYY-MM, YYYY-Qn, YYYY-H1, YYYY-9M hoặc YYYY"
        ) from exc


def days(start: date, end: date) -> int:
    return (end - start).days + 1 if end >= start else 0


__all__ = [
    "PeriodError",
    "annual",
    "days",
    "half_year",
    "monthly",
    "nine_months",
    "parse_period",
    "quarterly",
]
