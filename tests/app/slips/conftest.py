"""Real dossiers in a real SQLite store, and PDF read-back helpers for the slip tests."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import uuid as uuidlib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.desk import Desk
from app.domain.clock import TZ, now
from app.services import transitions
from app.services.intake import DocumentInput, IntakeRequest, PersonInput, intake
from app.services.users import hash_password
from app.slips.data import SlipDossier, from_dossier
from app.store.models import Dossier, Office, Procedure, User

OWNER = "Nguyễn Thị Thược"
PASSWORD = "mat-khau-thuy-8"  # the clerk's, for the command-line tests that sign in
SUBMITTER = "Đặng Ưng Ổn"
OWNER_ID = "001185012345"  # Hà Nội, female born 1985
SUBMITTER_ID = "001090054321"
ADDRESS = "Thôn Ẩm Thượng, xã Hòa Phú, tỉnh Đắk Lắk"
PROC_NAME = "Đăng ký khai sinh có yếu tố nước ngoài"


def at(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


class Store:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    def office(self) -> Office:
        return self.desk.require_office()

    def intake(
        self,
        received: datetime,
        *,
        documents: list[DocumentInput] | None = None,
        address: str = ADDRESS,
        submitter: bool = True,
        procedure: str = "1.001193",
        return_method: str = "desk",
        owner_name: str = OWNER,
        online: bool = False,
    ) -> str:
        from app.domain.lifecycle import Status

        office = self.office()
        req = IntakeRequest(
            procedure_code=procedure,
            owner=PersonInput(
                name=owner_name,
                id_number=OWNER_ID,
                address=address,
                phone="0912345678",
                email="thuoc@example.vn",
            ),
            submitter=PersonInput(name=SUBMITTER, id_number=SUBMITTER_ID, phone="0987654321")
            if submitter
            else None,
            received_at=received,
            documents=documents,
            return_method=return_method,
            channel="online" if online else "direct",
            status=Status.SUBMITTED if online else Status.RECEIVED,
        )
        with self.desk.tx() as s:
            return intake(s, req, office=office, calendar=self.desk.calendar(), actor="thuytt").code

    def slip(self, code: str) -> SlipDossier:
        with self.desk.read() as s:
            d = s.scalar(select(Dossier).where(Dossier.code == code))
            assert d is not None
            office = s.get(Office, 1)
            assert office is not None
            return from_dossier(d, office)

    def extend(self, code: str, new_due: datetime, reason: str, when: datetime) -> None:
        with self.desk.tx() as s:
            transitions.extend(s, code, new_due, reason=reason, actor="thuytt", at=when)

    def hand_over(self, code: str, when: datetime, from_unit: str = "", to_unit: str = "") -> None:
        with self.desk.tx() as s:
            transitions.hand_over(s, code, from_unit=from_unit, to_unit=to_unit, actor="thuytt", at=when)

    def status(
        self, code: str, target: str, note: str = "", when: datetime | None = None, **data: object
    ) -> None:
        from app.domain.lifecycle import Status

        with self.desk.tx() as s:
            transitions.change_status(
                s,
                code,
                Status(target),
                calendar=self.desk.calendar(),
                actor="thuytt",
                note=note,
                at=when,
                data=dict(data) or None,
            )


def open_store(directory: Path) -> Store:
    """A fresh store with one office, three procedures and one clerk account (no bundled seed)."""
    desk = Desk.open(directory, seed=False)
    stamp = now()
    with desk.tx() as s:
        s.add(
            Office(
                id=1,
                unit_code="000.00.12.H29",
                office_name="Trung tâm Phục vụ hành chính công xã Hòa Phú",
                parent_agency="UBND xã Hòa Phú",
                commune="xã Hòa Phú",
                province="tỉnh Đắk Lắk",
                address="Thôn 1, xã Hòa Phú, tỉnh Đắk Lắk",
                phone="02623812345",
                website="https://dichvucong.daklak.gov.vn",
                form_switch_date=date(2025, 9, 15),
                created_at=stamp,
                updated_at=stamp,
            )
        )
        s.add(
            Procedure(
                code="1.001193",
                name=PROC_NAME,
                limit_unit="working_days",
                limit_value=3,
                processing_body="Công chức Tư pháp - Hộ tịch",
                documents=[
                    {"name": "Tờ khai đăng ký khai sinh", "originals": 1, "certified": 0, "copies": 0},
                    {"name": "Giấy chứng sinh", "originals": 1, "certified": 0, "copies": 0},
                    {
                        "name": "Giấy tờ tùy thân của người đi đăng ký",
                        "originals": 0,
                        "certified": 1,
                        "copies": 1,
                    },
                ],
                updated_at=stamp,
            )
        )
        s.add(
            Procedure(
                code="2.000001",
                name="Chứng thực bản sao từ bản chính",
                limit_unit="same_day",
                updated_at=stamp,
            )
        )
        s.add(
            Procedure(
                code="2.000002",
                name="Xác nhận tình trạng hôn nhân đặc biệt",
                limit_unit="unknown",
                updated_at=stamp,
            )
        )
        s.add(
            User(
                username="thuytt",
                full_name="Trần Thị Thủy",
                role="clerk",
                password_hash=hash_password(PASSWORD),
                created_at=stamp,
            )
        )
    return Store(desk)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    st = open_store(tmp_path / "data")
    try:
        yield st
    finally:
        st.desk.close()


# ---- reading PDFs back ----------------------------------------------------------------------


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (apt-get install poppler-utils zbar-tools)")
    return path


def pdf_text(pdf: bytes, tmp_path: Path, *, layout: bool = False) -> str:
    src = tmp_path / f"read-{uuidlib.uuid4().hex}.pdf"
    src.write_bytes(pdf)
    args = [need("pdftotext"), "-enc", "UTF-8"]
    args.append("-layout" if layout else "-raw")
    out = subprocess.run([*args, str(src), "-"], check=True, capture_output=True).stdout.decode("utf-8")
    return unicodedata.normalize("NFC", out)


def lines(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", ln).strip() for ln in text.splitlines() if ln.strip()]


def flat(text: str) -> str:
    """Whitespace collapsed: a wrapped paragraph reads as one line."""
    return re.sub(r"\s+", " ", text).strip()


def pages(pdf: bytes) -> list[str]:
    from io import BytesIO

    from pypdf import PdfReader

    return [unicodedata.normalize("NFC", p.extract_text() or "") for p in PdfReader(BytesIO(pdf)).pages]


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    from io import BytesIO

    from pypdf import PdfReader

    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(BytesIO(pdf)).pages]


def pdf_fonts(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    src = tmp_path / f"fonts-{uuidlib.uuid4().hex}.pdf"
    src.write_bytes(pdf)
    out = subprocess.run([need("pdffonts"), str(src)], check=True, capture_output=True, text=True).stdout
    return [ln.split() for ln in out.splitlines()[2:] if ln.strip()]
