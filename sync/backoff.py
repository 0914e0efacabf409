"""Retry pacing: capped exponential backoff with full jitter, and Retry-After.

Full jitter (sleep a uniform random time in [0, min(cap, base·2^n)]) keeps the offices of a
province that all lost the link at the same moment from hammering the hub in lock-step when it
comes back (AWS Architecture Blog, "Exponential Backoff and Jitter", 2015).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


class Backoff:
    def __init__(self, base: float = 0.5, cap: float = 30.0, rng: random.Random | None = None) -> None:
        self.base, self.cap = base, cap
        self.rng = rng or random.Random()
        self.failures = 0

    def next_delay(self, retry_after: float | None = None) -> float:
        """Delay before the next attempt; a server's Retry-After is a floor, never shortened."""
        ceiling = min(self.cap, self.base * (2**self.failures))
        self.failures += 1
        delay = self.rng.uniform(0.0, ceiling)
        if retry_after is not None:
            delay = max(delay, retry_after)
        return delay

    def reset(self) -> None:
        self.failures = 0


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """RFC 9110 §10.2.3: delay-seconds or an HTTP-date; None when absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now or datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())
