"""bench/bench_hub.py --quick runs end to end and prints the keys issue 13 asks for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_bench_hub_quick_prints_one_json_object_with_every_figure() -> None:
    run = subprocess.run([sys.executable, str(REPO / "bench" / "bench_hub.py"), "--quick", "--backend", "sqlite"],
                         capture_output=True, text=True, timeout=280, cwd=REPO)  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout)
    for key in (
        "ingest_per_s",
        "floor_per_s",
        "ingest_ratio",
        "ingest_100_per_s",
        "floor_100_per_s",
        "ingest_100_ratio",
        "pull_p95_ms_during_push",
        "workers_speedup",
    ):
        assert isinstance(out[key], (int, float)) and out[key] > 0, key
    for key in ("offices_50", "offices_200"):
        assert set(out[key]) == {"changes_per_s", "p50_ms", "p95_ms", "errors"}
        assert out[key]["errors"] == 0 and out[key]["changes_per_s"] > 0
    # pushed as a desk pushes: 50 first, then half as many again each time
    assert out["desk_batches"][:3] == [50, 75, 113] and sum(out["desk_batches"]) == 300
