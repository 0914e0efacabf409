"""Issue 12 store: the 0007_citizen migration from the previous schema, and the rules of the use
cases that the CLI tests do not reach (permissions, postal rules, the scan look-up)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from app.desk import Desk
from app.domain.cccd import CccdError, parse
from app.domain.lifecycle import Status, TransitionError
from app.services import transitions
from app.store import migrate
from app.store.engine import make_engine
from app.usecases import Actor, PermissionDenied, citizen
from tests.app.deskkit import cccd, person, receive, request

CLERK = Actor("canbo", "Cán bộ", "clerk", "cli")
LEADER = Actor("lanhdao", "Lãnh đạo", "leader", "cli")


def test_upgrade_from_0002_keeps_data_and_adds_the_tables(tmp_path: Path) -> None:
    db = tmp_path / "motcua.sqlite3"
    engine = make_engine(db)
    migrate.upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO sync_state(key, value) VALUES ('cursor', '42')"))
    assert not inspect(engine).has_table("rating")
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == "0007_citizen" == migrate.HEAD
    names = set(inspect(engine).get_table_names())
    assert {"rating", "feedback", "postal_shipment"} <= names
    with engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM sync_state WHERE key='cursor'")).scalar() == "42"
    engine.dispose()


def test_cccd_parser_keeps_empty_fields_and_names_the_rule() -> None:
    card = parse(f"{cccd(5)}||Lê  Văn   Tám|01011990|Nam|Xã Tân Lập|02022022||||")
    assert card.old_id == "" and card.name == "Lê Văn Tám" and card.gender == "M"
    for n in (1, 6, 8, 9, 10):
        with pytest.raises(CccdError, match=f"có {n} trường"):
            parse("|".join([cccd(5)] + [""] * (n - 1)))
    with pytest.raises(CccdError, match="số CMND cũ"):
        parse(f"{cccd(5)}|12ab|Tên|01011990|Nam|x|02022022")


def test_scan_look_up_by_old_cmnd_and_permissions(desk: Desk) -> None:
    receive(desk, request(owner=person(name="Lê Văn Tám", id_number="123456789", phone="0987654321")))
    found = citizen.applicant_from_scan(desk, CLERK, parse(f"{cccd(5)}|123456789|Lê Văn Tám|01011990|Nam|x|"))
    assert found["returning"] and found["phone"] == "0987654321" and found["id_number"] == cccd(5)
    fb = citizen.add_feedback(desk, CLERK, "Góp ý")
    with pytest.raises(PermissionDenied):
        citizen.answer_feedback(desk, CLERK, fb["id"], "Trả lời")
    assert citizen.answer_feedback(desk, LEADER, fb["id"], "Trả lời")["status"] == "answered"
    with pytest.raises(PermissionDenied):
        citizen.index766(desk, CLERK, *(__import__("datetime").date(2026, 1, 1),) * 2)


def test_postal_rules(desk: Desk) -> None:
    code = receive(desk, request(return_method="post")).code
    with desk.tx() as s:
        transitions.change_status(s, code, Status.RESOLVED, calendar=desk.calendar(), actor="t")
    with pytest.raises(TransitionError, match="chưa được giao bưu điện"):
        citizen.postal_delivered(desk, CLERK, code)
    citizen.postal_hand(desk, CLERK, code, "EB1VN")
    with pytest.raises(TransitionError, match="đã được giao bưu điện"):
        citizen.postal_hand(desk, CLERK, code, "EB2VN")
    with desk.read() as s:
        kinds = [e.kind for e in transitions.get_dossier(s, code).events]
    assert kinds[-1] == "handed_to_post"
    out = citizen.postal_delivered(desk, CLERK, code)
    assert out["delivered_at"] is not None
    with desk.read() as s:
        assert transitions.get_dossier(s, code).status == "returned"
