"""Attachment bytes on the hub: content-addressed files on disk, uploaded in resumable chunks.

Why apart from the changes feed: a 2 MB scan over a 64 kbit/s link takes minutes, and the
dossier's metadata must never wait behind it (issue: digitised dossiers, "metadata always first").
The desk asks which hashes the hub lacks, then PUTs each missing file in chunks at the offset the
hub reports; a cut link resumes mid-file from the bytes already on disk. A finished file is
verified against its SHA-256 before it is moved into place, so a blob on disk is always whole.

Layout: ``<root>/<aa>/<sha256>`` for whole files, ``<root>/partial/<office>-<sha256>.part`` while
uploading. Files are shared across offices (same bytes, same hash); the ``blobs`` table says which
office may read which hash.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from starlette.convertors import Convertor, register_url_convertor

from server.db import HubDB, lock_office, now_iso
from server.http_common import errors as error_answers
from server.http_common import run_write
from server.models import BlobRow, OfficeRow
from sync import protocol as P

SHA_RE = re.compile(r"[0-9a-f]{64}")


class _ShaConvertor(Convertor[str]):
    """Routes ``/blobs/{sha256}`` only for a hash, so ``PUT /blobs/missing`` is a 405 (the path
    exists for POST) and not a 422 from the chunk upload (issue 13 §6, Schemathesis)."""

    regex = "[0-9a-f]{64}"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("sha256", _ShaConvertor())
Sha = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class MissingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hashes: list[Sha] = Field(max_length=P.MAX_BLOB_QUERY)


class MissingOut(BaseModel):
    missing: list[str]
    partial: dict[str, int] = Field(description="bytes already received of files begun earlier")


class ChunkOut(BaseModel):
    sha256: str
    received: int
    complete: bool


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "partial").mkdir(parents=True, exist_ok=True)

    def path(self, sha: str) -> Path:
        return self.root / sha[:2] / sha

    def part(self, office_id: int, sha: str) -> Path:
        return self.root / "partial" / f"{office_id}-{sha}.part"

    def has(self, sha: str) -> bool:
        return self.path(sha).is_file()

    def append(self, office_id: int, sha: str, offset: int, data: bytes, total: int) -> tuple[int, bool]:
        """Append a chunk at ``offset``; returns (bytes received, complete). Raises ValueError."""
        part = self.part(office_id, sha)
        have = part.stat().st_size if part.exists() else 0
        if offset != have:
            raise OffsetMismatch(have)
        if have + len(data) > total:
            raise ValueError(f"khối dữ liệu vượt quá kích thước đã khai ({total} byte)")
        with open(part, "ab") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        have += len(data)
        if have < total:
            return have, False
        digest = hashlib.sha256()
        with open(part, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != sha:
            part.unlink()
            raise ValueError("mã băm SHA-256 của tệp nhận được không khớp; tệp đã bị bỏ, hãy gửi lại")
        final = self.path(sha)
        final.parent.mkdir(exist_ok=True)
        os.replace(part, final)  # atomic: a blob on disk is always whole and verified
        return have, True

    def put_whole(self, sha: str, data: bytes) -> None:
        """A whole file fetched from upstream (server/blob_relay.py): verified, then moved into place."""
        if hashlib.sha256(data).hexdigest() != sha:
            raise ValueError("mã băm SHA-256 của tệp tải về không khớp; tệp đã bị bỏ")
        part = self.root / "partial" / f"down-{sha}.part"
        with open(part, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        final = self.path(sha)
        final.parent.mkdir(exist_ok=True)
        os.replace(part, final)  # atomic: a blob on disk is always whole and verified


class OffsetMismatch(Exception):
    def __init__(self, have: int) -> None:
        super().__init__(have)
        self.have = have


def make_router(db: HubDB, store: BlobStore, office_dep: Callable[..., OfficeRow]) -> APIRouter:
    router = APIRouter()
    # A default, not an Annotated alias: the alias would be local, and with postponed annotations
    # FastAPI resolves names in this module's globals only.
    auth = Depends(office_dep)
    errors = error_answers(400, 401, 404, 409, 413, 422)

    def _owned(office: OfficeRow, hashes: list[str]) -> set[str]:
        with db.read() as s:
            return set(
                s.scalars(
                    select(BlobRow.sha256).where(BlobRow.office_id == office.id, BlobRow.sha256.in_(hashes))
                )
            )

    @router.post(P.BLOBS_MISSING_PATH, response_model=MissingOut, responses=errors)
    async def missing(request: Request, body: MissingIn, office: OfficeRow = auth) -> dict[str, Any]:
        # It may record claims (a write): on the writers' threads, never a thread a pull needs.
        return await run_write(request, _missing, body, office)

    def _missing(body: MissingIn, office: OfficeRow) -> dict[str, Any]:
        wanted = sorted(set(body.hashes))
        owned = _owned(office, wanted)
        out, partial = [], {}
        for sha in wanted:
            if sha in owned:
                continue
            if store.has(sha):
                # Same bytes already here from elsewhere: record the office's claim without a re-upload.
                _record(office, sha, store.path(sha).stat().st_size)
                continue
            out.append(sha)
            part = store.part(office.id, sha)
            if part.exists():
                partial[sha] = part.stat().st_size
        return {"missing": out, "partial": partial}

    def _record(office: OfficeRow, sha: str, size: int) -> None:
        with db.write() as s:
            lock_office(s, office.id)  # check-then-insert, ordered against the office's other writers
            exists = s.scalar(select(BlobRow.id).where(BlobRow.office_id == office.id, BlobRow.sha256 == sha))
            if exists is None:
                s.add(BlobRow(office_id=office.id, sha256=sha, size=size, received_at=now_iso()))

    @router.put(
        P.BLOBS_PATH + "/{sha256:sha256}",
        response_model=ChunkOut,
        responses=errors,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        },
    )
    async def put_chunk(
        request: Request,
        sha256: Annotated[str, PathParam(pattern=r"^[0-9a-f]{64}$")],
        offset: Annotated[int, Query(ge=0, le=P.MAX_BLOB_BYTES)],
        x_blob_size: Annotated[int, Header(ge=1, le=P.MAX_BLOB_BYTES)],
        office: OfficeRow = auth,
    ) -> Any:
        if not SHA_RE.fullmatch(sha256):
            raise HTTPException(422, "sha256 phải là 64 ký tự hex thường")
        data = bytearray()
        async for piece in request.stream():
            data.extend(piece)
            if len(data) > P.MAX_BLOB_CHUNK:
                raise HTTPException(413, f"mỗi khối tối đa {P.MAX_BLOB_CHUNK} byte")
        if not data:
            raise HTTPException(422, "khối dữ liệu rỗng")
        if _owned(office, [sha256]):
            return {"sha256": sha256, "received": x_blob_size, "complete": True}
        try:
            have, complete = await run_in_threadpool(
                store.append, office.id, sha256, offset, bytes(data), x_blob_size
            )
        except OffsetMismatch as exc:
            return Response(
                content=f'{{"detail":"offset phải là {exc.have}","received":{exc.have}}}',
                status_code=409, media_type="application/json",
            )  # fmt: skip
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc
        if complete:
            await run_write(request, _record, office, sha256, have)
        return {"sha256": sha256, "received": have, "complete": complete}

    @router.get(
        P.BLOBS_PATH + "/{sha256:sha256}",
        responses={**errors, 200: {"content": {"application/pdf": {}}}},
        response_class=Response,
    )
    def get_blob(
        sha256: Annotated[str, PathParam(pattern=r"^[0-9a-f]{64}$")], office: OfficeRow = auth
    ) -> Response:
        if not SHA_RE.fullmatch(sha256) or not _owned(office, [sha256]) or not store.has(sha256):
            # Same answer for "not yours" and "not here": nothing leaks across offices.
            raise HTTPException(404, "Không có tệp này của đơn vị")
        return Response(store.path(sha256).read_bytes(), media_type="application/pdf")

    return router


def blob_stats(session: Any, office: OfficeRow) -> dict[str, int]:
    count, size = session.execute(
        select(func.count(), func.coalesce(func.sum(BlobRow.size), 0)).where(BlobRow.office_id == office.id)
    ).one()
    return {"blobs": int(count), "blob_bytes": int(size)}


def default_root(db_url: str) -> Path:
    """Beside the SQLite file, or ./motcua-hub-blobs for a server database (set --blobs in production)."""
    if db_url.startswith("sqlite:///") and db_url != "sqlite:///:memory:":
        db_file = Path(db_url.removeprefix("sqlite:///"))
        return db_file.parent / (db_file.stem + "-blobs")
    return Path("motcua-hub-blobs")
