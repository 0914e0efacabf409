"""The hub's fast canonical JSON is byte-identical to the desk's (sync.protocol), issue 13 §3."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from server import canon
from sync import protocol as P
from tests.server.conftest import UNIT_A, Hub
from tests.server.wire import dossier_create, post

VIETNAMESE = "Nguyễn Thị Thược, Đặng Ưng Ổn — ấp Phước Hưng, xã Tân Lập"

CASES: list[Any] = [
    {"name": VIETNAMESE, "nfd": unicodedata.normalize("NFD", VIETNAMESE), "Đ": 1, "ă": [1, 2], "a": None},
    {"z": {"y": {"x": [{"b": 2, "a": 1}, [], {}]}}, "A": True, "b": False},
    [0, -1, 2**53, 2**63 - 1, -(2**63), 2**64, 10**30, -(10**40)],
    [
        0.1,
        -0.0,
        1.5,
        1e-4,
        1e-5,
        1.234e-7,
        5e-324,
        1e15,
        1e16,
        1.5e16,
        1e22,
        1.7976931348623157e308,
        123456.789,
    ],
    {"uuid": "0b7c3e-4a1e-41e-0.0000", "k": [1e-06, -2.5e-05, 0.0001, {"x": 1e-100}], "z": "a:1e-5"},
    {"text": 'tab\tline\nquote"back\\slash/\u2028\u007f\u0001', "emoji": "😀", "e-": "0.0000 e- in a string"},
    {"lone": "\ud800"},
    "",
    [],
]


@pytest.mark.parametrize("value", CASES, ids=range(len(CASES)))
def test_same_bytes_as_the_desk(value: Any) -> None:
    assert canon.canonical_json(value) == P.canonical_json(value)
    try:
        expected: bytes | type[Exception] = P.canonical_json(value).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: the desk cannot hash it either
        with pytest.raises(UnicodeEncodeError):
            canon.canonical_bytes(value)
        return
    assert canon.canonical_bytes(value) == expected


def test_change_hash_matches_the_protocol() -> None:
    payload = {"dossier": {"owner": {"name": VIETNAMESE}, "fee": 12.5, "tiny": 3e-6, "n": 2**70}}
    assert canon.change_hash("dossier", "create", "u-1", payload) == P.change_hash(
        "dossier", "create", "u-1", payload
    )


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(JSON)
def test_random_json_is_byte_identical(value: Any) -> None:
    assert canon.canonical_json(value) == P.canonical_json(value)


def test_nan_is_not_json_and_the_hub_refuses_it() -> None:
    from server.http_common import loads

    assert loads(b'{"n": 1e-5, "big": 100000000000000000000000}', exact=True) == {"n": 1e-5, "big": 10**23}
    for bad in (b'{"n": NaN}', b"[Infinity]", b"[-Infinity]"):
        with pytest.raises(ValueError):
            loads(bad)


def test_the_hub_keeps_an_integer_beyond_64_bits_exact(hub: Hub) -> None:
    change = dossier_create(UNIT_A, 1)
    change["payload"]["dossier"]["extra"] = {"big": 10**23, "float": 1e23, "tiny": 1e-7, "name": VIETNAMESE}
    assert post(hub.url, hub.token_a, UNIT_A, [change]).status_code == 200
    again = post(hub.url, hub.token_a, UNIT_A, [change])  # the same hash: a duplicate, not a 409
    assert again.status_code == 200 and again.json()["results"][0]["status"] == "duplicate"
    view = requests.get(f"{hub.url}/api/v1/dossiers/{change['entity_uuid']}",
                        headers={"Authorization": f"Bearer {hub.token_a}"}, timeout=5).json()  # fmt: skip
    assert view["snapshot"]["extra"] == {"big": 10**23, "float": 1e23, "tiny": 1e-7, "name": VIETNAMESE}
    assert isinstance(view["snapshot"]["extra"]["big"], int)


FLOAT_FREE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(FLOAT_FREE)
def test_without_floats_the_quicker_path_writes_the_same_bytes(value: Any) -> None:
    # floats=False skips only the search for floats orjson writes differently; integers beyond
    # 64 bits and lone surrogates still take the standard library's way.
    assert canon.canonical_json(value, floats=False) == P.canonical_json(value)
    # texts that look like the floats searched for change nothing either
    tricky = {"a": "1e-05", "b": ["0.00001", "3e-9"], "c": value}
    assert canon.canonical_json(tricky, floats=False) == P.canonical_json(tricky)
