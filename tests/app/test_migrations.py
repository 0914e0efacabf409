"""Alembic migrations: empty → head, no drift from the ORM models, down and up again, FTS triggers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from app.desk import Desk
from app.store import migrate
from app.store.engine import make_engine
from app.store.models import Base
from tests.app.deskkit import cccd, person, receive, request

FTS_PREFIX = "dossier_fts"


def _ignore_fts(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    # The trigram FTS5 table and its shadow tables are made by hand in the migration.
    return not (type_ == "table" and name is not None and name.startswith(FTS_PREFIX))


def _drift(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": _ignore_fts})
        return list(compare_metadata(ctx, Base.metadata))


def _objects(engine: Engine) -> dict[str, set[str]]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")).all()
    out: dict[str, set[str]] = {}
    for kind, name in rows:
        out.setdefault(kind, set()).add(name)
    return out


@pytest.fixture
def engine(tmp_path: Path) -> Any:
    e = make_engine(tmp_path / "m.sqlite3")
    yield e
    e.dispose()


def test_upgrade_from_empty_to_head(engine: Engine) -> None:
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    objs = _objects(engine)
    assert {"dossier_fts_ai", "dossier_fts_ad", "dossier_fts_au"} <= objs["trigger"]
    assert "dossier_fts" in objs["table"]


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    migrate.upgrade(engine)
    assert _drift(engine) == []


def test_drift_check_does_see_a_difference(engine: Engine) -> None:
    """Guard for the test above: the comparison is live, it reports a missing index."""
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_dossier_search_phone"))
    diffs = _drift(engine)
    assert any(d[0] == "add_index" and d[1].name == "ix_dossier_search_phone" for d in diffs), diffs


def test_downgrade_to_base_and_upgrade_again(engine: Engine) -> None:
    migrate.upgrade(engine)
    with engine.begin() as conn:
        command.downgrade(migrate._config(conn), "base")
    objs = _objects(engine)
    assert objs.get("table", set()) == {"alembic_version"}, objs
    assert not objs.get("trigger") and not objs.get("index"), objs
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert _drift(engine) == []
    assert {"dossier_fts_ai", "dossier_fts_ad", "dossier_fts_au"} <= _objects(engine)["trigger"]


def test_opening_an_existing_store_keeps_its_data(tmp_path: Path) -> None:
    from tests.app.deskkit import dossier_count, open_desk

    desk = open_desk(tmp_path / "data")
    receive(desk)
    desk.close()
    with Desk.open(tmp_path / "data") as again:  # upgrade at head is a no-op
        assert dossier_count(again) == 1
        assert migrate.current_revision(again.engine) == migrate.head_revision()


# --------------------------------------------------------------------------- FTS triggers


def _fts_rowids(desk: Desk, term: str) -> set[int]:
    with desk.read() as s:
        rows = s.execute(text("SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH :m"), {"m": f'"{term}"'})
        return {r[0] for r in rows}


def _fts_integrity(desk: Desk) -> None:
    # For an external-content table this compares the index with the dossier rows themselves.
    with desk.tx() as s:
        s.execute(text("INSERT INTO dossier_fts(dossier_fts, rank) VALUES ('integrity-check', 1)"))


def test_fts_follows_insert_update_delete(desk: Desk) -> None:
    a = receive(desk, request(owner=person("Nguyễn Thị Hoà", cccd(1), phone="0912345678")))
    b = receive(desk, request(owner=person("Trần Văn Bình", cccd(2), phone="0987654321")))
    with desk.read() as s:
        ids: dict[str, int] = dict(s.execute(text("SELECT code, id FROM dossier")).all())
    assert _fts_rowids(desk, "nguyen thi hoa") == {ids[a.code]}
    assert _fts_rowids(desk, a.code.lower()) == {ids[a.code]}  # the code is indexed lower-case
    assert _fts_rowids(desk, "87654") == {ids[b.code]}
    _fts_integrity(desk)

    with desk.tx() as s:  # a correction of the name, as an edit would write it
        s.execute(text("UPDATE dossier SET search_name='le thi hoa' WHERE id=:i"), {"i": ids[a.code]})
    assert _fts_rowids(desk, "nguyen") == set()
    assert _fts_rowids(desk, "le thi hoa") == {ids[a.code]}
    with desk.tx() as s:  # an update of other columns leaves the index alone
        s.execute(text("UPDATE dossier SET status='in_progress' WHERE id=:i"), {"i": ids[a.code]})
    assert _fts_rowids(desk, "le thi hoa") == {ids[a.code]}
    _fts_integrity(desk)

    with desk.tx() as s:
        s.execute(text("DROP TRIGGER dossier_event_no_delete"))  # events are append-only since 0002
        s.execute(text("DELETE FROM dossier_event WHERE dossier_id=:i"), {"i": ids[b.code]})
        s.execute(text("DELETE FROM dossier WHERE id=:i"), {"i": ids[b.code]})
    assert _fts_rowids(desk, "87654") == set()
    assert _fts_rowids(desk, "tran van") == set()
    _fts_integrity(desk)


def test_fts_integrity_check_detects_an_index_out_of_step(desk: Desk) -> None:
    """Guard for the checks above: 'integrity-check' does fail when the index lags the table."""
    receive(desk)
    with desk.tx() as s:
        s.execute(text("DROP TRIGGER dossier_fts_au"))
        s.execute(text("UPDATE dossier SET search_name='khac han'"))
    with pytest.raises(Exception, match="malformed|corrupt"):
        _fts_integrity(desk)


def test_head_constant_matches_the_scripts() -> None:
    # migrate.HEAD lets an up-to-date store open without loading Alembic; it must follow the scripts.
    from app.store import migrate

    assert migrate.HEAD == migrate.head_revision()


def test_upgrade_from_0002_keeps_accounts_and_adds_the_sign_in_throttle(engine: Engine) -> None:
    """0003_core on a store of the previous release: accounts kept, counters start at zero."""
    with engine.begin() as conn:
        command.upgrade(migrate._config(conn), "0002")
        conn.execute(
            text(
                "INSERT INTO user (username, full_name, role, password_hash, active, created_at) "
                "VALUES ('quantri', 'Quản Trị', 'admin', 'x', 1, '2026-11-01T08:00:00+07:00')"
            )
        )
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.HEAD
    with engine.connect() as conn:
        row = conn.execute(text("SELECT username, failed_logins, locked_until FROM user")).one()
    assert tuple(row) == ("quantri", 0, None)
    assert _drift(engine) == []
