"""766 indicators 4.1–4.3 from a real store, against hand-counted expectations."""

from __future__ import annotations

from datetime import timedelta

from app.attachments.ingest import Incoming
from app.desk import Desk
from app.domain.clock import now
from app.domain.lifecycle import Status
from app.reports.digitisation import indicators
from app.services import transitions
from app.usecases import attachments as uc
from tests.app.attachkit import CLERK, png_bytes, scanned_page
from tests.app.test_attachments import _intake


def test_e_results_digitised_and_reused_shares(desk: Desk) -> None:
    page = [Incoming("p.png", png_bytes(scanned_page(1)))]
    a = _intake(desk)  # papers + result, resolved
    b = _intake(desk)  # papers reused from a, open
    c = _intake(desk, name="Trần Văn Bình", id_number="001088012346")  # resolved, no result
    _intake(desk, name="Lê Thị An", id_number="001090012347")  # nothing digitised
    first = uc.attach(desk, CLERK, a, "Giấy khai sinh", page)
    uc.attach(desk, CLERK, a, "", page, result=True)
    uc.reuse(desk, CLERK, b, first.uuid)
    uc.attach(desk, CLERK, c, "Tờ khai", page)
    at = now()
    with desk.tx() as s:
        for code in (a, c):
            transitions.change_status(s, code, Status.IN_PROGRESS, calendar=desk.calendar(), actor="t", at=at)
            transitions.change_status(s, code, Status.RESOLVED, calendar=desk.calendar(), actor="t", at=at)
    today = now().date()
    with desk.read() as s:
        out = indicators(s, today - timedelta(days=1), today + timedelta(days=1))
    assert out["counts"] == {
        "resolved": 2,
        "with_e_result": 1,
        "received": 4,
        "digitised": 2,
        "with_reuse": 1,
    }
    assert out["4.1"] == 50.0  # a has its e-result, c does not
    assert out["4.2"] == 50.0  # a (papers + result) and b (papers, still open); c lacks its result
    assert out["4.3"] == 25.0  # b reused a's birth certificate
    with desk.read() as s:
        empty = indicators(s, today - timedelta(days=90), today - timedelta(days=60))
    assert empty["4.1"] is None and empty["4.2"] is None and empty["4.3"] is None
