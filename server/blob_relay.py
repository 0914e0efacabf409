"""Attachment bytes through an office hub (issue 14: "attachments relay upstream the same way").

The desks upload their scans to the office hub (server/blobs.py) after their changes. This thread
of ``serve`` moves them on to the province exactly as a desk would (sync/blobs.py): content-
addressed (the province is asked which hashes it lacks), in chunks, resuming at the offset the
province reports, so a SIGKILL or a cut link re-sends at most the chunk in flight, and the
province's append-at-offset can never store a byte twice.

Order: a file goes up only once the change that attached it (``relay_outbox``, written in the
same transaction as the ``blob_relay`` row by server/desks.py) has been answered by the province,
so a dossier's metadata always arrives before its attachment. The thread is apart from the change
relay (server/relay.py): a 2 MB file on a 64 kbit/s link takes minutes and must never hold back
a dossier.

Down: an update from the province that references a file the office hub lacks (an ``attached``
event made upstream, e.g. the e-result of the processing body) queues a ``down`` row
(server/relay.py ``apply_down``, same transaction as the update); this thread fetches the bytes,
verifies their SHA-256 and puts them where the desks fetch them when the dossier is opened.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from server.db import HubDB, now_iso
from server.models import BlobRow, OfficeRow
from server.models_blobs import BlobRelayRow
from server.models_lan import RelayRow
from server.relay_loop import RelayLoop
from sync.client import HubClient, Refused, Timeouts

if TYPE_CHECKING:  # server.blobs imports fastapi: the admin CLI must run without the hub extra
    from server.blobs import BlobStore

log = logging.getLogger("motcua.hub.blobs")
CHUNK = 64 * 1024  # ~8 s at 64 kbit/s: a SIGKILL or a cut costs at most one chunk
PAGE = 100
SHA_RE = re.compile(r"[0-9a-f]{64}")
DOWN_RETRY_MAX = 600.0  # seconds between tries of a file the province does not have (yet)


# ---------------------------------------------------------------------- queueing (in callers' tx)


def attached_refs(changes: list[dict[str, Any]], applied: set[str]) -> list[dict[str, Any]]:
    """The files that the applied ``attached`` events of a desk's batch reference."""
    refs = []
    for c in changes:
        if c.get("entity") != "event" or c.get("change_id") not in applied:
            continue
        e = (c.get("payload") or {}).get("event") or {}
        data = e.get("data")
        if e.get("kind") != "attached" or not isinstance(data, dict):
            continue
        sha = str(data.get("sha256") or "")
        if SHA_RE.fullmatch(sha):
            size = data.get("bytes")
            refs.append({"sha256": sha, "change_id": str(c["change_id"]),
                         "dossier_uuid": str(e.get("dossier_uuid") or ""),
                         "size": int(size) if isinstance(size, int) else 0})  # fmt: skip
    return refs


def enqueue_up(s: Session, office_id: int, refs: list[dict[str, Any]]) -> int:
    """Queue files for the province, behind the change that attached each (first reference wins)."""
    if not refs:
        return 0
    have = set(
        s.scalars(
            select(BlobRelayRow.sha256).where(
                BlobRelayRow.office_id == office_id,
                BlobRelayRow.direction == "up",
                BlobRelayRow.sha256.in_({r["sha256"] for r in refs}),
            )
        )
    )
    stamp, added = now_iso(), 0
    for r in refs:
        if r["sha256"] in have:
            continue
        have.add(r["sha256"])
        s.add(BlobRelayRow(office_id=office_id, direction="up", state="waiting", created_at=stamp, **r))
        added += 1
    return added


def enqueue_down(s: Session, office_id: int, event: dict[str, Any], dossier_uuid: str) -> bool:
    """An update from the province references a file: fetch it unless this office already holds it."""
    data = event.get("data")
    if event.get("kind") != "attached" or not isinstance(data, dict):
        return False
    sha = str(data.get("sha256") or "")
    if not SHA_RE.fullmatch(sha):
        return False
    held = s.scalar(select(BlobRow.id).where(BlobRow.office_id == office_id, BlobRow.sha256 == sha))
    queued = s.scalar(
        select(BlobRelayRow.id).where(
            BlobRelayRow.office_id == office_id, BlobRelayRow.sha256 == sha, BlobRelayRow.direction == "down"
        )
    )
    if held is not None or queued is not None:
        return False
    size = data.get("bytes")
    s.add(BlobRelayRow(office_id=office_id, sha256=sha, direction="down", dossier_uuid=dossier_uuid,
                       size=int(size) if isinstance(size, int) else 0, state="waiting",
                       created_at=now_iso()))  # fmt: skip
    return True


def status(s: Session, office_id: int) -> dict[str, Any]:
    """For ``motcua-hub upstream status``: the files waiting, moved and refused, each way."""
    out: dict[str, Any] = {}
    rows = s.execute(
        select(
            BlobRelayRow.direction, BlobRelayRow.state, func.count(), func.coalesce(func.sum(BlobRelayRow.size), 0)
        ).where(BlobRelayRow.office_id == office_id).group_by(BlobRelayRow.direction, BlobRelayRow.state)
    ).all()  # fmt: skip
    for direction, state, n, size in rows:
        side = out.setdefault(direction, {"waiting": 0, "done": 0, "failed": 0, "bytes_waiting": 0})
        side[state] = int(n)
        if state == "waiting":
            side["bytes_waiting"] = int(size)
    failed = s.scalars(
        select(BlobRelayRow)
        .where(BlobRelayRow.office_id == office_id, BlobRelayRow.state == "failed")
        .order_by(BlobRelayRow.id)
    )
    out["failed_items"] = [
        {"sha256": r.sha256, "direction": r.direction, "reason": r.last_error} for r in failed
    ]
    return out


# ---------------------------------------------------------------------- the thread


@dataclass
class BlobCycle:
    uploaded: int = 0
    already_there: int = 0
    bytes_sent: int = 0
    resumed: int = 0
    fetched: int = 0
    bytes_fetched: int = 0
    failed: list[str] = field(default_factory=list)


class BlobRelay(RelayLoop):
    label = "blob relay"  # its own thread beside the change relay (server/relay_loop.py)

    def __init__(self, db: HubDB, store: BlobStore, *, interval: float = 1.0, chunk: int = CHUNK,
                 timeouts: Timeouts | None = None, seed: int | None = None) -> None:  # fmt: skip
        super().__init__(interval=interval, seed=seed)
        self.db, self.store, self.chunk = db, store, chunk
        self.timeouts = timeouts or Timeouts(5.0, 60.0)
        self._down_next: dict[str, tuple[float, float]] = {}  # sha -> (next try, delay), in memory

    def config(self) -> tuple[str, str, OfficeRow] | None:
        from server.relay import upstream_config  # server.relay imports this module

        return upstream_config(self.db)

    def run_once(self) -> BlobCycle:
        """Every file that may go up, then every file to fetch. Raises Transient/AuthFailed on the link."""
        cycle = BlobCycle()
        cfg = self.config()
        if cfg is None:
            return cycle
        url, token, office = cfg
        with HubClient(url, token, timeouts=self.timeouts) as client:
            self._up(client, office, cycle)
            self._down(client, office, cycle)
        return cycle

    # -- up ---------------------------------------------------------------------------------

    def _ready(self, office: OfficeRow, after: int) -> list[BlobRelayRow]:
        """Waiting files whose attaching change the province has answered (metadata first)."""
        with self.db.read() as s:
            return list(
                s.scalars(
                    select(BlobRelayRow)
                    .join(
                        RelayRow,
                        (RelayRow.office_id == BlobRelayRow.office_id)
                        & (RelayRow.change_id == BlobRelayRow.change_id),
                    )
                    .where(
                        BlobRelayRow.office_id == office.id,
                        BlobRelayRow.direction == "up",
                        BlobRelayRow.state == "waiting",
                        BlobRelayRow.id > after,
                        RelayRow.state != "pending",
                    )
                    .order_by(BlobRelayRow.id)
                    .limit(PAGE)
                )  # fmt: skip
            )

    def _up(self, client: HubClient, office: OfficeRow, cycle: BlobCycle) -> None:
        after = 0
        while not self._stop.is_set():
            rows = self._ready(office, after)
            if not rows:
                return
            after = rows[-1].id
            # A desk sends its file after its changes: a row may be ready before its bytes are here.
            here = [r for r in rows if self.store.has(r.sha256)]
            if not here:
                continue
            missing, partial = client.blobs_missing([r.sha256 for r in here])
            lacking = set(missing)
            there = [r.id for r in here if r.sha256 not in lacking]
            if there:
                self._mark(office.id, there, state="done", done_at=now_iso())
                cycle.already_there += len(there)
            for row in here:
                if row.sha256 in lacking and not self._stop.is_set():
                    self._send(client, row, partial.get(row.sha256, 0), cycle)

    def _send(self, client: HubClient, row: BlobRelayRow, offset: int, cycle: BlobCycle) -> None:
        path = self.store.path(row.sha256)
        size = path.stat().st_size
        if offset:
            cycle.resumed += 1
            log.info("blob relay: resuming %s at %d of %d bytes", row.sha256[:12], offset, size)
        moved, complete = row.moved, False
        self._mark(row.office_id, [row.id], resumed_from=offset, size=size, attempts=row.attempts + 1)
        with open(path, "rb") as fh:
            while not complete:
                if self._stop.is_set():
                    return
                fh.seek(offset)
                piece = fh.read(self.chunk)
                try:
                    held, complete = client.put_blob_chunk(row.sha256, offset, size, piece)
                except Refused as exc:  # too big, hash mismatch: the province's reason is kept
                    self._mark(row.office_id, [row.id], state="failed", last_error=exc.detail[:1000])
                    cycle.failed.append(f"{row.sha256[:12]}: {exc.detail}")
                    return
                step = max(0, held - offset)
                moved += step
                cycle.bytes_sent += step
                offset = held
                self._mark(row.office_id, [row.id], moved=moved)
        self._mark(row.office_id, [row.id], state="done", done_at=now_iso(), last_error="")
        cycle.uploaded += 1

    def _mark(self, office_id: int, ids: list[int], **values: Any) -> None:
        with self.db.write() as s:
            s.execute(
                update(BlobRelayRow)
                .where(BlobRelayRow.office_id == office_id, BlobRelayRow.id.in_(ids))
                .values(**values)
            )

    # -- down -------------------------------------------------------------------------------

    def _down(self, client: HubClient, office: OfficeRow, cycle: BlobCycle) -> None:
        with self.db.read() as s:
            rows = list(
                s.scalars(
                    select(BlobRelayRow)
                    .where(
                        BlobRelayRow.office_id == office.id,
                        BlobRelayRow.direction == "down",
                        BlobRelayRow.state == "waiting",
                    )
                    .order_by(BlobRelayRow.id)
                )  # fmt: skip
            )
        now = time.monotonic()
        for row in rows:
            if self._stop.is_set():
                return
            if self._down_next.get(row.sha256, (0.0, 0.0))[0] > now:
                continue
            if not self.store.has(row.sha256):
                try:
                    data = client.get_blob(row.sha256)
                except Refused as exc:  # the province lacks it (yet): try again later, less often
                    delay = min(DOWN_RETRY_MAX, max(5.0, self._down_next.get(row.sha256, (0.0, 2.5))[1] * 2))
                    self._down_next[row.sha256] = (now + delay, delay)
                    self._mark(
                        row.office_id, [row.id], attempts=row.attempts + 1, last_error=exc.detail[:1000]
                    )
                    continue
                try:
                    self.store.put_whole(row.sha256, data)
                except ValueError as exc:  # bytes that do not match their name are never kept
                    self._mark(row.office_id, [row.id], attempts=row.attempts + 1, last_error=str(exc))
                    continue
                cycle.fetched += 1
                cycle.bytes_fetched += len(data)
            size = self.store.path(row.sha256).stat().st_size
            with self.db.write() as s:
                if s.scalar(select(BlobRow.id).where(BlobRow.office_id == office.id,
                                                     BlobRow.sha256 == row.sha256)) is None:  # fmt: skip
                    s.add(BlobRow(office_id=office.id, sha256=row.sha256, size=size, received_at=now_iso()))
                s.execute(
                    update(BlobRelayRow).where(BlobRelayRow.office_id == office.id, BlobRelayRow.id == row.id)
                    .values(state="done", done_at=now_iso(), moved=size, size=size, last_error="")
                )  # fmt: skip


__all__ = ["CHUNK", "BlobCycle", "BlobRelay", "attached_refs", "enqueue_down", "enqueue_up", "status"]
