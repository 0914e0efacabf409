"""Builders shared by the core tests (desk, people, intake requests, row counts).

Plain functions rather than fixtures so that table-driven tests can build many dossiers in one
store; the fixtures in ``conftest.py`` wrap them.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from app.desk import Desk
from app.domain.clock import at
from app.domain.lifecycle import Status
from app.services import transitions
from app.services.intake import IntakeRequest, IntakeResult, PersonInput, intake
from app.services.office import OfficeProfile, save_profile
from app.store.models import Dossier

REPO_ROOT = Path(__file__).resolve().parents[2]
UNIT = "000.00.12.H29"
# Tables a rejected operation must leave untouched.
TABLES = ("applicant", "dossier", "dossier_event", "outbox", "audit", "day_counter")
# A Thursday in 2026 with ordinary working days around it (Fri 13/3, weekend 14–15/3, Mon 16/3).
THU = date(2026, 3, 12)
ACTOR = "test:clerk"
# Procedures of the bundled catalogue used throughout (resources/catalogue/procedures.json).
P_3_WORKING_DAYS = "1.004873"  # Cấp Giấy xác nhận tình trạng hôn nhân: 03 ngày làm việc
P_SAME_DAY = "1.001193"  # Đăng ký khai sinh: trong ngày, sau 15 giờ thì ngày làm việc tiếp theo
P_CERTIFY_COPY = "2.000815"  # Chứng thực bản sao: per_page 2×2.000 + 1.000/trang, tối đa 200.000
P_NO_LIMIT = "2.001008"  # no published time limit


def cccd(serial: int, *, year: int = 1990, female: bool = False, province: str = "038") -> str:
    """A structurally valid 12-digit CCCD (TT 07/2016/TT-BCA): province, century+gender, yy, serial."""
    century = (year // 100 - 19) * 2 + (1 if female else 0)
    return f"{province}{century}{year % 100:02d}{serial:06d}"


def open_desk(data_dir: Path, *, unit: str = UNIT, workstation: int = 1, workstation_count: int = 1) -> Desk:
    desk = Desk.open(data_dir)
    with desk.tx() as s:
        save_profile(
            s,
            OfficeProfile(
                unit_code=unit,
                office_name="Trung tâm Phục vụ hành chính công xã Tân Lập",
                commune="Tân Lập",
                workstation=workstation,
                workstation_count=workstation_count,
            ),
            actor="test:admin",
        )
    desk.invalidate_calendar()
    return desk


def person(
    name: str = "Nguyễn Thị Hoà", id_number: str | None = None, phone: str = "0912345678", **kw: Any
) -> PersonInput:
    return PersonInput(name=name, id_number=id_number or cccd(123, female=True), phone=phone, **kw)


def request(
    procedure: str = P_3_WORKING_DAYS,
    *,
    received: datetime | None = None,
    owner: PersonInput | None = None,
    **kw: Any,
) -> IntakeRequest:
    return IntakeRequest(
        procedure_code=procedure,
        owner=owner or person(),
        received_at=received or at(THU, time(9, 0)),
        **kw,
    )


def receive(desk: Desk, req: IntakeRequest | None = None, **kw: Any) -> IntakeResult:
    """One intake in its own transaction, as the desk does it."""
    office = desk.require_office()
    calendar = desk.calendar()
    with desk.tx() as s:
        return intake(s, req or request(**kw), office=office, calendar=calendar, actor=ACTOR)


def move(
    desk: Desk,
    code: str,
    target: Status | str,
    note: str = "lý do ghi trong phiếu",
    at_: datetime | None = None,
) -> transitions.DossierChange:
    calendar = desk.calendar()
    with desk.tx() as s:
        return transitions.change_status(
            s, code, Status(target), calendar=calendar, actor=ACTOR, note=note, at=at_
        )


def counts(desk: Desk) -> dict[str, int]:
    with desk.read() as s:
        return {t: int(s.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one()) for t in TABLES}


def dossier(desk: Desk, code: str) -> Dossier:
    with desk.read() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == code))
        assert d is not None, code
        return d


def data_key(data_dir: Path) -> bytes:
    """The data key a data dir's custody holds (test sandbox: a key file under XDG_CONFIG_HOME)."""
    from app.store import keys

    info = keys.read_info(Path(data_dir))
    assert info is not None, f"no key info in {data_dir}"
    key = keys.load_key(info)
    assert key is not None
    return key


def raw_db(path: Path, key: bytes | None = None, *, readonly: bool = False) -> Any:
    """A raw DB-API connection to a store or backup file, as a tamperer holding the key would
    have; the key defaults to the one of the data dir the file sits in (plain files: none)."""
    from app.store.engine import connect_file, is_plaintext

    path = Path(path)
    if key is None and path.exists() and path.stat().st_size and not is_plaintext(path):
        key = data_key(path.parent)
    return connect_file(path, key, readonly=readonly)


def dossier_count(desk: Desk) -> int:
    with desk.read() as s:
        return int(s.scalar(select(func.count()).select_from(Dossier)) or 0)


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def store_digest(data_dir: Path) -> dict[str, str]:
    """Digest of the database and its WAL side files, whichever exist."""
    out = {}
    for name in ("motcua.sqlite3", "motcua.sqlite3-wal"):
        p = Path(data_dir) / name
        if p.exists():
            out[name] = file_digest(p)
    return out


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONIOENCODING"] = "utf-8"
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["MOTCUA_USER"] = "test:cli"
    return env


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        import json

        return json.loads(self.out)


def run_cli_process(data_dir: Path, *args: str, timeout: float = 60) -> CliResult:
    """The real ``motcua`` in a fresh interpreter (``python -m cli``)."""
    proc = subprocess.run(
        [sys.executable, "-m", "cli", "--data-dir", str(data_dir), *args],
        cwd=REPO_ROOT,
        env=subprocess_env(),
        capture_output=True,
        timeout=timeout,
    )
    return CliResult(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


def rows_digest(data_dir: Path) -> str:
    """Every row of every table of a data dir's store (sqlcipher3 has no ``iterdump()``): a refused
    command must leave this unchanged."""
    import hashlib

    con = raw_db(Path(data_dir) / "motcua.sqlite3")
    try:
        lines = []
        for kind, name, sql in con.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name"):
            lines.append(f"{kind} {name}: {sql}")
            if kind == "table" and not (sql or "").upper().startswith("CREATE VIRTUAL"):
                lines += [repr(row) for row in con.execute(f'SELECT * FROM "{name}"')]
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()
    finally:
        con.close()
