"""Dossier lifecycle: every (from, to) pair, reasons, the supplement pause, the one extension,
append-only events with their outbox and audit rows, on-time classification, upstream events."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.desk import Desk
from app.domain.clock import at
from app.domain.lifecycle import (
    PORTAL_CODE,
    TRANSITIONS,
    Status,
    Timeliness,
    TransitionError,
    check_transition,
    classify,
    parse_status,
)
from app.services import transitions
from app.services.transitions import NotFound
from app.store.models import Audit, Dossier, DossierEvent, Outbox
from tests.app.deskkit import ACTOR, P_3_WORKING_DAYS, THU, counts, dossier, move, open_desk, receive, request

S = Status
# Written from design.md "Dossier lifecycle" and domain.md §3.1, independently of lifecycle.py.
ALLOWED: dict[Status, set[Status]] = {
    S.SUBMITTED: {S.RECEIVED, S.REFUSED, S.SUPPLEMENT_REQUESTED, S.WITHDRAWN},
    S.RECEIVED: {
        S.IN_PROGRESS,
        S.SUPPLEMENT_REQUESTED,
        S.AWAITING_PAYMENT,
        S.RESOLVED,
        S.WITHDRAWN,
        S.STOPPED,
    },
    S.IN_PROGRESS: {S.SUPPLEMENT_REQUESTED, S.AWAITING_PAYMENT, S.RESOLVED, S.WITHDRAWN, S.STOPPED},
    S.SUPPLEMENT_REQUESTED: {S.RECEIVED, S.IN_PROGRESS, S.WITHDRAWN, S.STOPPED, S.REFUSED},
    S.AWAITING_PAYMENT: {S.IN_PROGRESS, S.RESOLVED, S.WITHDRAWN, S.STOPPED},
    S.RESOLVED: {S.RETURNED},
    S.REFUSED: set(),
    S.WITHDRAWN: set(),
    S.STOPPED: set(),
    S.RETURNED: set(),
}
KIND = {
    S.RECEIVED: "received",
    S.REFUSED: "refused",
    S.IN_PROGRESS: "handed_over",
    S.SUPPLEMENT_REQUESTED: "supplement_requested",
    S.AWAITING_PAYMENT: "payment_requested",
    S.WITHDRAWN: "withdrawn",
    S.STOPPED: "stopped",
    S.RESOLVED: "resolved",
    S.RETURNED: "returned",
}
# How to bring a fresh dossier into each status (after intake as 'received', or 'submitted').
PATH: dict[Status, list[Status]] = {
    S.SUBMITTED: [],
    S.RECEIVED: [],
    S.IN_PROGRESS: [S.IN_PROGRESS],
    S.SUPPLEMENT_REQUESTED: [S.SUPPLEMENT_REQUESTED],
    S.AWAITING_PAYMENT: [S.AWAITING_PAYMENT],
    S.RESOLVED: [S.RESOLVED],
    S.RETURNED: [S.RESOLVED, S.RETURNED],
    S.REFUSED: [S.REFUSED],
    S.WITHDRAWN: [S.WITHDRAWN],
    S.STOPPED: [S.STOPPED],
}


def expected_kind(current: Status, target: Status) -> str:
    if current is S.SUPPLEMENT_REQUESTED and target in (S.RECEIVED, S.IN_PROGRESS):
        return "supplement_received"
    return KIND[target]


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    d = open_desk(tmp_path_factory.mktemp("lifecycle") / "data")
    yield d
    d.close()


def make(desk: Desk, status: Status) -> str:
    online = status in (S.SUBMITTED, S.REFUSED)
    r = receive(
        desk, request(status=S.SUBMITTED if online else S.RECEIVED, channel="online" if online else "direct")
    )
    for step in PATH[status]:
        move(desk, r.code, step)
    assert dossier(desk, r.code).status == status.value
    return r.code


def test_transition_table_is_the_designed_one() -> None:
    assert {k: set(v) for k, v in TRANSITIONS.items()} == ALLOWED


PAIRS = [(a, b) for a in Status for b in Status]


def _pair_param(a: Status, b: Status) -> Any:
    return pytest.param(a, b, id=f"{a.value}->{b.value}")


@pytest.mark.parametrize(("current", "target"), [_pair_param(a, b) for a, b in PAIRS if b in ALLOWED[a]])
def test_allowed_transition(shared: Desk, current: Status, target: Status) -> None:
    code = make(shared, current)
    before = counts(shared)
    change = move(shared, code, target, note="Lý do theo quy định")
    after = counts(shared)
    assert {k: after[k] - before[k] for k in ("dossier_event", "outbox", "audit", "dossier")} == {
        "dossier_event": 1,
        "outbox": 1,
        "audit": 1,
        "dossier": 0,
    }
    d = dossier(shared, code)
    assert d.status == target.value
    assert (change.status_before, change.status_after) == (current.value, target.value)
    with shared.read() as s:
        ev = s.scalars(
            select(DossierEvent).where(DossierEvent.dossier_id == d.id).order_by(DossierEvent.id.desc())
        ).first()
        assert ev is not None
        assert (ev.from_status, ev.to_status, ev.note) == (current.value, target.value, "Lý do theo quy định")
        assert ev.kind == expected_kind(current, target)
    assert (d.resolved_at is not None) == (target in (S.RESOLVED,) or current in (S.RESOLVED,))
    assert (d.closed_at is not None) == (target in (S.REFUSED, S.WITHDRAWN, S.STOPPED, S.RETURNED))
    assert (d.paused_at is not None) == (target is S.SUPPLEMENT_REQUESTED)
    if current is S.SUBMITTED and target is S.RECEIVED:
        assert d.due_at is not None  # the clock starts when the desk accepts it


@pytest.mark.parametrize(("current", "target"), [(a, b) for a, b in PAIRS if b not in ALLOWED[a]])
def test_forbidden_transition_is_an_error_and_changes_nothing(
    shared: Desk, current: Status, target: Status
) -> None:
    code = make(shared, current)
    before, d0 = counts(shared), dossier(shared, code)
    with pytest.raises(TransitionError) as exc:
        move(shared, code, target, note="Lý do")
    message = str(exc.value)
    assert f"'{current.value}'" in message and f"'{target.value}'" in message
    assert counts(shared) == before
    d1 = dossier(shared, code)
    assert (d1.status, d1.due_at, d1.updated_at, d1.closed_at) == (
        d0.status,
        d0.due_at,
        d0.updated_at,
        d0.closed_at,
    )


@pytest.mark.parametrize("target", [S.REFUSED, S.STOPPED, S.WITHDRAWN, S.SUPPLEMENT_REQUESTED])
@pytest.mark.parametrize("note", ["", "   \n "])
def test_reason_is_required(shared: Desk, target: Status, note: str) -> None:
    code = make(shared, S.SUBMITTED if target is S.REFUSED else S.RECEIVED)
    before = counts(shared)
    with pytest.raises(TransitionError, match=f"'{target.value}' cần ghi lý do"):
        move(shared, code, target, note=note)
    assert counts(shared) == before


def test_no_reason_needed_for_ordinary_steps(shared: Desk) -> None:
    code = make(shared, S.RECEIVED)
    for target in (S.IN_PROGRESS, S.RESOLVED, S.RETURNED):
        move(shared, code, target, note="")
    assert dossier(shared, code).status == "returned"


def test_status_change_cannot_predate_receipt(shared: Desk) -> None:
    code = make(shared, S.RECEIVED)
    with pytest.raises(TransitionError, match="trước thời điểm tiếp nhận"):
        move(shared, code, S.IN_PROGRESS, at_=at(THU - timedelta(days=1), time(9, 0)))


def test_unknown_code_and_unknown_status(shared: Desk) -> None:
    with pytest.raises(NotFound, match="000.00.12.H29-260312-9998"):
        move(shared, "000.00.12.H29-260312-9998", S.IN_PROGRESS)
    with pytest.raises(TransitionError) as exc:
        parse_status("xong")
    assert all(s.value in str(exc.value) for s in Status)
    assert parse_status(" In_Progress ") is S.IN_PROGRESS


# --------------------------------------------------------------------------- supplement pause


FRI = at(THU.replace(month=4, day=24), time(9, 0))  # Fri 24/4/2026; Mon 27/4, Thu 30/4, Fri 1/5 are off


@pytest.fixture
def desk_apr(tmp_path: Any) -> Iterator[Desk]:
    d = open_desk(tmp_path / "data")
    yield d
    d.close()


def test_supplement_pause_moves_due_by_the_working_days_waited(desk_apr: Desk) -> None:
    r = receive(desk_apr, request(P_3_WORKING_DAYS, received=FRI))
    # 3 working days after Fri 24/4: Tue 28/4, Wed 29/4, Mon 4/5 (27/4 compensatory, 30/4 and 1/5 holidays).
    assert r.due_at == datetime.fromisoformat("2026-05-04T09:00:00+07:00")
    asked = move(
        desk_apr,
        r.code,
        S.SUPPLEMENT_REQUESTED,
        "Thiếu bản sao giấy khai sinh",
        at(FRI.date().replace(day=28), time(10, 0)),
    )
    assert (asked.due_before, asked.due_after) == (r.due_at, r.due_at)  # pausing does not move it yet
    back = move(desk_apr, r.code, S.IN_PROGRESS, "", at(FRI.date().replace(month=5, day=6), time(9, 0)))
    # Working days after Tue 28/4 up to Wed 6/5: 29/4, 4/5, 5/5, 6/5 = 4, so Mon 4/5 → Fri 8/5.
    assert back.due_after == datetime.fromisoformat("2026-05-08T09:00:00+07:00")
    assert back.kind == "supplement_received" and back.due_before == r.due_at
    d = dossier(desk_apr, r.code)
    assert (d.due_at, d.paused_at, d.status) == (back.due_after, None, "in_progress")
    with desk_apr.read() as s:
        ev = s.scalars(select(DossierEvent).where(DossierEvent.uuid == back.event_uuid)).one()
        assert ev.data == {"paused_from": "2026-04-28T10:00:00+07:00"}


def test_supplement_returned_the_same_day_keeps_the_due_date(desk_apr: Desk) -> None:
    r = receive(desk_apr, request(P_3_WORKING_DAYS, received=FRI))
    move(desk_apr, r.code, S.SUPPLEMENT_REQUESTED, "Thiếu tờ khai", at(FRI.date(), time(10, 0)))
    back = move(desk_apr, r.code, S.RECEIVED, "", at(FRI.date(), time(16, 0)))
    assert back.due_after == r.due_at


def test_supplement_over_a_weekend_only_counts_working_days(desk_apr: Desk) -> None:
    r = receive(desk_apr, request(P_3_WORKING_DAYS, received=at(THU, time(9, 0))))  # due Tue 17/3 09:00
    move(desk_apr, r.code, S.SUPPLEMENT_REQUESTED, "Thiếu", at(THU + timedelta(days=1), time(9, 0)))  # Fri
    back = move(desk_apr, r.code, S.IN_PROGRESS, "", at(THU + timedelta(days=4), time(9, 0)))  # Mon: 1 day
    assert back.due_after == datetime.fromisoformat("2026-03-18T09:00:00+07:00")


def test_online_dossier_accepted_after_a_supplement_gets_a_due_date(desk_apr: Desk) -> None:
    r = receive(desk_apr, request(status=S.SUBMITTED, channel="online"))
    move(desk_apr, r.code, S.SUPPLEMENT_REQUESTED, "Thiếu giấy tờ")
    accepted = move(desk_apr, r.code, S.RECEIVED, "")
    assert accepted.due_after is not None


# --------------------------------------------------------------------------- extension


def _extend(
    desk: Desk,
    code: str,
    new_due: datetime,
    reason: str = "Cần xác minh với cơ quan khác",
    when: datetime | None = None,
) -> Any:
    """The letter is dated the day before the new appointment unless the test says otherwise."""
    with desk.tx() as s:
        return transitions.extend(
            s, code, new_due, reason=reason, actor=ACTOR, at=when or new_due - timedelta(days=1)
        )


def test_extension_once_only_and_later_than_before(desk_apr: Desk) -> None:
    r = receive(desk_apr)
    assert r.due_at is not None
    before = counts(desk_apr)
    for bad, needle in (
        (r.due_at, "phải sau ngày hẹn cũ"),
        (r.due_at - timedelta(hours=1), "phải sau ngày hẹn cũ"),
    ):
        with pytest.raises(TransitionError, match=needle):
            _extend(desk_apr, r.code, bad)
    with pytest.raises(TransitionError, match="lý do"):
        _extend(desk_apr, r.code, r.due_at + timedelta(days=2), reason=" ")
    # issue 11: the new appointment must come after the letter's own date
    late_letter = r.due_at + timedelta(days=3)
    for new_due in (late_letter, late_letter - timedelta(hours=1)):
        with pytest.raises(TransitionError, match="phải sau ngày lập văn bản"):
            _extend(desk_apr, r.code, new_due, when=late_letter)
    assert counts(desk_apr) == before
    new = r.due_at + timedelta(days=2)
    change = _extend(desk_apr, r.code, new)
    assert (change.kind, change.due_before, change.due_after) == ("extended", r.due_at, new)
    assert (change.status_before, change.status_after) == ("received", "received")
    d = dossier(desk_apr, r.code)
    assert (d.due_at, d.extended, d.status) == (new, True, "received")
    before = counts(desk_apr)
    with pytest.raises(TransitionError, match="một lần"):
        _extend(desk_apr, r.code, new + timedelta(days=3))
    assert counts(desk_apr) == before and dossier(desk_apr, r.code).due_at == new


def test_no_extension_after_the_result(desk_apr: Desk) -> None:
    r = receive(desk_apr)
    move(desk_apr, r.code, S.RESOLVED)
    assert r.due_at is not None
    with pytest.raises(TransitionError, match="'resolved'"):
        _extend(desk_apr, r.code, r.due_at + timedelta(days=1))


# --------------------------------------------------------------------------- events, outbox, audit


def test_events_are_an_append_only_chain_with_one_outbox_and_audit_row_each(desk_apr: Desk) -> None:
    r = receive(desk_apr, request(received=FRI))
    base = at(FRI.date().replace(day=28), time(8, 0))
    move(desk_apr, r.code, S.IN_PROGRESS, "", base)
    move(desk_apr, r.code, S.SUPPLEMENT_REQUESTED, "Thiếu giấy", base + timedelta(hours=1))
    with desk_apr.read() as s:
        first_rows = [
            (e.id, e.uuid, e.kind, e.at, e.due_after)
            for e in s.scalars(select(DossierEvent).order_by(DossierEvent.id))
        ]
    move(desk_apr, r.code, S.IN_PROGRESS, "", base + timedelta(days=8))
    # Dated between its neighbours: an event may not predate the previous one (issue 8 §7).
    _extend(
        desk_apr,
        r.code,
        datetime.fromisoformat("2026-05-20T10:00:00+07:00"),
        when=base + timedelta(days=8, hours=1),
    )
    move(desk_apr, r.code, S.AWAITING_PAYMENT, "", base + timedelta(days=9))
    move(desk_apr, r.code, S.RESOLVED, "", base + timedelta(days=10))
    move(desk_apr, r.code, S.RETURNED, "", base + timedelta(days=10, hours=2))
    with desk_apr.read() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == r.code))
        assert d is not None
        events = list(d.events)
        kinds = [e.kind for e in events]
        assert kinds == [
            "received",
            "handed_over",
            "supplement_requested",
            "supplement_received",
            "extended",
            "payment_requested",
            "resolved",
            "returned",
        ]
        # Earlier rows are never rewritten.
        assert [(e.id, e.uuid, e.kind, e.at, e.due_after) for e in events[: len(first_rows)]] == first_rows
        for prev, cur in zip(events, events[1:], strict=False):
            assert cur.from_status == prev.to_status
            assert cur.due_before == prev.due_after
        assert events[-1].to_status == d.status == "returned"
        assert events[-1].due_after == d.due_at
        boxes = {b.entity_uuid: b for b in s.scalars(select(Outbox).where(Outbox.entity == "event"))}
        assert set(boxes) == {e.uuid for e in events[1:]}  # the first event travels with dossier/create
        for e in events[1:]:
            b = boxes[e.uuid]
            payload = json.loads(b.payload)["event"]
            assert (b.op, payload["kind"], payload["from_status"], payload["to_status"]) == (
                "append",
                e.kind,
                e.from_status,
                e.to_status,
            )
            assert payload["dossier_uuid"] == r.uuid and payload["dossier_code"] == r.code
        actions = [
            a for a in s.scalars(select(Audit.action).where(Audit.entity_id == r.code).order_by(Audit.id))
        ]
        assert actions == ["dossier.intake"] + [f"dossier.{k}" for k in kinds[1:]]


def test_hand_over_records_units_and_starts_processing(desk_apr: Desk) -> None:
    r = receive(desk_apr)
    with desk_apr.tx() as s:
        ch = transitions.hand_over(
            s, r.code, from_unit="Một cửa", to_unit="Công chức tư pháp - hộ tịch", actor=ACTOR
        )
    assert (ch.kind, ch.status_before, ch.status_after) == ("handed_over", "received", "in_progress")
    with desk_apr.tx() as s:
        ch2 = transitions.hand_over(s, r.code, from_unit="Tư pháp", to_unit="Lãnh đạo UBND", actor=ACTOR)
    assert (ch2.status_before, ch2.status_after) == ("in_progress", "in_progress")


# --------------------------------------------------------------------------- upstream events


def test_upstream_event_is_idempotent_and_never_sent_back(desk_apr: Desk) -> None:
    r = receive(desk_apr)
    before = counts(desk_apr)
    ev_uuid = str(uuid.uuid4())
    kw: dict[str, Any] = dict(
        event_uuid=ev_uuid,
        kind="resolved",
        at=at(THU, time(15, 0)),
        actor="Công chức tư pháp",
        to_status=S.RESOLVED,
    )
    with desk_apr.tx() as s:
        first = transitions.record_upstream_event(s, r.uuid, **kw)
    with desk_apr.tx() as s:
        again = transitions.record_upstream_event(s, r.uuid, **kw)
    assert first is not None and again is None
    after = counts(desk_apr)
    assert {k: after[k] - before[k] for k in after} == {
        "applicant": 0,
        "dossier": 0,
        "dossier_event": 1,
        "outbox": 0,
        "audit": 1,
        "day_counter": 0,
    }
    d = dossier(desk_apr, r.code)
    assert (d.status, d.resolved_at) == ("resolved", at(THU, time(15, 0)))
    with desk_apr.read() as s:
        ev = s.scalars(select(DossierEvent).where(DossierEvent.uuid == ev_uuid)).one()
        assert (ev.origin, ev.from_status, ev.to_status) == ("upstream", "received", "resolved")
    with desk_apr.tx() as s, pytest.raises(NotFound):
        transitions.record_upstream_event(s, str(uuid.uuid4()), **{**kw, "event_uuid": str(uuid.uuid4())})


# --------------------------------------------------------------------------- portal codes, classify


def test_status_names_map_to_portal_codes() -> None:
    assert {s.value: code for s, code in PORTAL_CODE.items()} == {
        "submitted": 1,
        "received": 2,
        "refused": 3,
        "in_progress": 4,
        "supplement_requested": 5,
        "awaiting_payment": 6,
        "withdrawn": 7,
        "stopped": 8,
        "resolved": 9,
        "returned": 10,
    }
    check_transition(S.RESOLVED, S.RETURNED)


DUE = at(THU, time(17, 0))
T = Timeliness


# Biểu 06 counts by calendar day: anything on the due day is on time, whatever the hour.
@pytest.mark.parametrize(
    ("status", "due", "finished", "at_", "expected"),
    [
        ("resolved", DUE, DUE - timedelta(days=1), DUE, T.EARLY),
        ("returned", DUE, DUE - timedelta(hours=8), DUE, T.ON_TIME),  # same day, earlier hour
        ("resolved", DUE, DUE, DUE, T.ON_TIME),
        ("resolved", DUE, DUE + timedelta(minutes=1), DUE, T.ON_TIME),  # 17:01 on the due day
        ("resolved", DUE, DUE + timedelta(hours=7), DUE, T.LATE),  # 00:00 the next day
        ("returned", DUE, DUE + timedelta(days=3), DUE, T.LATE),
        ("resolved", DUE, None, DUE + timedelta(days=1), T.LATE),  # no finish time: judged at ``at``
        ("received", DUE, None, DUE - timedelta(hours=1), T.WITHIN),
        ("in_progress", DUE, None, DUE + timedelta(hours=6, minutes=59), T.WITHIN),  # 23:59 that day
        ("awaiting_payment", DUE, None, DUE + timedelta(hours=7), T.OVERDUE),  # midnight
        ("supplement_requested", DUE, None, DUE + timedelta(days=2), T.OVERDUE),
        ("received", None, None, DUE + timedelta(days=300), T.WITHIN),  # no legal limit: never late
        ("returned", None, DUE + timedelta(days=300), DUE, T.ON_TIME),
        ("refused", DUE, DUE, DUE, T.NOT_APPLICABLE),
        ("submitted", None, None, DUE, T.NOT_APPLICABLE),
        ("stopped", DUE, DUE + timedelta(days=1), DUE, T.STOPPED),  # explicit, never "on time"
        ("withdrawn", DUE, DUE - timedelta(days=2), DUE, T.WITHDRAWN),
        (
            "resolved",
            DUE - timedelta(hours=10),
            datetime(2026, 3, 12, 23, 0),
            DUE,
            T.ON_TIME,
        ),  # naive = office
        (S.RESOLVED, DUE, (DUE + timedelta(hours=6)).astimezone(UTC), DUE, T.ON_TIME),  # 16:00 UTC
    ],
)
def test_classify(
    status: str, due: datetime | None, finished: datetime | None, at_: datetime, expected: T
) -> None:
    assert classify(status, due, finished, at_) is expected


def test_supplement_wait_does_not_run_the_clock() -> None:
    """Issue 8 §8 / issue 11: judged at the request, not at ``at``: the citizen holds the papers."""
    requested = DUE - timedelta(days=1)
    later = DUE + timedelta(days=30)
    assert classify("supplement_requested", DUE, None, later, paused_at=requested) is T.PAUSED
    assert classify("supplement_requested", DUE, None, later, paused_at=DUE + timedelta(hours=5)) is T.PAUSED
    # already late when the request went out: stays overdue
    assert classify("supplement_requested", DUE, None, later, paused_at=DUE + timedelta(days=1)) is T.OVERDUE
    assert classify("supplement_requested", None, None, later, paused_at=requested) is T.PAUSED
