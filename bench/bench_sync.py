"""Sync benchmark: prints one JSON object.

* push throughput: 10 000 queued dossiers pushed to the real hub over loopback (target ≥ 1 000/s);
* bytes on the wire per dossier (HTTP requests + replies as counted at a proxy; target ≤ 600 B);
* end-of-day batch: 200 dossiers through an emulated 64 kbit/s link with 300 ms one-way delay
  (the userspace delaying/rate-limiting proxy of tests/faults/proxy.py: netem is not available
  here, env-notes §5), against the link's own limit, bytes ÷ bandwidth (target within 2×).

Run: ``.venv/bin/python bench/bench_sync.py [--dossiers 10000] [--eod 200]``
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.desk import Desk  # noqa: E402
from server import admin  # noqa: E402
from sync.engine import run_sync  # noqa: E402
from tests.faults.deskkit import UNIT_A, make_dossiers, open_desk, point_at  # noqa: E402
from tests.faults.hub import running_hub  # noqa: E402
from tests.faults.proxy import FaultProxy  # noqa: E402

LINK_BPS = 64_000 / 8  # 64 kbit/s in bytes per second
LINK_DELAY = 0.300


def queue(desk_dir: Path, n: int, hub_url: str, token: str) -> tuple[Desk, float]:
    desk = open_desk(desk_dir, server=hub_url, token=token)
    started = time.perf_counter()
    per_day = 5000  # a unit issues at most 9 999 codes a day: spread the queue over days
    for day, start in enumerate(range(0, n, per_day), start=1):
        make_dossiers(desk, min(per_day, n - start), start=start, received_days_ago=day)
    return desk, time.perf_counter() - started


def bench(n: int, eod: int) -> dict[str, object]:
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="motcua-bench-") as tmp_name:
        tmp = Path(tmp_name)
        with running_hub(f"sqlite:///{tmp / 'hub.sqlite3'}") as hub:
            with hub.db.write() as s:
                token = admin.add_office(s, UNIT_A, "Xã Tân Lập")
            # 1. throughput over loopback, straight to uvicorn
            desk, queued_in = queue(tmp / "desk1", n, hub.url, token)
            report = run_sync(desk)
            desk.close()
            assert report.ok and report.pushed == n and report.pending == 0, report.error
            out["loopback"] = {
                "dossiers": n,
                "queue_build_seconds": round(queued_in, 1),
                "sync_seconds": report.seconds,
                "dossiers_per_second": round(n / report.seconds),
                "requests": report.requests,
                "compressed_request_bytes_per_dossier": round(report.bytes_sent / n, 1),
                "target_dossiers_per_second": 1000,
            }
            # 2. end of day through the emulated slow link
            link = FaultProxy(hub.port, link_delay=LINK_DELAY, rate=LINK_BPS)
            link.start()
            try:
                desk = open_desk(tmp / "desk2", server=hub.url, token=token)
                with hub.db.write() as s:
                    token_b = admin.add_office(s, "000.00.13.H29", "Xã Tân Hòa")
                desk.close()
                desk = open_desk(tmp / "desk2", unit="000.00.13.H29", server=link.url, token=token_b)
                make_dossiers(desk, eod)
                point_at(desk, link.url, token_b)
                report = run_sync(desk)
                desk.close()
            finally:
                link.stop()
            assert report.ok and report.pushed == eod, report.error
            wire = link.bytes_up + link.bytes_down
            limit = wire / LINK_BPS
            messages = 2 * link.exchanges
            out["end_of_day"] = {
                "dossiers": eod,
                "link": "64 kbit/s, 300 ms one-way delay (userspace proxy)",
                "seconds": report.seconds,
                "requests": link.exchanges,
                "bytes_up": link.bytes_up,
                "bytes_down": link.bytes_down,
                "wire_bytes_per_dossier": round(wire / eod, 1),
                "link_limit_seconds": round(limit, 2),
                "link_limit_with_latency_seconds": round(limit + messages * LINK_DELAY, 2),
                "ratio_to_limit": round(report.seconds / limit, 2),
                "target_wire_bytes_per_dossier": 600,
                "target_ratio": 2.0,
            }
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dossiers", type=int, default=10_000)
    parser.add_argument("--eod", type=int, default=200)
    args = parser.parse_args()
    print(json.dumps(bench(args.dossiers, args.eod), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
