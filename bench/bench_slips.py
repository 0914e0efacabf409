"""Render time of the receipt slip: two copies (liên) on A4, as printed at the desk after intake.

Prints JSON: p50/p95/max in ms over N renders (after a warm-up that loads the fonts). Target:
p95 ≤ 60 ms on the desk PC, so "Enter to save and print" never waits on the layout.

    .venv/bin/python bench/bench_slips.py [--n 200] [--page-size A4] [--copies 2]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.domain.clock import TZ  # noqa: E402
from app.domain.timelimit import TimeLimit  # noqa: E402
from app.slips.data import SlipDocument, SlipDossier, SlipEvent, SlipOffice, SlipPerson  # noqa: E402
from app.slips.render import render  # noqa: E402


def sample() -> SlipDossier:
    office = SlipOffice(
        unit_code="000.00.12.H29",
        name="Trung tâm Phục vụ hành chính công xã Hòa Phú",
        parent_agency="UBND xã Hòa Phú",
        commune="xã Hòa Phú",
        province="tỉnh Đắk Lắk",
        address="Thôn 1, xã Hòa Phú, tỉnh Đắk Lắk",
        phone="02623812345",
    )
    received = datetime(2025, 10, 6, 8, 30, tzinfo=TZ)
    due = datetime(2025, 10, 9, 8, 30, tzinfo=TZ)
    return SlipDossier(
        uuid="6f1c3c9e-0000-4000-8000-000000000001",
        code="000.00.12.H29-251006-0001",
        procedure_code="1.001193",
        procedure_name="Đăng ký khai sinh có yếu tố nước ngoài",
        limit=TimeLimit("working_days", 3),
        owner=SlipPerson(
            "Nguyễn Thị Thược",
            "cccd",
            "001185012345",
            "Thôn Ẩm Thượng, xã Hòa Phú, tỉnh Đắk Lắk",
            "0912345678",
            "thuoc@example.vn",
        ),
        submitter=SlipPerson("Đặng Ưng Ổn", "cccd", "001090054321"),
        received_at=received,
        due_at=due,
        status="received",
        office=office,
        summary="Đăng ký khai sinh có yếu tố nước ngoài",
        documents=(
            SlipDocument("Tờ khai đăng ký khai sinh", 1),
            SlipDocument("Giấy chứng sinh", 1),
            SlipDocument("Giấy tờ tùy thân của người đi đăng ký", 0, 1, 1),
            SlipDocument("Giấy tờ chứng minh nơi cư trú", 0, 1),
            SlipDocument("Văn bản ủy quyền (nếu có)", 1),
        ),
        received_by="Trần Thị Thủy",
        events=(SlipEvent("received", received, "Trần Thị Thủy", due_after=due),),
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--page-size", default="A4")
    ap.add_argument("--copies", type=int, default=2)
    args = ap.parse_args()
    data = sample()
    for _ in range(5):  # fonts, caches
        render("receipt", data, page_size=args.page_size, copies=args.copies)
    times: list[float] = []
    size = 0
    for _ in range(args.n):
        t0 = time.perf_counter()
        pdf = render("receipt", data, page_size=args.page_size, copies=args.copies)
        times.append((time.perf_counter() - t0) * 1000)
        size = len(pdf)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    print(
        json.dumps(
            {
                "form": "receipt",
                "page_size": args.page_size,
                "copies": args.copies,
                "renders": args.n,
                "p50_ms": round(statistics.median(times), 2),
                "p95_ms": round(p95, 2),
                "max_ms": round(times[-1], 2),
                "pdf_bytes": size,
                "target_p95_ms": 60,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
