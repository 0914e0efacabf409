"""A procedure's processing time limit (thời hạn giải quyết) as published per procedure.

domain.md §4.1: limits are published as "ngày làm việc", "ngày" (calendar days), "giờ" or
"trong ngày"; many systems store them in working hours at 8 per day, so "0,5 ngày" is 4 hours.
Some procedures publish no limit at all ("unknown"): no appointment can be computed for them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, get_args

TimeUnit = Literal["working_days", "calendar_days", "hours", "same_day", "unknown"]

TIME_UNITS: tuple[str, ...] = get_args(TimeUnit)

# domain.md §4.1 (HuanVu201 CaculateTime.cs: thoiGianXL_Ngay = ThoiGianXuLy / 8).
HOURS_PER_WORKING_DAY = 8

# Sanity bounds: the longest commune-level procedures run a few months; anything beyond a year
# is a typing slip (e.g. "300" instead of "30") that would print an absurd appointment.
MAX_DAYS = 366
MAX_HOURS = MAX_DAYS * HOURS_PER_WORKING_DAY

_UNIT_LABELS = {
    "working_days": "ngày làm việc",
    "calendar_days": "ngày",
    "hours": "giờ làm việc",
}


def _format_number(value: float) -> str:
    """'03', '15', '0,5', '1,25': integers padded to two digits as on the slip, Vietnamese comma."""
    if value == int(value):
        return f"{int(value):02d}"
    return f"{value:.2f}".rstrip("0").replace(".", ",")


@dataclass(frozen=True)
class TimeLimit:
    unit: TimeUnit
    value: float | None = None  # None for same_day / unknown

    def __post_init__(self) -> None:
        if self.unit not in TIME_UNITS:
            raise ValueError(
                f"Đơn vị thời hạn (unit) '{self.unit}' không hợp lệ: phải là một trong {', '.join(TIME_UNITS)}"
            )
        if self.unit in ("same_day", "unknown"):
            if self.value is not None:
                raise ValueError(
                    f"Giá trị thời hạn (value) phải để trống khi đơn vị là '{self.unit}', nhận được {self.value!r}"
                )
            return
        value = self.value
        if value is None or isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"Giá trị thời hạn (value) phải là một số khi đơn vị là '{self.unit}'")
        value = float(value)
        if not math.isfinite(value) or value <= 0:
            raise ValueError(f"Giá trị thời hạn (value) phải là số dương, nhận được {self.value!r}")
        if self.unit == "calendar_days" and value != int(value):
            # A fraction of a calendar day has no meaning without office hours; the fractional
            # published limits ("0,5 ngày") are working-day limits.
            raise ValueError(
                f"Giá trị thời hạn (value) tính theo ngày (calendar_days) phải là số nguyên, nhận được {self.value!r}"
            )
        limit = MAX_HOURS if self.unit == "hours" else MAX_DAYS
        if value > limit:
            raise ValueError(
                f"Giá trị thời hạn (value) {self.value!r} vượt quá mức tối đa {limit} cho đơn vị '{self.unit}'"
            )
        # Normalise ints to float so TimeLimit("hours", 4) == TimeLimit("hours", 4.0) in every sense.
        object.__setattr__(self, "value", value)

    @classmethod
    def parse(cls, unit: str, value: float | None) -> TimeLimit:
        """Build from stored/edited fields; raises ValueError with a Vietnamese message naming the field."""
        if not isinstance(unit, str):
            raise ValueError(f"Đơn vị thời hạn (unit) phải là chuỗi, nhận được {unit!r}")
        unit_clean = unit.strip()
        if unit_clean not in TIME_UNITS:
            raise ValueError(
                f"Đơn vị thời hạn (unit) '{unit}' không hợp lệ: phải là một trong {', '.join(TIME_UNITS)}"
            )
        return cls(unit_clean, value)  # type: ignore[arg-type]  # checked against TIME_UNITS above

    @property
    def working_hours(self) -> float | None:
        """The limit in office hours for the units that run on the office clock, else None."""
        if self.value is None:
            return None
        if self.unit == "hours":
            return self.value
        if self.unit == "working_days":
            return self.value * HOURS_PER_WORKING_DAY
        return None

    def in_words(self) -> str:
        """The wording printed on the receipt slip ("Thời hạn giải quyết: 03 ngày làm việc")."""
        if self.unit == "same_day":
            return "trong ngày"
        if self.unit == "unknown" or self.value is None:
            return "Không quy định thời hạn"
        return f"{_format_number(self.value)} {_UNIT_LABELS[self.unit]}"
