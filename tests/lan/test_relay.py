"""The office hub relays to the province: exactly once, through faults, across SIGKILLs (issue 10)."""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.desk import Desk
from app.domain.lifecycle import Status
from app.services import transitions
from app.store.models import Dossier
from server import admin
from server.models import DossierRow, EventRow
from server.store import office_stats
from sync.engine import SyncConfig, run_sync
from tests.faults.deskkit import ACTOR, UNIT_A, make_dossiers, open_desk, point_at
from tests.faults.hub import RunningHub, running_hub
from tests.faults.proxy import FaultProxy
from tests.lan.hubproc import HubProcess, hub_cli

CFG = SyncConfig(seed=3, max_attempts=3, backoff_base=0.05, connect_timeout=2, read_timeout=10)


@pytest.fixture
def province(tmp_path: Path) -> Iterator[tuple[RunningHub, str]]:
    with running_hub(f"sqlite:///{tmp_path / 'province.sqlite3'}") as hub:
        with hub.db.write() as s:
            token = admin.add_office(s, UNIT_A, "UBND xã Tân Lập")
            admin.add_office(s, "000.00.13.H29", "UBND xã Tân Hòa")
        yield hub, token


def make_office_hub(db_url: str, upstream: str, token: str, desks: int = 3) -> dict[int, str]:
    assert hub_cli(db_url, "office", "add", "--unit-code", UNIT_A, "--name", "Xã Tân Lập").returncode == 0
    tokens = {}
    for k in range(1, desks + 1):
        out = hub_cli(db_url, "desk", "add", "--unit-code", UNIT_A, "--workstation", str(k))
        assert out.returncode == 0, out.stderr
        tokens[k] = out.stdout.strip()
    out = hub_cli(db_url, "upstream", "set", "--url", upstream, "--token", token)
    assert out.returncode == 0, out.stderr
    return tokens


def wait_for(cond: Callable[[], bool], timeout: float = 90, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def province_totals(hub: RunningHub) -> dict[str, int]:
    with hub.db.read() as s:
        return office_stats(s, admin.get_office(s, UNIT_A))


def sync_ok(desk: Desk) -> None:
    rep = run_sync(desk, config=CFG)
    assert rep.ok, rep.error


def scenario(tmp_path: Path, province: RunningHub, token: str, office_db: str, *, upstream: str | None = None,
             kills: int = 0, per_desk: int = 6) -> None:  # fmt: skip
    # One desk works offline before the office hub exists.
    desks = {k: open_desk(tmp_path / f"desk{k}", workstation=k, workstation_count=3) for k in (1, 2, 3)}
    try:
        early = make_dossiers(desks[1], per_desk, events=2)
        tokens = make_office_hub(office_db, upstream or province.url, token)
        hub = HubProcess(office_db, tmp_path / "office-hub.log").start()
        for k, d in desks.items():
            point_at(d, hub.url, tokens[k])
        codes = list(early)
        codes += make_dossiers(desks[2], per_desk, start=100, events=1)
        codes += make_dossiers(desks[3], per_desk, start=200)
        # An online submission at the province comes down through the relay to every desk.
        with province.db.write() as s:
            online = admin.submit(s, UNIT_A, "1.001022", {"name": "Đặng Ưng Ổn", "id_type": "cccd",
                                                          "id_number": "038188000999"})  # fmt: skip
        codes.append(online["code"])
        rng = random.Random(5)
        stop = threading.Event()

        def killer() -> None:
            for _ in range(kills):
                time.sleep(rng.uniform(0.3, 1.5))
                hub.kill()
                time.sleep(0.2)
                hub.start()
            stop.set()

        t = threading.Thread(target=killer)
        t.start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            for d in desks.values():
                run_sync(d, config=CFG)  # may fail while the hub is down: the next round retries
            with desks[3].read() as s:
                have = set(s.scalars(select(Dossier.code)))
            if stop.is_set() and set(codes) <= have:
                break
        t.join()
        for d in desks.values():
            sync_ok(d)
        # Desk 2 accepts the online dossier; the status goes up through the relay.
        with desks[2].tx() as s:
            transitions.change_status(
                s, online["code"], Status.RECEIVED, calendar=desks[2].calendar(), actor=ACTOR
            )
        sync_ok(desks[2])
        wait_for(
            lambda: province_totals(province)["dossiers"] == len(codes), what="every dossier at the province"
        )

        def status_up() -> bool:
            with province.db.read() as s:
                return (
                    s.scalar(select(DossierRow.status).where(DossierRow.code == online["code"])) == "received"
                )

        wait_for(status_up, what="the accepted online dossier's status at the province")
        # A status set at the province comes back down to every desk.
        with province.db.write() as s:
            admin.set_status(s, codes[0], "resolved", note="Đã ký")
        for d in desks.values():
            wait_for(lambda d=d: (run_sync(d, config=CFG).ok and _status(d, codes[0]) == "resolved"),
                     what="the province's status at each desk")  # fmt: skip
        totals = province_totals(province)
        assert totals["dossiers"] == totals["distinct_codes"] == len(codes) == len(set(codes))
        assert totals["events"] == totals["distinct_events"]
        with province.db.read() as s:
            per_dossier = s.execute(
                select(EventRow.dossier_id, func.count()).group_by(EventRow.dossier_id)
            ).all()
        assert all(n >= 1 for _, n in per_dossier)
        for d in desks.values():
            with d.read() as s:
                assert set(s.scalars(select(Dossier.code))) == set(codes)
        status = json.loads(hub_cli(office_db, "upstream", "status", "--json").stdout)
        assert status["pending"] == 0 and status["rejected"] == 0, status
        hub.stop()
    finally:
        for d in desks.values():
            d.close()


def _status(desk: Desk, code: str) -> str:
    with desk.read() as s:
        return str(s.scalar(select(Dossier.status).where(Dossier.code == code)))


def test_relay_province_holds_every_dossier_once(tmp_path: Path, province: tuple[RunningHub, str]) -> None:
    hub, token = province
    scenario(tmp_path, hub, token, f"sqlite:///{tmp_path / 'office.sqlite3'}")


def test_office_hub_sigkilled_while_relaying(tmp_path: Path, province: tuple[RunningHub, str]) -> None:
    hub, token = province
    scenario(tmp_path, hub, token, f"sqlite:///{tmp_path / 'office.sqlite3'}", kills=4, per_desk=15)


def test_relay_through_the_fault_proxy(tmp_path: Path, province: tuple[RunningHub, str]) -> None:
    hub, token = province
    proxy = FaultProxy(hub.port, seed=7, fault_delay=1.0)
    proxy.start()
    proxy.set_mix(**{"pass": 4, "drop": 1, "truncate": 1, "cut": 2, "delay": 0.5})
    try:
        scenario(tmp_path, hub, token, f"sqlite:///{tmp_path / 'office.sqlite3'}", upstream=proxy.url)
    finally:
        proxy.stop()
    assert proxy.counts["cut"] > 0 and proxy.counts["drop"] > 0, proxy.counts


@pytest.mark.timeout(600)
def test_office_hub_on_postgresql(tmp_path: Path, province: tuple[RunningHub, str],
                                  request: pytest.FixtureRequest) -> None:  # fmt: skip
    from tests.faults.pg import fresh_database, pg_bindir

    if pg_bindir() is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found")
    cluster = request.getfixturevalue("pg_cluster")
    hub, token = province
    scenario(tmp_path, hub, token, fresh_database(cluster, "office_hub"), kills=1)
