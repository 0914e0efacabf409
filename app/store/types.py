"""Column types that keep SQLite honest about time zones and JSON."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from app.domain.clock import local


class AwareDateTime(TypeDecorator[datetime]):
    """ISO-8601 text with the +07:00 offset.

    SQLite has no time-zone type; SQLAlchemy's DateTime silently drops the offset there, and a
    due date that moves by 7 hours is a wrong appointment. All values share one offset, so the
    text sorts chronologically and can be indexed.
    """

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected datetime, got {type(value).__name__}")
        return local(value).isoformat()

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return local(datetime.fromisoformat(value))


class IsoDate(TypeDecorator[date]):
    impl = String(10)
    cache_ok = True

    def process_bind_param(self, value: date | None, dialect: Dialect) -> str | None:
        return value.isoformat() if value is not None else None

    def process_result_value(self, value: str | None, dialect: Dialect) -> date | None:
        return date.fromisoformat(value) if value is not None else None


class JsonText(TypeDecorator[Any]):
    """JSON stored as UTF-8 text (ensure_ascii off, so Vietnamese stays readable in the file)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return json.loads(value) if value is not None else None
