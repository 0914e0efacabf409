"""Dossier codes (domain.md §2, TT 01/2018 Art. 19) and their allocation inside intake."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import update

from app.desk import Desk
from app.domain.clock import at
from app.domain.codes import CodeError, DossierCode, format_code, number_range, parse_code
from app.store.models import DayCounter
from tests.app.deskkit import THU, UNIT, cccd, counts, open_desk, person, receive, request

# --------------------------------------------------------------------------- format / parse


def test_examples_from_domain_md() -> None:
    day = date(2025, 1, 24)
    assert format_code("000.00.00.H56", day, 1) == "000.00.00.H56-250124-0001"
    assert format_code("000.00.00.H56", day, 12) == "000.00.00.H56-250124-0012"
    assert format_code("000.00.00.H56", day + timedelta(days=1), 1) == "000.00.00.H56-250125-0001"
    assert parse_code("000.00.00.H56-250124-0012") == DossierCode("000.00.00.H56", day, 12)
    assert str(parse_code("000.00.00.H56-250124-0012")) == "000.00.00.H56-250124-0012"


units = st.builds(
    lambda a, b, c, m, x: f"{a:03d}.{b:02d}.{c:02d}.{m}{x:02d}",
    st.integers(0, 999),
    st.integers(0, 99),
    st.integers(0, 99),
    st.sampled_from("GH"),
    st.integers(0, 99),
)


@given(units, st.dates(date(2000, 1, 1), date(2099, 12, 31)), st.integers(1, 9999))
def test_format_parse_round_trip(unit: str, day: date, number: int) -> None:
    code = format_code(unit, day, number)
    assert re.fullmatch(r"\d{3}\.\d{2}\.\d{2}\.[GH]\d{2}-\d{6}-\d{4}", code)
    assert parse_code(code) == DossierCode(unit, day, number)
    # Scanned or typed codes come with stray spaces and lower case.
    assert parse_code(f"  {code.lower()} ") == DossierCode(unit, day, number)


def test_parse_rejects_bad_date_naming_the_date_part() -> None:
    with pytest.raises(CodeError, match="phần ngày 250230"):
        parse_code("000.00.00.H56-250230-0001")


def test_parse_rejects_number_zero() -> None:
    with pytest.raises(CodeError, match="0000"):
        parse_code("000.00.00.H56-250124-0000")


@pytest.mark.parametrize(
    "bad",
    ["000.00.12.X2-250124-0001", "00.00.12.H29-250124-0001", "", "000.00.12.H29-250124-001", "000.00.12.H29"],
)
def test_parse_rejects_bad_shape_with_the_expected_pattern(bad: str) -> None:
    with pytest.raises(CodeError) as exc:
        parse_code(bad)
    assert "YYMMDD-XXXX" in str(exc.value)


def test_parse_names_the_unit_code_part_when_only_it_is_wrong() -> None:
    with pytest.raises(CodeError, match=r"mã (định danh )?đơn vị '000\.00\.12\.X2'"):
        parse_code("000.00.12.X2-250124-0001")


@pytest.mark.parametrize(
    ("unit", "number", "needle"),
    [
        ("000.00.12.X2", 1, "Mã định danh đơn vị '000.00.12.X2'"),
        (UNIT, 0, "từ 0001 đến 9999 (đang là 0)"),
        (UNIT, 10_000, "từ 0001 đến 9999 (đang là 10000)"),
    ],
)
def test_format_refuses_bad_unit_or_number(unit: str, number: int, needle: str) -> None:
    with pytest.raises(CodeError) as exc:
        format_code(unit, date(2026, 3, 12), number)
    assert needle in str(exc.value)


# --------------------------------------------------------------------------- workstation blocks


@pytest.mark.parametrize(
    ("ws", "count", "expected"),
    [(1, 1, (1, 9999)), (5, 1, (1, 9999)), (1, 2, (1001, 1999)), (3, 4, (3001, 3999)), (9, 9, (9001, 9999))],
)
def test_number_ranges(ws: int, count: int, expected: tuple[int, int]) -> None:
    assert number_range(ws, count) == expected


@pytest.mark.parametrize("ws", [0, 10, -1])
def test_number_range_refuses_workstation_outside_1_to_9(ws: int) -> None:
    with pytest.raises(CodeError, match="máy trạm"):
        number_range(ws, 2)


def test_blocks_of_all_workstations_are_disjoint() -> None:
    seen: set[int] = set()
    for ws in range(1, 10):
        low, high = number_range(ws, 9)
        block = set(range(low, high + 1))
        assert not (block & seen)
        seen |= block


# --------------------------------------------------------------------------- allocation in intake


def test_daily_counter_counts_up_and_restarts_next_day(desk: Desk) -> None:
    codes = [receive(desk, received=at(THU, time(8, h))).code for h in range(3)]
    assert codes == [f"{UNIT}-260312-0001", f"{UNIT}-260312-0002", f"{UNIT}-260312-0003"]
    next_day = receive(desk, received=at(THU + timedelta(days=1), time(8, 0))).code
    assert next_day == f"{UNIT}-260313-0001"
    # Back to the first day (a late entry for yesterday): that day's counter goes on.
    assert receive(desk, received=at(THU, time(16, 0))).code == f"{UNIT}-260312-0004"


def test_two_workstations_issue_disjoint_codes_offline(tmp_path: Path) -> None:
    a = open_desk(tmp_path / "ws1", workstation=1, workstation_count=2)
    b = open_desk(tmp_path / "ws2", workstation=2, workstation_count=2)
    try:
        codes_a, codes_b = [], []
        for i in range(4):
            when = at(THU, time(9, i))
            codes_a.append(receive(a, request(received=when, owner=person(id_number=cccd(i)))).code)
            codes_b.append(receive(b, request(received=when, owner=person(id_number=cccd(i)))).code)
    finally:
        a.close()
        b.close()
    assert codes_a == [f"{UNIT}-260312-{n}" for n in ("1001", "1002", "1003", "1004")]
    assert codes_b == [f"{UNIT}-260312-{n}" for n in ("2001", "2002", "2003", "2004")]
    assert not set(codes_a) & set(codes_b)


@pytest.mark.parametrize(("ws", "count", "last"), [(1, 1, 9999), (2, 2, 2999)])
def test_number_past_the_block_is_an_error_and_nothing_is_stored(
    tmp_path: Path, ws: int, count: int, last: int
) -> None:
    d = open_desk(tmp_path / "data", workstation=ws, workstation_count=count)
    try:
        receive(d)  # creates the day's counter
        key = ws if count > 1 else 0
        with d.tx() as s:
            s.execute(
                update(DayCounter)
                .where(DayCounter.day == THU, DayCounter.workstation == key)
                .values(last=last)
            )
        before = counts(d)
        with pytest.raises(CodeError, match="Đã hết số thứ tự hồ sơ trong ngày 12/03/2026"):
            receive(d, request(received=at(THU, time(10, 0)), owner=person("Lê Văn Mới", cccd(777))))
        assert counts(d) == before
        with d.read() as s:
            assert s.get(DayCounter, (UNIT, THU, key)).last == last  # type: ignore[union-attr]
        # The next day is unaffected.
        nxt = receive(d, request(received=at(THU + timedelta(days=1), time(8, 0))))
        assert nxt.code.endswith("-260313-" + ("0001" if count == 1 else f"{ws}001"))
    finally:
        d.close()
