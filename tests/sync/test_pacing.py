"""Retry pacing, batch sizing, timeouts and the clock-skew warning, against a scripted stub hub."""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from app.desk import Desk
from sync.backoff import Backoff, parse_retry_after
from sync.engine import SyncConfig, run_sync
from sync.protocol import inflate
from tests.faults.deskkit import make_dossiers, open_desk


class Stub:
    """Answers like the hub, but each push follows a script: ok | hang | 503."""

    def __init__(self, script: list[str], skew: timedelta) -> None:
        self.script, self.skew = list(script), skew
        self.batches: list[list[str]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _json(self, code: int, body: object, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(code)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                now = datetime.now(timezone(timedelta(hours=7))) + stub.skew
                if self.path.startswith("/api/v1/health"):
                    self._json(200, {"status": "ok", "server_time": now.isoformat(), "api": "v1"})
                else:
                    self._json(200, {"updates": [], "cursor": 0, "has_more": False})

            def do_POST(self) -> None:
                body = json.loads(inflate(self.rfile.read(int(self.headers["Content-Length"]))))
                ids = [c["change_id"] for c in body["changes"]]
                stub.batches.append(ids)
                action = stub.script.pop(0) if stub.script else "ok"
                if action == "hang":
                    time.sleep(1.0)
                    return self._json(200, {"results": [], "server_time": "2026-01-01T00:00:00+07:00"})
                if action == "503":
                    return self._json(503, {"detail": "bảo trì"}, {"Retry-After": "3"})
                results = [{"change_id": i, "status": "applied", "reason": ""} for i in ids]
                self._json(200, {"results": results, "server_time": "2026-01-01T00:00:00+07:00"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def stub_desk(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Desk, Stub]]:
    script, skew = request.param
    stub = Stub(script, skew)
    desk = open_desk(tmp_path / "desk", server=stub.url, token="t")
    yield desk, stub
    desk.close()
    stub.server.shutdown()


@pytest.mark.parametrize("stub_desk", [(["hang", "ok", "503"], timedelta(minutes=10))], indirect=True)
def test_batches_shrink_on_failure_grow_on_success_and_retry_after_is_honoured(
    stub_desk: tuple[Desk, Stub],
) -> None:
    desk, stub = stub_desk
    make_dossiers(desk, 300)
    sleeps: list[float] = []
    report = run_sync(desk, config=SyncConfig(read_timeout=0.4, seed=1), sleep=sleeps.append)
    assert report.ok and report.pushed == 300 and report.pending == 0
    sizes = [len(b) for b in stub.batches]
    assert sizes[:5] == [50, 25, 38, 19, 29]  # timeout: halve; ok: ×1.5; 503: halve; ok: ×1.5
    assert stub.batches[1] == stub.batches[0][:25]  # the same changes again, in order
    assert stub.batches[3] == stub.batches[2][:19]
    assert len(sleeps) == 2 and 0 <= sleeps[0] <= 0.5 and sleeps[1] >= 3.0  # full jitter; Retry-After floor
    # Clock 10 minutes behind the hub: the clerk is told, because due dates depend on it.
    assert report.clock_skew_seconds is not None and 590 < report.clock_skew_seconds < 610
    assert any("chậm hơn máy chủ 10 phút" in w for w in report.warnings)


@pytest.mark.parametrize("stub_desk", [(["503"] * 10, timedelta(0))], indirect=True)
def test_a_run_gives_up_after_the_bounded_number_of_attempts(stub_desk: tuple[Desk, Stub]) -> None:
    desk, stub = stub_desk
    make_dossiers(desk, 5)
    sleeps: list[float] = []
    report = run_sync(desk, config=SyncConfig(max_attempts=4), sleep=sleeps.append)
    assert not report.ok and report.error_kind == "transient" and report.pending == 5
    assert len(stub.batches) == 4 and len(sleeps) == 3 and all(s >= 3.0 for s in sleeps)
    assert (
        report.warnings == [] and report.clock_skew_seconds is not None and abs(report.clock_skew_seconds) < 5
    )


def test_full_jitter_stays_under_the_capped_exponential_ceiling() -> None:
    b = Backoff(base=0.5, cap=4.0, rng=random.Random(7))
    ceilings = [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    delays = [b.next_delay() for _ in ceilings]
    assert all(0 <= d <= c for d, c in zip(delays, ceilings, strict=True))
    assert len(set(delays)) == len(delays)  # jittered, not lock-step
    b.reset()
    assert b.next_delay() <= 0.5
    assert b.next_delay(retry_after=10) >= 10


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 3, 12, 2, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now=now) == 90.0
    assert parse_retry_after(format_datetime(now - timedelta(seconds=5), usegmt=True), now=now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
