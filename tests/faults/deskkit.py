"""Desk-side builders for the sync tests and the benchmark: an office profile pointing at a hub,
dossiers made in bulk through the real intake service, and the real CLI in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.desk import Desk
from app.domain.clock import now
from app.domain.lifecycle import Status
from app.services import transitions
from app.services.intake import IntakeRequest, PersonInput, intake
from app.services.office import OfficeProfile, save_profile
from app.store.models import Dossier, DossierEvent, Outbox

REPO = Path(__file__).resolve().parents[2]
UNIT_A = "000.00.12.H29"
UNIT_B = "000.00.13.H29"
PROCEDURE = "1.001022"  # bundled: 03 working days
ACTOR = "test:clerk"
NAMES = ("Nguyễn Thị Thược", "Đặng Ưng Ổn", "Trần Văn Bình", "Lê Thị Hồng Nhung", "Phạm Quốc Việt")


def cccd(serial: int, *, year: int = 1988, female: bool = False) -> str:
    century = (year // 100 - 19) * 2 + (1 if female else 0)
    return f"038{century}{year % 100:02d}{serial % 1_000_000:06d}"


def open_desk(data_dir: Path, *, unit: str = UNIT_A, server: str = "", token: str = "", workstation: int = 1,
              workstation_count: int = 1) -> Desk:  # fmt: skip
    desk = Desk.open(data_dir)
    with desk.tx() as s:
        save_profile(
            s,
            OfficeProfile(unit_code=unit, office_name="Trung tâm Phục vụ hành chính công xã Tân Lập",
                          workstation=workstation, workstation_count=workstation_count,
                          server_url=server, server_token=token),
            actor="test:admin",
        )  # fmt: skip
    desk.invalidate_calendar()
    return desk


def point_at(desk: Desk, server: str, token: str) -> None:
    from app.services.office import profile_of

    with desk.tx() as s:
        office = desk.require_office()
        profile = profile_of(office)
        profile.server_url, profile.server_token = server, token
        save_profile(s, profile, actor="test:admin")


def make_dossiers(
    desk: Desk, n: int, *, start: int = 0, events: int = 0, received_days_ago: int = 1
) -> list[str]:
    """``n`` dossiers received yesterday in one transaction; each gets ``events`` lifecycle events
    (hand-over, then supplement requested/received pairs) so the outbox holds creates and appends."""
    calendar = desk.calendar()
    office = desk.require_office()
    received = now() - timedelta(days=received_days_ago)
    codes = []
    with desk.tx() as s:
        for i in range(start, start + n):
            req = IntakeRequest(
                procedure_code=PROCEDURE,
                owner=PersonInput(name=NAMES[i % len(NAMES)], id_number=cccd(i + 1), phone=f"09{(12345678 + i) % 10**8:08d}",
                                  address="Thôn Đông, xã Tân Lập"),
                received_at=received,
            )  # fmt: skip
            res = intake(s, req, office=office, calendar=calendar, actor=ACTOR)
            codes.append(res.code)
            for k in range(events):
                at = received + timedelta(minutes=5 * (k + 1))
                if k == 0:
                    transitions.hand_over(
                        s, res.code, from_unit="Một cửa", to_unit="Tư pháp", actor=ACTOR, at=at
                    )
                elif k % 2 == 1:
                    transitions.change_status(s, res.code, Status.SUPPLEMENT_REQUESTED, calendar=calendar,
                                              actor=ACTOR, note="Thiếu bản sao CCCD", at=at)  # fmt: skip
                else:
                    transitions.change_status(
                        s, res.code, Status.IN_PROGRESS, calendar=calendar, actor=ACTOR, at=at
                    )
    return codes


def outbox_counts(desk: Desk) -> dict[str, int]:
    with desk.read() as s:
        rows = s.execute(select(Outbox.state, func.count()).group_by(Outbox.state)).all()
    return {state: int(n) for state, n in rows}


def local_totals(desk: Desk) -> dict[str, Any]:
    with desk.read() as s:
        return {
            "dossiers": int(s.scalar(select(func.count()).select_from(Dossier)) or 0),
            "events": int(
                s.scalar(select(func.count()).select_from(DossierEvent).where(DossierEvent.origin == "desk"))
                or 0
            ),
            "codes": set(s.scalars(select(Dossier.code))),
        }


def motcua(data_dir: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The real CLI, as a script or the GUI's launcher would run it."""
    return subprocess.run(
        [sys.executable, "-m", "cli", "--data-dir", str(data_dir), *args],
        cwd=REPO, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "MOTCUA_USER": ACTOR, "PYTHONPATH": str(REPO)},
    )  # fmt: skip


def sync_json(data_dir: Path, *extra: str, timeout: float = 120) -> tuple[int, dict[str, Any], str]:
    proc = motcua(data_dir, "sync", "--json", *extra, timeout=timeout)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    return proc.returncode, (json.loads(lines[-1]) if lines else {}), proc.stderr
