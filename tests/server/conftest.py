"""The hub's suite runs against SQLite and against a real PostgreSQL started by the test run."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from server import admin
from tests.faults.hub import RunningHub, running_hub
from tests.faults.pg import fresh_database, pg_bindir, throwaway_cluster

UNIT_A = "000.00.12.H29"
UNIT_B = "000.00.13.H29"
_db_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[str]:
    if pg_bindir() is None:
        message = "PostgreSQL binaries (initdb, pg_ctl) not found: apt-get install postgresql"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)  # CI must run the PostgreSQL leg, never skip it silently
        pytest.skip(message)
    with throwaway_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def hub_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    cluster = request.getfixturevalue("pg_cluster")
    return fresh_database(cluster, f"hub_{os.getpid()}_{next(_db_numbers)}")


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
def hub(hub_db_url: str) -> Iterator[Hub]:
    with running_hub(hub_db_url) as running:
        with running.db.write() as s:
            token_a = admin.add_office(s, UNIT_A, "UBND xã Tân Lập")
            token_b = admin.add_office(s, UNIT_B, "UBND xã Tân Hòa")
        yield Hub(running, hub_db_url, token_a, token_b)
