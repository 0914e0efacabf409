"""Upgrades tested on real old data (Electrum's habit): a store written by release 0.1.0
(schema 0001: three CLI intakes, a supplement request, 300 demo dossiers) opened by this code."""

from __future__ import annotations

import shutil
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
from tests.app.deskkit import raw_db

OLD = Path(__file__).parent / "data" / "stores" / "release-0.1.0-rev0001.db"


@pytest.fixture()
def old_store(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(OLD, data / "motcua.sqlite3")
    con = raw_db(data / "motcua.sqlite3")
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    con.close()
    return data


def test_old_store_opens_upgraded_with_everything_kept(old_store: Path) -> None:
    con = raw_db(old_store / "motcua.sqlite3")
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
