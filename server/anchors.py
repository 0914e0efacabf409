"""The hub's copy of each desk's audit-chain head (issue 8 §6, sync/protocol.py ``/anchor``).

A desk that trims its audit trail, or recomputes every hash, also rewrites the anchor file it
keeps beside the store if it can; it cannot rewrite the hub's. The hub only lets a head move
forward and only along the same chain: the desk proves it by sending its hash at the row count
the hub holds (``base_hash``). Anything else is a 409 carrying the head the hub keeps, which the
desk records so that ``motcua check`` fails.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import select

from server.db import HubDB, lock_office, now_iso
from server.http_common import column_max, errors, run_write
from server.models import AnchorRow, OfficeRow
from sync import protocol as P

HEX64 = r"^[0-9a-f]{64}$"


class AnchorIn(BaseModel):
    office: str = Field(max_length=20)
    chain: str = Field(pattern=HEX64, description="hash of the chain's first row: which desk's chain")
    rows: int = Field(ge=1, le=column_max(AnchorRow.__table__.c.rows))
    hash: str = Field(pattern=HEX64)
    base_hash: str = Field(default="", pattern=r"^([0-9a-f]{64})?$")


class AnchorOut(BaseModel):
    chain: str
    rows: int
    hash: str


def _out(row: AnchorRow) -> dict[str, Any]:
    return {"chain": row.chain, "rows": row.rows, "hash": row.hash}


def register(app: FastAPI, db: HubDB, office_dep: Any) -> None:
    # A default, not an Annotated alias: with postponed annotations FastAPI resolves names in
    # this module's globals, where a local alias does not exist.
    dep = Depends(office_dep)

    @app.get(P.ANCHOR_PATH, response_model=AnchorOut, responses=errors(401, 404, 422))
    def get_anchor(chain: Annotated[str, Query(pattern=HEX64)], office: OfficeRow = dep) -> Any:
        with db.read() as s:
            row = s.get(AnchorRow, (office.id, chain))
            if row is None:
                return JSONResponse({"detail": "Máy chủ chưa giữ mốc neo nào của chuỗi này"}, status_code=404)
            return _out(row)

    @app.put(P.ANCHOR_PATH, response_model=AnchorOut, responses=errors(400, 401, 403, 409, 422))
    async def put_anchor(request: Request, body: AnchorIn, office: OfficeRow = dep) -> Any:
        return await run_write(request, _put, body, office)

    def _put(body: AnchorIn, office: OfficeRow) -> Any:
        if body.office != office.unit_code:
            return JSONResponse(
                {"detail": f"Mã truy cập thuộc đơn vị {office.unit_code}, không phải {body.office}"},
                status_code=403,
            )
        with db.write() as s:
            lock_office(s, office.id)  # the head only moves forward: two PUTs at once are ordered
            row = s.scalar(
                select(AnchorRow).where(AnchorRow.office_id == office.id, AnchorRow.chain == body.chain)
            )
            if row is None:
                row = AnchorRow(office_id=office.id, chain=body.chain, rows=body.rows, hash=body.hash,
                                received_at=now_iso())  # fmt: skip
                s.add(row)
                return _out(row)
            if (
                body.rows < row.rows
                or body.base_hash != row.hash
                or (body.rows == row.rows and body.hash != row.hash)
            ):
                return JSONResponse(
                    {
                        "detail": f"Mốc neo gửi lên (dòng {body.rows}) không nối tiếp mốc neo máy chủ đang "
                        f"giữ (dòng {row.rows}): nhật ký kiểm toán của máy trạm đã bị cắt hoặc sửa",
                        "kept": _out(row),
                    },
                    status_code=409,
                )
            row.rows, row.hash, row.received_at = body.rows, body.hash, now_iso()
            return _out(row)
