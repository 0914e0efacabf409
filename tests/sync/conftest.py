from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.desk import Desk
from server import admin
from tests.faults.deskkit import UNIT_A, UNIT_B, open_desk
from tests.faults.hub import RunningHub, running_hub


@dataclass
class Hub:
    running: RunningHub
    db_url: str
    token_a: str
    token_b: str

    @property
    def url(self) -> str:
        return self.running.url


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Hub]:
    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    with running_hub(url) as running:
        with running.db.write() as s:
            token_a = admin.add_office(s, UNIT_A, "UBND xã Tân Lập")
            token_b = admin.add_office(s, UNIT_B, "UBND xã Tân Hòa")
        yield Hub(running, url, token_a, token_b)


@pytest.fixture
def desk(tmp_path: Path, hub: Hub) -> Iterator[Desk]:
    d = open_desk(tmp_path / "desk", server=hub.url, token=hub.token_a)
    yield d
    d.close()
