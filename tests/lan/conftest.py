from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.desk import Desk
from server import admin, desks
from tests.faults.deskkit import UNIT_A, UNIT_B, open_desk
from tests.faults.hub import RunningHub, running_hub


@dataclass
class Office:
    hub: RunningHub
    db_url: str
    office_token: str
    desk_tokens: dict[int, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.hub.url


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    """An office hub for unit A with three desks (another unit exists too: it must stay apart)."""
    url = f"sqlite:///{tmp_path / 'office-hub.sqlite3'}"
    with running_hub(url) as running:
        with running.db.write() as s:
            token = admin.add_office(s, UNIT_A, "Trung tâm PVHCC xã Tân Lập")
            tokens = {k: desks.add_desk(s, UNIT_A, k) for k in (1, 2, 3)}
        yield Office(running, url, token, tokens)


@pytest.fixture
def three_desks(tmp_path: Path, office: Office) -> Iterator[dict[int, Desk]]:
    out = {
        k: open_desk(tmp_path / f"desk{k}", server=office.url, token=office.desk_tokens[k], workstation=k,
                     workstation_count=3)
        for k in (1, 2, 3)
    }  # fmt: skip
    yield out
    for d in out.values():
        d.close()


__all__ = ["UNIT_A", "UNIT_B", "Office"]


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[str]:
    from tests.faults.pg import pg_bindir, throwaway_cluster

    if pg_bindir() is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found")
    with throwaway_cluster() as url:
        yield url
