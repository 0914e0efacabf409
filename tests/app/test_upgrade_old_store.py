"""Upgrades tested on real old data (Electrum's habit): a store written by release 0.1.0
(schema 0001: three CLI intakes, a supplement request, 300 demo dossiers) opened by this code."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.desk import Desk
from app.domain.clock import TZ
from app.domain.text import fold
from app.services.intake import IntakeRequest, PersonInput, intake
from app.services.search import search
from app.store import audit, migrate
from app.store.models import Dossier, Outbox

OLD = Path(__file__).parent / "data" / "stores" / "release-0.1.0-rev0001.db"


@pytest.fixture()
def old_store(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(OLD, data / "motcua.sqlite3")
    con = sqlite3.connect(data / "motcua.sqlite3")
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    con.close()
    return data


def test_old_store_opens_upgraded_with_everything_kept(old_store: Path) -> None:
    con = sqlite3.connect(old_store / "motcua.sqlite3")
    issued = con.execute("SELECT last FROM day_counter WHERE day='2026-11-20'").fetchone()[0]
    con.close()
    assert issued >= 2
    with Desk.open(old_store) as desk:
        assert migrate.current_revision(desk.engine) == migrate.head_revision()
        with desk.read() as s:
            assert s.scalar(select(func.count()).select_from(Dossier)) == 303
            assert s.scalar(select(func.count()).select_from(Outbox).where(Outbox.state == "pending")) == 4
            assert audit.verify(s).ok
            # 0002 back-filled the given-name key for rows written before it existed
            names = {d.owner.name for d in search(s, "an", limit=500)}
            assert "Lê Văn An" in names
            assert all(fold(n).split()[-1].startswith("an") or fold(n).startswith("an") for n in names)
            supplement = s.scalar(select(Dossier).where(Dossier.code == "000.00.12.H29-261119-0001"))
            assert supplement is not None and supplement.status == "supplement_requested"
            assert supplement.paused_at is not None
        with desk.tx() as s:
            r = intake(
                s,
                IntakeRequest(
                    "1.001193",
                    PersonInput("Trần Thị Thu", "001190067890"),
                    received_at=datetime(2026, 11, 20, 16, 0, tzinfo=TZ),
                ),
                office=desk.require_office(),
                calendar=desk.calendar(),
                actor="t",
            )
        # numbering continues after the codes release 0.1.0 already printed that day
        assert r.code == f"000.00.12.H29-261120-{issued + 1:04d}"


def _triggers(desk: Desk) -> set[str]:
    with desk.engine.connect() as conn:
        return {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")}


FTS_TRIGGERS = {"dossier_fts_ai", "dossier_fts_ad", "dossier_fts_au"}


def test_old_store_downgrades_and_upgrades_again(old_store: Path) -> None:
    with Desk.open(old_store) as desk:
        from alembic import command

        from app.store.migrate import _config

        assert FTS_TRIGGERS | {"audit_no_update", "dossier_event_no_delete"} <= _triggers(desk)
        with desk.engine.begin() as conn:
            command.downgrade(_config(conn), "0001")
        assert migrate.current_revision(desk.engine) == "0001"
        assert FTS_TRIGGERS <= _triggers(desk) and "audit_no_update" not in _triggers(desk)
        migrate.upgrade(desk.engine)
        assert migrate.current_revision(desk.engine) == migrate.head_revision()
        with desk.read() as s:
            assert s.scalar(select(func.count()).select_from(Dossier)) == 303
        assert FTS_TRIGGERS | {"audit_no_update", "dossier_event_no_delete"} <= _triggers(desk)


def test_0005_backfills_register_book_number_and_area(old_store: Path, tmp_path: Path) -> None:
    """Issue 11: dossiers written before the register line existed get one book per year,
    numbered in order of receipt; the area is the office's commune; a receipt reprint shows it."""
    from app.slips.service import render_dossier_slip
    from tests.app.slips.conftest import flat, pdf_text

    con = sqlite3.connect(old_store / "motcua.sqlite3")
    commune = con.execute("SELECT commune FROM office").fetchone()[0]
    con.close()
    with Desk.open(old_store) as desk:
        with desk.read() as s:
            rows = s.execute(
                select(
                    Dossier.code,
                    Dossier.received_at,
                    Dossier.register_book,
                    Dossier.register_number,
                    Dossier.area,
                )
                .where(Dossier.status != "submitted")
                .order_by(Dossier.received_at, Dossier.id)
            ).all()
            assert rows
            by_year: dict[str, list[int]] = {}
            for _code, received, book, number, area in rows:
                assert book == str(received.year)
                by_year.setdefault(book, []).append(number)
                assert area == commune
            for numbers in by_year.values():
                assert numbers == list(range(1, len(numbers) + 1))
        code, _, book, number, _ = rows[-1]
        pdf, _fs, _size = render_dossier_slip(desk, code, "receipt", copies=1)
        assert f"Vào Sổ theo dõi hồ sơ, Quyển số: {book}, Số thứ tự: {number:02d}" in flat(
            pdf_text(pdf, tmp_path)
        )
        # the next intake continues the book
        with desk.tx() as s:
            r = intake(
                s,
                IntakeRequest(
                    "1.001193",
                    PersonInput("Trần Thị Thu", "001190067890"),
                    received_at=datetime(2026, 11, 20, 16, 0, tzinfo=TZ),
                ),  # fmt: skip
                office=desk.require_office(),
                calendar=desk.calendar(),
                actor="test",
            )
        assert (r.register_book, r.register_number) == ("2026", len(by_year["2026"]) + 1)
