"""The sync engine in-process against the real hub (uvicorn on 127.0.0.1)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select, update

from app.desk import Desk
from app.domain.lifecycle import Status
from app.services import transitions
from app.services.calendar_store import set_day
from app.store.models import CalendarDay, Dossier, DossierEvent, Outbox, Procedure, get_state, set_state
from server import admin
from server.store import office_stats
from sync.engine import SyncConfig, run_sync
from tests.faults.deskkit import ACTOR, UNIT_A, make_dossiers, outbox_counts, point_at
from tests.sync.conftest import Hub


def hub_stats(hub: Hub) -> dict[str, int]:
    with hub.running.db.read() as s:
        return office_stats(s, admin.get_office(s, UNIT_A))


def test_push_sends_every_change_once_and_a_second_run_sends_nothing(desk: Desk, hub: Hub) -> None:
    codes = make_dossiers(desk, 120, events=2)
    phases: list[tuple[str, int, int]] = []
    report = run_sync(desk, progress=lambda p, d, t: phases.append((p, d, t)))
    assert report.ok and report.pushed == 360 and report.pending == 0 and report.rejected == 0
    assert report.requests >= 4  # health, several batches (50, 75, 113, ...), updates
    assert ("push", 360, 360) in phases and phases[0][0] == "health"
    s = hub_stats(hub)
    assert (s["dossiers"], s["distinct_codes"], s["events"], s["distinct_events"], s["changes"]) == (
        120,
        120,
        360,
        360,
        360,
    )
    assert outbox_counts(desk) == {"acked": 360}
    with desk.read() as sess:
        row = sess.scalars(select(Outbox).order_by(Outbox.id)).first()
        assert row is not None and row.result["status"] == "applied" and row.result["code"] == codes[0]
        assert row.acked_at is not None and row.attempts == 1
        assert get_state(sess, "last_sync_at") and get_state(sess, "last_error") == ""
    again = run_sync(desk)
    assert again.ok and again.pushed == 0 and hub_stats(hub)["changes"] == 360


def test_status_changed_upstream_enters_the_timeline_once_and_is_not_sent_back(desk: Desk, hub: Hub) -> None:
    codes = make_dossiers(desk, 3)
    run_sync(desk)
    with hub.running.db.write() as s:
        admin.set_status(s, codes[1], "resolved", note="Đã ký kết quả", actor="Công chức Tư pháp")
    report = run_sync(desk)
    assert report.ok and report.pulled == 1 and report.pushed == 0
    with desk.read() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == codes[1]))
        assert d is not None and d.status == "resolved" and d.resolved_at is not None
        ev = d.events[-1]
        assert (ev.origin, ev.kind, ev.actor, ev.note) == (
            "upstream",
            "resolved",
            "Công chức Tư pháp",
            "Đã ký kết quả",
        )
    with desk.tx() as s:
        set_state(s, "pull_cursor", "0")  # forget the cursor: the feed is replayed from the start
    replay = run_sync(desk)
    assert replay.ok and replay.pulled == 1
    with desk.read() as s:
        n = len(list(s.scalars(select(DossierEvent).where(DossierEvent.origin == "upstream"))))
        assert n == 1
    assert outbox_counts(desk) == {"acked": 3}
    # The clerk hands the result back: the desk's event goes up and the hub's status follows.
    with desk.tx() as s:
        transitions.change_status(s, codes[1], Status.RETURNED, calendar=desk.calendar(), actor=ACTOR)
    assert run_sync(desk).pushed == 1
    with hub.running.db.read() as s:
        from server.models import DossierRow

        assert s.scalar(select(DossierRow.status).where(DossierRow.code == codes[1])) == "returned"


def test_online_submission_arrives_as_submitted_and_its_echo_is_never_sent(desk: Desk, hub: Hub) -> None:
    with hub.running.db.write() as s:
        sub = admin.submit(
            s,
            UNIT_A,
            "1.001022",
            {"name": "Đặng Ưng Ổn", "id_type": "cccd", "id_number": "038188000777", "phone": "0912345678"},
        )
    report = run_sync(desk)
    assert report.ok and report.pulled == 1 and report.pushed == 0
    with desk.read() as s:
        d = s.scalar(select(Dossier).where(Dossier.uuid == sub["uuid"]))
        assert d is not None and (d.code, d.status, d.channel, d.due_at) == (
            sub["code"],
            "submitted",
            "online",
            None,
        )
        echo = s.scalar(select(Outbox).where(Outbox.entity_uuid == sub["uuid"]))
        assert echo is not None and echo.state == "acked" and echo.result["status"] == "upstream"
    assert hub_stats(hub)["changes"] == 0
    with desk.tx() as s:
        transitions.change_status(s, sub["code"], Status.RECEIVED, calendar=desk.calendar(), actor=ACTOR)
    assert run_sync(desk).pushed == 1
    s2 = hub_stats(hub)
    assert (s2["dossiers"], s2["events"], s2["changes"]) == (1, 2, 1)


def test_catalogue_and_calendar_updates_apply_and_an_admin_edit_wins(desk: Desk, hub: Hub) -> None:
    with desk.tx() as s:
        proc = s.scalar(select(Procedure).where(Procedure.code == "1.001022"))
        assert proc is not None
        item = {
            "code": proc.code, "name": proc.name + " (cập nhật)", "field": proc.field,
            "limit": {"unit": "working_days", "value": 5, "text": "05 ngày làm việc"},
            "fee": {"text": "Miễn phí", "rule": {"kind": "free"}}, "documents": proc.documents,
        }  # fmt: skip
        set_day(
            s, date(2026, 5, 4), "work", name="Làm bù (xã quyết định)", origin="admin", actor="test:admin"
        )
    bad = {"code": "1.99", "name": "Sai mã"}
    with hub.running.db.write() as s:
        ids = [o.id for o in admin.offices(s)]
        admin.publish(s, ids, "procedure", {"procedures": [item]})
        admin.publish(s, ids, "procedure", {"procedures": [bad]})
        days = [
            {"day": "2026-05-04", "kind": "off", "name": "Nghỉ bù", "source": "hub"},
            {"day": "2026-05-05", "kind": "off", "name": "Nghỉ bù", "source": "hub"},
        ]
        admin.publish(s, ids, "calendar", {"days": days})
    report = run_sync(desk)
    assert report.ok and report.pulled == 2
    assert any("Không áp dụng được cập nhật" in w and "1.99" in w for w in report.warnings)
    assert any("2026-05-04" in w for w in report.warnings)  # the kept admin day is reported
    with desk.read() as s:
        proc2 = s.scalar(select(Procedure).where(Procedure.code == "1.001022"))
        assert proc2 is not None and proc2.name.endswith("(cập nhật)") and proc2.limit_value == 5
        kept = s.get(CalendarDay, date(2026, 5, 4))
        new = s.get(CalendarDay, date(2026, 5, 5))
        assert kept is not None and (kept.kind, kept.origin) == ("work", "admin")
        assert new is not None and (new.kind, new.origin) == ("off", "upstream")
        parked = json.loads(get_state(s, "parked_updates"))
        assert [p["type"] for p in parked] == ["procedure"]
        cursor = int(get_state(s, "pull_cursor"))
    with hub.running.db.read() as hs:
        from server.models import UpdateRow

        last = hs.scalar(
            select(UpdateRow.seq)
            .where(UpdateRow.office_id == admin.get_office(hs, UNIT_A).id)
            .order_by(UpdateRow.seq.desc())
        )
    assert cursor == last  # the bad update did not stall the feed
    assert not desk.calendar().is_working_day(date(2026, 5, 5))


def _tamper(desk: Desk, code: str, mutate: Callable[[dict[str, Any]], None]) -> None:
    with desk.tx() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == code))
        assert d is not None
        row = s.scalar(select(Outbox).where(Outbox.entity_uuid == d.uuid, Outbox.op == "create"))
        assert row is not None
        payload = json.loads(row.payload)
        mutate(payload["dossier"])
        s.execute(
            update(Outbox)
            .where(Outbox.id == row.id)
            .values(payload=json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
        )


def test_a_rejected_dossier_is_shown_with_the_reason_and_blocks_only_its_own_events(
    desk: Desk, hub: Hub
) -> None:
    codes = make_dossiers(desk, 10, events=2)
    _tamper(desk, codes[3], lambda d: d.update(unit_code="000.00.99.H29"))
    report = run_sync(desk)
    assert report.ok and report.rejected == 1 and report.pushed == 27
    item = report.rejected_items[0]
    assert item.code == codes[3] and "000.00.99.H29" in item.reason and item.entity == "dossier"
    assert report.waiting == 2 and report.pending == 2
    assert any("đang chờ" in w for w in report.warnings)
    assert hub_stats(hub)["dossiers"] == 9
    again = run_sync(desk)
    assert again.pushed == 0 and again.waiting == 2 and again.rejected == 1


def test_a_schema_invalid_change_is_isolated_by_bisection_and_rejected_with_the_servers_reason(
    desk: Desk, hub: Hub
) -> None:
    codes = make_dossiers(desk, 40)
    _tamper(desk, codes[17], lambda d: d.update(received_at="2026-03-12T09:15:00"))
    report = run_sync(desk)
    assert report.ok and report.pushed == 39 and report.rejected == 1
    assert "received_at" in report.rejected_items[0].reason and report.rejected_items[0].code == codes[17]
    with desk.read() as s:
        row = s.scalar(select(Outbox).where(Outbox.state == "rejected"))
        assert row is not None and row.result["http"] == 422


def test_unreachable_server_keeps_everything_pending_and_says_so(desk: Desk, hub: Hub) -> None:
    make_dossiers(desk, 5)
    point_at(desk, "http://127.0.0.1:9", "x")  # discard port: connection refused
    sleeps: list[float] = []
    report = run_sync(desk, config=SyncConfig(max_attempts=3, connect_timeout=1), sleep=sleeps.append)
    assert not report.ok and report.error_kind == "unreachable" and report.pending == 5
    assert "Không kết nối được" in (report.error or "") and len(sleeps) == 2
    with desk.read() as s:
        assert "Không kết nối được" in get_state(s, "last_error") and not get_state(s, "last_sync_at")


def test_wrong_token_stops_at_once_with_an_auth_error(desk: Desk, hub: Hub) -> None:
    make_dossiers(desk, 2)
    point_at(desk, hub.url, hub.token_a + "x")
    sleeps: list[float] = []
    # health needs no token, the push does
    report = run_sync(desk, sleep=sleeps.append)
    assert not report.ok and report.error_kind == "auth" and report.pending == 2 and sleeps == []


def test_cancel_between_batches_stops_with_the_rest_still_pending(desk: Desk, hub: Hub) -> None:
    make_dossiers(desk, 200)
    seen: list[int] = []
    report = run_sync(
        desk, progress=lambda p, d, t: seen.append(d) if p == "push" else None, cancel=lambda: len(seen) >= 2
    )
    assert not report.ok and report.error_kind == "cancelled"
    assert report.pushed == 50 and report.pending == 150
    assert run_sync(desk).pending == 0 and hub_stats(hub)["dossiers"] == 200
