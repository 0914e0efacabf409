"""Use cases for digitised dossiers: attach, list, read back, reuse, evict (NĐ 107/2021).

Permissions: attaching a paper received at intake is intake work; attaching the electronic result
is lifecycle work (the result comes back from the processing body); reading a file back shows a
citizen's papers, so it needs the search permission and is the kind of look the access log records;
evicting local copies is an office setting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from app.attachments import ingest
from app.attachments import store as att
from app.attachments.ingest import AttachmentError, ColorMode, Incoming
from app.usecases.actor import Actor
from app.usecases.permissions import Permission, authorize

if TYPE_CHECKING:
    from app.desk import Desk

SHA_LEN = 64


@dataclass(frozen=True)
class Fetched:
    sha256: str
    data: bytes
    pages: int
    dossiers: list[str]


class NotHere(LookupError):
    """The bytes were evicted from this desk (or never came): fetch them from the hub first."""


def _check_sha(sha256: str) -> str:
    text = sha256.strip().lower()
    if len(text) != SHA_LEN or any(ch not in "0123456789abcdef" for ch in text):
        raise AttachmentError(f"mã băm '{sha256}' không hợp lệ: cần 64 ký tự hex (SHA-256)")
    return text


def attach(
    desk: Desk,
    actor: Actor,
    code: str,
    component: str,
    files: Sequence[Incoming] = (),
    *,
    scanned: Sequence[Any] = (),
    result: bool = False,
    source: str = "file",
    mode: ColorMode = "gray",
) -> att.AttachmentInfo:
    """Add files (or scanner pages) to one component of a dossier; returns the new version.

    The expensive part (decoding, re-encoding, checking for bombs) runs before the write
    transaction opens, so the one writer is held only for the insert.
    """
    from app.services.transitions import get_dossier

    authorize(actor, Permission.LIFECYCLE if result else Permission.INTAKE)
    name = att.RESULT_COMPONENT if result and not component.strip() else att.clean_component(component)
    kind = "result" if result else "document"
    with desk.read() as s:
        d = get_dossier(s, code)
        old = att.current(s, d, name, kind)
        existing = att.blob_bytes(s, old.sha256) if old is not None else None
        if old is not None and existing is None:
            raise NotHere(
                f"bản lưu của thành phần '{name}' đã được giải phóng khỏi máy này; "
                "hãy đồng bộ để tải lại trước khi thêm trang"
            )
    prepared = (
        ingest.prepare_scan(scanned, existing=existing, mode=mode)
        if scanned
        else ingest.prepare(files, existing=existing, mode=mode)
    )
    with desk.tx() as s:
        d = get_dossier(s, code)
        return att.add(s, d, name, prepared, kind=kind, source=source, actor=actor.username)


def list_attachments(
    desk: Desk, actor: Actor, code: str, *, history: bool = False
) -> list[att.AttachmentInfo]:
    from app.services.transitions import get_dossier

    authorize(actor, Permission.SEARCH)
    with desk.read() as s:
        return att.listing(s, get_dossier(s, code), include_superseded=history)


def get_attachment(desk: Desk, actor: Actor, sha256: str) -> Fetched:
    """The PDF bytes of one attachment (by hash) on this desk."""
    authorize(actor, Permission.SEARCH)
    digest = _check_sha(sha256)
    with desk.read() as s:
        rows = att.by_hash(s, digest)
        if not rows:
            raise AttachmentError(f"không có tệp đính kèm nào mã băm {digest[:12]}…")
        data = att.blob_bytes(s, digest)
        codes = sorted({d.code for _, d in rows})
        pages, component = rows[-1][0].pages, rows[-1][0].component
    if data is None:
        raise NotHere(
            f"tệp {digest[:12]}… đã được giải phóng khỏi máy này; hãy đồng bộ để tải lại từ máy chủ"
        )
    from app.services.access_log import ATTACHMENT, record_access

    with desk.tx() as s:  # an image of a citizen's papers shown or handed out (NĐ 356/2025)
        record_access(s, actor, ATTACHMENT, dossiers=codes, detail=f"{component} ({digest[:12]})")
    return Fetched(digest, data, pages, codes)


def reusable_papers(
    desk: Desk, actor: Actor, id_number: str, *, for_code: str | None = None
) -> list[att.AttachmentInfo]:
    """What this citizen brought before, newest per component (offered at the next intake)."""
    from app.services.transitions import get_dossier

    authorize(actor, Permission.INTAKE)
    with desk.read() as s:
        exclude = get_dossier(s, for_code).id if for_code else None
        return att.reusable(s, id_number, exclude_dossier=exclude)


def reuse(
    desk: Desk, actor: Actor, code: str, attachment_uuid: str, *, component: str = ""
) -> att.AttachmentInfo:
    """Take an earlier digitised paper of the same citizen into this dossier (indicator 4.3)."""
    from sqlalchemy import select

    from app.services.transitions import get_dossier
    from app.store.models_attach import Attachment

    authorize(actor, Permission.INTAKE)
    with desk.tx() as s:
        d = get_dossier(s, code)
        src = s.scalar(select(Attachment).where(Attachment.uuid == attachment_uuid))
        if src is None:
            raise AttachmentError(f"không có tệp đính kèm '{attachment_uuid}' để dùng lại")
        source_dossier = src.dossier
        if source_dossier.owner.id_number != d.owner.id_number or not d.owner.id_number:
            # Never hand one citizen's papers to another dossier: the owner must be the same person.
            raise AttachmentError("chỉ dùng lại giấy tờ của chính người nộp hồ sơ (số định danh khác nhau)")
        data = att.blob_bytes(s, src.sha256)
        if data is None:
            raise NotHere("bản lưu của giấy tờ này đã được giải phóng khỏi máy này; hãy đồng bộ để tải lại")
        prepared = ingest.Prepared(data, src.pages, src.sha256)
        name = att.clean_component(component) if component.strip() else src.component
        return att.add(
            s, d, name, prepared, kind="document", source="reused", actor=actor.username, reused_from=src.uuid
        )


def evict_old(desk: Desk, actor: Actor, older_than_days: int) -> dict[str, int]:
    """Free local space: drop bytes the hub has acknowledged, older than N days (hash + metadata kept)."""
    authorize(actor, Permission.SETTINGS)
    if older_than_days < 0 or older_than_days > 3650:
        raise AttachmentError("số ngày phải từ 0 đến 3650")
    with desk.tx() as s:
        count, freed = att.evict(s, timedelta(days=older_than_days))
    return {"evicted": count, "bytes_freed": freed}


def attachment_stats(desk: Desk, actor: Actor) -> dict[str, int]:
    authorize(actor, Permission.SEARCH)
    with desk.read() as s:
        return att.stats(s)


def owner_id_number(desk: Desk, actor: Actor, code: str) -> str:
    from app.services.transitions import get_dossier

    authorize(actor, Permission.INTAKE)
    with desk.read() as s:
        return get_dossier(s, code).owner.id_number


def store_fetched(desk: Desk, actor: Actor, sha256: str, data: bytes) -> int:
    """Keep bytes fetched back from the hub (after eviction, or a sibling desk's scan).

    The network I/O happens elsewhere (sync/blobs.py on the network worker); only this short
    write runs on the one writer. Bytes that do not match their hash are refused, never stored.
    """
    import hashlib

    authorize(actor, Permission.SEARCH)
    digest = _check_sha(sha256)
    if hashlib.sha256(data).hexdigest() != digest:
        raise AttachmentError(f"tệp tải về không khớp mã băm {digest[:12]}…; không lưu")
    with desk.tx() as s:
        blob = att.put_blob(s, digest, data)
        if blob.uploaded_at is None:
            from app.domain.clock import now

            blob.uploaded_at = now()  # it came from the hub: the hub has it
    return len(data)
