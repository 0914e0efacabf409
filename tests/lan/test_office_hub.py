"""Several desks, one register: an office hub on loopback with three desks (issue 10)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import requests
from sqlalchemy import select

from app.desk import Desk
from app.domain.lifecycle import Status
from app.services import transitions
from app.services.edit import IntakeEdit, edit_intake
from app.services.search import search
from app.store.models import Dossier, DossierEvent, Outbox
from server import desks
from server.models_lan import DeskRow
from sync.engine import SyncConfig, run_sync
from tests.faults.deskkit import ACTOR, UNIT_B, make_dossiers, open_desk
from tests.lan.conftest import Office

CFG = SyncConfig(seed=1, max_attempts=2, backoff_base=0.01)


def sync(desk: Desk) -> dict:
    rep = run_sync(desk, config=CFG, sleep=lambda _s: None)
    assert rep.ok, rep.error
    return rep.as_json()


def status_of(desk: Desk, code: str) -> str:
    with desk.read() as s:
        return str(s.scalar(select(Dossier.status).where(Dossier.code == code)))


def test_dossiers_cross_desks_both_ways_and_a_status_set_elsewhere_comes_back(
    office: Office, three_desks: dict[int, Desk]
) -> None:
    d1, d2, d3 = three_desks[1], three_desks[2], three_desks[3]
    a = make_dossiers(d1, 3)
    b = make_dossiers(d2, 2, start=10)
    assert all(c[-4] == "1" for c in a) and all(c[-4] == "2" for c in b)  # workstation blocks
    for d in (d1, d2, d3, d1):
        sync(d)
    for d in (d1, d2, d3):
        with d.read() as s:
            codes = set(s.scalars(select(Dossier.code)))
            assert codes == set(a) | set(b)
            # Search covers the whole office, by code and by name.
            assert [x.code for x in search(s, a[0])] == [a[0]]
    # Desk 2 moves a dossier received at desk 1; desk 1 and desk 3 see it.
    with d2.tx() as s:
        transitions.change_status(s, a[0], Status.IN_PROGRESS, calendar=d2.calendar(), actor=ACTOR)
    sync(d2)
    sync(d1)
    sync(d3)
    assert status_of(d1, a[0]) == status_of(d3, a[0]) == "in_progress"
    with d1.read() as s:
        kinds = [
            (e.origin, e.to_status)
            for e in s.scalars(select(DossierEvent).join(Dossier).where(Dossier.code == a[0]))
        ]
    assert ("office", "in_progress") in kinds
    # Nothing echoed back up: desk 1's outbox holds desk 2's dossiers as acked copies, never pending.
    with d1.read() as s:
        assert not list(s.scalars(select(Outbox).where(Outbox.state == "pending")))
    # The hub holds each dossier once, with its events once.
    stats = requests.get(f"{office.url}/api/v1/dossiers/{_uuid(d1, a[0])}",
                         headers={"Authorization": f"Bearer {office.desk_tokens[3]}"}, timeout=5).json()  # fmt: skip
    assert stats["status"] == "in_progress" and len({e["uuid"] for e in stats["events"]}) == len(
        stats["events"]
    )


def _uuid(desk: Desk, code: str) -> str:
    with desk.read() as s:
        return str(s.scalar(select(Dossier.uuid).where(Dossier.code == code)))


def test_a_stale_status_move_is_rejected_with_a_reason_and_the_desk_converges(
    office: Office, three_desks: dict[int, Desk]
) -> None:
    d1, d3 = three_desks[1], three_desks[3]
    [code] = make_dossiers(d1, 1)
    sync(d1)
    sync(d3)
    with d1.tx() as s:
        transitions.change_status(
            s, code, Status.WITHDRAWN, calendar=d1.calendar(), actor=ACTOR, note="Công dân rút"
        )
    with d3.tx() as s:  # desk 3 has not heard of it yet
        transitions.change_status(s, code, Status.IN_PROGRESS, calendar=d3.calendar(), actor=ACTOR)
    sync(d1)
    rep = run_sync(d3, config=CFG, sleep=lambda _s: None)
    assert rep.rejected == 1
    [item] = rep.rejected_items
    assert item.code == code and "tại máy khác" in item.reason and "công dân rút hồ sơ" in item.reason
    assert status_of(d3, code) == "withdrawn"  # the hub's order wins; the rejection stays listed
    with office.hub.db.read() as s:
        rows = desks.conflicts(s)
    assert [(r["kind"], r["code"], r["loser_desk"]) for r in rows] == [("status", code, 3)]
    # A resend of the rejected change gets the same answer (the ledger keeps it).
    again = run_sync(d3, config=CFG, sleep=lambda _s: None)
    assert again.rejected == 1 and again.pushed == 0


def test_intake_edited_at_two_desks_later_wins_loser_kept(
    office: Office, three_desks: dict[int, Desk]
) -> None:
    d1, d2 = three_desks[1], three_desks[2]
    [code] = make_dossiers(d1, 1)
    sync(d1)
    sync(d2)
    with d1.tx() as s:
        edit_intake(s, code, IntakeEdit(owner={"phone": "0912000111", "address": "Xóm Bắc"}, reason="Gõ sai"),
                    actor=ACTOR)  # fmt: skip
    with d2.tx() as s:
        edit_intake(s, code, IntakeEdit(owner={"phone": "0987000222"}, reason="Công dân đổi số"), actor=ACTOR)
    sync(d1)
    sync(d2)  # later at the hub: desk 2's phone wins; desk 1's address (not in conflict) stays
    assert sync(d1)["warnings"] == []
    for d in (d1, d2):
        with d.read() as s:
            dossier = s.scalar(select(Dossier).where(Dossier.code == code))
            assert dossier is not None
            assert (dossier.owner.phone, dossier.owner.address) == ("0987000222", "Xóm Bắc")
    with office.hub.db.read() as s:
        rows = desks.conflicts(s)
    assert len(rows) == 1 and rows[0]["kind"] == "intake"
    assert rows[0]["detail"]["owner"]["phone"] == {"lost": "0912000111", "won": "0987000222"}
    assert (rows[0]["winner_desk"], rows[0]["loser_desk"]) == (2, 1)
    # The desk sees the office's conflict list too.
    listed = requests.get(f"{office.url}/api/v1/conflicts", headers={"Authorization": f"Bearer {office.desk_tokens[1]}"},
                          timeout=5).json()["conflicts"]  # fmt: skip
    assert listed and listed[0]["code"] == code


def test_desk_tokens_last_seen_revoke_and_the_hub_names_its_office(
    tmp_path: Path, office: Office, three_desks: dict[int, Desk]
) -> None:
    make_dossiers(three_desks[1], 2)
    sync(three_desks[1])
    health = requests.get(f"{office.url}/api/v1/health", timeout=5).json()
    assert health["mode"] == "office" and health["unit_code"] == three_desks[1].require_office().unit_code
    assert len(health["fingerprint"]) == 19
    with office.hub.db.read() as s:
        listed = {r["workstation"]: r for r in desks.list_desks(s)}
        hashes = set(s.scalars(select(DeskRow.token_hash)))
    assert listed[1]["last_seen_at"] and listed[1]["open_dossiers"] == 2 and listed[2]["last_seen_at"] is None
    assert office.desk_tokens[1] not in hashes  # stored hashed
    with office.hub.db.write() as s:
        desks.revoke_desk(s, 1)
    rep = run_sync(three_desks[1], config=CFG, sleep=lambda _s: None)
    assert not rep.ok and rep.error_kind == "auth"
    # A desk of another unit never joins this hub, even with a working address.
    other = open_desk(tmp_path / "other", unit=UNIT_B, server=office.url, token=office.desk_tokens[2])
    try:
        rep = run_sync(other, config=CFG, sleep=lambda _s: None)
        assert not rep.ok and rep.error_kind == "wrong_hub" and "không đồng bộ" in (rep.error or "")
        assert rep.pushed == 0
    finally:
        other.close()


def test_hub_cli_desk_add_list_revoke(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'h.sqlite3'}"

    def hub(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "server.cli", "--db", db, *args], capture_output=True,
                              text=True, timeout=60)  # fmt: skip

    assert hub("office", "add", "--unit-code", "000.00.12.H29", "--name", "Xã Tân Lập").returncode == 0
    out = hub("desk", "add", "--unit-code", "000.00.12.H29", "--workstation", "4")
    assert out.returncode == 0 and len(out.stdout.strip()) >= 40
    dup = hub("desk", "add", "--unit-code", "000.00.12.H29", "--workstation", "4")
    assert dup.returncode == 2 and "--workstation" in dup.stderr and "Traceback" not in dup.stderr
    bad = hub("desk", "add", "--unit-code", "000.00.12.H29", "--workstation", "12")
    assert bad.returncode == 2 and "từ 1 đến 9" in bad.stderr
    listed = json.loads(hub("desk", "list", "--json").stdout)
    assert listed == [{"unit_code": "000.00.12.H29", "workstation": 4, "last_seen_at": None, "revoked": False,
                       "pending": None, "open_dossiers": 0}]  # fmt: skip
    assert hub("desk", "revoke", "--workstation", "4").returncode == 0
    assert json.loads(hub("desk", "list", "--json").stdout)[0]["revoked"] is True
    assert json.loads(hub("conflicts", "list", "--json").stdout) == []


def test_setup_cli_joins_a_desk_to_the_office_hub(tmp_path: Path, office: Office) -> None:
    from tests.faults.deskkit import motcua, sync_json

    data = tmp_path / "cli-desk"
    out = motcua(data, "setup", "--unit-code", "000.00.12.H29", "--office-name", "Xã Tân Lập", "--workstation", "3",
                 "--workstation-count", "3", "--server", office.url, "--token", office.desk_tokens[3], "--json")  # fmt: skip
    assert out.returncode == 0, out.stderr
    made = motcua(data, "intake", "--procedure", "1.001022", "--name", "Nguyễn Văn An", "--id-number",
                  "038088000123", "--json")  # fmt: skip
    assert made.returncode == 0, made.stderr
    code = json.loads(made.stdout)["code"]
    assert code[-4] == "3"  # workstation 3's block
    rc, report, err = sync_json(data)
    assert rc == 0 and report["pushed"] >= 1 and report["hub_mode"] == "office", err
