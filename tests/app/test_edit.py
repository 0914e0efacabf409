from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.desk import Desk
from app.domain.lifecycle import Status, TransitionError
from app.domain.validation import ValidationError
from app.services import transitions
from app.services.edit import IntakeEdit, edit_intake
from app.services.intake import IntakeRequest, PersonInput, intake
from app.services.office import OfficeProfile, save_profile
from app.store.models import Audit, DossierEvent, Outbox
from server.schemas import DossierPayload


@pytest.fixture()
def desk(tmp_path: Path):
    d = Desk.open(tmp_path / "data")
    with d.tx() as s:
        save_profile(s, OfficeProfile("000.00.12.H29", "Trung tâm Phục vụ hành chính công"), actor="t")
    yield d
    d.close()


def _code(desk: Desk) -> str:
    with desk.tx() as s:
        r = intake(
            s,
            IntakeRequest("2.000815", PersonInput("Nguyễn Thị Thược", "001190012345", phone="0912345678")),
            office=desk.require_office(),
            calendar=desk.calendar(),
            actor="t",
        )
    return r.code


def _counts(desk: Desk) -> tuple[int, int, int]:
    with desk.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (DossierEvent, Outbox, Audit))  # type: ignore[return-value]


def test_edit_records_event_and_an_update_the_hub_accepts(desk: Desk) -> None:
    code = _code(desk)
    with desk.tx() as s:
        change = edit_intake(
            s, code, IntakeEdit(owner={"phone": "0987 654 321"}, reason="Gõ nhầm số điện thoại"), actor="t"
        )
    assert change.kind == "edited"
    with desk.read() as s:
        d = transitions.get_dossier(s, code)
        assert d.owner.phone == "0987654321" and d.search_phone == "0987654321"
        row = s.scalar(select(Outbox).where(Outbox.op == "update"))
        assert row is not None
        payload = json.loads(row.payload)
    assert payload["changes"]["owner"] == {"phone": "0987654321"}
    assert payload["dossier"]["owner"]["phone"] == "0987654321"
    DossierPayload.model_validate(payload)  # the hub's schema for dossier/update


def test_bad_or_empty_edits_store_nothing(desk: Desk) -> None:
    code = _code(desk)
    before = _counts(desk)
    with pytest.raises(ValidationError, match="owner.phone"), desk.tx() as s:
        edit_intake(s, code, IntakeEdit(owner={"phone": "12345"}, reason="sửa"), actor="t")
    with pytest.raises(ValidationError, match="reason"), desk.tx() as s:
        edit_intake(s, code, IntakeEdit(owner={"address": "Thôn Đông"}), actor="t")
    with pytest.raises(ValidationError, match="procedure"), desk.tx() as s:
        edit_intake(s, code, IntakeEdit(dossier={"procedure": "1.001193"}, reason="sửa"), actor="t")
    with pytest.raises(TransitionError, match="thay đổi"), desk.tx() as s:
        edit_intake(s, code, IntakeEdit(owner={"phone": "0912345678"}, reason="sửa"), actor="t")
    assert _counts(desk) == before


def test_closed_dossier_cannot_be_edited(desk: Desk) -> None:
    code = _code(desk)
    with desk.tx() as s:
        transitions.change_status(
            s, code, Status.WITHDRAWN, calendar=desk.calendar(), actor="t", note="Công dân rút"
        )
    with pytest.raises(TransitionError, match="kết thúc"), desk.tx() as s:
        edit_intake(s, code, IntakeEdit(owner={"address": "Thôn Đông"}, reason="sửa"), actor="t")


def test_editing_a_shared_applicant_rekeys_and_resends_all_their_dossiers(desk: Desk) -> None:
    """Issue 8 §8: the citizen's three dossiers (one closed) all follow the corrected name and
    phone in search, and each goes upstream again with its new snapshot, in one transaction."""
    from app.services.search import search

    first, second, third = _code(desk), _code(desk), _code(desk)
    with desk.tx() as s:
        transitions.change_status(s, third, Status.WITHDRAWN, calendar=desk.calendar(), actor="t", note="Rút")
    with desk.read() as s:
        before_updates = s.scalar(select(func.count()).select_from(Outbox).where(Outbox.op == "update"))
    with desk.tx() as s:
        edit_intake(
            s,
            second,
            IntakeEdit(owner={"name": "Nguyễn Thị Thước", "phone": "0987654321"}, reason="Sai dấu tên"),
            actor="t",
        )
    with desk.read() as s:
        assert sorted(d.code for d in search(s, "nguyen thi thuoc")) == sorted([first, second, third])
        assert sorted(d.code for d in search(s, "Thước")) == sorted([first, second, third])
        assert sorted(d.code for d in search(s, "0987654321")) == sorted([first, second, third])
        assert search(s, "0912345678") == []
        rows = s.scalars(select(Outbox).where(Outbox.op == "update").order_by(Outbox.id)).all()
        assert len(rows) - before_updates == 3
        sent = {json.loads(r.payload)["dossier"]["code"]: json.loads(r.payload) for r in rows}
    assert set(sent) == {first, second, third}
    for code in (first, third):
        assert sent[code]["dossier"]["owner"]["name"] == "Nguyễn Thị Thước"
        assert sent[code]["changes"] == {"owner": {"name": "Nguyễn Thị Thước", "phone": "0987654321"}}
        DossierPayload.model_validate(sent[code])
