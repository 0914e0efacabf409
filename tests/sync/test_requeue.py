"""Re-queueing a rejected change: a new change_id, the dossier's waiting changes after it, and
the hub then has everything exactly once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.desk import Desk
from app.services.views import rejected_changes
from app.store.models import Outbox
from server import admin
from server.db import HubDB
from server.store import office_stats
from sync.engine import run_sync
from sync.requeue import RequeueError, list_changes, requeue
from tests.faults.deskkit import UNIT_A, make_dossiers
from tests.sync.conftest import Hub


def _reject_create(desk: Desk, code: str) -> str:
    """Stand in for the hub's final 'rejected' answer to the dossier's create."""
    with desk.tx() as s:
        for row in s.scalars(select(Outbox).where(Outbox.entity == "dossier", Outbox.op == "create")):
            if code in row.payload:
                row.state, row.last_error = "rejected", "Máy chủ tạm thời không nhận thủ tục này"
                return row.change_id
    raise AssertionError(code)


def test_requeued_create_goes_before_its_waiting_events_and_lands_once(desk: Desk, hub: Hub) -> None:
    first, second = make_dossiers(desk, 2, events=2)
    rejected = _reject_create(desk, first)
    report = run_sync(desk)
    assert report.ok and report.waiting == 2  # first's two events wait behind its rejected create
    assert [r.code for r in report.rejected_items] == [first]

    with desk.read() as s:  # what the status bar and the sync panel list before any run
        listed = rejected_changes(s)
    assert [(r["code"], r["reason"]) for r in listed] == [(first, "Máy chủ tạm thời không nhận thủ tục này")]

    done = requeue(desk, rejected, actor="quantri")
    assert [(d.entity, d.op) for d in done] == [
        ("dossier", "create"),
        ("event", "append"),
        ("event", "append"),
    ]
    assert all(d.new_change_id != d.old_change_id for d in done)
    with desk.read() as s:
        states = {r.change_id: r.state for r in s.scalars(select(Outbox))}
        ids = {r.change_id: r.id for r in s.scalars(select(Outbox))}
    new_ids = [ids[d.new_change_id] for d in done]
    assert all(states[d.old_change_id] == "superseded" for d in done)
    assert new_ids == sorted(new_ids)  # the create first, then its events in their order

    report = run_sync(desk)
    assert report.ok and report.pending == 0 and report.rejected == 0 and report.waiting == 0
    db = HubDB(hub.db_url)
    try:
        with db.read() as hs:
            stats = office_stats(hs, admin.get_office(hs, UNIT_A))
    finally:
        db.dispose()
    # both dossiers, each with its received event and two more, exactly once
    assert (stats["dossiers"], stats["distinct_codes"]) == (2, 2)
    assert stats["events"] == stats["distinct_events"] == 6
    assert first != second
    superseded = list_changes(desk, "superseded")
    assert sorted(r["change_id"] for r in superseded) == sorted(d.old_change_id for d in done)


def test_only_rejected_changes_can_be_requeued(desk: Desk) -> None:
    make_dossiers(desk, 1)
    with desk.read() as s:
        pending = s.scalars(select(Outbox.change_id)).first()
    assert pending is not None
    with pytest.raises(RequeueError, match="bị máy chủ từ chối"):
        requeue(desk, pending, actor="t")
    with pytest.raises(RequeueError, match="Không có thay đổi"):
        requeue(desk, "khong-co", actor="t")
