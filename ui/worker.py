"""Background threads that run operations off the GUI thread (Anki's ``CollectionOp`` pattern).

Three workers exist in the application:

* the **DB worker** owns the :class:`app.desk.Desk`: it opens it, runs every service call and
  closes it. It is the one writer of the store (issue 8 §8).
* the **network worker** runs the health probe and ``sync.engine.run_sync``. The sync engine
  reads through ``desk.read()`` there (WAL: a snapshot, never waiting for the writer) and hands
  every write to the DB worker with :meth:`Worker.call`, waiting for it: the network I/O stays
  on the network thread, the store has one writer.
* the **print worker** sends PDFs to the spooler (``lp`` or Qt), which may hang for its whole
  timeout: never on the DB worker, where it would block saving.

A job is a plain callable taking the shared context (the Desk, or None before it is open); its
result or exception is handed back on the GUI thread through a queued Qt signal. The worker
itself never decides what an error means: ``ui.ops`` does.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


@dataclass
class Job:
    fn: Callable[[Any], Any]
    done: Callable[[Any], None] | None = None
    failed: Callable[[BaseException, str], None] | None = None
    # Checked on the worker just before running: lets search-as-you-type skip outdated keystrokes.
    stale: Callable[[], bool] | None = None
    label: str = ""
    id: int = field(default_factory=itertools.count(1).__next__)


@dataclass
class Outcome:
    job: Job
    ok: bool
    value: Any = None
    error: BaseException | None = None
    trace: str = ""
    skipped: bool = False


_STOP = object()


@dataclass
class _Call:
    """A job from another worker thread, which waits for its result (no Qt delivery)."""

    fn: Callable[[Any], Any]
    future: Future[Any]


class Worker(QObject):
    """One Python thread with a FIFO of jobs; outcomes come back on the thread owning this object."""

    _outcome = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, name: str, context: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.context = context  # the Desk once opened; only the worker thread touches it
        self._queue: queue.Queue[object] = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name=f"motcua-{name}", daemon=True)
        self._pending = 0
        self._outcome.connect(self._deliver)
        self._thread.start()

    # -- GUI thread ------------------------------------------------------------------------------

    def submit(self, job: Job) -> Job:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._queue.put(job)
        return job

    def run(
        self,
        fn: Callable[[Any], Any],
        done: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException, str], None] | None = None,
        *,
        stale: Callable[[], bool] | None = None,
        label: str = "",
    ) -> Job:
        return self.submit(Job(fn, done, failed, stale, label))

    @property
    def pending(self) -> int:
        return self._pending

    def stop(self, timeout: float = 10.0) -> None:
        """Finish queued jobs, then end the thread (called once on quit)."""
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.error("worker %s did not stop within %.0f s", self.name, timeout)

    # -- other worker threads --------------------------------------------------------------------

    def call(self, fn: Callable[[Any], Any], *, poll: float = 0.5) -> Any:
        """Run ``fn(context)`` on this worker from another (non-GUI) thread and return its value
        or raise its exception there. Queued behind the jobs already submitted, in order."""
        if threading.current_thread() is self._thread:
            return fn(self.context)  # already on this worker: a nested call must not deadlock
        future: Future[Any] = Future()
        self._queue.put(_Call(fn, future))
        while True:
            try:
                return future.result(timeout=poll)
            except TimeoutError:
                if not self._thread.is_alive():
                    raise RuntimeError(f"worker {self.name} stopped before running the call") from None

    def _deliver(self, outcome: Outcome) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        job = outcome.job
        if outcome.skipped:
            return
        if outcome.ok:
            if job.done is not None:
                job.done(outcome.value)
            return
        assert outcome.error is not None
        if job.failed is not None:
            job.failed(outcome.error, outcome.trace)
        else:
            # No handler: never swallow (common.md). The default in ui.ops shows it to the clerk.
            log.error("job %s failed without a handler:\n%s", job.label or job.id, outcome.trace)

    # -- worker thread ---------------------------------------------------------------------------

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            if isinstance(item, _Call):
                if item.future.set_running_or_notify_cancel():
                    try:
                        item.future.set_result(item.fn(self.context))
                    except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
                        item.future.set_exception(exc)
                continue
            assert isinstance(item, Job)
            if item.stale is not None and item.stale():
                self._outcome.emit(Outcome(item, True, skipped=True))
                continue
            try:
                value = item.fn(self.context)
            except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, never dropped
                self._outcome.emit(Outcome(item, False, error=exc, trace=traceback.format_exc()))
            else:
                self._outcome.emit(Outcome(item, True, value=value))
