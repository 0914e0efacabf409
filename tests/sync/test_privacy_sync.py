"""Issue 9 over the wire: access-log entries and a person's erasure reach the real hub; the
province's retention terms come down the updates feed."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select

from app.desk import Desk
from app.services import retention
from app.store.models import Dossier
from app.usecases import Actor
from app.usecases.person import erase_person
from app.usecases.privacy import open_dossier
from server import admin
from server.models import AccessRow, DossierRow
from server.store import office_stats
from sync.engine import run_sync
from tests.faults.deskkit import make_dossiers
from tests.sync.conftest import Hub

CLERK = Actor("canbo", "Cán bộ", "clerk", "gui")
ADMIN = Actor("quantri", "Quản trị", "admin", "gui")


def test_access_entries_and_erasure_reach_the_hub(desk: Desk, hub: Hub) -> None:
    code = make_dossiers(desk, 1)[0]
    open_dossier(desk, CLERK, code)
    report = run_sync(desk)
    assert report.ok and report.pending == 0
    with hub.running.db.read() as s:
        rows = s.scalars(select(AccessRow)).all()
        assert [json.loads(r.payload)["dossier_code"] for r in rows] == [code]
        assert json.loads(rows[0].payload)["actor"] == "canbo"
        office = admin.offices(s)[0]
        assert office_stats(s, office)["access_log"] == 1

    with desk.tx() as s:  # the dossier closed long ago, its field kept one year
        d = s.scalar(select(Dossier).where(Dossier.code == code))
        assert d is not None
        d.status = "returned"
        retention.set_rule(s, d.procedure.field, 1, source="t", origin="admin", actor="t")
        id_number = d.owner.id_number
        name = d.owner.name
    erase_person(desk, ADMIN, id_number, on=date.today() + timedelta(days=800))
    report = run_sync(desk)
    assert report.ok and report.pending == 0
    with hub.running.db.read() as s:
        row = s.scalar(select(DossierRow).where(DossierRow.code == code))
        assert row is not None
        owner = json.loads(row.snapshot)["owner"]
        assert owner["name"] == "[đã xóa]" and owner["id_number"] == "" and name not in row.snapshot
        assert id_number not in row.snapshot


def test_the_province_publishes_retention_terms(desk: Desk, hub: Hub) -> None:
    with hub.running.db.write() as s:
        ids = [o.id for o in admin.offices(s)]
        admin.publish(
            s, ids, "retention", {"rules": [{"field": "Chứng thực", "years": 5, "source": "QĐ 12/UBND"}]}
        )
    report = run_sync(desk)
    assert report.ok and report.pulled == 1
    with desk.read() as s:
        rule = retention.rule_for(s, "Chứng thực")
    assert (rule.years, rule.origin, rule.source) == (5, "upstream", "QĐ 12/UBND")
