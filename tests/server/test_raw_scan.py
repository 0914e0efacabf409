"""The hub's quick body check (server/schemas.py ``surely_clean``) gives the verdict of the naming walk
``scan``: it never vouches for a body ``scan`` would refuse or reparse, nor sends a clean one
the slow way. Checked on random JSON with control characters, surrogates, deep nesting and huge numbers,
as desks and attackers may send them."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from server.http_common import loads
from server.schemas import MAX_JSON_DEPTH, scan, surely_clean

TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),  # any scalar value, Vietnamese included
        st.sampled_from(
            [
                "\x00",
                "\x08",
                "\x0c",
                "\x1f",
                "\x7f",
                "\x85",
                "\x9f",
                "\t",
                "\n",
                '"',
                "\\",
                "đ",
                "ệ",
                "\ud800",
                "\udfff",
            ]
        ),
    ),
    max_size=12,
)
NUMBER = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70), st.floats(allow_nan=False, allow_infinity=False)
)
JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), NUMBER, TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=30,
)


def nest(value: Any, depth: int) -> Any:
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


@settings(max_examples=500, deadline=None)
@given(JSON, st.integers(min_value=0, max_value=MAX_JSON_DEPTH + 3), st.booleans())
def test_what_the_quick_check_lets_through_the_walk_finds_clean(
    value: Any, depth: int, ascii_only: bool
) -> None:
    raw = json.dumps(nest(value, depth), ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    try:
        body = loads(raw)  # as the hub parses: orjson, the standard library for what orjson refuses
    except (ValueError, UnicodeDecodeError):
        return  # refused before either check runs (400)
    # Exactly the same verdict: it never vouches for a bad body, nor sends a clean one the slow way.
    assert surely_clean(body) == (scan(body) == ("", False))


def test_each_kind_of_problem_is_left_to_the_walk() -> None:
    clean = {"office": "x", "changes": [{"note": "Nguyễn Thị Thược, đường 3/2\nsố 7\t(ghi chú)", "n": 1.5}]}
    assert surely_clean(clean) and scan(clean) == ("", False)
    for bad in ("a\x00b", "a\x1fb", "\x7f", "\x85", "\ud800", "\x08", "\x0c"):
        assert not surely_clean({"note": bad}) and scan({"note": bad})[0], repr(bad)
        assert not surely_clean({bad: 1}) and scan({bad: 1})[0], repr(bad)
    assert not surely_clean(nest(1, MAX_JSON_DEPTH + 1)) and scan(nest(1, MAX_JSON_DEPTH + 1))[0]
    assert surely_clean(nest(1, MAX_JSON_DEPTH)) and scan(nest(1, MAX_JSON_DEPTH)) == ("", False)
    big = loads(b'{"n": [18446744073709551616]}')  # orjson reads it as a float
    assert not surely_clean(big) and scan(big) == ("", True)
