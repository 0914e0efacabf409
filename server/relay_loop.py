"""The background cycle both office-hub relays run (changes: server/relay.py, files:
server/blob_relay.py): one ``run_once`` per interval, backoff with full jitter on a link error
(``Retry-After`` honoured), a bug logged and retried rather than stopping the relay for the day."""

from __future__ import annotations

import logging
import random
import threading
from typing import Any

from sync.backoff import Backoff
from sync.client import AuthFailed, SyncError, Transient

log = logging.getLogger(__name__)


class RelayLoop:
    label = "relay"  # for the thread's name and the log

    def __init__(self, *, interval: float, seed: int | None) -> None:
        self.interval = interval
        self.backoff = Backoff(0.5, 30.0, random.Random(seed))
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> Any:
        raise NotImplementedError

    def on_link_error(self, message: str) -> None:
        """The province could not be reached or refused the token: the next cycle backs off."""
        log.info("%s: %s", self.label, message)

    def on_bug(self, message: str) -> None:
        """A cycle raised something unexpected (already logged with its traceback)."""

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._loop, name=f"motcua-{self.label.replace(' ', '-')}", daemon=True
        )
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            delay = self.interval
            try:
                self.run_once()
                self.backoff.reset()
            except (Transient, AuthFailed, SyncError) as exc:
                retry_after = exc.retry_after if isinstance(exc, Transient) else None
                delay = max(self.interval, self.backoff.next_delay(retry_after))
                self.on_link_error(str(exc))
            except Exception as exc:  # a bug must not stop the relay for the day; it is logged
                log.exception("%s cycle failed", self.label)
                delay = max(self.interval, self.backoff.next_delay())
                self.on_bug(f"{type(exc).__name__}: {exc}")
            self._wake.wait(delay)
            self._wake.clear()
