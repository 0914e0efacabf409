"""The hub at a province's 17:00 peak (issue 13): prints one JSON object.

* ``ingest_per_s``: one desk pushing its changes to the real hub over HTTP as a desk does
  (sync/engine.py ``SyncConfig``: the first batch of 50, each next one 1.5 times the last, up to
  500; gzip; the bodies are encoded before the clock starts, here and below: the desks' CPU is
  not the hub's), on a durable PostgreSQL (fsync on). ``floor_per_s``: the same rows the hub
  wrote, inserted again with raw ``executemany`` on one connection, in the same batches, one
  commit each, in the same run. ``ingest_ratio`` = ingest / floor (target ≥ 0.5).
  ``ingest_100_*``: the same with every batch 100 changes, as the issue first measured: a
  request's fixed costs (HTTP, sign-in, lock, commit) weigh five times more there.
* ``offices_50`` / ``offices_200``: that many offices pushing at once: changes/s, p50/p95 batch
  latency, errors (anything but a 200).
* ``pull_p95_ms_during_push``: 50 offices polling ``/updates`` while 50 others push (target
  ≤ 200 ms); ``pull_p95_ms_quiet`` the same polls with nobody pushing.
* ``workers_speedup``: the 50-office push on ``serve --workers 2`` against ``--workers 1``.

The hub runs as ``motcua-hub serve`` in its own process (the real entry point), PostgreSQL in a
throw-away cluster (tests/faults/pg.py). Each database first takes ``WARMUP`` batches and an
``ANALYZE``, what autovacuum does within a minute of a live hub's first writes: this times a
working hub, not its first minute, when the planner has no statistics yet (then, at a few
thousand rows, a lookup is a hash join over its table: measured ~0.3x of the figures here). Run:
``.venv/bin/python bench/bench_hub.py [--backend sqlite] [--quick]``
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_hub_store import analyze  # noqa: E402  (what autovacuum does within a minute)
from server import admin  # noqa: E402
from server.db import HubDB  # noqa: E402
from server.models import HubBase  # noqa: E402
from sync.engine import SyncConfig  # noqa: E402
from sync.protocol import gzip_bytes  # noqa: E402
from tests.faults.pg import fresh_database, throwaway_cluster  # noqa: E402
from tests.lan.hubproc import HubProcess  # noqa: E402
from tests.server.wire import dossier_create  # noqa: E402

BATCH = 100
WARMUP = 5  # batches of BATCH written, then ANALYZE, before any timing


def desk_sizes(total: int) -> list[int]:
    """The batch sizes a desk pushes ``total`` changes in, with every batch answered in full."""
    cfg, sizes, size = SyncConfig(), [], SyncConfig().batch_start
    while total > 0:
        sizes.append(min(size, total))
        total -= sizes[-1]
        size = min(cfg.batch_max, math.ceil(sizes[-1] * 1.5))
    return sizes


def unit(i: int) -> str:
    return f"{i // 100:03d}.{i % 100:02d}.01.H29"


@contextmanager
def hub_process(db_url: str, workers: int) -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="bench-hub-log-") as logs:
        hub = HubProcess(db_url, Path(logs) / "hub.log", serve_args=("--workers", str(workers), "--no-relay"))
        try:
            yield hub.start(timeout=60).url
        finally:
            hub.stop()


def encode(office: str, changes: list[dict[str, Any]]) -> bytes:
    """A batch as the desk sends it: gzip-compressed JSON (sync/client.py). Done before any timing:
    the desk's CPU is not the hub's, and in this bench it is the same two cores."""
    return gzip_bytes(
        json.dumps({"office": office, "changes": changes}, ensure_ascii=False).encode(), level=6
    )


def post(url: str, token: str, body: bytes, *, session: requests.Session) -> requests.Response:
    headers = {
        "Content-Type": "application/json",
        "Content-Encoding": "gzip",
        "Authorization": f"Bearer {token}",
    }
    return session.post(url + "/api/v1/changes", data=body, headers=headers, timeout=120)


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def make_offices(db_url: str, first: int, count: int) -> dict[str, str]:
    db = HubDB(db_url)
    try:
        db.init()
        with db.write() as s:
            return {unit(i): admin.add_office(s, unit(i), f"Xã {i}") for i in range(first, first + count)}
    finally:
        db.dispose()


def batches(office: str, start: int, count: int, size: int) -> list[list[dict[str, Any]]]:
    return [[dossier_create(office, start + b * size + k + 1) for k in range(size)] for b in range(count)]


def ingest(url: str, db_url: str, office: str, token: str, sizes: list[int]) -> float:
    """Changes/s of one desk pushing batches of ``sizes`` after the warm-up (which is not timed)."""
    warm = [encode(office, b) for b in batches(office, 0, WARMUP, BATCH)]
    work, start = [], WARMUP * BATCH
    for size in sizes:
        work.append(encode(office, batches(office, start, 1, size)[0]))
        start += size
    with requests.Session() as session:
        for batch in warm:
            assert post(url, token, batch, session=session).status_code == 200
        analyze(db_url)
        t0 = time.perf_counter()
        for batch in work:
            r = post(url, token, batch, session=session)
            assert r.status_code == 200, r.text[:300]
        return sum(sizes) / (time.perf_counter() - t0)


def floor(db_url: str, sizes: list[int]) -> float:
    """The rows the hub wrote, inserted again raw: executemany, one commit per batch. The warm-up's
    batches go first, untimed; then the changes of each batch of ``sizes`` with their rows."""
    db = HubDB(db_url)
    try:
        raw = db.engine.raw_connection()
        cur = raw.cursor()
        mark = "?" if db.is_sqlite else "%s"
        plan: list[tuple[str, list[tuple[Any, ...]]]] = []
        for table in HubBase.metadata.sorted_tables:
            if table.name in ("offices", "meta"):
                continue
            order = ", ".join(c.name for c in table.primary_key.columns)  # (office_id, id): insertion order
            cur.execute(f"SELECT * FROM {table.name} ORDER BY {order}")
            rows = [tuple(r) for r in cur.fetchall()]
            if not rows:
                continue
            copy = f"floor_{table.name}"
            cols = [c.name for c in table.columns]
            if db.is_sqlite:
                cur.execute(f"CREATE TABLE {copy} AS SELECT * FROM {table.name} WHERE 0")
            else:
                cur.execute(f"CREATE TABLE {copy} (LIKE {table.name} INCLUDING DEFAULTS INCLUDING INDEXES)")
            sql = f"INSERT INTO {copy} ({', '.join(cols)}) VALUES ({', '.join([mark] * len(cols))})"
            plan.append((sql, rows))
        raw.commit()
        # Every change the hub took has its one ledger row, and (a dossier create) one dossier and
        # one first event, in the same order: batch b's rows are the same slice of each table.
        changes = len(next(rows for sql, rows in plan if " floor_changes " in sql))
        assert changes == WARMUP * BATCH + sum(sizes), (changes, sizes)
        bounds, at = [], 0
        for size in [BATCH] * WARMUP + sizes:
            bounds.append((at, at + size))
            at += size
        took = 0.0
        for b, (lo, hi) in enumerate(bounds):
            t0 = time.perf_counter()
            if db.is_sqlite:
                cur.execute("BEGIN")  # the hub's SQLite connections autocommit unless told
            for sql, rows in plan:
                if rows[lo:hi]:
                    cur.executemany(sql, rows[lo:hi])
            raw.commit()
            took += time.perf_counter() - t0 if b >= WARMUP else 0.0
        raw.close()
        return sum(sizes) / took
    finally:
        db.dispose()


def push_many(url: str, tokens: dict[str, str], per_office: int, size: int, start: int) -> dict[str, Any]:
    work = {
        office: [encode(office, b) for b in batches(office, start, per_office, size)] for office in tokens
    }
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def run(office: str) -> None:
        nonlocal errors
        with requests.Session() as session:
            for batch in work[office]:
                t = time.perf_counter()
                try:
                    ok = post(url, tokens[office], batch, session=session).status_code == 200
                except requests.RequestException:
                    ok = False
                with lock:
                    latencies.append((time.perf_counter() - t) * 1000)
                    errors += 0 if ok else 1

    threads = [threading.Thread(target=run, args=(o,)) for o in tokens]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    total = len(tokens) * per_office * size
    return {"changes_per_s": round(total / wall, 1), "p50_ms": round(pct(latencies, 0.5), 1),
            "p95_ms": round(pct(latencies, 0.95), 1), "errors": errors}  # fmt: skip


def poll_while(
    url: str, tokens: dict[str, str], stop: threading.Event, out: list[float]
) -> list[threading.Thread]:
    def run(token: str) -> None:
        with requests.Session() as session:
            while not stop.is_set():
                t = time.perf_counter()
                r = session.get(
                    url + "/api/v1/updates", headers={"Authorization": f"Bearer {token}"}, timeout=60
                )
                if r.status_code == 200:
                    out.append((time.perf_counter() - t) * 1000)
                time.sleep(0.2)

    threads = [threading.Thread(target=run, args=(tok,), daemon=True) for tok in tokens.values()]
    for t in threads:
        t.start()
    return threads


def pulls(url: str, pollers: dict[str, str], pushers: dict[str, str] | None, seconds: float, size: int,
          start: int) -> float:  # fmt: skip
    stop, lat = threading.Event(), []  # type: ignore[var-annotated]
    threads = poll_while(url, pollers, stop, lat)
    if pushers:
        push_many(url, pushers, max(1, int(seconds)), size, start)
    else:
        time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    return round(pct(lat, 0.95), 1)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", choices=("postgresql", "sqlite"), default="postgresql")
    ap.add_argument("--quick", action="store_true", help="a small smoke run (seconds, not minutes)")
    args = ap.parse_args()
    q = args.quick
    ingest_changes = 300 if q else 5000
    per_office, size = (1, 10) if q else (4, 50)
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="bench-hub-") as tmp:
        if args.backend == "postgresql":
            cluster = stack.enter_context(throwaway_cluster(durable=True))

            def new_db(name: str) -> str:
                return fresh_database(cluster, name)
        else:

            def new_db(name: str) -> str:
                return f"sqlite:///{Path(tmp) / (name + '.sqlite3')}"

        out: dict[str, Any] = {"backend": args.backend, "quick": q}
        # 1. one desk, then the raw floor of the same rows: as a desk pushes, and in batches of 100
        for key, sizes in (("", desk_sizes(ingest_changes)), ("_100", [BATCH] * (ingest_changes // BATCH))):
            db = new_db("ingest" + key)
            tokens = make_offices(db, 0, 1)
            with hub_process(db, 1) as url:
                (office, token), = tokens.items()  # fmt: skip
                out[f"ingest{key}_per_s"] = round(ingest(url, db, office, token, sizes), 1)
            out[f"floor{key}_per_s"] = round(floor(db, sizes), 1)
            out[f"ingest{key}_ratio"] = round(out[f"ingest{key}_per_s"] / out[f"floor{key}_per_s"], 3)
        out["desk_batches"] = desk_sizes(ingest_changes)
        # 2. many offices at once, 3. pulls during pushes, 4. workers
        db = new_db("peak")
        pushers = make_offices(db, 0, 200)
        pollers = make_offices(db, 200, 50)
        with hub_process(db, 1) as url:
            fifty = dict(list(pushers.items())[:50])
            push_many(url, pushers, 1, size, 10_000)  # every office has rows; then statistics
            analyze(db)
            out["offices_50"] = push_many(url, fifty, per_office, size, 0)
            out["offices_200"] = push_many(url, pushers, per_office, size, 1000)
            out["pull_p95_ms_quiet"] = pulls(url, pollers, None, 2 if q else 5, size, 0)
            out["pull_p95_ms_during_push"] = pulls(url, pollers, fifty, 2 if q else 5, size, 2000)
        with hub_process(db, 2) as url:
            two = push_many(url, fifty, per_office, size, 4000)
        with hub_process(db, 1) as url:
            one = push_many(url, fifty, per_office, size, 5000)
        out["workers_1_per_s"], out["workers_2_per_s"] = one["changes_per_s"], two["changes_per_s"]
        out["workers_speedup"] = round(two["changes_per_s"] / one["changes_per_s"], 2)
        out["errors_workers"] = one["errors"] + two["errors"]
        out["cpu_count"] = os.cpu_count()
        out["pull_p95_target_ms"], out["ingest_ratio_target"] = 200, 0.5
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
