"""Canonical JSON and change hashes on the hub, with orjson (issue 13 §3: 10 % of the hub's time
was JSON and canonical hashing).

The bytes must be those of ``sync.protocol.canonical_json`` (sorted keys, no spaces, UTF-8 kept),
which the desk hashes with the standard library: a resend must hash to the same digest, or the
hub answers 409. orjson writes the same bytes for everything but a few inputs; for those this
falls back to the standard library:
* floats below 1e-4 (``1e-05`` there, ``0.00001`` or ``1e-5`` in orjson): an output with a
  number of that form first or after ``:``, ``,`` or ``[`` is redone (a string that looks like one only
  costs the slow path; a UUID's ``…3e-…`` does not, its digits follow a quote or a letter);
* integers beyond 64 bits, lone surrogates: orjson refuses them.
Values are as parsed from JSON text: NaN and Infinity are not JSON, and the hub refuses a body
holding them (server/http_common.py ``loads``); orjson would write them as null.
tests/server/test_canon.py checks equality on Vietnamese text, nesting, numbers and random JSON.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import orjson

from sync.protocol import canonical_json as _slow

_SORTED = orjson.OPT_SORT_KEYS
_SMALL_FLOAT = re.compile(rb"(?:\A|[:,\[])-?(?:[0-9]+(?:\.[0-9]+)?e-|0\.0000)")
_NUMBER_BYTES = frozenset(b"0123456789.-")


def _small_float(out: bytes) -> bool:
    """``_SMALL_FLOAT.search(out)``, found from its literal parts (``e-``, ``0.0000``) with
    bytes.find: the regex alone cost 33 µs a change (it tries a character class at every byte),
    a fifth of the hub's whole per-change work (issue 13 profile)."""
    for mark in (b"e-", b"0.0000"):
        at = out.find(mark)
        while at != -1:
            start = at
            while start > 0 and out[start - 1] in _NUMBER_BYTES:
                start -= 1
            if _SMALL_FLOAT.match(out, max(0, start - 1)) or (start == 0 and _SMALL_FLOAT.match(out)):
                return True
            at = out.find(mark, at + 1)
    return False


def _fast(value: Any, floats: bool = True) -> bytes | None:
    try:
        out = orjson.dumps(value, option=_SORTED)
    except (TypeError, orjson.JSONEncodeError):
        return None
    return None if floats and _small_float(out) else out


# ``floats=False``: the caller knows ``value`` holds no float (parsed from a text without a
# fraction or an exponent, server/schemas.py ``text_facts``), so the search for the few floats
# orjson writes otherwise is skipped: ~3 µs a change, found in every UUID's ``…e-`` (issue 13).
def canonical_bytes(value: Any, *, floats: bool = True) -> bytes:
    """UTF-8 of the canonical JSON (a lone surrogate raises UnicodeEncodeError, as on the desk)."""
    out = _fast(value, floats)
    return out if out is not None else _slow(value).encode("utf-8")


def canonical_json(value: Any, *, floats: bool = True) -> str:
    out = _fast(value, floats)
    return out.decode("utf-8") if out is not None else _slow(value)


def change_hash(entity: str, op: str, entity_uuid: str, payload: Any, *, floats: bool = True) -> str:
    """``sync.protocol.change_hash``, byte for byte."""
    body = canonical_bytes(
        {"entity": entity, "op": op, "entity_uuid": entity_uuid, "payload": payload}, floats=floats
    )
    return hashlib.sha256(body).hexdigest()
