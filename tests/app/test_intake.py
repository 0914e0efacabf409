"""Receiving a dossier: what is stored, normalised, validated, refused and computed."""

from __future__ import annotations

import json
import unicodedata
import uuid
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from app.desk import Desk
from app.domain.clock import at, now
from app.domain.lifecycle import Status
from app.domain.validation import ValidationError
from app.services.intake import DocumentInput, PersonInput
from app.store.models import Applicant, Audit, Dossier, DossierEvent, Outbox, Procedure
from tests.app.deskkit import (
    P_3_WORKING_DAYS,
    P_CERTIFY_COPY,
    P_NO_LIMIT,
    P_SAME_DAY,
    THU,
    UNIT,
    cccd,
    counts,
    move,
    person,
    receive,
    request,
)


def test_valid_intake_stores_everything_in_one_go(desk: Desk) -> None:
    before = counts(desk)
    received = at(THU, time(9, 30))
    r = receive(
        desk, request(P_3_WORKING_DAYS, received=received, owner=person(address="Thôn Đông, xã Tân Lập"))
    )
    after = counts(desk)
    assert {k: after[k] - before[k] for k in after} == {
        "applicant": 1,
        "dossier": 1,
        "dossier_event": 1,
        "outbox": 1,
        "audit": 1,
        "day_counter": 1,
    }
    assert r.code == f"{UNIT}-260312-0001"
    assert str(uuid.UUID(r.uuid)) == r.uuid
    expected_due = at(THU + timedelta(days=5), time(9, 30))  # Fri, Mon, Tue: 3 working days
    assert r.due_at == expected_due
    assert r.due_at == desk.calendar().due(received, _limit(desk, P_3_WORKING_DAYS))
    with desk.read() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == r.code))
        assert d is not None
        assert (d.status, d.received_at, d.due_at, d.uuid) == ("received", received, expected_due, r.uuid)
        assert d.received_by == "test:clerk" and d.channel == "direct" and d.return_method == "desk"
        assert d.summary == d.procedure.name  # defaults to the procedure's name
        required = [x["name"] for x in d.procedure.documents if x.get("required", True)]
        assert [x["name"] for x in d.documents] == required
        owner = d.owner
        assert (owner.name, owner.name_key, owner.id_number, owner.id_type, owner.gender, owner.phone) == (
            "Nguyễn Thị Hoà",
            "nguyen thi hoa",
            cccd(123, female=True),
            "cccd",
            "F",  # read from the CCCD's fourth digit
            "0912345678",
        )
        assert (d.search_name, d.search_id, d.search_phone) == (
            "nguyen thi hoa",
            owner.id_number,
            "0912345678",
        )
        ev = s.scalars(select(DossierEvent).where(DossierEvent.dossier_id == d.id)).one()
        assert (ev.kind, ev.from_status, ev.to_status, ev.due_before, ev.due_after, ev.at, ev.origin) == (
            "received",
            None,
            "received",
            None,
            expected_due,
            received,
            "desk",
        )
        box = s.scalars(select(Outbox)).one()
        assert (box.entity, box.op, box.entity_uuid, box.state) == ("dossier", "create", r.uuid, "pending")
        payload = json.loads(box.payload)
        assert payload["dossier"]["code"] == r.code
        assert payload["dossier"]["owner"]["name"] == "Nguyễn Thị Hoà"
        assert payload["dossier"]["portal_status"] == 2
        assert payload["dossier"]["unit_code"] == UNIT
        assert payload["event_uuid"] == ev.uuid
        row = s.scalars(select(Audit).where(Audit.action == "dossier.intake")).one()
        assert (row.entity, row.entity_id, row.actor) == ("dossier", r.code, "test:clerk")


def _limit(desk: Desk, code: str) -> Any:
    from app.services.intake import procedure_limit

    with desk.read() as s:
        proc = s.scalar(select(Procedure).where(Procedure.code == code))
        assert proc is not None
        return procedure_limit(proc)


def test_outbox_payload_is_frozen_at_write_time(desk: Desk) -> None:
    r = receive(desk)
    with desk.read() as s:
        frozen = s.scalars(select(Outbox.payload)).one()
    move(desk, r.code, Status.IN_PROGRESS)
    with desk.tx() as s:
        s.execute(update(Applicant).values(name="Tên Khác"))
    with desk.read() as s:
        create = s.scalars(select(Outbox.payload).where(Outbox.op == "create")).one()
    assert create == frozen
    assert json.loads(create)["dossier"]["status"] == "received"


def test_nfd_name_is_stored_nfc(desk: Desk) -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hoà Đặng")
    assert len(nfd) == 25
    r = receive(desk, request(owner=person(nfd, address=unicodedata.normalize("NFD", "Thôn Thượng"))))
    with desk.read() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == r.code))
        assert d is not None
        assert d.owner.name == "Nguyễn Thị Hoà Đặng" and len(d.owner.name) == 19
        assert d.owner.address == "Thôn Thượng"
        assert d.search_name == "nguyen thi hoa dang"


def test_icelandic_eth_becomes_d_stroke(desk: Desk) -> None:
    r = receive(desk, request(owner=person("\u00d0ặng Văn \u00d0ức", cccd(5))))
    with desk.read() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == r.code))
        assert d is not None
        assert d.owner.name == "\u0110ặng Văn \u0110ức"
        assert d.search_name == "dang van duc"


def test_returning_applicant_is_found_by_id_number_and_refreshed(desk: Desk) -> None:
    first = receive(desk, request(owner=person(phone="0912345678", address="Thôn Đông")))
    second = receive(desk, request(owner=person(phone="0387654321", address="")))
    third = receive(desk, request(owner=person(phone="", address="")))  # blanks never erase
    with desk.read() as s:
        people = s.scalars(select(Applicant)).all()
        assert len(people) == 1
        assert (people[0].phone, people[0].address) == ("0387654321", "Thôn Đông")
        owners = {
            s.scalar(select(Dossier.owner_id).where(Dossier.code == c))
            for c in (first.code, second.code, third.code)
        }
        assert owners == {people[0].id}
        # The denormalised search key of the new dossier carries the refreshed phone.
        assert s.scalar(select(Dossier.search_phone).where(Dossier.code == second.code)) == "0387654321"


def test_submitter_is_stored_as_its_own_applicant(desk: Desk) -> None:
    r = receive(desk, request(submitter=PersonInput("Trần Văn Nộp", cccd(77), phone="0977000111")))
    with desk.read() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == r.code))
        assert d is not None and d.submitter is not None
        assert d.submitter.name == "Trần Văn Nộp" and d.submitter_id != d.owner_id


def _future() -> datetime:
    return now() + timedelta(days=1)


INVALID: list[tuple[str, dict[str, Any], set[str]]] = [
    ("bad CCCD shape", {"owner": person(id_number="12345")}, {"owner.id_number"}),
    ("CCCD province", {"owner": person(id_number="003190000123")}, {"owner.id_number"}),
    ("phone length", {"owner": person(phone="091234567")}, {"owner.phone"}),
    ("phone letters", {"owner": person(phone="09123abc78")}, {"owner.phone"}),
    ("empty name", {"owner": person(name="  ")}, {"owner.name"}),
    ("bad e-mail", {"owner": person(email="an@@x")}, {"owner.email"}),
    ("bad gender", {"owner": person(gender="X")}, {"owner.gender"}),
    ("unknown procedure", {"procedure": "9.999999"}, {"procedure"}),
    ("future receipt", {"received": None}, {"received_at"}),
    ("negative fee", {"fee": -1}, {"fee"}),
    ("no sets", {"sets_count": 0}, {"sets_count"}),
    ("channel", {"channel": "fax"}, {"channel"}),
    ("return method", {"return_method": "drone"}, {"return_method"}),
    (
        "negative originals",
        {"documents": [DocumentInput("Tờ khai", originals=-1)]},
        {"documents[1].originals"},
    ),
    ("too many copies", {"documents": [DocumentInput("Tờ khai", copies=100)]}, {"documents[1].copies"}),
    (
        "blank document",
        {"documents": [DocumentInput("Tờ khai", 1), DocumentInput(" ", 1)]},
        {"documents[2].name"},
    ),
    ("override w/o reason", {"due_override": at(THU, time(16, 0))}, {"due_override_reason"}),
    (
        "several at once",
        {"owner": person(id_number="1", phone="1"), "fee": -5, "submitter": PersonInput("", "038190000001")},
        {"owner.id_number", "owner.phone", "fee", "submitter.name"},
    ),
]


@pytest.mark.parametrize(("case", "changes", "fields"), INVALID, ids=[c[0] for c in INVALID])
def test_invalid_input_names_the_field_and_stores_nothing(
    desk: Desk, case: str, changes: dict[str, Any], fields: set[str]
) -> None:
    receive(desk)  # an earlier dossier: the failed one must not disturb it or the counter
    before = counts(desk)
    kw = dict(changes)
    if case == "future receipt":
        kw["received"] = _future()
    procedure = kw.pop("procedure", P_3_WORKING_DAYS)
    with pytest.raises(ValidationError) as exc:
        receive(desk, request(procedure, **kw))
    errors = {i.field for i in exc.value.issues if i.level == "error"}
    assert errors == fields
    for issue in exc.value.issues:
        assert issue.message and issue.rule
    for f in fields:  # the text shown to the clerk starts each line with the field
        assert f"{f}: " in str(exc.value)
    assert counts(desk) == before
    assert receive(desk, request(owner=person(id_number=cccd(999)))).code.endswith("-0002")


def test_inactive_procedure_is_refused(desk: Desk) -> None:
    with desk.tx() as s:
        s.execute(update(Procedure).where(Procedure.code == P_3_WORKING_DAYS).values(active=False))
    before = counts(desk)
    with pytest.raises(ValidationError) as exc:
        receive(desk)
    assert [(i.field, i.rule) for i in exc.value.issues] == [("procedure", "inactive")]
    assert counts(desk) == before


def test_warnings_are_returned_and_the_dossier_is_stored(desk: Desk) -> None:
    r = receive(desk, request(owner=person(phone="0301234567")))  # 030: no carrier has it
    assert [(w.field, w.rule, w.level) for w in r.warnings] == [
        ("owner.phone", "phone.prefix_unknown", "warning")
    ]
    assert r.as_json()["warnings"] == [
        {"field": "owner.phone", "rule": "phone.prefix_unknown", "message": r.warnings[0].message}
    ]
    assert counts(desk)["dossier"] == 1


def test_due_override_with_reason_is_kept_with_the_computed_date(desk: Desk) -> None:
    override = at(THU + timedelta(days=7), time(10, 0))
    r = receive(desk, request(due_override=override, due_override_reason="Hồ sơ cần xác minh thêm"))
    assert r.due_at == override
    with desk.read() as s:
        ev = s.scalars(select(DossierEvent)).one()
        assert ev.due_after == override
        assert ev.data["override_reason"] == "Hồ sơ cần xác minh thêm"
        assert ev.data["computed_due"] == "2026-03-17T09:00:00+07:00"


def test_due_override_before_receipt_is_refused(desk: Desk) -> None:
    before = counts(desk)
    with pytest.raises(ValidationError) as exc:
        receive(desk, request(due_override=at(THU, time(8, 0)), due_override_reason="nhầm"))
    assert [i.field for i in exc.value.issues] == ["due_override"]
    assert counts(desk) == before


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (at(THU, time(15, 0)), at(THU, time(17, 0))),  # at the cut-off: still today
        (at(THU, time(15, 1)), at(THU + timedelta(days=1), time(17, 0))),  # after: next working day
        (at(THU + timedelta(days=1), time(15, 1)), at(THU + timedelta(days=4), time(17, 0))),  # Fri → Mon
        (at(THU + timedelta(days=2), time(9, 0)), at(THU + timedelta(days=4), time(17, 0))),  # Saturday
    ],
)
def test_same_day_procedure_and_the_15_00_cut_off(desk: Desk, received: datetime, due: datetime) -> None:
    assert receive(desk, request(P_SAME_DAY, received=received)).due_at == due


def test_no_time_limit_gives_no_due_date(desk: Desk) -> None:
    r = receive(desk, request(P_NO_LIMIT))
    assert r.due_at is None and r.as_json()["due"] is None


@pytest.mark.parametrize(
    ("pages", "sets", "fee"),
    [(0, 1, 0), (1, 1, 2000), (2, 1, 4000), (5, 1, 7000), (5, 2, 14000), (1000, 1, 200000)],
)
def test_fee_for_certified_copies_follows_the_per_page_rule(
    desk: Desk, pages: int, sets: int, fee: int
) -> None:
    r = receive(desk, request(P_CERTIFY_COPY, pages=pages, sets_count=sets))
    with desk.read() as s:
        assert s.scalar(select(Dossier.fee).where(Dossier.code == r.code)) == fee


def test_typed_fee_wins_and_council_fee_stays_unknown(desk: Desk) -> None:
    typed = receive(desk, request(P_CERTIFY_COPY, pages=5, fee=3000))
    council = receive(desk, request(P_SAME_DAY, owner=person(id_number=cccd(3))))
    with desk.read() as s:
        fees = dict(s.execute(select(Dossier.code, Dossier.fee)).all())
    assert fees == {typed.code: 3000, council.code: None}


def test_online_submission_has_no_due_until_accepted(desk: Desk) -> None:
    r = receive(desk, request(status=Status.SUBMITTED, channel="online"))
    assert (r.status, r.due_at) == ("submitted", None)
    with desk.read() as s:
        assert s.scalars(select(DossierEvent.kind)).one() == "submitted"
