"""Benchmark of the desk core: intake and search latency over 200 000 dossiers.

Run: ``.venv/bin/python bench/bench_core.py [--count 200000] [--intakes 300] [--queries 400]``.
Prints ONE JSON object. Targets (issue "The desk's core"): intake p95 <= 20 ms, search p95 <= 30 ms.
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


def build(data_dir: Path, count: int) -> tuple[Desk, float]:
    desk = Desk.open(data_dir)
    with desk.tx() as s:
        save_profile(s, OfficeProfile("000.00.12.H29", "Trung tâm PVHCC xã Tân Lập"), actor="bench")
    desk.invalidate_calendar()
    office, calendar = desk.require_office(), desk.calendar()
    started = time.perf_counter()
    with desk.tx() as s:
        generate(s, count, office=office, calendar=calendar, actor="bench")
    return desk, time.perf_counter() - started


def bench_intake(desk: Desk, n: int, rng: random.Random) -> list[float]:
    office, calendar = desk.require_office(), desk.calendar()
    times = []
    for i in range(n):
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
        times.append((time.perf_counter() - t0) * 1000)
    return times


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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=200_000)
    ap.add_argument("--intakes", type=int, default=300)
    ap.add_argument("--queries", type=int, default=400)
    ap.add_argument("--keep", type=Path, default=None, help="build the store here and keep it")
    args = ap.parse_args(argv)
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory(prefix="motcua-bench-") as tmp:
        data = args.keep or Path(tmp) / "data"
        desk, build_s = build(data, args.count)
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
        size = sum(p.stat().st_size for p in data.iterdir() if p.name.startswith("motcua.sqlite3"))
    result: dict[str, Any] = {
        "dossiers": dossiers,
        "demo_build_s": round(build_s, 1),
        "store_bytes": size,
        "intake_ms": summary(intake_ms),
        "search_ms": summary(search_ms),
        "search_by_kind_ms": {k: summary(v) for k, v in sorted(by_kind.items())},
        "search_empty_results": empty,
        "targets": {"intake_p95_ms": TARGET_INTAKE_P95_MS, "search_p95_ms": TARGET_SEARCH_P95_MS},
    }
    result["ok"] = (
        result["intake_ms"]["p95"] <= TARGET_INTAKE_P95_MS
        and result["search_ms"]["p95"] <= TARGET_SEARCH_P95_MS
    )
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
