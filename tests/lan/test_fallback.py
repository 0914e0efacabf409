"""A desk syncs straight to the province while its office hub is down, and nothing is duplicated
when the office hub returns (issue 10 "Degraded modes", docs/office-hub.md, sync/direct.py).

In processes on loopback: the province (in-process uvicorn), the office hub (``motcua-hub serve``
with its relay, SIGKILLed and started again on the same port) and two desks.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from sqlalchemy import func, select

from app.desk import Desk
from app.store.models import Dossier, DossierEvent, Outbox, get_state
from app.usecases.actor import Actor
from app.usecases.fallback import fallback_settings, set_fallback
from server import admin
from server.models import ChangeRow, DossierRow, EventRow, UpdateRow
from tests.faults.deskkit import UNIT_A, make_dossiers, open_desk
from tests.faults.hub import RunningHub
from tests.lan.hubproc import HubProcess, hub_cli
from tests.lan.test_relay import CFG, make_office_hub, province, province_totals, sync_ok, wait_for

__all__ = ["province"]  # the fixture, shared with test_relay

ADMIN = Actor("test:admin", "Quản trị thử", "admin", "cli")


def _outbox(desk: Desk) -> dict[str, int]:
    with desk.read() as s:
        return {
            k: int(n) for k, n in s.execute(select(Outbox.state, func.count()).group_by(Outbox.state)).all()
        }


def _codes(desk: Desk) -> set[str]:
    with desk.read() as s:
        return set(s.scalars(select(Dossier.code)))


def _relay_settled(office_db: str) -> bool:
    status = json.loads(hub_cli(office_db, "upstream", "status", "--json").stdout)
    return bool(status["pending"] == 0)


def test_direct_to_province_then_back_converges(tmp_path: Path, province: tuple[RunningHub, str]) -> None:
    prov, token = province
    office_db = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    tokens = make_office_hub(office_db, prov.url, token, desks=2)
    hub = HubProcess(office_db, tmp_path / "office-hub.log").start()
    desks = {
        k: open_desk(tmp_path / f"desk{k}", server=hub.url, token=tokens[k], workstation=k, workstation_count=3)
        for k in (1, 2)
    }  # fmt: skip
    try:
        early = make_dossiers(desks[1], 3, events=1)
        for d in desks.values():
            sync_ok(d)
        # The office hub handed out the province's address and the office token at that sync.
        got = fallback_settings(desks[1])
        assert got["province_url"] == prov.url and got["token_set"] and got["source"] == "office_hub", got
        assert got["direct_after_seconds"] == 30 * 60  # the default
        set_fallback(desks[1], ADMIN, direct_after_seconds=1.5)  # seconds here; 30 min by default
        wait_for(lambda: province_totals(prov)["dossiers"] == 3, what="the relay's first dossiers")

        hub.kill()
        during = make_dossiers(desks[1], 4, start=50, events=2)
        first = run_sync(desks[1])
        assert not first.ok and first.error_kind == "unreachable" and first.link == "office", first
        assert first.office_down_since and first.direct_ready
        assert province_totals(prov)["dossiers"] == 3  # not yet: the office hub may be back in a minute
        # At the province meanwhile: an online submission and a status on an early dossier.
        with prov.db.write() as s:
            online = admin.submit(s, UNIT_A, "1.001022", {"name": "Đặng Ưng Ổn", "id_type": "cccd",
                                                          "id_number": "038188000999"})  # fmt: skip
            admin.set_status(s, early[1], "resolved", note="Đã ký")
        time.sleep(1.6)
        direct = run_sync(desks[1])
        assert direct.ok and direct.link == "province", direct.as_json()
        sent = len(during) * 3  # each: the create and two events
        assert direct.pushed == sent and direct.owed_office == sent, direct.as_json()
        assert _outbox(desks[1]).get("pending", 0) == 0 and _outbox(desks[1])["direct"] == sent
        assert province_totals(prov)["dossiers"] == 8  # 3 early, 4 during, 1 online
        assert online["code"] in _codes(desks[1])
        with desks[1].read() as s:
            assert s.scalar(select(Dossier.status).where(Dossier.code == early[1])) == "resolved"
        # Desk 2 keeps the default wait: it stays on its own.
        other = run_sync(desks[2])
        assert not other.ok and other.link == "office" and other.error_kind == "unreachable"
        # Again while still down: a quick look at the office hub, then direct again (nothing to send).
        again = run_sync(desks[1])
        assert again.ok and again.link == "province" and again.pushed == 0

        hub.start()
        back = run_sync(desks[1])
        assert back.ok and back.link == "office", back.as_json()
        assert back.pushed == sent and back.owed_office == 0
        assert _outbox(desks[1]).get("direct", 0) == 0
        sync_ok(desks[2])
        wait_for(lambda: _relay_settled(office_db), what="the relay queue to drain")
        status = json.loads(hub_cli(office_db, "upstream", "status", "--json").stdout)
        assert status["rejected"] == 0, status
        for d in desks.values():
            sync_ok(d)
        codes = early + during + [online["code"]]
        totals = province_totals(prov)
        assert totals["dossiers"] == totals["distinct_codes"] == len(codes) == len(set(codes)) == 8
        assert totals["events"] == totals["distinct_events"]
        with prov.db.read() as s:
            # The relay resent every change desk 1 had sent directly: the province answered "duplicate".
            assert s.scalar(select(func.count()).select_from(ChangeRow)) == 3 * 2 + sent
            per_dossier = dict(
                s.execute(
                    select(DossierRow.code, func.count()).join(EventRow).group_by(DossierRow.code)
                ).all()
            )
        assert all(per_dossier[c] == 3 for c in during), per_dossier
        for d in desks.values():
            assert _codes(d) == set(codes)
            with d.read() as s:
                # The province's status came to desk 1 twice (direct, then through the office hub):
                # one event, the same status at both desks.
                dossier_id = s.scalar(select(Dossier.id).where(Dossier.code == early[1]))
                upstream = s.scalar(
                    select(func.count()).select_from(DossierEvent).where(
                        DossierEvent.dossier_id == dossier_id, DossierEvent.origin == "upstream")
                )  # fmt: skip
                assert upstream == 1
                assert s.scalar(select(Dossier.status).where(Dossier.code == early[1])) == "resolved"
        # Two feeds, two cursors: the province's is its own feed's tail (the office hub's relay
        # cursor, learned at the last sync), never a seq of the office hub's feed.
        with prov.db.read() as s:
            office_id = admin.get_office(s, UNIT_A).id
            tail = s.scalar(select(func.max(UpdateRow.seq)).where(UpdateRow.office_id == office_id))
        with desks[1].read() as s:
            assert int(get_state(s, "province_cursor")) == tail
            assert int(get_state(s, "pull_cursor")) > 0
    finally:
        for d in desks.values():
            d.close()
        hub.stop()


def test_never_direct_to_a_province_of_another_unit(tmp_path: Path, province: tuple[RunningHub, str]) -> None:
    prov, token = province
    with prov.db.write() as s:
        token_b = admin.add_office(s, "000.00.14.H29", "UBND xã Tân Phú")
    office_db = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    tokens = make_office_hub(office_db, prov.url, token, desks=1)
    hub = HubProcess(office_db, tmp_path / "office-hub.log").start()
    desk = open_desk(tmp_path / "desk1", server=hub.url, token=tokens[1], workstation=1, workstation_count=3)
    try:
        sync_ok(desk)
        # An admin types another commune's province token (a mistake, or a copied setting).
        set_fallback(desk, ADMIN, province_url=prov.url, province_token=token_b, direct_after_seconds=1)
        hub.kill()
        make_dossiers(desk, 2, start=70)
        assert run_sync(desk).error_kind == "unreachable"
        time.sleep(1.1)
        rep = run_sync(desk)
        assert not rep.ok and rep.error_kind == "wrong_hub" and rep.link == "province", rep.as_json()
        assert "000.00.14.H29" in (rep.error or "")
        assert _outbox(desk) == {"pending": 2}
        with prov.db.read() as s:
            assert s.scalar(select(func.count()).select_from(DossierRow)) == 0
    finally:
        desk.close()
        hub.stop()


def run_sync(desk: Desk):  # type: ignore[no-untyped-def]
    from sync.engine import run_sync as engine_sync

    return engine_sync(desk, config=CFG)
