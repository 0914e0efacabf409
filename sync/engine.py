"""The sync engine: health → push the outbox → pull the feed (design.md "Sync").

``run_sync`` is what the GUI calls on a worker thread and what ``motcua sync`` runs headless. It
is safe to kill at any instant: an outbox row becomes ``acked`` only in the local transaction that
stores the hub's answer, and the hub de-duplicates by change_id, so a change resent after a crash
(or after a reply lost on the wire) is answered "duplicate" and stored once. Pulled updates and
the cursor that covers them commit in one transaction, so an update is applied once or not yet.

Outbox rows are never deleted here; acked rows could be pruned after N days (e.g. 90) by a
maintenance job once a backup covers them — not done yet.
"""

from __future__ import annotations

import functools
import json
import math
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.domain.clock import iso, now
from app.services.transitions import NotFound
from app.store.models import Outbox, get_state, set_state
from app.store.outbox import dossier_code_of
from app.usecases import fallback
from sync import protocol as P
from sync.apply import apply_update
from sync.backoff import Backoff
from sync.client import AuthFailed, HubClient, Refused, SyncError, Timeouts, Transient

if TYPE_CHECKING:  # the desk seam, typed without importing the store at run time
    from app.desk import Desk

Progress = Callable[[str, int, int], None]
Writer = Callable[[Callable[[Session], None]], None]
Cancel = Callable[[], bool]

SKEW_WARN_SECONDS = 300.0


class NotConfigured(SyncError):
    pass


class Cancelled(SyncError):
    pass


class WrongHub(SyncError):
    """The office hub at the configured address serves another unit code."""


class GaveUp(SyncError):
    """Too many consecutive transient failures in this run; nothing is lost, try later."""


@dataclass
class SyncConfig:
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    batch_start: int = 50
    batch_min: int = 1
    batch_max: int = 500
    batch_bytes_max: int = 1_000_000  # uncompressed payload bytes per request
    batch_bytes_min: int = 16_000
    target_seconds: float = 8.0  # a request should take about this long on the measured link
    max_attempts: int = 6  # consecutive transient failures before this run gives up
    backoff_base: float = 0.5
    backoff_cap: float = 30.0
    retry_after_max: float = 120.0
    # Poison (issue 8 §7): a change the hub fails on (HTTP 500) this many times in a row, alone in
    # its batch, is set aside; once another batch goes through (the hub works) it is rejected.
    poison_strikes: int = 3
    poison_suspects_max: int = 2  # set aside this many with nothing going through: the hub is sick
    pull_page: int = 200
    seed: int | None = None
    # Attachment bytes go after the dossiers' changes; None sends all, a number leaves bigger
    # files for a later run (the end-of-day sync on a slow link), False skips the phase.
    attachments: bool = True
    attachment_budget: int | None = None


@dataclass
class RejectedItem:
    change_id: str
    entity: str
    code: str
    reason: str


@dataclass
class SyncReport:
    ok: bool = True
    pushed: int = 0
    pulled: int = 0
    pending: int = 0
    rejected: int = 0
    waiting: int = 0
    rejected_items: list[RejectedItem] = field(default_factory=list)
    clock_skew_seconds: float | None = None
    hub_mode: str | None = None  # office (a hub on the LAN) | upstream (the province)
    upstream: dict[str, Any] | None = None  # office mode: the office hub's link to the province
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    error_kind: str | None = None  # unreachable | transient | auth | cancelled | not_configured
    requests: int = 0
    bytes_sent: int = 0
    seconds: float = 0.0
    attachments: dict[str, Any] | None = None
    # Where this run synced: "office" (the configured hub, office hub or province) or "province"
    # (straight to the province while the office hub is unreachable: docs/office-hub.md "Degraded").
    link: str = "office"
    owed_office: int = 0  # changes the province has (sent direct) that the office hub has not yet
    direct_ready: bool = False  # a province address and token are set for the direct link
    office_down_since: str | None = None

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["rejected_items"] = [asdict(r) for r in self.rejected_items]
        return out


# ---------------------------------------------------------------------- sync_state helpers


def _dossier_of(row: Outbox) -> str:
    """The dossier a change belongs to (ordering and blocking are per dossier)."""
    if row.entity == "dossier":
        return row.entity_uuid
    payload = json.loads(row.payload)
    if row.entity == "event":
        return str(payload["event"]["dossier_uuid"])
    return str(payload.get("dossier_uuid") or row.entity_uuid)


def _wire(row: Outbox) -> str:
    # The frozen payload text is already canonical JSON: splice it in, never re-serialise it.
    head = json.dumps(
        {"change_id": row.change_id, "entity": row.entity, "op": row.op, "entity_uuid": row.entity_uuid,
         "created_at": iso(row.created_at)},
        ensure_ascii=False, separators=(",", ":"),
    )  # fmt: skip
    return head[:-1] + ',"payload":' + row.payload + "}"


def _resume(last_seen: int, first_deferred: int | None) -> int:
    return last_seen if first_deferred is None else min(last_seen, first_deferred - 1)


@dataclass(frozen=True)
class Link:
    """Where a run syncs. ``direct``: the province, reached past an unreachable office hub."""

    url: str
    token: str
    direct: bool = False

    @property
    def cursor_key(self) -> str:
        # Two feeds, two cursors: the office hub's seq numbers mean nothing at the province.
        return fallback.K_CURSOR if self.direct else "pull_cursor"


# ---------------------------------------------------------------------- the run


class _Run:
    def __init__(self, desk: Desk, cfg: SyncConfig, progress: Progress | None, cancel: Cancel | None,
                 sleep: Callable[[float], None], writer: Writer, link: Link | None = None) -> None:  # fmt: skip
        self.desk, self.cfg, self.sleep, self.write = desk, cfg, sleep, writer
        self.progress = progress or (lambda phase, done, total: None)
        self.cancel = cancel or (lambda: False)
        self.report = SyncReport()
        self.backoff = Backoff(cfg.backoff_base, cfg.backoff_cap, random.Random(cfg.seed))
        self.failures = 0
        self.unanswered: set[int] = set()
        self.strikes: dict[int, int] = {}  # outbox id -> consecutive server faults, alone in a batch
        self.suspects: dict[int, str] = {}  # set aside as poison, waiting for proof the hub works
        self.poisoned: set[int] = set()
        # Dossiers with a change set aside in this run: their later changes wait behind it (a
        # dossier's changes reach the hub in order, or not at all).
        self.held: set[str] = set()
        office = desk.require_office()
        if not office.server_url:
            raise NotConfigured(
                "Chưa cấu hình máy chủ đồng bộ: chạy 'motcua setup ... --server URL --token MÃ' "
                "hoặc nhập trong Cài đặt"
            )
        self.unit_code = office.unit_code
        self.link = link or Link(office.server_url, office.server_token)
        self.report.link = "province" if self.link.direct else "office"
        # Direct: only what the province has not got. Back at the office hub: also what went to the
        # province directly (state "direct"), so the office hub ends up with every change.
        self.send_states = ("pending",) if self.link.direct else ("pending", "direct")
        self.handout: dict[str, Any] | None = None
        self.skipped_unknown = 0
        self.client = HubClient(self.link.url, self.link.token,
                                timeouts=Timeouts(cfg.connect_timeout, cfg.read_timeout))  # fmt: skip

    def check_cancel(self) -> None:
        if self.cancel():
            raise Cancelled("Đã dừng đồng bộ theo yêu cầu; các thay đổi chưa gửi vẫn được giữ trên máy")

    def retrying(self, what: Callable[[], Any]) -> Any:
        """Call ``what`` until it succeeds, sleeping per backoff between transient failures."""
        while True:
            self.check_cancel()
            try:
                result = what()
            except Transient as exc:
                self.failed(exc)
                continue
            self.failures = 0
            self.backoff.reset()
            return result

    def failed(self, exc: Transient) -> None:
        self.failures += 1
        if self.failures >= self.cfg.max_attempts:
            raise GaveUp(str(exc)) from exc
        if exc.retry_after is not None and exc.retry_after > self.cfg.retry_after_max:
            raise GaveUp(f"{exc} — máy chủ yêu cầu chờ {exc.retry_after:.0f} giây rồi thử lại") from exc
        self.sleep(self.backoff.next_delay(exc.retry_after))

    # -------------------------------------------------------------- health

    def health(self) -> None:
        self.progress("health", 0, 1)
        body, skew = self.retrying(self.client.health)
        hub_unit = body.get("unit_code")
        if self.link.direct:
            self.check_province(body)
        elif body.get("mode") == "office" and hub_unit != self.unit_code:
            # A desk never joins the office hub of another commune, however it found the address.
            raise WrongHub(
                f"Máy chủ xã tại {self.client.base} thuộc đơn vị {hub_unit} ({body.get('name', '')}), "
                f"không phải đơn vị {self.unit_code} của máy này: không đồng bộ"
            )
        self.report.hub_mode = str(body.get("mode") or "upstream")
        if isinstance(body.get("upstream"), dict):
            self.report.upstream = body["upstream"]
        self.report.clock_skew_seconds = round(skew, 1)
        if abs(skew) > SKEW_WARN_SECONDS:
            direction = "chậm hơn" if skew > 0 else "nhanh hơn"
            self.report.warnings.append(
                f"Đồng hồ máy này {direction} máy chủ {abs(skew) / 60:.0f} phút: hãy chỉnh giờ hệ thống, "
                "vì ngày hẹn trả kết quả được tính theo đồng hồ này"
            )
        self.progress("health", 1, 1)

    def check_province(self, body: dict[str, Any]) -> None:
        """The direct link goes to the province of this unit code, never elsewhere: not to an office
        hub (the address would be wrong), not with a token of another unit (its feed would bring
        another commune's dossiers here)."""
        if body.get("mode") == "office":
            raise WrongHub(
                f"Địa chỉ máy chủ tỉnh {self.client.base} là một máy chủ xã ({body.get('unit_code')}): "
                "không gửi thẳng"
            )
        try:
            who = self.retrying(functools.partial(self.client._call, "GET", P.OFFICE_PATH))
        except Refused as exc:
            raise WrongHub(
                f"Máy chủ tỉnh {self.client.base} không cho biết mã truy cập thuộc đơn vị nào ({exc}): "
                "không gửi thẳng"
            ) from exc
        if who.get("unit_code") != self.unit_code:
            raise WrongHub(
                f"Mã truy cập máy chủ tỉnh thuộc đơn vị {who.get('unit_code')}, không phải đơn vị "
                f"{self.unit_code} của máy này: không gửi thẳng lên tỉnh"
            )

    def learn_fallback(self) -> None:
        """An office hub hands its desks the province's address and the office's token, so that
        the direct link works when this hub is down (docs/office-hub.md "Degraded"). Best effort:
        an older hub (404) or one without upstream leaves the admin's own setting."""
        if self.link.direct or self.report.hub_mode != "office":
            return
        try:
            got = self.client._call("GET", P.FALLBACK_PATH)
        except (Transient, Refused):
            return
        if got.get("unit_code") != self.unit_code or not got.get("url") or not got.get("token"):
            return
        self.handout = got

        def work(s: Session) -> None:
            if get_state(s, fallback.K_SOURCE) == "off":  # an admin turned the direct link off
                return
            for key, value in ((fallback.K_URL, str(got["url"]).rstrip("/")), (fallback.K_TOKEN, str(got["token"])),
                               (fallback.K_UNIT, self.unit_code), (fallback.K_SOURCE, "office_hub")):  # fmt: skip
                if get_state(s, key) != value:
                    set_state(s, key, value)

        self.write(work)

    # -------------------------------------------------------------- push

    def push(self) -> None:
        cfg = self.cfg
        with self.desk.read() as s:
            blocked = set(
                s.scalars(select(Outbox.entity_uuid).where(
                    Outbox.state == "rejected", Outbox.entity == "dossier", Outbox.op == "create"))
            )  # fmt: skip
            total = int(
                s.scalar(select(func.count()).select_from(Outbox).where(Outbox.state.in_(self.send_states)))
                or 0
            )
        # An office hub shows each desk's queue to the leader (ignored by the province).
        self.client.http.headers["X-Motcua-Pending"] = str(total)
        size, byte_cap, scan_from, done = cfg.batch_start, cfg.batch_bytes_max, 0, 0
        waiting: set[int] = set()
        self.progress("push", 0, total)
        while True:
            self.check_cancel()
            rows, resume_at = self._next_batch(scan_from, size, byte_cap, blocked, waiting)
            if not rows:
                break
            try:
                reply = self.client.push(self.unit_code, [_wire(r) for r in rows])
            except Transient as exc:
                self._note_attempt(rows, str(exc))
                size = max(cfg.batch_min, len(rows) // 2)
                byte_cap = max(cfg.batch_bytes_min, byte_cap // 2)
                if exc.server_fault:
                    self._server_fault(rows, exc)
                else:
                    self.failed(exc)
                continue
            except Refused as exc:
                if exc.status == 409 and exc.change_ids:
                    self._reject_locally([r for r in rows if r.change_id in exc.change_ids], exc)
                elif len(rows) > 1:
                    size = max(1, len(rows) // 2)  # bisect until the one bad change is alone
                else:
                    self._reject_locally(rows, exc)
                    scan_from = resume_at
                continue
            self.failures = 0
            self.backoff.reset()
            self.strikes.clear()
            if self.suspects:
                self._reject_poison(blocked)
            done += self._store_results(rows, reply.results, blocked)
            scan_from = resume_at
            self.progress("push", done, total)
            size = min(cfg.batch_max, math.ceil(len(rows) * 1.5))
            # Size to the link: aim for ~target_seconds per request at the measured rate.
            if reply.seconds > 0 and reply.body_bytes > 0:
                ratio = reply.raw_bytes / reply.body_bytes
                link_bytes = reply.body_bytes / reply.seconds * cfg.target_seconds
                byte_cap = int(min(cfg.batch_bytes_max, max(cfg.batch_bytes_min, link_bytes * ratio)))
        if self.suspects:
            self._confirm_poison(blocked)
        self.report.waiting = len(waiting - self.poisoned)
        if waiting:
            self.report.warnings.append(
                f"{len(waiting)} thay đổi đang chờ vì hồ sơ gốc của chúng bị máy chủ từ chối; "
                "xem danh sách bị từ chối"
            )

    def _server_fault(self, rows: list[Outbox], exc: Transient) -> None:
        """The hub answered 5xx. Halving the batch (above) bisects towards the change it fails on,
        without waiting: the hub answered at once. Alone, a change gets ``poison_strikes`` tries
        (with backoff: it may be the hub's passing trouble) and is then set aside for this run."""
        if len(rows) > 1:
            return
        row = rows[0]
        self.strikes[row.id] = self.strikes.get(row.id, 0) + 1
        if self.strikes[row.id] < self.cfg.poison_strikes:
            self.sleep(self.backoff.next_delay(exc.retry_after))
            return
        self.suspects[row.id] = str(exc)
        self.unanswered.add(row.id)  # stepped over for the rest of this run
        self.held.add(_dossier_of(row))
        if len(self.suspects) >= self.cfg.poison_suspects_max:
            # Nothing went through in between: the hub fails on everything, not on one change.
            raise GaveUp(f"{exc} — máy chủ lỗi với mọi thay đổi; các thay đổi vẫn được giữ trên máy") from exc

    def _confirm_poison(self, blocked: set[str]) -> None:
        """Changes set aside with nothing sent after them: one read of the hub's database (the
        feed) tells a hub that works, failing on these changes, from a hub that is down."""
        try:
            self.client.updates(0, 1)
        except (Transient, Refused):
            return  # the hub is not well: they stay pending, retried by the next run
        self._reject_poison(blocked)

    def _reject_poison(self, blocked: set[str]) -> None:
        """Another batch went through, so the hub works: the changes it failed on alone are poison.
        Rejected with the reason (shown to the clerk like any rejection); the others go on."""

        def work(s: Session) -> None:
            for row_id, error in self.suspects.items():
                db_row = s.get(Outbox, row_id)
                if db_row is None or db_row.state not in self.send_states:
                    continue
                reason = (
                    f"Máy chủ lỗi mỗi lần nhận riêng thay đổi này ({self.cfg.poison_strikes} lần liên tiếp), "
                    f"trong khi các thay đổi khác vẫn được nhận: {error}"
                )
                db_row.state, db_row.last_error = "rejected", reason[:1000]
                db_row.result = {"status": "rejected", "reason": reason, "poison": True}
                self.poisoned.add(row_id)
                if db_row.entity == "dossier" and db_row.op == "create":
                    blocked.add(db_row.entity_uuid)

        self.write(work)
        self.suspects.clear()

    def _next_batch(self, after: int, size: int, byte_cap: int, blocked: set[str], waiting: set[int]
                    ) -> tuple[list[Outbox], int]:  # fmt: skip
        """Pending rows after ``after`` in id order, and where the next scan starts.

        A dossier's later changes never ride in the same batch as its create: if the hub rejected
        the create, it would have to reject them too, and a rejection is final. They wait for the
        next batch, when the create's answer is known (and, if it was a rejection, they stay
        waiting instead of being refused for ever). Other dossiers are never held up.
        """
        batch: list[Outbox] = []
        used, last_seen = 0, after
        created_here: set[str] = set()
        first_deferred: int | None = None
        with self.desk.read() as s:
            while len(batch) < size:
                candidates = list(
                    s.scalars(select(Outbox).where(Outbox.state.in_(self.send_states), Outbox.id > last_seen)
                              .order_by(Outbox.id).limit(size - len(batch)))
                )  # fmt: skip
                if not candidates:
                    break
                for row in candidates:
                    dossier = _dossier_of(row)
                    if dossier in blocked or dossier in self.held or row.id in self.unanswered:
                        waiting.add(row.id)  # never blocks other dossiers: just step over it
                    elif dossier in created_here:
                        first_deferred = row.id if first_deferred is None else first_deferred
                    else:
                        cost = len(row.payload) + 200
                        if batch and used + cost > byte_cap:
                            return batch, _resume(last_seen, first_deferred)
                        batch.append(row)
                        used += cost
                        if row.entity == "dossier" and row.op == "create":
                            created_here.add(dossier)
                    last_seen = row.id
                    if len(batch) >= size:
                        break
        return batch, _resume(last_seen, first_deferred)

    def _note_attempt(self, rows: list[Outbox], error: str) -> None:
        def work(s: Session) -> None:
            s.execute(
                update(Outbox).where(Outbox.id.in_([r.id for r in rows]))
                .values(attempts=Outbox.attempts + 1, last_error=error[:500])
            )  # fmt: skip

        self.write(work)

    def _store_results(self, rows: list[Outbox], results: list[dict[str, Any]], blocked: set[str]) -> int:
        """Store the hub's answers for one batch in one local transaction (bulk, by primary key)."""
        by_id = {str(r.get("change_id")): r for r in results if isinstance(r, dict)}
        stamp = now()
        params: list[dict[str, Any]] = []
        for row in rows:
            res = by_id.get(row.change_id)
            if res is None:
                self.unanswered.add(row.id)  # not again in this run: no endless resend loop
                self.held.add(_dossier_of(row))
                self.report.warnings.append(f"Máy chủ không trả lời cho thay đổi {row.change_id}; sẽ gửi lại")
                continue
            values: dict[str, Any] = {"id": row.id, "attempts": row.attempts + 1, "result": res}
            if res.get("status") in ("applied", "duplicate"):
                # Direct: the province has it, the office hub not yet (sent there on return).
                values.update(state="direct" if self.link.direct else "acked", acked_at=stamp, last_error="")
                self.report.pushed += 1
            else:
                values.update(state="rejected", acked_at=None,
                              last_error=str(res.get("reason") or "bị từ chối (không rõ lý do)"))  # fmt: skip
                if row.entity == "dossier" and row.op == "create":
                    blocked.add(row.entity_uuid)
            params.append(values)
        if params:

            def work(s: Session) -> None:
                s.execute(update(Outbox), params)

            self.write(work)
        return len(params)

    def _reject_locally(self, rows: list[Outbox], exc: Refused) -> None:
        def work(s: Session) -> None:
            for row in rows:
                db_row = s.get(Outbox, row.id)
                assert db_row is not None
                db_row.state, db_row.attempts = "rejected", db_row.attempts + 1
                db_row.last_error = exc.detail[:1000]
                db_row.result = {"status": "rejected", "reason": exc.detail, "http": exc.status}

        self.write(work)

    # -------------------------------------------------------------- audit anchor

    def push_anchor(self) -> None:
        """The audit chain's head goes upstream with each sync (issue 8 §6). A hub without the
        endpoint (older) or a link that drops here costs a warning, never the sync."""
        from sync.anchoring import push_anchor

        self.check_cancel()
        try:
            warning = push_anchor(self.desk, self.client, self.unit_code)
        except (Transient, Refused) as exc:
            warning = f"Chưa gửi được mốc neo nhật ký kiểm toán lên máy chủ: {exc}"
        if warning:
            self.report.warnings.append(warning)

    # -------------------------------------------------------------- pull

    def pull(self) -> None:
        office = self.desk.require_office()
        key = self.link.cursor_key
        with self.desk.read() as s:
            cursor = int(get_state(s, key, "0") or 0)
        while True:
            self.check_cancel()
            page = self.retrying(functools.partial(self.client.updates, cursor, self.cfg.pull_page))

            def work(s: Session, page: dict[str, Any] = page) -> None:
                calendar_changed = False
                calendar = self.desk.calendar()  # on the writer's thread, like the apply below
                for u in page["updates"]:
                    try:
                        with s.begin_nested():
                            applied = apply_update(s, u, office=office, calendar=calendar)
                    except NotFound as exc:
                        if self.link.direct:
                            # A dossier of another desk: this one gets it from the office hub when
                            # that is back, with this update again. Nothing to keep here.
                            self.skipped_unknown += 1
                        else:
                            self._park(s, u, exc)
                        continue
                    except (ValueError, LookupError, KeyError, TypeError) as exc:
                        self._park(s, u, exc)
                        continue
                    calendar_changed |= applied.calendar_changed
                    if applied.note and applied.kind == "calendar":
                        self.report.warnings.append(f"Lịch cấp trên: {applied.note}")
                    self.report.pulled += 1
                # Same transaction as the updates it covers: applied once, or not yet.
                set_state(s, key, str(page["cursor"]))
                if calendar_changed:
                    self.desk.invalidate_calendar()

            self.write(work)
            cursor = int(page["cursor"])
            self.progress("pull", self.report.pulled, self.report.pulled)
            if not page.get("has_more"):
                break
        if self.handout is not None:
            self._skip_relayed(int(self.handout.get("cursor") or 0))

    def _skip_relayed(self, relay_cursor: int) -> None:
        """The office hub had fed down every province update up to its relay cursor before we asked,
        and this desk has now pulled its feed to the end: a later direct sync starts after it.
        Never moved back: updates seen twice are harmless, but need not be fetched again."""

        def work(s: Session) -> None:
            if relay_cursor > int(get_state(s, fallback.K_CURSOR, "0") or 0):
                set_state(s, fallback.K_CURSOR, str(relay_cursor))

        self.write(work)

    def _park(self, s: Session, u: dict[str, Any], exc: Exception) -> None:
        reason = f"{type(exc).__name__}: {exc}"
        parked = json.loads(get_state(s, "parked_updates", "[]"))
        parked.append(
            {"seq": u.get("seq"), "type": u.get("type"), "reason": reason, "payload": u.get("payload")}
        )
        set_state(s, "parked_updates", json.dumps(parked[-200:], ensure_ascii=False))
        self.report.warnings.append(f"Không áp dụng được cập nhật số {u.get('seq')} ({u.get('type')}): {exc}")

    # -------------------------------------------------------------- totals

    def attachments(self) -> None:
        from sync.blobs import upload_pending

        self.progress("attachments", 0, 0)  # the phase starts: dossier changes are all through

        def send() -> Any:
            return upload_pending(
                self.desk, self.client, budget_bytes=self.cfg.attachment_budget,
                progress=lambda done, total: self.progress("attachments", done, total), cancel=self.cancel,
                writer=self.write,
            )  # fmt: skip

        self.report.attachments = self.retrying(send).as_json()

    def finish(self) -> None:
        def work(s: Session) -> None:
            self.report.pending = int(
                s.scalar(select(func.count()).select_from(Outbox).where(Outbox.state == "pending")) or 0
            )
            rejected = list(s.scalars(select(Outbox).where(Outbox.state == "rejected").order_by(Outbox.id)))
            self.report.rejected = len(rejected)
            self.report.rejected_items = [
                RejectedItem(r.change_id, r.entity, dossier_code_of(r), r.last_error) for r in rejected
            ]
            set_state(s, "last_attempt_at", iso(now()) or "")
            if self.report.ok:
                set_state(s, "last_sync_at", iso(now()) or "")
            set_state(s, "last_error", self.report.error or "")
            if self.report.clock_skew_seconds is not None:
                set_state(s, "clock_skew_seconds", str(self.report.clock_skew_seconds))
            if self.report.hub_mode is not None and not self.link.direct:
                set_state(s, "hub_mode", self.report.hub_mode)
            if self.report.ok:
                set_state(s, fallback.K_LINK, self.report.link)
                if not self.link.direct:
                    set_state(s, fallback.K_DOWN_SINCE, "")
            self.report.owed_office = int(
                s.scalar(select(func.count()).select_from(Outbox).where(Outbox.state == "direct")) or 0
            )
            self.report.direct_ready = bool(get_state(s, fallback.K_URL) and get_state(s, fallback.K_TOKEN))
            self.report.office_down_since = get_state(s, fallback.K_DOWN_SINCE) or None

        self.write(work)


def in_tx(desk: Desk) -> Writer:
    """The writer of a headless sync (``motcua sync``): the calling thread's own transaction."""

    def write(fn: Callable[[Session], None]) -> None:
        with desk.tx() as s:
            fn(s)

    return write


def run_sync(
    desk: Desk,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    config: SyncConfig | None = None,
    sleep: Callable[[float], None] = time.sleep,
    writer: Writer | None = None,
) -> SyncReport:
    """One end-to-end sync. Expected failures (no link, bad token, cancel) come back in the report
    (``ok`` false, ``error`` in Vietnamese, ``error_kind``), recorded in sync_state; bugs raise.

    ``writer`` runs each local write (a function of a Session, in one transaction): the GUI
    passes one that hands it to its DB worker, the store's one writer (issue 8 §8); reads and the
    network stay on the calling thread.

    A desk of an office hub goes straight to the province once its office hub has been unreachable
    for the configured time, and back when it answers (sync/direct.py)."""
    from sync.direct import run_with_fallback

    return run_with_fallback(
        desk, progress=progress, cancel=cancel, config=config or SyncConfig(), sleep=sleep,
        writer=writer or in_tx(desk),
    )  # fmt: skip


def sync_once(
    desk: Desk, link: Link | None, *, progress: Progress | None, cancel: Cancel | None, config: SyncConfig,
    sleep: Callable[[float], None], writer: Writer,
) -> SyncReport:  # fmt: skip
    """One run against one hub: the configured one (``link`` None) or the province, direct."""
    started = time.monotonic()
    run = _Run(desk, config, progress, cancel, sleep, writer, link)
    try:
        run.health()
        run.push()
        if not run.link.direct:  # the audit anchor and the scans go to the office hub, on its return
            run.push_anchor()
            run.learn_fallback()
        run.pull()
        if run.cfg.attachments and not run.link.direct:
            run.attachments()
    except (GaveUp, AuthFailed, Cancelled, Transient, WrongHub) as exc:
        run.report.ok = False
        run.report.error = str(exc)
        cause = exc.__cause__
        if isinstance(exc, AuthFailed):
            run.report.error_kind = "auth"
        elif isinstance(exc, WrongHub):
            run.report.error_kind = "wrong_hub"
        elif isinstance(exc, Cancelled):
            run.report.error_kind = "cancelled"
        elif isinstance(cause, Transient) and cause.unreachable:
            run.report.error_kind = "unreachable"
        else:
            run.report.error_kind = "transient"
    finally:
        run.client.close()
    if run.skipped_unknown:
        run.report.warnings.append(
            f"{run.skipped_unknown} cập nhật của tỉnh về hồ sơ tiếp nhận ở máy khác: sẽ nhận qua máy chủ xã"
        )
    run.report.requests = run.client.requests_made
    run.report.bytes_sent = run.client.bytes_sent
    run.finish()
    run.report.seconds = round(time.monotonic() - started, 3)
    return run.report


def pending_summary(desk: Desk) -> dict[str, Any]:
    """What the status bar shows: changes waiting, last sync, last error, clock skew."""
    with desk.read() as s:
        pending = int(
            s.scalar(select(func.count()).select_from(Outbox).where(Outbox.state == "pending")) or 0
        )
        return {
            "pending": pending,
            "link": get_state(s, fallback.K_LINK) or "office",
            "last_sync_at": get_state(s, "last_sync_at") or None,
            "last_error": get_state(s, "last_error") or None,
            "clock_skew_seconds": float(get_state(s, "clock_skew_seconds") or 0.0),
        }
