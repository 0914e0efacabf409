"""Issue 12 upstream: ratings, feedback entries, answers and the 'handed to post' event reach the
real hub (uvicorn on 127.0.0.1) exactly once; a desk cannot rate another office's dossier."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from app.desk import Desk
from app.domain.clock import now
from app.domain.lifecycle import Status
from app.services import transitions
from app.usecases import Actor, citizen
from server.models import CitizenRow, EventRow
from sync.engine import run_sync
from tests.faults.deskkit import make_dossiers
from tests.sync.conftest import Hub

CLERK = Actor("test:clerk", "Cán bộ", "clerk", "cli")
LEADER = Actor("test:leader", "Lãnh đạo", "leader", "cli")


def test_rating_and_feedback_sync_once(desk: Desk, hub: Hub) -> None:
    code = make_dossiers(desk, 1)[0]
    with desk.tx() as s:
        transitions.change_status(
            s, code, Status.RESOLVED, calendar=desk.calendar(), actor="t", at=now() - timedelta(hours=1)
        )
    rating = citizen.rate(desk, CLERK, code, 3, comment="Nhanh, chu đáo", return_now=True)
    fb = citizen.add_feedback(desk, CLERK, "Phản ánh: thiếu chỗ để xe", kind="complaint", dossier_code=code)
    loose = citizen.add_feedback(desk, CLERK, "Góp ý chung", contact="0912345678")
    citizen.answer_feedback(desk, LEADER, fb["id"], "Đã mở thêm bãi xe")
    report = run_sync(desk)
    assert report.ok and report.pending == 0 and report.rejected == 0, report.rejected_items
    with hub.running.db.read() as s:
        rows = {r.uuid: r for r in s.scalars(select(CitizenRow))}
        assert set(rows) == {rating["uuid"], fb["uuid"], loose["uuid"]}
        assert json.loads(rows[rating["uuid"]].payload)["level"] == 3
        assert rows[rating["uuid"]].dossier_id is not None and rows[loose["uuid"]].dossier_id is None
        assert json.loads(rows[fb["uuid"]].answer or "{}")["answer"] == "Đã mở thêm bãi xe"
        assert rows[loose["uuid"]].answer is None
    again = run_sync(desk)
    assert again.ok and again.pushed == 0


def test_handed_to_post_event_reaches_the_hub(desk: Desk, hub: Hub) -> None:
    code = make_dossiers(desk, 1)[0]
    with desk.tx() as s:
        d = transitions.get_dossier(s, code)
        d.return_method = "post"
        transitions.change_status(s, code, Status.RESOLVED, calendar=desk.calendar(), actor="t")
    citizen.postal_hand(desk, CLERK, code, "EB000111222VN")
    assert run_sync(desk).ok
    with hub.running.db.read() as s:
        kinds = [e.kind for e in s.scalars(select(EventRow).order_by(EventRow.id))]
        assert kinds[-1] == "handed_to_post"


def test_another_office_cannot_rate_or_answer_this_offices_items(desk: Desk, hub: Hub) -> None:
    import uuid

    from server import admin
    from server.store import apply_batch
    from tests.faults.deskkit import UNIT_B

    code = make_dossiers(desk, 1)[0]
    fb = citizen.add_feedback(desk, CLERK, "Góp ý của xã A", dossier_code=code)
    assert run_sync(desk).ok
    with desk.read() as s:
        dossier_uuid = transitions.get_dossier(s, code).uuid
    stamp = now().isoformat()
    rating_uuid = str(uuid.uuid4())
    changes = [
        {"change_id": str(uuid.uuid4()), "entity": "rating", "op": "submit", "entity_uuid": rating_uuid,
         "created_at": stamp, "payload": {"rating": {"uuid": rating_uuid, "level": 1}, "dossier_uuid": dossier_uuid}},
        {"change_id": str(uuid.uuid4()), "entity": "feedback", "op": "answer", "entity_uuid": fb["uuid"],
         "created_at": stamp, "payload": {"feedback_uuid": fb["uuid"], "answer": "chen ngang"}},
    ]  # fmt: skip
    with hub.running.db.write() as s:
        results = apply_batch(s, admin.get_office(s, UNIT_B), changes)
    assert [r["status"] for r in results] == ["rejected", "rejected"]
    with hub.running.db.read() as s:
        assert s.scalar(select(CitizenRow).where(CitizenRow.uuid == rating_uuid)) is None
        assert s.scalar(select(CitizenRow.answer).where(CitizenRow.uuid == fb["uuid"])) is None
