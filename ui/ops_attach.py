"""Attachment operations run on the DB worker (digitised papers, e-results); plain data back.

Scanning is not here: a scanner can take a minute and must never hold the one DB writer, so
the panel scans on its own thread and hands the pages to ``attach_scanned``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui.ops import User, actor_of


def list_for(desk: Any, user: User | None, code: str) -> list[dict[str, Any]]:
    from app.usecases import attachments

    return [a.as_json() for a in attachments.list_attachments(desk, actor_of(user), code)]


def attach_files(
    desk: Any, user: User | None, code: str, component: str, paths: list[str], *, result: bool, source: str
) -> dict[str, Any]:
    from app.attachments.ingest import MAX_FILE_BYTES, AttachmentError, Incoming
    from app.usecases import attachments

    items = []
    for name in paths:
        path = Path(name)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise AttachmentError(
                f"tệp '{path.name}' quá lớn: mỗi tệp tối đa {MAX_FILE_BYTES // 1024 // 1024} MB"
            )
        items.append(Incoming(path.name, path.read_bytes()))
    info = attachments.attach(desk, actor_of(user), code, component, items, result=result, source=source)
    return info.as_json()


def attach_scanned(
    desk: Any, user: User | None, code: str, component: str, images: list[Any], *, result: bool
) -> dict[str, Any]:
    from app.usecases import attachments

    info = attachments.attach(
        desk, actor_of(user), code, component, scanned=images, result=result, source="scanner"
    )
    return info.as_json()


def pdf_bytes(desk: Any, user: User | None, sha256: str) -> bytes:
    from app.usecases import attachments

    return attachments.get_attachment(desk, actor_of(user), sha256).data


def reusable(desk: Any, user: User | None, code: str) -> list[dict[str, Any]]:
    from app.usecases import attachments

    actor = actor_of(user)
    id_number = attachments.owner_id_number(desk, actor, code)
    return [a.as_json() for a in attachments.reusable_papers(desk, actor, id_number, for_code=code)]


def reuse(desk: Any, user: User | None, code: str, attachment_uuid: str) -> dict[str, Any]:
    from app.usecases import attachments

    return attachments.reuse(desk, actor_of(user), code, attachment_uuid).as_json()


def scan_pages(device: str, pages: int, color: bool) -> tuple[list[Any], str]:
    """Runs on a plain thread (not the DB worker): (PIL images, warning or "")."""
    from app.attachments import scanner

    run = scanner.scan(device, pages=pages, mode="color" if color else "gray")
    return run.images, run.error


def download(desk: Any, sha256: str) -> bytes:
    """Network worker: the bytes from the hub (storing them is ``keep``'s job, on the DB worker)."""
    from sync.blobs import client_for
    from sync.blobs import download as fetch_bytes

    with client_for(desk) as client:
        return fetch_bytes(client, sha256)


def keep(desk: Any, user: User | None, sha256: str, data: bytes) -> bytes:
    from app.usecases import attachments

    attachments.store_fetched(desk, actor_of(user), sha256, data)
    return data


def attach_shots(
    desk: Any, user: User | None, code: str, component: str, shots: list[bytes], *, result: bool
) -> dict[str, Any]:
    """Pages photographed with the document camera (PNG in memory), ingested like files."""
    from app.attachments.ingest import Incoming
    from app.usecases import attachments

    items = [Incoming(f"camera-{i + 1}.png", data) for i, data in enumerate(shots)]
    info = attachments.attach(desk, actor_of(user), code, component, items, result=result, source="camera")
    return info.as_json()
