"""Attachment bytes to and from the hub, after the dossiers' changes (metadata first).

Content-addressed: the desk asks which of its hashes the hub lacks and sends only those, in
chunks, resuming at the offset the hub reports, so a cut link never re-sends what arrived. A
budget lets the end-of-day sync leave big files for later; they never hold back dossier sync,
which has already finished when this phase starts. Store writes (marking a blob uploaded,
storing a fetched one) are short transactions of their own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.domain.clock import now
from app.store.models_attach import Blob
from sync import protocol as P
from sync.client import HubClient, Refused

CHUNK = 64 * 1024  # ~8 s at 64 kbit/s: a cut costs at most one chunk
Progress = Callable[[int, int], None]  # bytes sent, bytes to send


@dataclass
class BlobReport:
    uploaded: int = 0
    bytes_sent: int = 0
    already_there: int = 0
    left_for_later: int = 0
    bytes_left: int = 0
    failed: list[str] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "uploaded": self.uploaded, "bytes_sent": self.bytes_sent, "already_there": self.already_there,
            "left_for_later": self.left_for_later, "bytes_left": self.bytes_left, "failed": self.failed or [],
        }  # fmt: skip


def _pending(desk: Any) -> list[tuple[str, int]]:
    with desk.read() as s:
        rows = s.execute(
            select(Blob.sha256, Blob.size)
            .where(Blob.uploaded_at.is_(None), Blob.data.is_not(None))
            .order_by(Blob.created_at)
        ).all()
    return [(sha, size) for sha, size in rows]


def _mark_uploaded(write: Callable[[Callable[[Any], None]], None], hashes: list[str], when: datetime) -> None:
    """Through the sync's writer: the GUI hands it to its DB worker, the store's one writer."""
    if not hashes:
        return

    def work(s: Any) -> None:
        for blob in s.scalars(select(Blob).where(Blob.sha256.in_(hashes))):
            blob.uploaded_at = when

    write(work)


def _own_tx(desk: Any) -> Callable[[Callable[[Any], None]], None]:
    def write(fn: Callable[[Any], None]) -> None:
        with desk.tx() as s:
            fn(s)

    return write


def upload_pending(
    desk: Any,
    client: HubClient,
    *,
    budget_bytes: int | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    chunk: int = CHUNK,
    writer: Callable[[Callable[[Any], None]], None] | None = None,
) -> BlobReport:
    """Upload the blobs the hub lacks, oldest first, within ``budget_bytes`` (None: all).

    Transient failures propagate to the caller (the engine's retry/backoff decides); what was
    sent is kept by the hub and resumed next time.
    """
    report = BlobReport(failed=[])
    pending = _pending(desk)
    if not pending:
        return report
    sizes = dict(pending)
    missing: list[str] = []
    partial: dict[str, int] = {}
    hashes = [sha for sha, _ in pending]
    for start in range(0, len(hashes), P.MAX_BLOB_QUERY):
        m, p = client.blobs_missing(hashes[start : start + P.MAX_BLOB_QUERY])
        missing += m
        partial.update(p)
    there = [h for h in hashes if h not in set(missing)]
    report.already_there = len(there)
    write = writer or _own_tx(desk)
    _mark_uploaded(write, there, now())
    total = sum(sizes[h] - partial.get(h, 0) for h in missing)
    sent = 0
    for sha in missing:
        size = sizes[sha]
        remaining = size - partial.get(sha, 0)
        if budget_bytes is not None and report.bytes_sent + remaining > budget_bytes:
            report.left_for_later += 1
            report.bytes_left += remaining
            continue
        with desk.read() as s:
            data = s.scalar(select(Blob.data).where(Blob.sha256 == sha))
        if data is None:  # evicted meanwhile (only after an ack, so the hub has it)
            continue
        if hashlib.sha256(data).hexdigest() != sha:
            assert report.failed is not None
            report.failed.append(sha)  # never send bytes that do not match their name
            continue
        offset = partial.get(sha, 0)
        complete = False
        while not complete:
            if cancel is not None and cancel():
                return report
            piece = data[offset : offset + chunk]
            try:
                held, complete = client.put_blob_chunk(sha, offset, size, piece)
            except Refused as exc:
                assert report.failed is not None
                report.failed.append(f"{sha[:12]}: {exc.detail}")
                break
            step = max(0, held - offset)
            report.bytes_sent += step
            sent += step
            offset = held
            if progress is not None:
                progress(sent, total)
        if complete:
            report.uploaded += 1
            _mark_uploaded(write, [sha], now())
    return report


def download(client: HubClient, sha256: str) -> bytes:
    """The bytes of one attachment from the hub (network only: storing is the caller's job)."""
    data = client.get_blob(sha256)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise Refused(200, "tệp tải về không khớp mã băm SHA-256")
    return data


def client_for(desk: Any) -> HubClient:
    office = desk.require_office()
    if not office.server_url:
        from sync.engine import NotConfigured

        raise NotConfigured("Chưa cấu hình máy chủ đồng bộ: không tải lại được tệp số hóa")
    return HubClient(office.server_url, office.server_token)


def fetch(desk: Any, client: HubClient, sha256: str) -> bytes:
    """Download and keep (CLI and tests; the GUI splits the two between its workers)."""
    from app.attachments.store import put_blob

    data = download(client, sha256)
    with desk.tx() as s:
        blob = put_blob(s, sha256, data)  # the one place a blob's bytes are (re)stored
        blob.uploaded_at = blob.uploaded_at or now()  # it came from the hub: the hub has it
    return data


def fetch_for_dossier(desk: Any, actor: Any, code: str, client: HubClient | None = None) -> list[str]:
    """On opening a dossier: the bytes of its papers digitised at another desk (listed from the office
    feed, never here) come from the hub. Evicted files are not fetched here: a view brings them back.
    Returns the hashes fetched; a failure of the link propagates (the caller shows it)."""
    from app.usecases import attachments

    wanted = [
        a.sha256 for a in attachments.list_attachments(desk, actor, code) if not a.present and not a.evicted
    ]
    if not wanted:
        return []
    own = client is None
    client = client or client_for(desk)
    try:
        for sha in dict.fromkeys(wanted):
            attachments.store_fetched(desk, actor, sha, download(client, sha))
    finally:
        if own:
            client.close()
    return list(dict.fromkeys(wanted))
