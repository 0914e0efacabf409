"""The hub's quick body checks (server/schemas.py ``surely_clean`` of the parsed value,
``surely_clean_text`` of its JSON text) against the naming walk ``scan``: neither ever vouches for
a body ``scan`` would refuse or reparse; the first never sends a clean one the slow way. Checked on random JSON with control characters, surrogates, deep nesting and huge numbers,
as desks and attackers may send them."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from server.http_common import loads
from server.schemas import MAX_JSON_DEPTH, scan, surely_clean, surely_clean_text, text_facts

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
    # The text's check may be unsure of a clean body (an escape, a C2 lead byte), never wrong.
    if surely_clean_text(raw):
        assert scan(body) == ("", False)


@settings(max_examples=300, deadline=None)
@given(JSON, st.integers(min_value=0, max_value=MAX_JSON_DEPTH + 3), st.sampled_from([None, 0, 2]))
def test_the_text_check_vouches_for_clean_bodies_as_desks_write_them(
    value: Any, depth: int, indent: int | None
) -> None:
    # Raw UTF-8 (ensure_ascii off, as the desk sends), compact or indented: brackets and numbers
    # inside texts must not count, whitespace must not matter.
    text = json.dumps(nest(value, depth), ensure_ascii=False, indent=indent)
    raw = text.encode("utf-8", "surrogatepass")
    try:
        body = loads(raw)
    except (ValueError, UnicodeDecodeError):
        return
    verdict = scan(body)
    clean, floats = text_facts(raw)
    assert clean == surely_clean_text(raw)
    if clean and not floats:  # the hub then hashes without looking for floats (server/canon.py)
        assert not _holds_a_float(body), raw
    if surely_clean_text(raw):
        assert verdict == ("", False)
    elif verdict == ("", False) and not any(mark in raw for mark in (b"\\", b"\xc2", b"\x7f")):
        # Unsure of a clean body only for a number that could be huge (an exponent, 19 digits) or
        # an empty container just past the limit (its brackets nest one level too deep).
        outside = b"".join(raw.split(b'"')[0::2])
        level = deepest = 0
        for ch in outside:
            level += 1 if ch in b"[{" else -1 if ch in b"]}" else 0
            deepest = max(deepest, level)
        assert (
            any(ch in outside.replace(b"true", b"").replace(b"false", b"") for ch in b"eE")
            or any(
                len(run) >= 19
                for run in outside.translate(bytes.maketrans(b"-+.,:[]{}", b"         ")).split()
            )
            or deepest > MAX_JSON_DEPTH
        ), raw


def test_each_kind_of_problem_is_left_to_the_walk() -> None:
    clean = {"office": "x", "changes": [{"note": "Nguyễn Thị Thược, đường 3/2\nsố 7\t(ghi chú)", "n": 1.5}]}
    assert surely_clean(clean) and scan(clean) == ("", False)
    assert surely_clean_text(
        json.dumps(clean, ensure_ascii=False).replace("\\n", "").replace("\\t", "").encode()
    )
    for bad in ("a\x00b", "a\x1fb", "\x7f", "\x85", "\ud800", "\x08", "\x0c"):
        assert not surely_clean({"note": bad}) and scan({"note": bad})[0], repr(bad)
        assert not surely_clean({bad: 1}) and scan({bad: 1})[0], repr(bad)
    assert not surely_clean(nest(1, MAX_JSON_DEPTH + 1)) and scan(nest(1, MAX_JSON_DEPTH + 1))[0]
    assert surely_clean(nest(1, MAX_JSON_DEPTH)) and scan(nest(1, MAX_JSON_DEPTH)) == ("", False)
    big = loads(b'{"n": [18446744073709551616]}')  # orjson reads it as a float
    assert not surely_clean(big) and scan(big) == ("", True)
    for raw in (
        b'{"n": [18446744073709551616]}',
        b'{"n": 1e300}',
        b'{"n": "x\\u0000"}',
        b'{"n": "\xc2\x85"}',
        b'{"n": "\x7f"}',
        json.dumps(nest(1, MAX_JSON_DEPTH + 1)).encode(),
    ):
        assert not surely_clean_text(raw), raw
    assert surely_clean_text(json.dumps(nest(1, MAX_JSON_DEPTH)).encode())
    # brackets, quotes of other kinds and numbers inside a text count for nothing
    assert surely_clean_text(json.dumps({"a": "[[[[{{{{ 1e999 12345678901234567890"}).encode())


def _holds_a_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_holds_a_float(k) or _holds_a_float(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_a_float(v) for v in value)
    return False


def test_a_fraction_anywhere_outside_texts_is_seen() -> None:
    for raw, floats in (
        (b'{"a": [1, 2, {"b": -3}], "c": "1.5 and 2e-9 inside a text"}', False),
        (b'{"a": [1, 2.5]}', True),
        (b'{"a": 0.00001}', True),
        (b'{"a": "x", "b": -0.0}', True),
    ):
        assert text_facts(raw) == (True, floats), raw
