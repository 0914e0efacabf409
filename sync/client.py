"""HTTP client of wire protocol v1: gzip bodies, bearer token, timeouts on every request.

Every failure is classified for the engine: ``Transient`` (retry later: the link, a timeout, a cut
or truncated reply, 5xx, 429 with Retry-After), ``AuthFailed`` (stop: a wrong token will not fix
itself), ``Refused`` (the hub read the batch and said no: 400/409/413/415/422 with its reason).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import requests

from sync import protocol as P
from sync.backoff import parse_retry_after


class SyncError(Exception):
    """Base of every sync failure; the message is for the clerk (Vietnamese)."""


class Transient(SyncError):
    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        unreachable: bool = False,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.unreachable = unreachable
        self.status = status  # the hub's HTTP status when it answered (5xx, 429), else None

    @property
    def server_fault(self) -> bool:
        """The hub read the request and failed on it (500, 501, 505…): maybe the content's fault.

        Not 502/503/504 (a proxy, overload or maintenance: the link's or the hub's state, never
        the batch's) and not 429."""
        return self.status is not None and self.status >= 500 and self.status not in (502, 503, 504)


class AuthFailed(SyncError):
    pass


class Refused(SyncError):
    def __init__(self, status: int, detail: str, change_ids: list[str] | None = None) -> None:
        super().__init__(f"Máy chủ từ chối (HTTP {status}): {detail}")
        self.status, self.detail, self.change_ids = status, detail, change_ids or []


@dataclass
class Timeouts:
    connect: float = 5.0
    read: float = 30.0


@dataclass
class PushReply:
    results: list[dict[str, Any]]
    server_time: str
    body_bytes: int  # compressed request body: what the link carried
    raw_bytes: int
    seconds: float


class HubClient:
    def __init__(self, base_url: str, token: str, *, timeouts: Timeouts | None = None) -> None:
        self.base = base_url.rstrip("/")
        self.timeouts = timeouts or Timeouts()
        self.http = requests.Session()
        self.http.headers.update(
            {
                "Authorization": f"Bearer {token}",
                "Accept": "application/json",
                "Accept-Encoding": "gzip",
                "User-Agent": "motcua-sync/1",
            }
        )
        self.requests_made = 0
        self.bytes_sent = 0

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ calls

    def health(self) -> tuple[dict[str, Any], float]:
        """(health body, clock skew in seconds: server minus this PC, RTT-corrected)."""
        started = time.time()
        body = self._call("GET", P.HEALTH_PATH)
        ended = time.time()
        server = datetime.fromisoformat(str(body["server_time"])).timestamp()
        # The server stamped its time somewhere within the round trip; the middle is the best guess
        # (its value has 1 s resolution, so anything under a few seconds is noise).
        return body, server - (started + ended) / 2

    def push(self, unit_code: str, changes_json: list[str]) -> PushReply:
        """POST pre-serialised changes (each a JSON object text) as one gzip body."""
        raw = ('{"office":' + json.dumps(unit_code) + ',"changes":[' + ",".join(changes_json) + "]}").encode()
        body = P.gzip_bytes(raw)
        started = time.monotonic()
        reply = self._call(
            "POST",
            P.CHANGES_PATH,
            data=body,
            headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
        )
        elapsed = time.monotonic() - started
        results = reply.get("results")
        if not isinstance(results, list):
            raise Transient("Máy chủ trả lời thiếu danh sách kết quả (results)")
        return PushReply(results, str(reply.get("server_time", "")), len(body), len(raw), elapsed)

    def get_anchor(self, chain: str) -> dict[str, Any] | None:
        """The audit head the hub keeps for this desk's chain, None when it keeps none."""
        try:
            return _anchor_shape(self._call("GET", P.ANCHOR_PATH, params={"chain": chain}))
        except Refused as exc:
            if exc.status == 404:
                return None
            raise

    def put_anchor(self, body: dict[str, Any]) -> dict[str, Any]:
        return _anchor_shape(self._call("PUT", P.ANCHOR_PATH, json=body))

    def updates(self, after: int, limit: int) -> dict[str, Any]:
        body = self._call("GET", P.UPDATES_PATH, params={"after": after, "limit": limit})
        if not isinstance(body.get("updates"), list) or not isinstance(body.get("cursor"), int):
            raise Transient("Máy chủ trả lời sai dạng danh sách cập nhật (updates/cursor)")
        return body

    # ------------------------------------------------------------------ plumbing

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        self.requests_made += 1
        self.bytes_sent += len(kwargs.get("data") or b"")
        try:
            resp = self.http.request(
                method, self.base + path, timeout=(self.timeouts.connect, self.timeouts.read), **kwargs
            )
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise Transient(
                f"Không kết nối được máy chủ {self.base}: {type(exc).__name__}", unreachable=True
            ) from exc
        except requests.RequestException as exc:
            # Cut or truncated replies (ChunkedEncodingError, ContentDecodingError) land here.
            raise Transient(f"Đường truyền bị ngắt giữa chừng: {type(exc).__name__}") from exc
        status = resp.status_code
        if status == 200:
            try:
                data = resp.json()
            except ValueError as exc:
                raise Transient("Câu trả lời của máy chủ bị cắt cụt hoặc hỏng (không đọc được JSON)") from exc
            if not isinstance(data, dict):
                raise Transient("Câu trả lời của máy chủ không phải một đối tượng JSON")
            return data
        detail, change_ids = _detail(resp)
        if status in (401, 403):
            raise AuthFailed(f"Máy chủ không chấp nhận mã truy cập của đơn vị (HTTP {status}): {detail}")
        if status == 429 or status >= 500:
            raise Transient(
                f"Máy chủ tạm thời không xử lý được (HTTP {status}): {detail}",
                retry_after=parse_retry_after(resp.headers.get("Retry-After")),
                status=status,
            )
        raise Refused(status, detail, change_ids)


def _detail(resp: requests.Response) -> tuple[str, list[str]]:
    try:
        body = resp.json()
    except ValueError:
        return resp.text[:300] or resp.reason or "", []
    if isinstance(body, dict):
        ids = body.get("change_ids")
        detail = body.get("detail")
        return (detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)[:500]), (
            [str(i) for i in ids] if isinstance(ids, list) else []
        )
    return str(body)[:300], []


def _anchor_shape(body: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(body.get("rows"), int) or not isinstance(body.get("hash"), str):
        raise Transient("Máy chủ trả lời sai dạng mốc neo nhật ký (rows/hash)")
    return body
