"""Issue 8 §7: a change the PostgreSQL hub fails on (HTTP 500, every time) is isolated by bisection
and rejected with the reason; every other change goes through. A hub that fails on everything
rejects nothing.

The poison is real: a PostgreSQL trigger on the hub's ``dossiers`` table raising for one dossier
code, as a constraint the desk cannot know about would.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from server import admin
from server.store import office_stats
from sync.engine import SyncConfig, run_sync
from tests.faults.deskkit import UNIT_A, make_dossiers, open_desk, outbox_counts
from tests.faults.hub import RunningHub, running_hub
from tests.faults.pg import fresh_database, pg_bindir, throwaway_cluster

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    if pg_bindir() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("PostgreSQL binaries (initdb, pg_ctl) not found")
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found: apt-get install postgresql")
    with throwaway_cluster() as url:
        yield url


@pytest.fixture
def pg_hub(cluster: str, request: pytest.FixtureRequest) -> Iterator[tuple[RunningHub, str]]:
    url = fresh_database(cluster, f"poison_{os.getpid()}_{request.node.name[-20:].lower()}")
    with running_hub(url) as hub:
        with hub.db.write() as s:
            token = admin.add_office(s, UNIT_A, "UBND xã Tân Lập")
        yield hub, token


def _poison(hub: RunningHub, condition: str) -> None:
    with hub.db.engine.begin() as conn:
        conn.execute(
            text(f"""
            CREATE FUNCTION poison() RETURNS trigger AS $$
            BEGIN
                IF {condition} THEN RAISE EXCEPTION 'constraint the desk cannot know'; END IF;
                RETURN NEW;
            END $$ LANGUAGE plpgsql""")
        )
        conn.execute(
            text("CREATE TRIGGER poison BEFORE INSERT ON dossiers FOR EACH ROW EXECUTE FUNCTION poison()")
        )


def test_one_poison_change_is_isolated_and_rejected_the_others_go_through(
    pg_hub: tuple[RunningHub, str], tmp_path: Path
) -> None:
    hub, token = pg_hub
    desk = open_desk(tmp_path / "desk", server=hub.url, token=token)
    codes = make_dossiers(desk, 12, events=1)
    poison = codes[5]
    _poison(hub, f"NEW.code = '{poison}'")
    report = run_sync(desk, config=SyncConfig(batch_start=8, seed=1), sleep=lambda _s: None)
    assert report.ok, report.error
    assert [item.code for item in report.rejected_items] == [poison]
    assert "HTTP 500" in report.rejected_items[0].reason
    assert report.waiting == 1  # the poison dossier's own event waits; no other dossier does
    with hub.db.read() as s:
        stats = office_stats(s, admin.get_office(s, UNIT_A))
    assert stats["dossiers"] == 11 and stats["events"] == 11 * 2  # first event + hand-over each
    assert outbox_counts(desk) == {"acked": 22, "rejected": 1, "pending": 1}
    again = run_sync(desk, config=SyncConfig(seed=2), sleep=lambda _s: None)
    assert again.ok and again.pushed == 0 and again.rejected == 1
    desk.close()


def test_a_hub_failing_on_everything_rejects_nothing(pg_hub: tuple[RunningHub, str], tmp_path: Path) -> None:
    hub, token = pg_hub
    desk = open_desk(tmp_path / "desk", server=hub.url, token=token)
    make_dossiers(desk, 6)
    _poison(hub, "TRUE")
    report = run_sync(desk, config=SyncConfig(batch_start=4, seed=1), sleep=lambda _s: None)
    assert not report.ok and report.error_kind == "transient"
    assert report.rejected == 0
    assert outbox_counts(desk) == {"pending": 6}
    desk.close()
