"""The desk collects reference cycles on the GUI thread only (ui/gc_guard.py)."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_guard_turns_automatic_collection_off_and_collects_on_its_own_thread(qtbot: Any) -> None:
    from ui import gc_guard

    gc.enable()
    guard = gc_guard.install(interval_ms=50)
    try:
        assert not gc.isenabled()
        seen: list[str] = []
        original = guard.collect

        def spy() -> int:
            seen.append(threading.current_thread().name)
            return original()

        guard._timer.timeout.disconnect()
        guard._timer.timeout.connect(spy)
        garbage = _Cycle()
        ref = weakref.ref(garbage)
        del garbage
        for _ in range(20_000):  # allocations that would have triggered an automatic collection
            _ = [object()]
        assert ref() is not None  # nothing collected it behind our back
        qtbot.waitUntil(lambda: ref() is None, timeout=3_000)
        assert seen and set(seen) == {threading.main_thread().name}
    finally:
        guard.release()
    assert gc.isenabled()
    gc.disable()  # the UI suite keeps automatic collection off (tests/ui/conftest.py)
