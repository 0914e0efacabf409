"""The hub's HTTP API (wire protocol v1, sync/protocol.py); OpenAPI at /api/v1/openapi.json.

The OpenAPI document is the exact contract (issue 13 §6): tests/server/test_openapi_contract.py
runs Schemathesis from it against this app on SQLite and PostgreSQL.
"""

from __future__ import annotations

import gc
import json
import os
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Path, Query, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import Response
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.orm import Session

from server import anchors, desks, http_common, lan_api, store
from server.admin import hash_token
from server.db import TZ, HubDB, now_iso
from server.http_common import error as _error
from server.http_common import errors
from server.models import OfficeRow, UpdateRow
from server.schemas import (
    UUID_PATTERN,
    ChangeIn,
    ChangesIn,
    ChangesOut,
    DossierPayload,
    EventPayload,
    HealthOut,
    UpdatesOut,
    explain,
    finish_openapi,
    scan,
    surely_clean,
    text_facts,
    text_problem,
)
from sync import protocol as P

DB_ENV = "MOTCUA_HUB_DB"  # the database URL of app_from_env (uvicorn workers import the app)
BLOBS_ENV = "MOTCUA_HUB_BLOBS"
WRITERS_ENV = "MOTCUA_HUB_WRITE_THREADS"
# A feed position beyond its column is refused up front (a 422), not by PostgreSQL (a 500).
MAX_SEQ = http_common.column_max(UpdateRow.__table__.c.seq)


def _token_hash(authorization: str | None) -> str:
    if not authorization or not authorization.lower().startswith("bearer "):
        raise HTTPException(
            401, "Thiếu mã truy cập (Authorization: Bearer ...)", {"WWW-Authenticate": "Bearer"}
        )
    return hash_token(authorization[7:].strip())


def _signed_in(s: Session, token_hash: str) -> tuple[OfficeRow | None, desks.DeskIdentity | None]:
    """The office of a token; for a desk of an office hub, its office and the desk (server/desks.py)."""
    office = store.office_by_token_hash(s, token_hash)
    if office is not None:
        return office, None
    found = desks.authenticate(s, token_hash)
    return (found[0], found[1]) if found is not None else (None, None)


class SignIns:
    """Offices recently signed in by their token, for pushes (issue 13: the sign-in's own session
    and query cost ~2.5 ms of every push). Only a batch's admission uses it: the batch's
    transaction checks the token again, in the statement that reads what the batch touches and
    under the office's lock (server/store.py ``SignedOut``), so a token that stopped signing in
    writes nothing, remembered or not. Desks' tokens (office mode) are never remembered. An
    unknown token is looked up, and refused, before its body is read any further."""

    LIMIT = 10_000  # offices; a national hub has ~3,300

    def __init__(self) -> None:
        self._offices: dict[str, OfficeRow] = {}
        self._lock = threading.Lock()

    def get(self, token_hash: str) -> OfficeRow | None:
        return self._offices.get(token_hash)

    def remember(self, token_hash: str, office: OfficeRow) -> None:
        with self._lock:
            if len(self._offices) >= self.LIMIT:
                self._offices.clear()
            self._offices[token_hash] = office

    def forget(self, token_hash: str) -> None:
        with self._lock:
            self._offices.pop(token_hash, None)


def _invalid_token() -> HTTPException:
    return HTTPException(401, "Mã truy cập không hợp lệ", {"WWW-Authenticate": "Bearer"})


def _admit(request: Request, office: OfficeRow | None, desk: desks.DeskIdentity | None) -> OfficeRow:
    if desk is not None:  # a desk acts as its office
        request.state.desk = desk
        lan_api.seen(request, desk)
    if office is None:
        raise _invalid_token()
    return office


def office_of(request: Request, authorization: Annotated[str | None, Header()] = None) -> OfficeRow:
    """The office whose bearer token came with the request (401 otherwise)."""
    token_hash = _token_hash(authorization)
    db: HubDB = request.app.state.db
    with db.peek() as s:
        office, desk = _signed_in(s, token_hash)
    return _admit(request, office, desk)


Office = Annotated[OfficeRow, Depends(office_of)]


def create_app(
    db_url: str,
    *,
    max_body: int = P.MAX_BODY_BYTES,
    max_inflated: int = P.MAX_INFLATED_BYTES,
    blob_dir: str | None = None,
    write_threads: int = http_common.DEFAULT_WRITE_THREADS,
) -> FastAPI:
    db = HubDB(db_url)
    db.init()
    app = FastAPI(
        title="motcua-hub",
        version="1",
        summary="Máy chủ đồng bộ tham chiếu của Một Cửa Xã (wire protocol v1)",
        openapi_url=P.OPENAPI_PATH,
        docs_url=f"{P.PREFIX}/docs",
        redoc_url=None,
        lifespan=http_common.lifespan,
    )
    app.state.db = db
    app.state.signins = SignIns()
    http_common.install(app, write_threads)
    app.add_middleware(GZipMiddleware, minimum_size=500, compresslevel=http_common.GZIP_LEVEL)
    from pathlib import Path

    from server.blobs import BlobStore, default_root, make_router

    app.state.blobs = BlobStore(Path(blob_dir) if blob_dir else default_root(db_url))
    app.include_router(make_router(db, app.state.blobs, office_of))

    @app.get(P.HEALTH_PATH, response_model=HealthOut)
    def health() -> dict[str, Any]:
        # Milliseconds: the desk measures its clock skew against this value.
        stamp = datetime.now(TZ).isoformat(timespec="milliseconds")
        return {"status": "ok", "server_time": stamp, "api": P.API_VERSION, **lan_api.health_extra(db)}

    @app.post(
        P.CHANGES_PATH,
        response_model=ChangesOut,
        responses=errors(400, 401, 403, 409, 413, 415, 422),
        openapi_extra={
            "requestBody": {
                "required": True,
                "description": "gzip-compressed (Content-Encoding: gzip) or plain JSON",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChangesIn"}}},
            }
        },
    )
    async def post_changes(request: Request, authorization: Annotated[str | None, Header()] = None) -> Any:
        token_hash = _token_hash(authorization)
        raw = await _read_body(request, max_body)
        encoding = request.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("", "identity", "gzip"):
            return _error(415, f"Content-Encoding '{encoding}' không được hỗ trợ (chỉ gzip)")
        # Everything after reading runs on one writer's thread, sign-in and checks too: a push
        # costs a few milliseconds of parsing and validation, which on the event loop held up
        # every pull (issue 13 §4: pulls never wait for pushes), and a second thread hop for the
        # sign-in cost a desk ~2 ms a batch. A wrong token is refused before any parsing.
        return await http_common.run_write(
            request, _ingest, request, token_hash, raw, encoding == "gzip", max_inflated
        )

    @app.get(P.UPDATES_PATH, response_model=UpdatesOut, responses=errors(401, 422))
    def get_updates(
        request: Request,
        after: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
        limit: Annotated[int, Query(ge=1, le=P.MAX_UPDATES_PAGE)] = 200,
        authorization: Annotated[str | None, Header()] = None,
    ) -> Any:
        # The most frequent request of all (every desk, every few seconds): sign-in and the page in
        # one session, one pooled connection, no transaction (``office_of`` does the same apart).
        token_hash = _token_hash(authorization)
        with db.peek() as s:
            office, desk = _signed_in(s, token_hash)
            items, more = store.updates_after(s, office, after, limit) if office is not None else ([], False)
        _admit(request, office, desk)
        lan_api.pulled(request, after)
        return http_common.answer(
            {"updates": items, "cursor": items[-1]["seq"] if items else after, "has_more": more}
        )

    @app.get(f"{P.DOSSIERS_PATH}/{{uuid}}", responses=errors(401, 404, 422))
    def get_dossier(uuid: Annotated[str, Path(pattern=UUID_PATTERN)], office: Office) -> dict[str, Any]:
        with db.read() as s:
            view = store.dossier_view(s, office, uuid)
        if view is None:
            # Same answer whether the dossier is missing or another office's: nothing leaks.
            raise HTTPException(404, "Không có hồ sơ này của đơn vị")
        return view

    anchors.register(app, db, office_of)

    def openapi() -> dict[str, Any]:
        # The changes body is read by hand (gzip, size limits), so FastAPI does not see its model;
        # add it and its nested models to the components the document references.
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            doc = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
            schema = ChangesIn.model_json_schema(ref_template="#/components/schemas/{model}")
            components = doc.setdefault("components", {}).setdefault("schemas", {})
            components.update(schema.pop("$defs", {}))
            components["ChangesIn"] = schema
            # One named component for "a change", the union of the kinds by entity.
            union = TypeAdapter(ChangeIn).json_schema(ref_template="#/components/schemas/{model}")
            components["ChangeIn"] = union
            schema["properties"]["changes"]["items"] = {"$ref": "#/components/schemas/ChangeIn"}
            for model in (DossierPayload, EventPayload):  # the payload shapes, for readers
                extra = model.model_json_schema(ref_template="#/components/schemas/{model}")
                components.update(extra.pop("$defs", {}))
                components[model.__name__] = extra
            app.openapi_schema = finish_openapi(doc)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    lan_api.install(app, db, office_of)
    return app


def _ingest(request: Request, token_hash: str, raw: bytes, gzipped: bool, max_inflated: int) -> Response:
    """A pushed batch, from its bytes to the answer: sign in, inflate, parse, check, validate, apply."""
    db: HubDB = request.app.state.db
    signins: SignIns = request.app.state.signins
    office, desk = signins.get(token_hash), None
    if office is None:
        with db.peek() as s:
            found, desk = _signed_in(s, token_hash)
        office = _admit(request, found, desk)
        if desk is None:
            signins.remember(token_hash, office)
    if gzipped:
        try:
            raw = P.inflate(raw, max_inflated)
        except P.InflateError as exc:
            return _error(413 if "vượt quá" in str(exc) else 400, str(exc))
    try:
        body = http_common.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return _error(400, f"Nội dung không phải JSON hợp lệ: {exc}")
    except RecursionError:
        return _error(422, f"Dữ liệu gửi lên lồng nhau quá sâu (tối đa {P.MAX_JSON_DEPTH} cấp)")
    # Depth, NUL and control characters, anywhere in the body, before pydantic or the database
    # sees them: PostgreSQL refuses NUL in text (a 500 on every resend: a stuck queue).
    # The quick check of the text first: a body it vouches for holds no control character, no
    # escape and no number that may be a float beyond 64 bits, so the keys the database looks up
    # are plain texts, and the schema is checked while it does (store.apply_batch ``check``:
    # ~2 ms a batch of 100 spent waiting otherwise). Any other body is walked first, to name the
    # problem, and validated before the database is asked anything; so is an office hub's.
    clean, floats = text_facts(raw)
    if not clean:
        problem, huge = ("", False) if surely_clean(body) else scan(body)
        if huge:  # maybe an integer beyond 64 bits that orjson read as a float: parse exactly
            body = http_common.loads(raw, exact=True)
            problem = text_problem(body)
        if problem:
            return _error(422, "Dữ liệu gửi lên không hợp lệ: " + problem)

    def check() -> None:
        try:
            ChangesIn.model_validate(body)
        except ValidationError as exc:
            raise _Refused(_error(422, explain(exc))) from None
        if body["office"] != office.unit_code:
            raise _Refused(_error(403, f"Mã truy cập thuộc đơn vị {office.unit_code}, "
                                       f"không được gửi thay đơn vị {body['office']}"))  # fmt: skip

    # Only a batch that may be valid goes to the database unchecked: its own office's, of at most
    # the size the schema allows (a token's holder must not make the hub look up 100,000 keys).
    overlap = (
        clean and desk is None and isinstance(body, dict) and body.get("office") == office.unit_code
        and isinstance(body.get("changes"), list) and len(body["changes"]) <= P.MAX_CHANGES_PER_BATCH
    )  # fmt: skip
    try:
        if not overlap:
            check()
        results = _apply(db, office, body["changes"], desk, None if desk is not None else token_hash,
                         check if overlap else None, floats)  # fmt: skip
    except _Refused as refused:
        return refused.response
    except store.Conflict as exc:
        return _error(409, str(exc), exc.change_ids)
    except store.SignedOut:
        signins.forget(token_hash)
        raise _invalid_token() from None
    return http_common.answer({"results": results, "server_time": now_iso()})


class _Refused(Exception):
    """A batch refused by its validation, which ran inside the write (``_ingest``): its answer."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def _apply(
    db: HubDB,
    office: OfficeRow,
    changes: list[dict[str, Any]],
    desk: desks.DeskIdentity | None = None,
    token_hash: str | None = None,
    check: Callable[[], object] | None = None,
    floats: bool = True,
) -> list[dict[str, Any]]:
    with db.write() as s:
        if desk is None:
            return store.apply_batch(s, office, changes, token_hash, check, floats)
        # Office mode: order between desks is decided here, in the same transaction (server/desks.py).
        prepared = desks.prepare(s, office, desk, changes)
        results = store.apply_batch(s, office, prepared.remaining) if prepared.remaining else []
        desks.after(s, office, desk, prepared, prepared.remaining, results)
        return desks.merge(prepared, changes, results)


def app_from_env() -> FastAPI:
    """The app for ``uvicorn --factory`` (``serve --workers N``: each worker builds its own)."""
    app = create_app(os.environ.get(DB_ENV, "sqlite:///motcua-hub.sqlite3"),
                     blob_dir=os.environ.get(BLOBS_ENV) or None,
                     write_threads=int(os.environ.get(WRITERS_ENV) or http_common.DEFAULT_WRITE_THREADS))  # fmt: skip
    settle_heap()
    return app


def settle_heap() -> None:
    """Move everything built at start (FastAPI, pydantic, SQLAlchemy: a few hundred thousand
    objects) out of the cyclic collector's reach, as gc.freeze is documented for. Each full
    collection walked them all again: ~10 ms of a 57 ms batch in the issue 13 profile. Objects
    made later are collected as usual; only the serving process calls this.

    The youngest generation is collected after ``GC_YOUNG`` new containers instead of 700: a
    batch builds tens of thousands (its parsed body, the models that check it, its rows), all
    alive until it is answered, and each collection walked them again, and pushed them on to
    the older generations, whose collections walked them once more: validating and parsing a
    500-change batch took twice as long with the default thresholds (issue 13 profile). Cycles
    are still collected, every few batches instead of several times within each."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])


GC_YOUNG = 50_000


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"Nội dung gửi lên ({declared} byte) vượt quá giới hạn {limit} byte")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"Nội dung gửi lên vượt quá giới hạn {limit} byte")
        chunks.append(chunk)
    return b"".join(chunks)
