"""Hub storage benchmark (issue 13, the write path): prints one JSON object.

* ``store_per_s``: changes per second through ``server.store.apply_batch`` from one desk (one
  thread, batches of 100, each batch its own write transaction and commit);
* ``http_per_s``: the same changes pushed over HTTP by one desk (gzip JSON, the real hub in a thread);
* ``floor_per_s``: raw executemany of the rows the hub stores for those changes (dossier, event and
  ledger rows, batches of 100, one connection, a commit per batch), same run, same database server;
* ``store_ratio``/``http_ratio``: against the floor.

Each measurement first writes ``WARMUP`` batches and runs ``ANALYZE`` (what autovacuum does on a
live hub within a minute): on a fresh database without statistics PostgreSQL plans the foreign-key
checks of ``events`` by the wrong index, which would time an empty hub, not a working one.

Half the changes create a dossier (with its first event), half append an event to one. PostgreSQL
is started here, durable (fsync on, synchronous_commit on), unless ``--url`` names one.
Runs against any hub that has ``apply_batch(session, office, changes)`` (main's too, for "before").

Run: ``.venv/bin/python bench/bench_hub_store.py [--changes 6000] [--url postgresql+psycopg://...]``
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import MetaData, create_engine  # noqa: E402

from server import admin  # noqa: E402
from server.db import HubDB  # noqa: E402
from server.store import apply_batch  # noqa: E402
from sync.protocol import change_hash  # noqa: E402
from tests.faults.pg import _as_postgres, free_port, fresh_database, pg_bindir  # noqa: E402
from tests.server.wire import dossier_create, event_append, post  # noqa: E402

UNIT = "000.00.12.H29"
BATCH = 100
WARMUP = 3


def analyze(url: str) -> None:
    engine = create_engine(url)
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    engine.dispose()


@contextlib.contextmanager
def durable_cluster() -> Iterator[str]:
    bindir = pg_bindir()
    if bindir is None:
        raise SystemExit("PostgreSQL binaries not found (apt-get install postgresql)")
    base = Path(tempfile.mkdtemp(prefix="motcua-bench-pg-"))
    if hasattr(shutil, "chown"):
        with contextlib.suppress(PermissionError, LookupError):
            shutil.chown(base, "postgres")
    data, port = base / "data", free_port()
    subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                                 "-E", "UTF8", "--locale=C.UTF-8"]), check=True, capture_output=True)  # fmt: skip
    opts = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on"
    subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(base / "log"),
                                 "-w", "start"]), check=True, capture_output=True)  # fmt: skip
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
                       capture_output=True)  # fmt: skip
        shutil.rmtree(base, ignore_errors=True)


def workload(n: int, unit: str = UNIT) -> list[list[dict[str, Any]]]:
    creates = [dossier_create(unit, i % 9000 + 1, code=f"{unit}-26{1 + i // 9000:02d}01-{i % 9000 + 1:04d}")
               for i in range(n // 2)]  # fmt: skip
    events = [
        event_append(c["entity_uuid"], c["payload"]["dossier"]["code"]) for c in creates[: n - len(creates)]
    ]
    changes = creates + events
    return [changes[i : i + BATCH] for i in range(0, len(changes), BATCH)]


def store_rate(url: str, batches: list[list[dict[str, Any]]]) -> float:
    db = HubDB(url)
    db.init()
    with db.write() as s:
        admin.add_office(s, UNIT, "Bench")
    with db.read() as s:
        office = admin.get_office(s, UNIT)
    for i, batch in enumerate(batches):
        if i == WARMUP:
            analyze(url)
            started = time.perf_counter()
        with db.write() as s:
            results = apply_batch(s, office, batch)
        assert all(r["status"] == "applied" for r in results), results[:2]
    elapsed = time.perf_counter() - started
    db.dispose()
    return sum(map(len, batches[WARMUP:])) / elapsed


def http_rate(url: str, batches: list[list[dict[str, Any]]]) -> float:
    from tests.faults.hub import running_hub

    with running_hub(url) as running:
        with running.db.write() as s:
            token = admin.add_office(s, UNIT, "Bench")
        started = time.perf_counter()
        for batch in batches:
            r = post(running.url, token, UNIT, batch)
            assert r.status_code == 200 and all(x["status"] == "applied" for x in r.json()["results"]), (
                r.text[:300]
            )
        elapsed = time.perf_counter() - started
    return sum(map(len, batches)) / elapsed


def floor_rate(url: str, batches: list[list[dict[str, Any]]]) -> float:
    """The rows apply_batch writes, inserted raw: the database's own cost, nothing of the hub's."""
    db = HubDB(url)
    db.init()
    with db.write() as s:
        admin.add_office(s, UNIT, "Bench")
    db.dispose()
    engine = create_engine(url)
    meta = MetaData()
    meta.reflect(engine, only=["dossiers", "events", "changes"])
    tables = {t: meta.tables[t] for t in ("dossiers", "events", "changes")}

    def fit(table: str, row: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in row.items() if k in tables[table].c}

    stamp, ids = "2026-03-12T09:20:00+07:00", {"dossiers": 0, "events": 0, "changes": 0}
    dossier_ids: dict[str, int] = {}

    def nid(t: str) -> int:
        ids[t] += 1
        return ids[t]

    with engine.connect() as conn:
        for i, batch in enumerate(batches):
            if i == WARMUP:
                analyze(url)
                started = time.perf_counter()
            rows: dict[str, list[dict[str, Any]]] = {"dossiers": [], "events": [], "changes": []}
            for c in batch:
                p = c["payload"]
                if c["entity"] == "dossier":
                    d = p["dossier"]
                    dossier_ids[d["uuid"]] = nid("dossiers")
                    rows["dossiers"].append(fit("dossiers", {
                        "office_id": 1, "id": dossier_ids[d["uuid"]], "uuid": d["uuid"], "code": d["code"],
                        "procedure_code": d["procedure_code"], "channel": "direct", "status": d["status"],
                        "received_at": d["received_at"], "due_at": d["due_at"], "snapshot": json.dumps(d),
                        "origin": "desk", "created_at": stamp, "updated_at": stamp}))  # fmt: skip
                    e = {
                        "uuid": p["event_uuid"],
                        "kind": "received",
                        "to_status": d["status"],
                        "dossier_uuid": d["uuid"],
                    }
                else:
                    e = p["event"]
                rows["events"].append(fit("events", {
                    "office_id": 1, "id": nid("events"), "uuid": e["uuid"], "dossier_id": dossier_ids[e["dossier_uuid"]],
                    "kind": e["kind"], "at": stamp, "actor": "", "from_status": None, "to_status": e.get("to_status"),
                    "due_after": None, "note": "", "data": None, "origin": "desk", "received_at": stamp}))  # fmt: skip
                rows["changes"].append(fit("changes", {
                    "office_id": 1, "id": nid("changes"), "change_id": c["change_id"], "entity": c["entity"],
                    "op": c["op"], "entity_uuid": c["entity_uuid"],
                    "payload_hash": change_hash(c["entity"], c["op"], c["entity_uuid"], c["payload"]),
                    "result": '{"status":"applied"}', "received_at": stamp}))  # fmt: skip
            with conn.begin():
                for t in ("dossiers", "events", "changes"):
                    if rows[t]:
                        conn.execute(tables[t].insert(), rows[t])
    elapsed = time.perf_counter() - started
    engine.dispose()
    return sum(map(len, batches[WARMUP:])) / elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--changes", type=int, default=6000)
    ap.add_argument("--url", default=None, help="a PostgreSQL server URL (…/postgres); default: start one")
    ap.add_argument(
        "--no-fsync", action="store_true", help="start PostgreSQL with fsync off (CPU costs only)"
    )
    args = ap.parse_args()
    with contextlib.ExitStack() as stack:
        if args.url:
            server = args.url
        elif args.no_fsync:
            from tests.faults.pg import throwaway_cluster

            server = stack.enter_context(throwaway_cluster())
        else:
            server = stack.enter_context(durable_cluster())
        batches = workload(args.changes)
        floor = floor_rate(fresh_database(server, "bench_floor"), batches)
        store = store_rate(fresh_database(server, "bench_store"), batches)
        http = http_rate(fresh_database(server, "bench_http"), workload(args.changes))
        floor2 = floor_rate(fresh_database(server, "bench_floor2"), batches)  # drift check, same run
    best_floor = max(floor, floor2)
    print(json.dumps({
        "changes": args.changes, "batch": BATCH, "durable": not (args.url or args.no_fsync),
        "store_per_s": round(store), "http_per_s": round(http), "floor_per_s": round(best_floor),
        "floor_runs_per_s": [round(floor), round(floor2)],
        "store_ratio": round(store / best_floor, 2), "http_ratio": round(http / best_floor, 2),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
