"""End-to-end: the real ``motcua sync`` CLI against the real hub through a fault-injecting proxy,
and SIGKILL at random moments. The promise under test: nothing lost, nothing stored twice."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.desk import Desk
from app.store.models import Dossier, DossierEvent, Outbox
from server import admin
from server.models import DossierRow, EventRow
from server.store import office_stats
from tests.app.deskkit import raw_db
from tests.faults.deskkit import ACTOR, REPO, UNIT_A, make_dossiers, open_desk, sync_json
from tests.faults.proxy import FaultProxy
from tests.sync.conftest import Hub

FAST_RETRY = ("--max-attempts", "3", "--backoff-cap", "0.2", "--read-timeout", "2", "--connect-timeout", "2")


@pytest.fixture
def proxy(hub: Hub) -> Iterator[FaultProxy]:
    p = FaultProxy(hub.running.port, seed=11, fault_delay=3.0)
    p.start()
    yield p
    p.stop()


def hub_truth(hub: Hub) -> dict[str, Any]:
    with hub.running.db.read() as s:
        stats: dict[str, Any] = dict(office_stats(s, admin.get_office(s, UNIT_A)))
        stats["uuids"] = set(s.scalars(select(DossierRow.uuid)))
        stats["event_uuids"] = set(s.scalars(select(EventRow.uuid).where(EventRow.origin == "desk")))
    return stats


def desk_truth(data_dir: Path) -> dict[str, Any]:
    desk = open_desk_existing(data_dir)
    try:
        with desk.read() as s:
            states = dict(s.execute(select(Outbox.state, func.count()).group_by(Outbox.state)).all())
            return {
                "states": states,
                "uuids": set(s.scalars(select(Dossier.uuid))),
                "event_uuids": set(s.scalars(select(DossierEvent.uuid).where(DossierEvent.origin == "desk"))),
                "upstream_events": int(
                    s.scalar(
                        select(func.count())
                        .select_from(DossierEvent)
                        .where(DossierEvent.origin == "upstream")
                    )
                    or 0
                ),
                "duplicates": sum(
                    1 for r in s.scalars(select(Outbox.result)) if r and r.get("status") == "duplicate"
                ),
            }
    finally:
        desk.close()


def open_desk_existing(data_dir: Path) -> Desk:
    return Desk.open(data_dir)


def sync_until_clean(data_dir: Path, limit: int = 40) -> tuple[int, list[int]]:
    codes: list[int] = []
    for _ in range(limit):
        rc, out, err = sync_json(data_dir, *FAST_RETRY)
        codes.append(rc)
        if rc == 0 and out["pending"] == 0:
            return len(codes), codes
        # A failed run says why and that the data is safe, in Vietnamese, and exits non-zero.
        assert rc == 3, (rc, out, err)
        assert "an toàn" in err and out["ok"] is False
    raise AssertionError(f"still not clean after {limit} runs: {codes}")


@pytest.mark.slow
def test_repeated_cli_syncs_through_a_faulty_link_store_everything_exactly_once(
    tmp_path: Path, hub: Hub, proxy: FaultProxy
) -> None:
    data_dir = tmp_path / "desk"
    desk = open_desk(data_dir, server=proxy.url, token=hub.token_a)
    make_dossiers(desk, 60, events=3)
    desk.close()
    proxy.set_mix(**{"pass": 4, "drop": 1.5, "delay": 1, "truncate": 1.5, "cut": 2})

    runs, codes = sync_until_clean(data_dir)
    # Then the processing body works upstream and a citizen submits online; pull through faults too.
    with hub.running.db.write() as s:
        for row in list(s.scalars(select(DossierRow).order_by(DossierRow.id).limit(10))):
            admin.set_status(s, row.code, "resolved", note="Đã có kết quả")
        submission = admin.submit(
            s, UNIT_A, "1.001022", {"name": "Đặng Ưng Ổn", "id_type": "cccd", "id_number": "038188000999"}
        )
    runs2, codes2 = sync_until_clean(data_dir)

    assert all(proxy.counts[m] > 0 for m in ("pass", "drop", "delay", "truncate", "cut")), proxy.counts
    assert 3 in codes + codes2  # the faults really did break runs
    truth, local = hub_truth(hub), desk_truth(data_dir)
    assert (truth["dossiers"], truth["distinct_codes"]) == (61, 61)  # 60 from the desk + the submission
    assert truth["events"] == truth["distinct_events"] == 60 * 4 + 10 + 1
    assert truth["changes"] == 60 * 4  # every desk change once, the submission's echo never
    assert local["uuids"] == truth["uuids"] and submission["uuid"] in local["uuids"]
    # Every timeline event made at the desk is on the hub, and nothing else from the desk is; the
    # submission's local "submitted" event is the desk's own record and is not sent back.
    assert truth["event_uuids"] == local["event_uuids"] - {_first_event_of(data_dir, submission["uuid"])}
    assert local["states"] == {"acked": 60 * 4 + 1}  # + the submission's echo, acked locally
    assert local["upstream_events"] == 10
    assert local["duplicates"] > 0  # a reply was lost after the hub committed, and the resend was harmless


def _first_event_of(data_dir: Path, dossier_uuid: str) -> str:
    with raw_db(data_dir / "motcua.sqlite3") as conn:
        row = conn.execute(
            "SELECT e.uuid FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id WHERE d.uuid = ? ORDER BY e.id LIMIT 1",
            (dossier_uuid,),
        ).fetchone()
    return str(row[0])


def _pending(data_dir: Path) -> int:
    with raw_db(data_dir / "motcua.sqlite3") as conn:
        return int(conn.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone()[0])


@pytest.mark.slow
def test_sigkill_at_random_moments_then_a_clean_sync_stores_everything_exactly_once(
    tmp_path: Path, hub: Hub
) -> None:
    slow = FaultProxy(hub.running.port, seed=3, link_delay=0.08, rate=40_000)
    slow.start()
    try:
        data_dir = tmp_path / "desk"
        desk = open_desk(data_dir, server=slow.url, token=hub.token_a)
        make_dossiers(desk, 120, events=2)
        desk.close()
        rng = random.Random(2026)
        env = {**os.environ, "MOTCUA_USER": ACTOR, "PYTHONPATH": str(REPO)}
        between: list[int] = []
        killed = 0
        for round_no in range(5):
            proc = subprocess.Popen(
                [sys.executable, "-m", "cli", "--data-dir", str(data_dir), "sync", "--json"],
                cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            time.sleep(rng.uniform(0.6, 2.2))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                killed += 1
            proc.wait(timeout=30)
            between.append(_pending(data_dir))
            # The clerk goes on working between the attempts.
            desk = open_desk_existing(data_dir)
            make_dossiers(desk, 20, start=1000 + 20 * round_no, events=1)
            desk.close()
        total = (120 * 3) + 5 * 20 * 2
        assert killed >= 3, between
        assert any(0 < p < total for p in between), between  # at least one kill landed mid-push
        rc, out, err = sync_json(data_dir)
        assert rc == 0 and out["pending"] == 0, (out, err)
    finally:
        slow.stop()
    truth, local = hub_truth(hub), desk_truth(data_dir)
    assert (truth["dossiers"], truth["distinct_codes"]) == (220, 220)
    assert truth["events"] == truth["distinct_events"] == 120 * 3 + 100 * 2
    assert truth["changes"] == total
    assert local["uuids"] == truth["uuids"] and local["event_uuids"] == truth["event_uuids"]
    assert local["states"] == {"acked": total}


def test_cli_sync_reports_json_and_a_clear_vietnamese_error_when_the_hub_is_down(
    tmp_path: Path, hub: Hub
) -> None:
    data_dir = tmp_path / "desk"
    desk = open_desk(data_dir, server=hub.url, token=hub.token_a)
    make_dossiers(desk, 4, events=1)
    desk.close()
    rc, out, err = sync_json(data_dir)
    assert rc == 0 and err == ""
    assert {k: out[k] for k in ("pushed", "pulled", "pending", "rejected", "rejected_items")} == {
        "pushed": 8, "pulled": 0, "pending": 0, "rejected": 0, "rejected_items": [],
    }  # fmt: skip
    assert isinstance(out["clock_skew_seconds"], float) and out["warnings"] == []
    desk = open_desk(data_dir, server="http://127.0.0.1:9", token=hub.token_a)
    make_dossiers(desk, 2, start=50)
    desk.close()
    rc, out, err = sync_json(data_dir, "--max-attempts", "2", "--backoff-cap", "0.1")
    assert rc == 3 and out["pending"] == 2 and out["error_kind"] == "unreachable"
    assert "Không kết nối được máy chủ" in err and "an toàn trên máy này (2 thay đổi đang chờ gửi)" in err
    human = subprocess.run(
        [sys.executable, "-m", "cli", "--data-dir", str(data_dir), "sync", "--max-attempts", "1"],
        cwd=REPO, capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert human.returncode == 3 and "còn chờ gửi 2" in human.stdout
    assert json.dumps(out, ensure_ascii=False)  # the JSON line is complete
