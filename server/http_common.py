"""What every route of the hub shares: the one error body, the declared error answers, the write
limiter, and the fast JSON path (issue 13 §3, §4, §6).

* One error model (``ErrorOut``) for every 4xx: body validation, query validation, HTTP errors.
  FastAPI's own 422 body (a list of pydantic errors) would not match the declared schema.
* Writes run on their own small thread limiter. A push waits for its database lock; while it waits
  it holds a thread, and with the default pool (40 threads, shared with reads) 40 parked pushes
  would leave no thread for a pull. The limiter bounds how many threads writes may ever hold.
* ``loads`` parses with orjson and falls back to the standard library for what orjson refuses or
  reads differently (integers beyond 64 bits, nesting past its limit), so the hub keeps exactly
  the values it did. NaN and Infinity, which are not JSON, are now refused (400).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import anyio.to_thread
import orjson
from anyio import CapacityLimiter
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import BigInteger
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match

from server.schemas import ErrorOut, describe

T = TypeVar("T")

# Threads writes may hold at once (``serve --write-threads``). On PostgreSQL writers of different
# offices run side by side (a lock per office); on SQLite one writes at a time. A writer parses,
# checks and applies its batch in Python, holding the GIL much of the time: in one process two
# writers already keep the database busy, and each more made pulls wait for the GIL (bench_hub,
# 50 offices polling while 50 push: p95 230 ms with 4 writers, 180 with 2, 128 with 1 at two
# thirds of the push throughput). More cores: more ``--workers``, not more writers.
DEFAULT_WRITE_THREADS = 2
# Threads for everything else run synchronously (reads, sign-in): anyio's default is 40, more
# than the database pool holds (server/db.py POOL_SIZE); past the pool, threads only queue.
READ_THREADS = 16
GZIP_LEVEL = 5  # level 9 cost 4 % of the hub's time for a few % smaller answers (issue 13 profile)


def column_max(column: Any) -> int:
    """The largest integer a column holds on every backend (INTEGER is 32-bit on PostgreSQL): an
    API bound above it would turn a schema-valid request into a database error, a 500."""
    return 2**63 - 1 if isinstance(column.type, BigInteger) else 2**31 - 1


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route: each listed 4xx answers with ``ErrorOut``."""
    return {code: {"model": ErrorOut} for code in codes}


def answer(content: dict[str, Any]) -> Response:
    """A 200 JSON answer written by orjson, for routes whose ``response_model`` documents it:
    FastAPI would otherwise validate and serialise it again through pydantic (~1 ms a batch of
    100 results). The route builds exactly the documented shape; the contract test checks it."""
    try:
        body = orjson.dumps(content)
    except (TypeError, orjson.JSONEncodeError):  # a lone surrogate, an int beyond 64 bits
        return JSONResponse(content)
    return Response(body, media_type="application/json")


def error(status: int, detail: str, change_ids: list[str] | None = None, **extra: Any) -> JSONResponse:
    return JSONResponse({"detail": detail, "change_ids": change_ids or [], **extra}, status_code=status)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Bound the default thread pool (sync routes and dependencies) to what the database pool holds."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = READ_THREADS
    yield


def install(app: FastAPI, write_threads: int = DEFAULT_WRITE_THREADS) -> None:
    app.state.write_limiter = CapacityLimiter(write_threads)

    async def validation_failed(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return error(422, "Dữ liệu gửi lên không hợp lệ: " + describe(exc.errors()))

    async def http_failed(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 405:
            # Starlette answers 405 from the first route matching the path only, so a path with
            # GET and PUT routes said "Allow: GET" to a POST; list every method of the path.
            allowed: set[str] = set()
            for prefix, route in _routes(request.app.router.routes):
                path = request.scope["path"]
                if not path.startswith(prefix):
                    continue
                match, _ = route.matches({**request.scope, "path": path[len(prefix) :], "method": "\x00"})
                if match is Match.PARTIAL:
                    allowed |= set(getattr(route, "methods", None) or ())
            response = error(405, "Phương thức không được hỗ trợ")
            response.headers["Allow"] = ", ".join(sorted(allowed or {"GET"}))
            return response
        return await http_exception_handler(request, exc)

    app.add_exception_handler(RequestValidationError, validation_failed)
    app.add_exception_handler(StarletteHTTPException, http_failed)


def _routes(routes: Sequence[BaseRoute], prefix: str = "") -> Iterator[tuple[str, BaseRoute]]:
    """Every route with the prefix it is mounted under (FastAPI keeps included routers nested)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            context = getattr(route, "include_context", None)
            yield from _routes(inner.routes, prefix + str(getattr(context, "prefix", "") or ""))
        else:
            yield prefix, route


async def run_write(request: Request, fn: Callable[..., T], *args: Any) -> T:
    """Run a database write on the writers' own threads (see the module docstring)."""
    limiter: CapacityLimiter = request.app.state.write_limiter
    return await anyio.to_thread.run_sync(fn, *args, limiter=limiter)


def _not_json(name: str) -> Any:
    # NaN and Infinity are not JSON (RFC 8259); the standard library would take them, and orjson
    # would then write them back as null, so a canonical hash could differ from the desk's.
    raise json.JSONDecodeError(f"{name} không phải giá trị JSON", name, 0)


def loads(raw: bytes, *, exact: bool = False) -> Any:
    """Parse a request body. orjson reads an integer literal beyond 64 bits as a float, which
    would change the payload the hub keeps and hashes: a caller that meets a float that large
    (``schemas.scan``) parses again with ``exact=True``, the standard library."""
    if exact:
        return json.loads(raw, parse_constant=_not_json)
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        # Only what orjson refuses gets here: nesting past its limit, invalid text. The slow path raises the same errors it always did.
        return json.loads(raw, parse_constant=_not_json)
