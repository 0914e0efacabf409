"""Connection state, pending changes and sync runs, all off the GUI thread.

The health probe (``GET /api/v1/health``, every 30 s when a server is configured) and
``sync.engine.run_sync`` run on the network worker. ``run_sync`` reads there (WAL snapshots) but
hands every write to the DB worker and waits for it (issue 8 §8: one writer), so a save at the
desk and a sync never write from two threads. When the link comes back and changes are waiting,
a sync starts by itself.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ui import ops
from ui.context import AppContext

PROBE_MS = 30_000
# With an office hub on the LAN the desks of one office share one register: a dossier saved at one
# desk must show at the others within seconds, so the desk syncs every second and right after a save.
OFFICE_POLL_MS = 1_000

UNCONFIGURED, CHECKING, ONLINE, OFFLINE = "unconfigured", "checking", "online", "offline"
# Office hub down and a direct link to the province set: a sync this often (sync/direct.py decides
# whether the hub has been down long enough to go straight to the province, and goes back itself).
DIRECT_POLL_S = 15.0


def probe(url: str, token: str) -> dict[str, Any]:
    from sync.client import HubClient, Timeouts

    with HubClient(url, token, timeouts=Timeouts(3.0, 5.0)) as client:
        body, skew = client.health()
    return {"body": body, "skew": skew}


class SyncController(QObject):
    state_changed = Signal(str)
    status_changed = Signal(dict)  # {"pending", "rejected", "last_sync_at", "rejected_items"}
    started = Signal(bool)  # automatic?
    progress = Signal(str, int, int)  # phase, done, total (emitted from the network thread: queued)
    finished = Signal(dict)  # SyncReport.as_json()

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.state = UNCONFIGURED
        self.status: dict[str, Any] = {
            "pending": 0,
            "rejected": 0,
            "last_sync_at": None,
            "rejected_items": [],
        }
        self.running = False
        self.last_report: dict[str, Any] | None = None
        self._cancel = threading.Event()
        self._probing = False
        self.office_hub = False  # the configured server is an office hub (its health says so)
        self.office_info: dict[str, Any] = {}
        # The last run went straight to the province (the office hub unreachable for long enough).
        self.direct = False
        self.direct_ready = False  # a province address and token are set for that
        self.owed_office = 0
        self._last_direct_try = -1e9
        self._again = False
        self._timer = QTimer(self)
        self._timer.setInterval(PROBE_MS)
        self._timer.timeout.connect(self._tick)
        ctx.office_changed.connect(self._office_changed)
        ctx.dossiers_changed.connect(self._dossier_saved)

    @property
    def configured(self) -> bool:
        office = self.ctx.office or {}
        return bool(office.get("server_url"))

    def start(self) -> None:
        self._office_changed()
        self.refresh_status()

    def stop(self) -> None:
        self._timer.stop()
        self._cancel.set()

    def _office_changed(self) -> None:
        if self.configured:
            self._set_state(CHECKING if self.state == UNCONFIGURED else self.state)
            self._timer.start()
            self.check_link()
        else:
            self._timer.stop()
            self._set_state(UNCONFIGURED)

    def _set_state(self, state: str) -> None:
        if state != self.state:
            before, self.state = self.state, state
            self.state_changed.emit(state)
            if before in (OFFLINE, CHECKING) and state == ONLINE and self.status.get("pending"):
                self.sync_now(automatic=True)  # the link came back: send what waited

    # -- probe and status ------------------------------------------------------------------------

    def _tick(self) -> None:
        import time

        if self.office_hub and self.state == ONLINE:
            self.sync_now(automatic=True)
            return
        if (
            self.office_hub
            and self.direct_ready
            and time.monotonic() - self._last_direct_try >= DIRECT_POLL_S
        ):
            self._last_direct_try = time.monotonic()
            self.sync_now(automatic=True)  # goes direct once the hub has been down long enough
            return
        self.check_link()

    def _dossier_saved(self, code: str) -> None:
        self.refresh_status()
        if code and self.office_hub and self.state == ONLINE:
            if self.running:
                self._again = True  # once this run ends: the new change must not wait a whole tick
            else:
                self.sync_now(automatic=True)

    def _note_mode(self, body: dict[str, Any]) -> None:
        office_mode = body.get("mode") == "office"
        self.office_info = dict(body) if office_mode else {}
        if office_mode != self.office_hub:
            self.office_hub = office_mode
            self._timer.setInterval(OFFICE_POLL_MS if office_mode else PROBE_MS)

    def check_link(self) -> None:
        if not self.configured or self._probing or self.running:
            return
        office = self.ctx.office or {}
        url, token = office["server_url"], office.get("server_token", "")
        self._probing = True

        def done(result: dict[str, Any]) -> None:
            self._probing = False
            self._note_mode(result.get("body") or {})
            self._set_state(ONLINE)

        def failed(exc: BaseException) -> bool:
            self._probing = False
            import requests

            from sync.client import SyncError

            # No link, refused, timed out, bad token: the hub is not usable now. Anything else is
            # a bug and goes to the error dialog.
            if isinstance(exc, SyncError | requests.RequestException | OSError):
                self._set_state(OFFLINE)
                return True
            return False

        self.ctx.runner.net(lambda _desk: probe(url, token), done, failed=failed, label="health")

    def refresh_status(self) -> None:
        def done(status: dict[str, Any]) -> None:
            state = status.get("state", {})
            self.status = {
                "pending": status["pending"],
                "rejected": status["rejected"],
                "rejected_items": status.get("rejected_items", []),
                "last_sync_at": state.get("last_sync_at") or None,
                "last_error": state.get("last_error") or None,
            }
            # Known from earlier runs: a desk whose office hub is down at start still goes direct.
            if state.get("hub_mode") == "office" and not self.office_hub:
                self._note_mode({"mode": "office"})
            self.direct_ready = bool(state.get("province_url") and state.get("province_token"))
            self.owed_office = int(status.get("direct") or 0)
            # At start, before any run of this session: where the last one synced.
            if self.last_report is None and self.direct != (state.get("sync_link") == "province"):
                self.direct = state.get("sync_link") == "province"
                self.state_changed.emit(self.state)
            self.status_changed.emit(self.status)

        self.ctx.runner.db(ops.sync_status, done, label="sync-status")

    # -- sync ------------------------------------------------------------------------------------

    # Bytes of attachments one run may send (None: all). The sync panel's "leave big files for
    # later" sets it for an end-of-day run on a slow link; dossier changes are never limited.
    attachment_budget: int | None = None

    def sync_now(self, *, automatic: bool = False) -> bool:
        if self.running:
            return False
        if not self.configured:
            self.ctx.runner.show_message(
                self.tr(
                    "Chưa cấu hình máy chủ đồng bộ. Quản trị viên nhập địa chỉ và mã truy cập trong Cài đặt."
                )
            )
            return False
        self.running = True
        self._cancel.clear()
        self.started.emit(automatic)
        cancel = self._cancel
        db_worker = self.ctx.runner.db_worker

        budget = self.attachment_budget

        def run(desk: Any) -> dict[str, Any]:
            from sync.engine import SyncConfig, in_tx, run_sync

            def on_db_worker(fn: Any) -> None:
                db_worker.call(lambda db_desk: in_tx(db_desk)(fn))

            config = SyncConfig(attachment_budget=budget)
            report = run_sync(
                desk, progress=self.progress.emit, cancel=cancel.is_set, writer=on_db_worker, config=config
            )
            return report.as_json()

        def failed(exc: BaseException) -> bool:
            from sync.client import SyncError

            self.running = False
            handled = isinstance(exc, SyncError)
            if handled:
                self.ctx.runner.show_message(str(exc), self.tr("Không đồng bộ được"))
            self.finished.emit({"ok": False, "error": str(exc), "pushed": 0, "pulled": 0, "pending": self.status.get("pending", 0),
                                "rejected": self.status.get("rejected", 0), "rejected_items": [], "warnings": []})  # fmt: skip
            self.refresh_status()
            return handled

        self.ctx.runner.net(run, self._finished, failed=failed, label="sync")
        return True

    def cancel(self) -> None:
        self._cancel.set()

    def _finished(self, report: dict[str, Any]) -> None:
        self.running = False
        self.last_report = report
        direct = bool(report.get("ok")) and report.get("link") == "province"
        self.direct_ready = bool(report.get("direct_ready"))
        self.owed_office = int(report.get("owed_office") or 0)
        changed, self.direct = direct != self.direct, direct
        if direct:
            self._set_state(OFFLINE)  # the office hub is still down; the province label says direct
        elif report.get("ok"):
            self._set_state(ONLINE)
        elif report.get("error_kind") in ("unreachable", "transient"):
            self._set_state(OFFLINE)
        if changed:  # same state, other link: the labels are redrawn
            self.state_changed.emit(self.state)
        self.finished.emit(report)
        if report.get("hub_mode") == "office":
            if not self.office_hub:
                self._note_mode({"mode": "office"})
            if report.get("upstream") is not None:
                self.office_info["upstream"] = report["upstream"]
        # Pulled updates may touch any dossier; an office-hub poll every second that brought
        # nothing must not redraw the screens every second.
        if not self.office_hub or report.get("pulled") or report.get("pushed") or not report.get("ok"):
            self.ctx.dossiers_changed.emit("")
        self.refresh_status()
        if self._again and report.get("ok"):
            self._again = False
            self.sync_now(automatic=True)
