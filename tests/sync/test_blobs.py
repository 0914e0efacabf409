"""Attachment bytes over real HTTP to the real hub: after the metadata, only what the hub lacks,
resumed mid-file after a cut, fetched back after eviction, never across offices."""

from __future__ import annotations

import hashlib
from pathlib import Path

import requests
from sqlalchemy import select

from app.attachments.ingest import Incoming
from app.desk import Desk
from app.store.models_attach import Blob
from app.usecases import attachments as uc
from server.blobs import blob_stats
from server.models import OfficeRow
from sync import protocol as P
from sync.blobs import fetch, upload_pending
from sync.client import HubClient
from sync.engine import SyncConfig, run_sync
from tests.app.attachkit import ADMIN, CLERK, png_bytes, scanned_page
from tests.faults.deskkit import UNIT_A, make_dossiers
from tests.sync.conftest import Hub


def _attach(desk: Desk, code: str, seed: int, pages: int = 1) -> str:
    files = [Incoming(f"{seed}-{i}.png", png_bytes(scanned_page(seed + i))) for i in range(pages)]
    return uc.attach(desk, CLERK, code, f"Thành phần {seed}", files).sha256


def _hub_stats(hub: Hub) -> dict[str, int]:
    with hub.running.db.read() as s:
        office = s.scalar(select(OfficeRow).where(OfficeRow.unit_code == UNIT_A))
        return blob_stats(s, office)


def _uploaded(desk: Desk) -> dict[str, bool]:
    with desk.read() as s:
        return {b.sha256: b.uploaded_at is not None for b in s.scalars(select(Blob))}


def test_sync_sends_metadata_then_only_missing_bytes(desk: Desk, hub: Hub, tmp_path: Path) -> None:
    codes = make_dossiers(desk, 2)
    a = _attach(desk, codes[0], 1, pages=2)
    b = _attach(desk, codes[1], 3)
    report = run_sync(desk, config=SyncConfig(seed=1))
    assert report.ok and report.pending == 0
    assert report.attachments is not None and report.attachments["uploaded"] == 2
    assert _uploaded(desk) == {a: True, b: True}
    stats = _hub_stats(hub)
    assert stats["blobs"] == 2 and stats["blob_bytes"] == report.attachments["bytes_sent"]
    # The bytes on the hub are exactly the desk's, stored by hash.
    for sha in (a, b):
        assert hashlib.sha256((_blob_root(hub) / sha[:2] / sha).read_bytes()).hexdigest() == sha
    again = run_sync(desk, config=SyncConfig(seed=1))
    assert again.attachments == {"uploaded": 0, "bytes_sent": 0, "already_there": 0, "left_for_later": 0,
                                 "bytes_left": 0, "failed": []}  # fmt: skip


def _blob_root(hub: Hub) -> Path:
    return Path(hub.db_url.removeprefix("sqlite:///")).parent / "hub-blobs"


def test_a_cut_upload_resumes_at_the_hubs_offset(desk: Desk, hub: Hub) -> None:
    code = make_dossiers(desk, 1)[0]
    sha = _attach(desk, code, 5, pages=2)
    with desk.read() as s:
        data = s.get(Blob, sha).data
    assert data is not None and len(data) > 3 * 16384
    client = HubClient(hub.url, hub.token_a)
    held, complete = client.put_blob_chunk(sha, 0, len(data), data[:16384])  # then the link drops
    assert (held, complete) == (16384, False)
    missing, partial = client.blobs_missing([sha])
    assert missing == [sha] and partial == {sha: 16384}
    report = upload_pending(desk, client, chunk=16384)
    assert report.uploaded == 1 and report.bytes_sent == len(data) - 16384  # nothing sent twice
    # A chunk whose answer was lost: the hub says how much it holds and the desk goes on from there.
    assert client.put_blob_chunk(sha, 0, len(data), data[:100]) == (len(data), True)
    client.close()


def test_budget_leaves_big_files_for_later_and_evicted_files_come_back(desk: Desk, hub: Hub) -> None:
    code = make_dossiers(desk, 1)[0]
    small = _attach(desk, code, 7)
    big = _attach(desk, code, 8, pages=3)
    with desk.read() as s:
        small_size = s.get(Blob, small).size
    first = run_sync(desk, config=SyncConfig(seed=1, attachment_budget=small_size))
    assert first.ok and first.attachments["uploaded"] == 1 and first.attachments["left_for_later"] == 1
    assert _uploaded(desk) == {small: True, big: False}
    assert run_sync(desk, config=SyncConfig(seed=1)).attachments["uploaded"] == 1
    uc.evict_old(desk, ADMIN, 0)
    assert _uploaded(desk) == {small: True, big: True}
    with HubClient(hub.url, hub.token_a) as client:
        data = fetch(desk, client, big)
    assert hashlib.sha256(data).hexdigest() == big
    assert uc.get_attachment(desk, CLERK, big).data == data


def test_hub_refuses_bad_chunks_and_keeps_offices_apart(desk: Desk, hub: Hub) -> None:
    code = make_dossiers(desk, 1)[0]
    sha = _attach(desk, code, 9)
    run_sync(desk, config=SyncConfig(seed=1))
    head_a = {"Authorization": f"Bearer {hub.token_a}"}
    head_b = {"Authorization": f"Bearer {hub.token_b}"}
    url = f"{hub.url}{P.BLOBS_PATH}/{sha}"
    assert requests.get(url, headers=head_a, timeout=5).status_code == 200
    assert requests.get(url, headers=head_b, timeout=5).status_code == 404  # another office's paper
    assert requests.get(url, timeout=5).status_code == 401
    wrong = hashlib.sha256(b"khac").hexdigest()
    bad = requests.put(f"{hub.url}{P.BLOBS_PATH}/{wrong}", params={"offset": 0}, data=b"xyz",
                       headers={**head_a, "X-Blob-Size": "3"}, timeout=5)  # fmt: skip
    assert bad.status_code == 422 and "không khớp" in bad.json()["detail"]
    too_big = requests.put(f"{hub.url}{P.BLOBS_PATH}/{wrong}", params={"offset": 0}, data=b"x" * (P.MAX_BLOB_CHUNK + 1),
                           headers={**head_a, "X-Blob-Size": str(P.MAX_BLOB_CHUNK * 2)}, timeout=10)  # fmt: skip
    assert too_big.status_code == 413
    huge = requests.put(f"{hub.url}{P.BLOBS_PATH}/{wrong}", params={"offset": 0}, data=b"x",
                        headers={**head_a, "X-Blob-Size": str(P.MAX_BLOB_BYTES + 1)}, timeout=5)  # fmt: skip
    assert huge.status_code == 422
    assert requests.post(f"{hub.url}{P.BLOBS_MISSING_PATH}", json={"hashes": ["nothex"]}, headers=head_a,
                         timeout=5).status_code == 422  # fmt: skip


def test_evicted_file_is_fetched_back_through_the_desks_own_hub_settings(desk: Desk, hub: Hub) -> None:
    from app.attachments.ingest import AttachmentError
    from sync.blobs import client_for, download

    code = make_dossiers(desk, 1)[0]
    sha = _attach(desk, code, 14)
    assert run_sync(desk, config=SyncConfig(seed=1)).ok
    uc.evict_old(desk, ADMIN, 0)
    with client_for(desk) as client:
        data = download(client, sha)
    try:
        uc.store_fetched(desk, CLERK, sha, data[:-1] + b"x")  # bytes that do not match their name
        raise AssertionError("a corrupted download was stored")
    except AttachmentError as exc:
        assert "không khớp" in str(exc)
    assert not uc.list_attachments(desk, CLERK, code)[0].present
    uc.store_fetched(desk, CLERK, sha, data)
    assert uc.get_attachment(desk, CLERK, sha).data == data
