"""Search as you type: codes, names with or without accents, ID numbers, phones; no table scans."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, select, text

from app.desk import Desk
from app.domain.clock import at
from app.domain.lifecycle import Status
from app.domain.text import fold
from app.services.demo import generate
from app.services.search import search
from app.services.snapshot import search_row
from app.store.models import Dossier
from tests.app.deskkit import ACTOR, THU, UNIT, cccd, move, open_desk, person, receive, request

PEOPLE = [
    # name, id number, phone
    ("Nguyễn Thị Hoà", cccd(424242, female=True), "0912345678"),  # old-style tone placement
    ("Trần Văn Hòa", cccd(515151), "0987000111"),  # new-style
    ("Đặng Văn Đức", cccd(636363), "0356000222"),
    ("Lê Thị An", cccd(737373, female=True), "0708123456"),
    ("Nguyễn Văn Bình", cccd(848484), "0888000444"),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Desk, dict[str, str]]]:
    desk = open_desk(tmp_path_factory.mktemp("search") / "data")
    codes = {}
    for i, (name, idn, phone) in enumerate(PEOPLE):
        r = receive(desk, request(received=at(THU, time(8, i)), owner=person(name, idn, phone=phone)))
        codes[name] = r.code
    yield desk, codes
    desk.close()


def names(desk: Desk, query: str) -> list[str]:
    with desk.read() as s:
        return [d.owner.name for d in search(s, query)]


def codes_of(desk: Desk, query: str) -> list[str]:
    with desk.read() as s:
        return [d.code for d in search(s, query)]


def test_full_code_finds_exactly_that_dossier(store: tuple[Desk, dict[str, str]]) -> None:
    desk, codes = store
    code = codes["Đặng Văn Đức"]
    assert code == f"{UNIT}-260312-0003"
    assert codes_of(desk, code) == [code]
    assert codes_of(desk, code.lower()) == [code]
    assert codes_of(desk, f"  {code} ") == [code]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("260312-0003", ["Đặng Văn Đức"]),
        ("0003", ["Đặng Văn Đức"]),
        ("H29-260312-0001", ["Nguyễn Thị Hoà"]),
        ("nguyen thi hoa", ["Nguyễn Thị Hoà"]),
        ("Nguyễn Thị Hoà", ["Nguyễn Thị Hoà"]),
        ("NGUYEN THI HOA", ["Nguyễn Thị Hoà"]),
        ("hòa", ["Trần Văn Hòa", "Nguyễn Thị Hoà"]),  # new-style query finds the old-style name
        ("hoà", ["Trần Văn Hòa", "Nguyễn Thị Hoà"]),
        ("dang", ["Đặng Văn Đức"]),
        ("đức", ["Đặng Văn Đức"]),
        ("van duc", ["Đặng Văn Đức"]),
        ("nguyen", ["Nguyễn Văn Bình", "Nguyễn Thị Hoà"]),  # newest first
        ("binh nguyen", ["Nguyễn Văn Bình"]),  # word order does not matter
        (cccd(515151), ["Trần Văn Hòa"]),
        ("515151", ["Trần Văn Hòa"]),  # a 6-digit fragment of the ID number
        ("0987000111", ["Trần Văn Hòa"]),
        ("0987 000 111", ["Trần Văn Hòa"]),
        ("000222", ["Đặng Văn Đức"]),
        ("ng", ["Nguyễn Thị Hoà", "Nguyễn Văn Bình"]),  # two letters: name prefix, in index (name) order
        ("Đặ", ["Đặng Văn Đức"]),
        ("le", ["Lê Thị An"]),
        ("nguyen an", []),  # short words narrow: no Nguyễn called An
        ("le an", ["Lê Thị An"]),  # only short words: family name + given name via the given-first key (0002)
        ("an", ["Lê Thị An"]),  # a given name alone
        ("le thi an", ["Lê Thị An"]),
        ("thi an", ["Lê Thị An"]),
        ("nguyen bi", ["Nguyễn Văn Bình"]),  # a short word matches the start of a word
        ("xyz", []),
        ("000.00.99.H29-260312-0001", []),
        ("   ", []),
        ("", []),
    ],
)
def test_search(store: tuple[Desk, dict[str, str]], query: str, expected: list[str]) -> None:
    desk, _ = store
    assert names(desk, query) == expected


def test_search_rows_for_the_cli(store: tuple[Desk, dict[str, str]]) -> None:
    desk, codes = store
    with desk.read() as s:
        rows = [search_row(d) for d in search(s, "dang van")]
    assert rows == [
        {
            "code": codes["Đặng Văn Đức"],
            "uuid": rows[0]["uuid"],
            "name": "Đặng Văn Đức",
            "id_number": "********6363",  # masked in lists (issue 9)
            "phone": "0356000222",
            "procedure_code": "1.004873",
            "procedure_name": rows[0]["procedure_name"],
            "status": "received",
            "received_at": "2026-03-12T08:02:00+07:00",
            "due": "2026-03-17T08:02:00+07:00",
        }
    ]


def test_limit_and_order(store: tuple[Desk, dict[str, str]]) -> None:
    desk, _ = store
    with desk.read() as s:
        assert [d.owner.name for d in search(s, "260312", limit=2)] == ["Nguyễn Văn Bình", "Lê Thị An"]


def _captured(desk: Desk, query: str) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []

    def grab(
        conn: object, cursor: object, statement: str, parameters: object, context: object, many: bool
    ) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(desk.engine, "before_cursor_execute", grab)
    try:
        with desk.read() as s:
            assert search(s, query)
    finally:
        event.remove(desk.engine, "before_cursor_execute", grab)
    assert seen, "search ran no SELECT"
    return seen


def _plans(desk: Desk, statements: list[tuple[str, object]]) -> list[str]:
    out = []
    with desk.engine.connect() as conn:
        for sql, params in statements:
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()  # type: ignore[arg-type]
            out.append("\n".join(r[3] for r in rows))
    return out


SCAN_DOSSIER = re.compile(r"^SCAN (dossier|applicant|procedure)\b(?!_fts)", re.M)


@pytest.mark.parametrize("query", ["ng", "Đặ", "l"])
def test_name_prefix_path_uses_the_index_not_a_scan(store: tuple[Desk, dict[str, str]], query: str) -> None:
    desk, _ = store
    stmts = _captured(desk, query)
    plans = _plans(desk, stmts)
    assert not any("dossier_fts" in sql for sql, _ in stmts)
    assert any("ix_dossier_search_name" in p for p in plans), plans
    for p in plans:
        assert not SCAN_DOSSIER.search(p), p


@pytest.mark.parametrize("query", ["nguyen thi hoa", "515151", "260312-0003", "le thi an"])
def test_fts_path_uses_the_virtual_table(store: tuple[Desk, dict[str, str]], query: str) -> None:
    desk, _ = store
    stmts = _captured(desk, query)
    plans = _plans(desk, stmts)
    assert any("dossier_fts" in sql and "MATCH" in sql for sql, _ in stmts)
    assert any("VIRTUAL TABLE" in p for p in plans), plans
    for p in plans:
        assert not SCAN_DOSSIER.search(p), p


def test_scan_detector_is_live(store: tuple[Desk, dict[str, str]]) -> None:
    """Guard: the plan check does catch a full scan when there is one."""
    desk, _ = store
    (plan,) = _plans(desk, [("SELECT id FROM dossier WHERE notes LIKE ?", ("%x%",))])
    assert SCAN_DOSSIER.search(plan)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=25))
def test_any_typed_text_is_safe(store: tuple[Desk, dict[str, str]], query: str) -> None:
    """FTS5 query syntax (quotes, NEAR, *, -, ^) typed by a clerk must never raise."""
    desk, _ = store
    with desk.read() as s:
        rows = search(s, query)
    assert len(rows) <= 50


@pytest.mark.parametrize(
    "query",
    [
        "hoa\x00",
        "\x00",
        "0912\x00345",
        "a\U0010ffff",  # the prefix bound must not step past Unicode
        "\U0010ffff\U0010ffff",
        "a\ud7ff",  # ... nor into the surrogates, which UTF-8 cannot store
        '"',
        "'",
        'hoa" OR "x',
        "NEAR(hoa binh)",
        "hoa*",
        "-hoa",
        "^hoa",
        "a:b",
        "(",
        "%",
        "_",
    ],
)
def test_fts_syntax_characters_are_literal(store: tuple[Desk, dict[str, str]], query: str) -> None:
    desk, _ = store
    with desk.read() as s:
        search(s, query)


def test_search_follows_status_changes_and_demo_data(tmp_path: Path) -> None:
    desk = open_desk(tmp_path / "data")
    try:
        r = receive(desk, request(owner=person("Phan Thị Thược", cccd(1000, female=True))))
        move(desk, r.code, Status.IN_PROGRESS)
        with desk.read() as s:
            (d,) = search(s, "thuoc")
            assert search_row(d)["status"] == "in_progress"
        with desk.tx() as s:
            office = s.get(type(desk.require_office()), 1)
            assert office is not None
            generate(s, 300, office=office, calendar=desk.calendar(), actor=ACTOR, seed=7)
        with desk.read() as s:
            demo = s.scalar(select(Dossier).where(Dossier.id == 150))
            assert demo is not None
            code, idn, phone, name = demo.code, demo.owner.id_number, demo.owner.phone, demo.owner.name
            total = s.execute(text("SELECT count(*) FROM dossier")).scalar_one()
        assert total == 301
        assert code in codes_of(desk, code)
        assert code in codes_of(desk, idn)
        assert code in codes_of(desk, phone)
        with desk.read() as s:
            hits = search(s, name, limit=500)
        assert code in [d.code for d in hits]
        words = fold(name).split()
        assert all(all(w in d.search_name for w in words) for d in hits)
        assert "Phan Thị Thược" in names(desk, "phan thi thuoc")
    finally:
        desk.close()
