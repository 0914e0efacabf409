"""Issue 13 §1: writers are ordered per office, not globally, and a reader polling the feed never
skips a row, with office writers and broadcasts racing (SQLite and PostgreSQL)."""

from __future__ import annotations

import random
import threading
import time
from typing import Any

import pytest

from server import admin
from server.db import HubDB
from server.store import updates_after
from tests.server.conftest import UNIT_A, UNIT_B


def _offices(db: HubDB) -> tuple[admin.OfficeRow, admin.OfficeRow]:  # type: ignore[name-defined]
    with db.write() as s:
        admin.add_office(s, UNIT_A, "A")
        admin.add_office(s, UNIT_B, "B")
    with db.read() as s:
        return admin.get_office(s, UNIT_A), admin.get_office(s, UNIT_B)


def test_a_reader_never_skips_a_row_while_writers_and_broadcasts_race(hub_db_url: str) -> None:
    db = HubDB(hub_db_url)
    db.init()
    a, b = _offices(db)
    stop = threading.Event()
    errors: list[BaseException] = []
    rng = random.Random(13)

    def office_writer(office_id: int, n: int) -> None:
        try:
            for i in range(n):
                with db.write() as s:
                    admin.publish(s, [office_id], "calendar", {"days": [], "i": i})
                    time.sleep(rng.random() * 0.01)  # commit late: a higher seq must not overtake
        except BaseException as exc:  # noqa: BLE001  (reported by the assertion below)
            errors.append(exc)

    def broadcaster(n: int) -> None:
        try:
            for i in range(n):
                with db.write() as s:
                    admin.broadcast(s, "procedure", {"procedures": [], "i": i})
                    time.sleep(0.005)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    seen: list[int] = []

    def reader() -> None:
        cursor = 0
        while True:
            done = stop.is_set()
            with db.read() as s:
                items, _more = updates_after(s, a, cursor, 50)
            seen.extend(u["seq"] for u in items)
            cursor = items[-1]["seq"] if items else cursor
            if done and not items:
                return

    threads = [threading.Thread(target=office_writer, args=(a.id, 40)) for _ in range(3)]
    threads += [
        threading.Thread(target=office_writer, args=(b.id, 40)),
        threading.Thread(target=broadcaster, args=(10,)),
    ]
    read = threading.Thread(target=reader)
    read.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    read.join()
    assert errors == []
    with db.read() as s:
        everything, more = updates_after(s, a, 0, 1000)
    assert not more and len(everything) == 3 * 40 + 10
    assert seen == [u["seq"] for u in everything]  # in order, nothing skipped, nothing twice
    db.dispose()


def test_writers_of_two_offices_do_not_wait_for_each_other_on_postgresql(hub_db_url: str) -> None:
    db = HubDB(hub_db_url)
    db.init()
    a, b = _offices(db)
    if db.is_sqlite:  # one writer at a time on SQLite, by design (server/db.py)
        db.dispose()
        return
    holding, finished = threading.Event(), {}

    def slow_a() -> None:
        with db.write() as s:
            admin.publish(s, [a.id], "calendar", {"days": []})
            holding.set()
            time.sleep(1.5)
        finished["a"] = time.monotonic()

    t = threading.Thread(target=slow_a)
    t.start()
    assert holding.wait(10)
    with db.write() as s:
        admin.publish(s, [b.id], "calendar", {"days": []})
    finished["b"] = time.monotonic()
    t.join()
    assert finished["b"] < finished["a"] - 0.5  # B committed while A still held its office lock
    db.dispose()


def test_connections_the_server_closed_are_replaced_before_a_request_uses_them(hub_db_url: str) -> None:
    """A PostgreSQL restart (here: every connection of the hub terminated by the server) costs no
    request a 500: the pool sees, without a round trip, that its idle connections are gone
    (server/db.py ``_still_open``) and opens new ones, for a batch and for a pull alike."""
    db = HubDB(hub_db_url)
    db.init()
    a, _b = _offices(db)
    if db.is_sqlite:  # no connection to lose
        db.dispose()
        return
    import psycopg

    def both() -> None:  # two connections at once: the pool keeps two idle ones afterwards
        with db.write() as w, db.peek() as r:
            admin.publish(w, [a.id], "calendar", {"days": []})
            updates_after(r, a, 0, 10)

    both()
    assert db.engine.pool.checkedin() >= 2
    dsn = hub_db_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as admin_conn:
        killed = admin_conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    assert killed is not None and killed[0] >= 2
    time.sleep(0.3)  # the farewells reach the hub's sockets
    for _ in range(2):
        both()
    with db.peek() as r:
        items, _more = updates_after(r, a, 0, 10)
    assert len(items) == 3
    db.dispose()


def test_an_idle_socket_is_told_from_one_the_peer_closed_on_both_platform_branches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """server/db.py ``_readable``: poll() on POSIX, select() where there is no poll (Windows)."""
    import select
    import socket

    from server.db import _readable

    for branch in ("poll", "select"):
        if branch == "select":
            monkeypatch.delattr(select, "poll")
        ours, peer = socket.socketpair()
        try:
            assert not _readable(ours.fileno()), branch
            peer.close()  # as a server that restarted or terminated the connection
            assert _readable(ours.fileno()), branch
        finally:
            ours.close()


def test_without_pipeline_mode_a_batch_takes_its_lock_and_lookups_in_two_round_trips(
    hub_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hub whose libpq predates pipeline mode (13 and older) answers exactly as one that has it."""
    from server import app as hub_app
    from server import db as hub_db
    from tests.server.wire import dossier_create, event_append

    db = HubDB(hub_db_url)
    db.init()
    a, _b = _offices(db)

    def batch(start: int) -> list[dict[str, Any]]:
        made = [dossier_create(UNIT_A, n) for n in range(start, start + 3)]
        return [*made, event_append(made[0]["entity_uuid"], made[0]["payload"]["dossier"]["code"])]

    answers = {}
    for supported, start in ((True, 1), (False, 4)):
        monkeypatch.setattr(hub_db, "pipelines_supported", lambda s=supported: s)
        sent = batch(start)
        answers[supported] = [[r["status"] for r in hub_app._apply(db, a, sent)] for _ in range(2)]
    assert answers[True] == answers[False] == [["applied"] * 4, ["duplicate"] * 4]
    db.dispose()
