"""Office-hub benchmark (issue 10): prints one JSON object.

* crossing time: a dossier saved at desk A until it shows in desk B's search, with background sync
  as the GUI runs it in office mode (ui/sync_controller.py: a sync right after a save, and a sync
  every OFFICE_POLL_MS at every desk). Target p95 ≤ 2 s.
* relay throughput: N dossiers (with events) relayed by the office hub to the province, against the
  same N pushed straight from a desk to the province, in the same run. Target ≥ 0.8×.

Run: ``.venv/bin/python bench/bench_lan.py [--samples 30] [--dossiers 2000]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.services.search import search  # noqa: E402
from server import admin  # noqa: E402
from server.db import HubDB  # noqa: E402
from server.relay import Relay, set_upstream  # noqa: E402
from sync.engine import run_sync  # noqa: E402
from tests.faults.deskkit import UNIT_A, UNIT_B, make_dossiers, open_desk  # noqa: E402
from tests.faults.hub import running_hub  # noqa: E402
from tests.lan.hubproc import HubProcess, hub_cli  # noqa: E402
from ui.sync_controller import OFFICE_POLL_MS  # noqa: E402


def crossing(tmp: Path, samples: int) -> dict[str, object]:
    db = f"sqlite:///{tmp / 'office-x.sqlite3'}"
    hub_cli(db, "office", "add", "--unit-code", UNIT_A, "--name", "Xã Tân Lập")
    tokens = {k: hub_cli(db, "desk", "add", "--unit-code", UNIT_A, "--workstation", str(k)).stdout.strip()
              for k in (1, 2)}  # fmt: skip
    hub = HubProcess(db, tmp / "office-x.log").start()
    a = open_desk(tmp / "xa", server=hub.url, token=tokens[1], workstation=1, workstation_count=2)
    b = open_desk(tmp / "xb", server=hub.url, token=tokens[2], workstation=2, workstation_count=2)
    stop = threading.Event()

    def poller(desk: object) -> None:  # the GUI's timer: one sync per tick, never two at once
        while not stop.is_set():
            started = time.monotonic()
            run_sync(desk)
            stop.wait(max(0.0, OFFICE_POLL_MS / 1000 - (time.monotonic() - started)))

    threads = [threading.Thread(target=poller, args=(d,), daemon=True) for d in (a, b)]
    for t in threads:
        t.start()
    times = []
    try:
        for i in range(samples):
            [code] = make_dossiers(a, 1, start=i, received_days_ago=0)
            saved = time.monotonic()
            run_sync(a)  # the save triggers a sync at once (SyncController._dossier_saved)
            while True:
                with b.read() as s:
                    if search(s, code):
                        break
                time.sleep(0.01)
            times.append(time.monotonic() - saved)
            time.sleep(0.37 * (i % 3))  # saves do not line up with the other desk's ticks
    finally:
        stop.set()
        for t in threads:
            t.join(10)
        a.close()
        b.close()
        hub.stop()
    times.sort()
    return {
        "samples": samples,
        "poll_ms": OFFICE_POLL_MS,
        "p50_seconds": round(statistics.median(times), 3),
        "p95_seconds": round(times[max(0, int(round(0.95 * len(times))) - 1)], 3),
        "max_seconds": round(times[-1], 3),
        "target_p95_seconds": 2.0,
    }


def fill(desk: object, n: int) -> None:
    """n dossiers with one event each, spread over days: a workstation issues 999 codes a day."""
    for day, start in enumerate(range(0, n, 900), start=1):
        make_dossiers(desk, min(900, n - start), start=start, events=1, received_days_ago=day)


def throughput(tmp: Path, n: int) -> dict[str, object]:
    with running_hub(f"sqlite:///{tmp / 'province.sqlite3'}") as province:
        with province.db.write() as s:
            token_a = admin.add_office(s, UNIT_A, "Xã Tân Lập")
            token_b = admin.add_office(s, UNIT_B, "Xã Tân Hòa")
        # Direct: a desk of unit B pushes n dossiers (each with one event) to the province.
        direct = open_desk(tmp / "direct", unit=UNIT_B, server=province.url, token=token_b)
        fill(direct, n)
        rep = run_sync(direct)
        direct.close()
        assert rep.ok and rep.pushed == 2 * n, rep.error
        direct_rate = 2 * n / rep.seconds
        # Relay: the same load reaches the office hub from a desk, then the relay sends it up.
        db_url = f"sqlite:///{tmp / 'office-t.sqlite3'}"
        hub_cli(db_url, "office", "add", "--unit-code", UNIT_A, "--name", "Xã Tân Lập")
        desk_token = hub_cli(
            db_url, "desk", "add", "--unit-code", UNIT_A, "--workstation", "1"
        ).stdout.strip()
        hub = HubProcess(db_url, tmp / "office-t.log").start()
        desk = open_desk(
            tmp / "relayed", server=hub.url, token=desk_token, workstation=1, workstation_count=2
        )
        fill(desk, n)
        rep2 = run_sync(desk)
        desk.close()
        assert rep2.ok and rep2.pushed == 2 * n, rep2.error
        hub.stop()
        office_db = HubDB(db_url)
        set_upstream(office_db, province.url, token_a)
        started = time.monotonic()
        cycle = Relay(office_db).run_once()
        relay_seconds = time.monotonic() - started
        office_db.dispose()
        assert cycle.pushed == 2 * n and cycle.rejected == 0, cycle
        relay_rate = 2 * n / relay_seconds
    return {
        "dossiers": n,
        "changes": 2 * n,
        "direct_changes_per_second": round(direct_rate),
        "relay_changes_per_second": round(relay_rate),
        "desk_to_office_hub_changes_per_second": round(2 * n / rep2.seconds),
        "relay_vs_direct": round(relay_rate / direct_rate, 2),
        "target_ratio": 0.8,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=30)
    ap.add_argument("--dossiers", type=int, default=2000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="motcua-bench-lan-") as tmp_name:
        tmp = Path(tmp_name)
        out = {"crossing": crossing(tmp, args.samples), "relay": throughput(tmp, args.dossiers)}
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
