"""Digitised dossiers: attach speed and size, slow-link upload, and the store with many files.

Prints one JSON object:
* ``attach_page``: a scanned A4 page (200 dpi, grey) attached through the use case, warm:
  seconds p50/p95 and bytes per page (targets ≤ 1 s, ≤ 150 KB);
* ``slow_link``: D dossiers with P pages each synced over 64 kbit/s + 300 ms one-way (the userspace
  proxy of tests/faults/proxy.py): the metadata phase ends before the first attachment byte, and
  the attachment phase takes ≤ 1.2 × what the link needs for its bytes;
* ``store``: intake and search p95 on a store of N dossiers without and with M attachments, timed
  on two stores built alike, in alternating rounds (target: unchanged).

    python bench/bench_attach.py [--dossiers 20 --pages 3] [--store-dossiers 20000 --attachments 10000]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.attachments.ingest import Incoming  # noqa: E402
from app.usecases import attachments as uc  # noqa: E402
from bench.bench_core import bench_intake, bench_search, queries  # noqa: E402
from server import admin  # noqa: E402
from sync.engine import SyncConfig, run_sync  # noqa: E402
from tests.app.attachkit import CLERK, png_bytes, scanned_page  # noqa: E402
from tests.faults.deskkit import UNIT_A, make_dossiers, open_desk  # noqa: E402
from tests.faults.hub import running_hub  # noqa: E402
from tests.faults.proxy import FaultProxy  # noqa: E402

LINK_BPS = 64_000 / 8
LINK_DELAY = 0.300


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def bench_attach_page(tmp: Path, n: int) -> dict[str, Any]:
    desk = open_desk(tmp / "attach")
    codes = make_dossiers(desk, n)
    pages = [png_bytes(scanned_page(i)) for i in range(min(n, 8))]
    uc.attach(desk, CLERK, codes[0], "khởi động", [Incoming("w.png", pages[0])])  # imports, caches
    times, sizes = [], []
    for i, code in enumerate(codes):
        started = time.perf_counter()
        info = uc.attach(desk, CLERK, code, "Tờ khai", [Incoming("p.png", pages[i % len(pages)])])
        times.append(time.perf_counter() - started)
        sizes.append(info.size)
    desk.close()
    return {
        "pages": n,
        "seconds_p50": round(statistics.median(times), 3),
        "seconds_p95": round(pct(times, 95), 3),
        "bytes_per_page_p50": int(statistics.median(sizes)),
        "bytes_per_page_max": max(sizes),
        "target_seconds": 1.0,
        "target_bytes": 150 * 1024,
    }


def bench_slow_link(tmp: Path, dossiers: int, pages: int) -> dict[str, Any]:
    with running_hub(f"sqlite:///{tmp / 'hub.sqlite3'}") as hub:
        with hub.db.write() as s:
            token = admin.add_office(s, UNIT_A, "Xã Tân Lập")
        link = FaultProxy(hub.port, link_delay=LINK_DELAY, rate=LINK_BPS)
        link.start()
        try:
            desk = open_desk(tmp / "slow", server=link.url, token=token)
            codes = make_dossiers(desk, dossiers)
            for i, code in enumerate(codes):
                files = [
                    Incoming(f"{i}-{k}.png", png_bytes(scanned_page((i * pages + k) % 16)))
                    for k in range(pages)
                ]
                uc.attach(desk, CLERK, code, "Giấy tờ", files)
            marks: dict[str, float] = {}
            started = time.perf_counter()

            def progress(phase: str, done: int, total: int) -> None:
                marks.setdefault(phase, time.perf_counter() - started)

            up_before = link.bytes_up + link.bytes_down
            report = run_sync(desk, progress=progress, config=SyncConfig(seed=1))
            total = time.perf_counter() - started
            desk.close()
        finally:
            link.stop()
        assert report.ok, report.error
        att = report.attachments or {}
        with hub.db.read() as s:
            from sqlalchemy import func, select

            from server.models import BlobRow, DossierRow

            on_hub = (
                s.scalar(select(func.count()).select_from(DossierRow)),
                s.scalar(select(func.count()).select_from(BlobRow)),
            )
        attach_seconds = total - marks.get("attachments", total)
        blob_bytes = att.get("bytes_sent", 0)
        limit = blob_bytes / LINK_BPS
        return {
            "dossiers": dossiers,
            "pages_each": pages,
            "link": "64 kbit/s, 300 ms one-way delay (userspace proxy)",
            "metadata_done_seconds": round(marks.get("attachments", total), 2),
            "metadata_before_attachments": "attachments" in marks
            and marks["attachments"] >= marks.get("pull", 0),
            "attachment_bytes": blob_bytes,
            "attachment_seconds": round(attach_seconds, 1),
            "attachment_link_limit_seconds": round(limit, 1),
            "attachment_ratio_to_limit": round(attach_seconds / limit, 3) if limit else None,
            "wire_bytes": link.bytes_up + link.bytes_down - up_before,
            "hub_dossiers_and_blobs": on_hub,
            "target_ratio": 1.2,
        }


def bench_store(tmp: Path, n: int, m: int, rounds: int = 3) -> dict[str, Any]:
    """Two stores built alike from the same seed, one then given ``m`` attachments; intake and
    search are timed on both in alternating rounds after a warm-up pass, so the machine's load (and
    the page cache the fill emptied) weighs on both sides alike instead of on "after" alone."""
    from app.attachments import store as att
    from app.attachments.ingest import Prepared
    from app.services.transitions import get_dossier
    from bench.bench_core import build

    plain, _built = build(tmp / "plain", n)
    desk, _built = build(tmp / "store", n)
    template = uc.attach(desk, CLERK, _any_code(desk), "mẫu", [Incoming("t.png", png_bytes(scanned_page(1)))])
    data = uc.get_attachment(desk, CLERK, template.sha256).data
    codes = _codes(desk, m)
    filled = time.perf_counter()
    batch = 500
    for start in range(0, m, batch):
        with desk.tx() as s:
            for i, code in enumerate(codes[start : start + batch], start=start):
                unique = data + f"\n% {i}\n".encode()  # a distinct file of the same size
                prep = Prepared(unique, template.pages, hashlib.sha256(unique).hexdigest())
                att.add(
                    s, get_dossier(s, code), "Giấy tờ", prep, kind="document", source="file", actor="bench"
                )
    filled = time.perf_counter() - filled
    rng = random.Random(7)
    qs = queries(plain, 300, rng)
    sides = {"without": plain, "with": desk}
    for d in sides.values():  # warm-up: a desk that has been open a while
        bench_search(d, qs)
    intake: dict[str, list[float]] = {k: [] for k in sides}
    found: dict[str, list[float]] = {k: [] for k in sides}
    for r in range(rounds):
        order = list(sides.items()) if r % 2 == 0 else list(reversed(sides.items()))
        for name, d in order:
            intake[name] += bench_intake(d, 70, random.Random(100 + r))
            times, _kinds, _rows = bench_search(d, qs)
            found[name] += times
    size = {k: sum(p.stat().st_size for p in (tmp / folder).glob("motcua.sqlite3*"))
            for k, folder in (("without", "plain"), ("with", "store"))}  # fmt: skip
    plain.close()
    desk.close()

    def ms(values: list[float]) -> float:  # bench_core already measures in milliseconds
        return round(pct(values, 95), 2)

    return {
        "dossiers": n,
        "attachments": m,
        "fill_seconds": round(filled, 1),
        "store_bytes": size,
        "method": f"two stores alike, {rounds} alternating rounds after a warm-up",
        "intake_p95_ms": {k: ms(v) for k, v in intake.items()},
        "search_p95_ms": {k: ms(v) for k, v in found.items()},
        "search_p50_ms": {k: round(statistics.median(v), 2) for k, v in found.items()},
    }


def _any_code(desk: Any) -> str:
    return _codes(desk, 1)[0]


def _codes(desk: Any, m: int) -> list[str]:
    from sqlalchemy import select

    from app.store.models import Dossier

    with desk.read() as s:
        return list(s.scalars(select(Dossier.code).order_by(Dossier.id).limit(m)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages-timed", type=int, default=30)
    ap.add_argument("--dossiers", type=int, default=20)
    ap.add_argument("--pages", type=int, default=3)
    ap.add_argument("--store-dossiers", type=int, default=20_000)
    ap.add_argument("--attachments", type=int, default=10_000)
    ap.add_argument("--skip", action="append", default=[], choices=("page", "link", "store"))
    args = ap.parse_args()
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="motcua-bench-attach-") as name:
        tmp = Path(name)
        if "page" not in args.skip:
            out["attach_page"] = bench_attach_page(tmp, args.pages_timed)
        if "link" not in args.skip:
            out["slow_link"] = bench_slow_link(tmp, args.dossiers, args.pages)
        if "store" not in args.skip:
            out["store"] = bench_store(tmp, args.store_dossiers, args.attachments)
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
