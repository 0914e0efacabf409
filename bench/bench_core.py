"""Benchmark of the desk core: intake and search latency over 200 000 dossiers.

Run: ``.venv/bin/python bench/bench_core.py [--count 200000] [--intakes 300] [--queries 400] [--encrypted]``.
Prints ONE JSON object.

``--encrypted`` (issue 9) runs the same work twice in one run, on a plain SQLite store (the engine
with no key, as 0.2 had) and on the SQLCipher store ``Desk.open`` makes, and reports both with
the ratios: intake p95, search p95 and start-up must each stay within 1.25x of plain. Start-up
here is the store's share of start-up to window: a fresh ``python`` process importing the desk,
opening the store (key from custody, schema check, seed) and loading today's queue, median of 5. Targets (issue "The desk's core"): intake p95 <= 20 ms, search p95 <= 30 ms.
Intake is timed per dossier in its own ``desk.tx()`` transaction (commit with synchronous=FULL
included), exactly as the desk saves one; search is timed as the UI runs it: ``desk.read()`` and
``search()`` returning the ORM rows (owner and procedure loaded).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import subprocess  # noqa: E402

from sqlalchemy import select, text  # noqa: E402

from app.desk import Desk  # noqa: E402
from app.domain.text import fold  # noqa: E402
from app.services.demo import generate  # noqa: E402
from app.services.intake import IntakeRequest, PersonInput, intake  # noqa: E402
from app.services.office import OfficeProfile, save_profile  # noqa: E402
from app.services.search import search  # noqa: E402
from app.store.models import Dossier  # noqa: E402

TARGET_INTAKE_P95_MS = 20.0
TARGET_SEARCH_P95_MS = 30.0
MAX_ENCRYPTED_RATIO = 1.25  # issue 9: SQLCipher may cost at most a quarter more than plain
PROCEDURES = ("1.004873", "1.001193", "2.000815", "2.000884", "1.000656")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return round(ordered[k], 2)


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": pct(values, 50),
        "p95": pct(values, 95),
        "max": round(max(values), 2),
        "mean": round(statistics.fmean(values), 2),
    }


def open_desk(data_dir: Path, encrypted: bool) -> Desk:
    if encrypted:
        return Desk.open(data_dir)
    # The plain baseline: the same engine factory with no key (what 0.2 shipped).
    from app.services.seed import seed_bundled
    from app.store import migrate
    from app.store.engine import DB_FILENAME, make_engine, make_sessionmaker

    data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(data_dir / DB_FILENAME, key=None)
    migrate.upgrade(engine)
    desk = Desk(data_dir, engine, make_sessionmaker(engine), None)
    with desk.tx() as s:
        seed_bundled(s)
    return desk


STARTUP_CHILD = """
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from bench.bench_core import open_desk
from app.domain.clock import now
from app.services.views import today_queue
desk = open_desk(Path(sys.argv[2]), sys.argv[3] == "1")
with desk.read() as s:
    today_queue(s, now().date())
print((time.perf_counter() - t0) * 1000)
desk.close()
"""


def one_start(data_dir: Path, encrypted: bool) -> float:
    """Wall ms from spawning python to the store open and today's queue loaded."""
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", STARTUP_CHILD, str(ROOT), str(data_dir), "1" if encrypted else "0"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip(), out.stderr
    return (time.perf_counter() - t0) * 1000


def build(data_dir: Path, count: int, encrypted: bool = True) -> tuple[Desk, float]:
    desk = open_desk(data_dir, encrypted)
    with desk.tx() as s:
        save_profile(s, OfficeProfile("000.00.12.H29", "Trung tâm PVHCC xã Tân Lập"), actor="bench")
    desk.invalidate_calendar()
    office, calendar = desk.require_office(), desk.calendar()
    started = time.perf_counter()
    with desk.tx() as s:
        generate(s, count, office=office, calendar=calendar, actor="bench")
    return desk, time.perf_counter() - started


def bench_intake(desk: Desk, n: int, rng: random.Random) -> list[float]:
    return [bench_intake_one(desk, i, rng)[0] for i in range(n)]


def queries(desk: Desk, n: int, rng: random.Random) -> list[tuple[str, str]]:
    with desk.read() as s:
        max_id = s.execute(text("SELECT max(id) FROM dossier")).scalar_one()
        sample = []
        for i in rng.sample(range(1, max_id + 1), n):
            d = s.scalar(select(Dossier).where(Dossier.id == i))
            if d is not None:
                sample.append((d.code, d.owner.name, d.owner.id_number, d.owner.phone))
    out: list[tuple[str, str]] = []
    kinds = (
        "name_accents",
        "name_plain",
        "given_name",
        "code_full",
        "code_tail",
        "code_day",
        "id_full",
        "id_fragment",
        "phone",
        "prefix2",
    )
    for i, (code, name, idn, phone) in enumerate(sample):
        kind = kinds[i % len(kinds)]
        q = {
            "name_accents": name,
            "name_plain": fold(name),
            "given_name": name.split()[-1],
            "code_full": code,
            "code_tail": code[-11:],  # YYMMDD-XXXX
            "code_day": code[-4:],  # XXXX
            "id_full": idn,
            "id_fragment": idn[-6:],
            "phone": phone,
            "prefix2": fold(name)[:2],
        }[kind]
        out.append((kind, q))
    return out


def bench_search(desk: Desk, qs: list[tuple[str, str]]) -> tuple[list[float], dict[str, list[float]], int]:
    times: list[float] = []
    by_kind: dict[str, list[float]] = {}
    empty = 0
    for kind, q in qs:
        t0 = time.perf_counter()
        with desk.read() as s:
            rows = search(s, q)
        ms = (time.perf_counter() - t0) * 1000
        times.append(ms)
        by_kind.setdefault(kind, []).append(ms)
        empty += not rows
    return times, by_kind, empty


def run_single(data: Path, args: argparse.Namespace) -> dict[str, Any]:
    """The app's own (encrypted) store alone: the figures of issue "The desk's core"."""
    rng = random.Random(2026)
    desk, build_s = build(data, args.count, encrypted=True)
    try:
        qs = queries(desk, args.queries, rng)
        for _, q in qs[:20]:  # warm the page cache like a desk that has been open a while
            with desk.read() as s:
                search(s, q)
        search_ms, by_kind, empty = bench_search(desk, qs)
        intake_ms = bench_intake(desk, args.intakes, rng)
        with desk.read() as s:
            dossiers = s.execute(text("SELECT count(*) FROM dossier")).scalar_one()
    finally:
        desk.close()
    return {
        "dossiers": dossiers,
        "demo_build_s": round(build_s, 1),
        "store_bytes": store_bytes(data),
        "intake_ms": summary(intake_ms),
        "search_ms": summary(search_ms),
        "search_by_kind_ms": {k: summary(v) for k, v in sorted(by_kind.items())},
        "search_empty_results": empty,
    }


def store_bytes(data: Path) -> int:
    return sum(p.stat().st_size for p in data.iterdir() if p.name.startswith("motcua.sqlite3"))


def run_pair(base: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Plain and encrypted built alike, then measured interleaved (one plain intake, one
    encrypted, …), so a busy machine slows both sides alike and the ratio stays meaningful."""
    modes = {"plain": False, "encrypted": True}
    desks: dict[str, Desk] = {}
    out: dict[str, dict[str, Any]] = {}
    try:
        for name, enc in modes.items():
            desks[name], build_s = build(base / name, args.count, enc)
            out[name] = {"encrypted": enc, "demo_build_s": round(build_s, 1)}
        qs = queries(desks["plain"], args.queries, random.Random(2026))
        for desk in desks.values():
            for _, q in qs[:20]:
                with desk.read() as s:
                    search(s, q)
        search_ms: dict[str, list[float]] = {n: [] for n in modes}
        for k, pair in enumerate(qs):
            for name in sorted(modes, reverse=bool(k % 2)):
                search_ms[name] += bench_search(desks[name], [pair])[0]
        rngs = {n: random.Random(7) for n in modes}
        intake_ms: dict[str, list[float]] = {n: [] for n in modes}
        for k in range(args.intakes):
            for name in sorted(modes, reverse=bool(k % 2)):
                intake_ms[name] += bench_intake_one(desks[name], k, rngs[name])
        for name, desk in desks.items():
            with desk.read() as s:
                out[name]["dossiers"] = s.execute(text("SELECT count(*) FROM dossier")).scalar_one()
            out[name]["intake_ms"] = summary(intake_ms[name])
            out[name]["search_ms"] = summary(search_ms[name])
    finally:
        for desk in desks.values():
            desk.close()
    starts: dict[str, list[float]] = {n: [] for n in modes}
    for name, enc in modes.items():
        one_start(base / name, enc)  # warm-up (page cache, .pyc)
    for k in range(args.starts):
        for name in sorted(modes, reverse=bool(k % 2)):
            starts[name].append(one_start(base / name, modes[name]))
    for name in modes:
        out[name]["startup_ms"] = summary(starts[name])
        out[name]["store_bytes"] = store_bytes(base / name)
    return out


def bench_intake_one(desk: Desk, i: int, rng: random.Random) -> list[float]:
    office, calendar = desk.require_office(), desk.calendar()
    req = IntakeRequest(
        procedure_code=rng.choice(PROCEDURES),
        owner=PersonInput(
            name=rng.choice(("Nguyễn Thị Hoà", "Trần Văn Bình", "Đặng Văn Đức", "Lê Thị An")),
            id_number=f"0381{90 + i % 10:02d}{700000 + i:06d}",
            phone=f"09{rng.randrange(10**8):08d}",
            address="Thôn Đông, xã Tân Lập",
        ),
        pages=3,
    )
    t0 = time.perf_counter()
    with desk.tx() as s:
        intake(s, req, office=office, calendar=calendar, actor="bench")
    return [(time.perf_counter() - t0) * 1000]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=200_000)
    ap.add_argument("--intakes", type=int, default=300)
    ap.add_argument("--queries", type=int, default=400)
    ap.add_argument("--starts", type=int, default=7, help="start-ups per store (--encrypted)")
    ap.add_argument("--keep", type=Path, default=None, help="build the store(s) here and keep them")
    ap.add_argument("--encrypted", action="store_true", help="plain beside encrypted, with the ratios")
    args = ap.parse_args(argv)
    targets = {"intake_p95_ms": TARGET_INTAKE_P95_MS, "search_p95_ms": TARGET_SEARCH_P95_MS}
    with tempfile.TemporaryDirectory(prefix="motcua-bench-") as tmp:
        base = args.keep or Path(tmp)
        if not args.encrypted:
            result = run_single(base / "data", args)
            result["targets"] = targets
            result["ok"] = (
                result["intake_ms"]["p95"] <= TARGET_INTAKE_P95_MS
                and result["search_ms"]["p95"] <= TARGET_SEARCH_P95_MS
            )
            print(json.dumps(result, ensure_ascii=False))
            return 0
        pair = run_pair(base, args)
    plain, enc = pair["plain"], pair["encrypted"]
    ratio = {
        "intake_p95": round(enc["intake_ms"]["p95"] / plain["intake_ms"]["p95"], 3),
        "search_p95": round(enc["search_ms"]["p95"] / plain["search_ms"]["p95"], 3),
        "startup_p50": round(enc["startup_ms"]["p50"] / plain["startup_ms"]["p50"], 3),
    }
    out = {
        "plain": plain,
        "encrypted": enc,
        "ratio_encrypted_to_plain": ratio,
        "max_ratio": MAX_ENCRYPTED_RATIO,
        "targets": targets,
        "ok": all(r <= MAX_ENCRYPTED_RATIO for r in ratio.values()),
    }
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
