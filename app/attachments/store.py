"""Session-level operations on attachments (the use cases in app/usecases/attachments.py call these).

Attaching writes, in the caller's transaction: the blob (if new), the attachment row (the old
version of the same component marked superseded, never deleted), an ``attached`` timeline event
that carries the metadata upstream before any byte of the file (design: metadata first), and the
audit row. The bytes follow later through sync/blobs.py, content-addressed.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.attachments.ingest import AttachmentError, Prepared
from app.domain.clock import iso, now
from app.domain.text import nfc
from app.store.models import Applicant, Dossier
from app.store.models_attach import Attachment, Blob

SOURCES = ("scanner", "folder", "file", "camera", "reused", "hub")
KINDS = ("document", "result")
RESULT_COMPONENT = "Kết quả giải quyết"
MAX_COMPONENT = 300


@dataclass(frozen=True)
class AttachmentInfo:
    uuid: str
    code: str
    component: str
    kind: str
    sha256: str
    pages: int
    size: int
    source: str
    reused_from: str | None
    present: bool  # the bytes are on this desk (not evicted)
    uploaded: bool
    actor: str
    created_at: datetime
    # The bytes were dropped here after the hub confirmed them (a view fetches them back). Not
    # present and not evicted: digitised at another desk, fetched when the dossier is opened.
    evicted: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "uuid": self.uuid,
            "dossier": self.code,
            "component": self.component,
            "kind": self.kind,
            "sha256": self.sha256,
            "pages": self.pages,
            "bytes": self.size,
            "source": self.source,
            "reused_from": self.reused_from,
            "present": self.present,
            "uploaded": self.uploaded,
            "actor": self.actor,
            "at": iso(self.created_at),
            "evicted": self.evicted,
        }


def clean_component(name: str) -> str:
    text = " ".join(nfc(name).split())
    if not text:
        raise AttachmentError("thiếu tên thành phần hồ sơ (--component)")
    if len(text) > MAX_COMPONENT:
        raise AttachmentError(f"tên thành phần hồ sơ dài quá {MAX_COMPONENT} ký tự")
    if any(ord(ch) < 32 for ch in text):
        raise AttachmentError("tên thành phần hồ sơ có ký tự điều khiển")
    return text


def _info(a: Attachment, blob: Blob, code: str) -> AttachmentInfo:
    return AttachmentInfo(
        a.uuid, code, a.component, a.kind, a.sha256, a.pages, a.size, a.source, a.reused_from,
        blob.data is not None, blob.uploaded_at is not None, a.actor, a.created_at, blob.evicted_at is not None,
    )  # fmt: skip


def current(session: Session, dossier: Dossier, component: str, kind: str) -> Attachment | None:
    return session.scalar(
        select(Attachment).where(
            Attachment.dossier_id == dossier.id,
            Attachment.component == component,
            Attachment.kind == kind,
            Attachment.superseded.is_(False),
        )
    )


def blob_bytes(session: Session, sha256: str) -> bytes | None:
    return session.scalar(select(Blob.data).where(Blob.sha256 == sha256))


def put_blob(session: Session, sha256: str, data: bytes) -> Blob:
    blob = session.get(Blob, sha256)
    if blob is None:
        blob = Blob(sha256=sha256, size=len(data), data=data, created_at=now())
        session.add(blob)
    elif blob.data is None:  # fetched back after eviction
        blob.data, blob.evicted_at = data, None
    return blob


def add(
    session: Session,
    dossier: Dossier,
    component: str,
    prepared: Prepared,
    *,
    kind: str,
    source: str,
    actor: str,
    reused_from: str | None = None,
) -> AttachmentInfo:
    from app.services.transitions import append_note_event

    if kind not in KINDS:
        raise AttachmentError(f"loại đính kèm '{kind}' không hợp lệ (document hoặc result)")
    if source not in SOURCES:
        raise AttachmentError(f"nguồn '{source}' không hợp lệ; dùng một trong: {', '.join(SOURCES)}")
    blob = put_blob(session, prepared.sha256, prepared.pdf)
    old = current(session, dossier, component, kind)
    if old is not None:
        if old.sha256 == prepared.sha256:
            return _info(old, blob, dossier.code)  # the same file twice: nothing changes
        old.superseded = True
    row = Attachment(
        uuid=str(uuidlib.uuid4()), dossier_id=dossier.id, component=component, kind=kind,
        sha256=prepared.sha256, pages=prepared.pages, size=prepared.size, source=source,
        reused_from=reused_from, superseded=False, actor=actor, created_at=now(),
    )  # fmt: skip
    session.add(row)
    session.flush()
    append_note_event(
        session,
        dossier,
        "attached",
        actor=actor,
        note=f"{component}: {prepared.pages} trang",
        data={
            "attachment": row.uuid,
            "component": component,
            "kind": kind,
            "sha256": prepared.sha256,
            "pages": prepared.pages,
            "bytes": prepared.size,
            "source": source,
            "reused_from": reused_from,
            "replaces": old.uuid if old is not None else None,
        },  # fmt: skip
    )
    return _info(row, blob, dossier.code)


def record_remote(
    session: Session, dossier_uuid: str, data: dict[str, Any], *, actor: str, at: datetime
) -> bool:
    """A paper digitised elsewhere (a sibling desk through the office hub, or upstream): listed here
    from its ``attached`` event, its bytes left on the hub (``data`` NULL, never evicted) until the
    dossier is opened and they are fetched. Idempotent by the attachment's uuid; metadata that does
    not describe a file is ignored (the timeline event is kept either way). Returns True if added."""
    sha = str(data.get("sha256") or "")
    uuid = str(data.get("attachment") or "")
    kind = str(data.get("kind") or "document")
    pages, size = data.get("pages"), data.get("bytes")
    if (
        len(sha) != 64
        or any(ch not in "0123456789abcdef" for ch in sha)
        or not uuid
        or len(uuid) > 36
        or kind not in KINDS
        or not isinstance(pages, int)
        or not isinstance(size, int)
    ):
        return False
    if session.scalar(select(Attachment.id).where(Attachment.uuid == uuid)) is not None:
        return False
    dossier = session.scalar(select(Dossier).where(Dossier.uuid == dossier_uuid))
    if dossier is None:
        return False
    try:
        component = clean_component(str(data.get("component") or ""))
    except AttachmentError:
        return False
    if session.get(Blob, sha) is None:
        # The hub holds it (it fed us the event after the bytes' owner synced): fetchable, and
        # "uploaded" so this desk never tries to send bytes it does not have.
        session.add(Blob(sha256=sha, size=size, data=None, created_at=now(), uploaded_at=now()))
    old = current(session, dossier, component, kind)
    if old is not None:
        old.superseded = True
    source = str(data.get("source") or "hub")
    reused = data.get("reused_from")
    session.add(
        Attachment(
            uuid=uuid, dossier_id=dossier.id, component=component, kind=kind, sha256=sha, pages=pages,
            size=size, source=source if source in SOURCES else "hub",
            reused_from=str(reused)[:36] if reused else None, superseded=False, actor=actor[:120],
            created_at=at,
        )
    )  # fmt: skip
    session.flush()
    return True


def listing(session: Session, dossier: Dossier, *, include_superseded: bool = False) -> list[AttachmentInfo]:
    stmt = (
        select(Attachment, Blob)
        .join(Blob, Blob.sha256 == Attachment.sha256)
        .where(Attachment.dossier_id == dossier.id)
        .order_by(Attachment.kind, Attachment.component, Attachment.id)
    )
    if not include_superseded:
        stmt = stmt.where(Attachment.superseded.is_(False))
    return [_info(a, b, dossier.code) for a, b in session.execute(stmt)]


def by_hash(session: Session, sha256: str) -> list[tuple[Attachment, Dossier]]:
    stmt = (
        select(Attachment, Dossier)
        .join(Dossier, Dossier.id == Attachment.dossier_id)
        .where(Attachment.sha256 == sha256)
        .order_by(Attachment.id)
    )
    return [(a, d) for a, d in session.execute(stmt)]


def reusable(session: Session, id_number: str, *, exclude_dossier: int | None = None) -> list[AttachmentInfo]:
    """Papers this citizen brought before (as owner), newest per component: offered for reuse."""
    digits = "".join(ch for ch in id_number if ch.isdigit())
    if not digits:
        return []
    stmt = (
        select(Attachment, Blob, Dossier.code)
        .join(Blob, Blob.sha256 == Attachment.sha256)
        .join(Dossier, Dossier.id == Attachment.dossier_id)
        .join(Applicant, Applicant.id == Dossier.owner_id)
        .where(Applicant.id_number == digits, Attachment.kind == "document", Attachment.superseded.is_(False))
        .order_by(Attachment.created_at.desc())
    )
    if exclude_dossier is not None:
        stmt = stmt.where(Dossier.id != exclude_dossier)
    newest: dict[str, AttachmentInfo] = {}
    for a, b, code in session.execute(stmt):
        newest.setdefault(a.component, _info(a, b, code))
    return sorted(newest.values(), key=lambda i: i.component)


def evictable(session: Session, older_than: timedelta) -> Sequence[Blob]:
    cutoff = now() - older_than
    return session.scalars(
        select(Blob).where(Blob.data.is_not(None), Blob.uploaded_at.is_not(None), Blob.created_at <= cutoff)
    ).all()


def evict(session: Session, older_than: timedelta) -> tuple[int, int]:
    """Drop the bytes of old blobs the hub holds; keep hash and metadata. Returns (count, bytes)."""
    blobs = evictable(session, older_than)
    freed = sum(b.size for b in blobs)
    if blobs:
        session.execute(
            update(Blob).where(Blob.sha256.in_([b.sha256 for b in blobs])).values(data=None, evicted_at=now())
        )
    return len(blobs), freed


def stats(session: Session) -> dict[str, int]:
    present = session.execute(
        select(func.count(), func.coalesce(func.sum(Blob.size), 0)).where(Blob.data.is_not(None))
    ).one()
    pending = session.execute(
        select(func.count(), func.coalesce(func.sum(Blob.size), 0)).where(
            Blob.data.is_not(None), Blob.uploaded_at.is_(None)
        )
    ).one()
    total = session.scalar(select(func.count()).select_from(Attachment)) or 0
    return {
        "attachments": int(total),
        "blobs_here": int(present[0]),
        "bytes_here": int(present[1]),
        "blobs_to_upload": int(pending[0]),
        "bytes_to_upload": int(pending[1]),
    }
