"""Issue 8 §7: every text the hub stores is checked against its column first, on SQLite and on
PostgreSQL alike: a 422 naming the field, never a 500 (which the desk resends for ever)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from tests.server.conftest import UNIT_A, Hub
from tests.server.wire import dossier_create, event_append, post


def _dossier(c: dict[str, Any]) -> dict[str, Any]:
    return c["payload"]["dossier"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda c: _dossier(c).update(received_by="x" * 130), "received_by"),  # a 130-char --user
        (lambda c: _dossier(c).update(code=UNIT_A + "-260312-" + "9" * 40), "code"),
        (lambda c: _dossier(c)["owner"].update(name="Nguyễn\x00Văn A"), "owner.name"),
        (lambda c: _dossier(c).update(notes="ghi chú\x00"), "notes"),
        (lambda c: _dossier(c).update(received_by="ke\ngian"), "received_by"),
        (
            lambda c: _dossier(c).update(received_at="2026-03-12T09:15:00.000000000000000000000+07:00"),
            "received_at",
        ),
        (lambda c: _dossier(c).update(extra={"bad\x07key": 1}), "extra"),
    ],
)
def test_oversized_or_control_text_is_a_422_naming_the_field(hub: Hub, mutate: Any, field: str) -> None:
    c = dossier_create(UNIT_A, 1)
    mutate(c)
    r = post(hub.url, hub.token_a, UNIT_A, [c])
    assert r.status_code == 422, r.text
    assert field in r.json()["detail"]
    good = dossier_create(UNIT_A, 2)
    assert post(hub.url, hub.token_a, UNIT_A, [good]).status_code == 200  # the hub is fine after it


def test_an_event_actor_longer_than_its_column_is_a_422(hub: Hub) -> None:
    c = dossier_create(UNIT_A, 3)
    assert post(hub.url, hub.token_a, UNIT_A, [c]).status_code == 200
    e = event_append(c["entity_uuid"], _dossier(c)["code"])
    e["payload"]["event"]["actor"] = "a" * 121
    r = post(hub.url, hub.token_a, UNIT_A, [e])
    assert r.status_code == 422 and "actor" in r.json()["detail"]


def test_json_nested_100k_deep_is_a_4xx_not_a_500(hub: Hub) -> None:
    deep = b'{"office":"' + UNIT_A.encode() + b'","changes":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    r = post(hub.url, hub.token_a, UNIT_A, [], raw=deep, gzip=False)
    assert 400 <= r.status_code < 500, r.text
    c = dossier_create(UNIT_A, 4)
    c["payload"]["dossier"]["extra"] = json.loads("[" * 40 + "]" * 40)
    r = post(hub.url, hub.token_a, UNIT_A, [c])
    assert r.status_code == 422 and "sâu" in r.json()["detail"]


def test_the_anchor_moves_only_forward_along_the_same_chain(hub: Hub) -> None:
    h = {"Authorization": f"Bearer {hub.token_a}"}
    chain, h1, h2 = "a" * 64, "b" * 64, "c" * 64
    url = hub.url + "/api/v1/anchor"
    assert requests.get(url, params={"chain": chain}, headers=h, timeout=5).status_code == 404
    body = {"office": UNIT_A, "chain": chain, "rows": 5, "hash": h1, "base_hash": ""}
    assert requests.put(url, json=body, headers=h, timeout=5).json()["rows"] == 5
    back = {**body, "rows": 4, "hash": h2, "base_hash": h1}
    assert requests.put(url, json=back, headers=h, timeout=5).status_code == 409
    other = {**body, "rows": 9, "hash": h2, "base_hash": h2}  # not an extension of what it keeps
    assert requests.put(url, json=other, headers=h, timeout=5).status_code == 409
    fwd = {**body, "rows": 9, "hash": h2, "base_hash": h1}
    assert requests.put(url, json=fwd, headers=h, timeout=5).status_code == 200
    got = requests.get(url, params={"chain": chain}, headers=h, timeout=5).json()
    assert got == {"chain": chain, "rows": 9, "hash": h2}
    hb = {"Authorization": f"Bearer {hub.token_b}"}
    assert requests.get(url, params={"chain": chain}, headers=hb, timeout=5).status_code == 404
    assert requests.put(url, json=fwd, headers=hb, timeout=5).status_code == 403


def test_codes_with_quotes_commas_braces_and_backslashes_are_looked_up_exactly(hub: Hub) -> None:
    """The lookups send their keys as one PostgreSQL array literal (server/db.py text_array): a
    code holding the literal's own syntax must still find itself, and only itself."""
    tricky = [UNIT_A + '-a,"b"', UNIT_A + "-{c}\\d", UNIT_A + "-NULL", UNIT_A + "- x y ", UNIT_A + "-Đặng"]
    first = [dossier_create(UNIT_A, 10 + i, code=code) for i, code in enumerate(tricky)]
    r = post(hub.url, hub.token_a, UNIT_A, first)
    assert [x["status"] for x in r.json()["results"]] == ["applied"] * len(tricky), r.text
    # A new dossier under each code is refused by name; the first ones, resent, are duplicates.
    again = [dossier_create(UNIT_A, 20 + i, code=code) for i, code in enumerate(tricky)]
    r = post(hub.url, hub.token_a, UNIT_A, again + first)
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["rejected"] * len(tricky) + ["duplicate"] * len(tricky), r.text
    assert all(code in x["reason"] for code, x in zip(tricky, results, strict=False))
    # A code that only looks like one of them (the literal unquoted) is new.
    r = post(hub.url, hub.token_a, UNIT_A, [dossier_create(UNIT_A, 30, code=UNIT_A + "-a")])
    assert r.json()["results"][0]["status"] == "applied", r.text


def _as_desk_sends(changes: list[Any], office: str = UNIT_A) -> bytes:
    """UTF-8 as the desk writes it (sync/engine.py): no escapes, so the hub's quick text check
    vouches for it and the schema is checked while the database looks the keys up."""
    from server.schemas import surely_clean_text

    raw = json.dumps({"office": office, "changes": changes}, ensure_ascii=False).encode()
    assert surely_clean_text(raw)
    return raw


def test_a_batch_checked_while_its_keys_are_looked_up_is_refused_before_anything_is_stored(hub: Hub) -> None:
    """Issue 13: a desk's body is validated while the database runs the batch's lookups
    (server/store.py ``apply_batch`` ``check``). Whatever is wrong with it, the answer is the one
    validation gives, nothing is stored, and the office's next batch goes through."""
    from tests.server.test_hub import stats

    good = dossier_create(UNIT_A, 1)
    bad_op = dossier_create(UNIT_A, 2)
    bad_op["op"] = "delete"
    naive = dossier_create(UNIT_A, 3)
    naive["payload"]["dossier"]["received_at"] = "2026-03-12T09:15:00"  # no offset
    cases: list[tuple[list[Any], int, str]] = [
        ([good, bad_op], 422, "changes[1]"),
        ([good, naive], 422, "changes[1]: payload.dossier.received_at"),
        ([good, 5], 422, "changes[1]"),  # no key can be taken from it: validated first
        ([good, {**dossier_create(UNIT_A, 4), "payload": []}], 422, "changes[1]"),
        ([good, {**dossier_create(UNIT_A, 5), "payload": {"dossier": 3}}], 422, "changes[1]"),
        ([{**good, "change_id": 7}], 422, "change_id"),
    ]
    for changes, status, where in cases:
        r = post(hub.url, hub.token_a, UNIT_A, [], raw=_as_desk_sends(changes), gzip=False)
        assert r.status_code == status, (where, r.text)
        assert where in r.json()["detail"], r.text
    other = post(
        hub.url, hub.token_a, UNIT_A, [], raw=_as_desk_sends([good], office="000.00.02.H29"), gzip=False
    )
    assert other.status_code == 403, other.text
    assert stats(hub)["changes"] == 0 and stats(hub)["dossiers"] == 0
    ok = post(hub.url, hub.token_a, UNIT_A, [], raw=_as_desk_sends([good]), gzip=False)
    assert ok.status_code == 200 and ok.json()["results"][0]["status"] == "applied"


def test_an_erasure_whose_lists_are_not_lists_of_uuids_is_rejected_not_a_500(hub: Hub) -> None:
    from tests.server.wire import change, new_id

    c = dossier_create(UNIT_A, 1)
    assert post(hub.url, hub.token_a, UNIT_A, [c]).status_code == 200
    erasures = [
        change("person", "erased", new_id(), {"applicant_uuids": [new_id()], "dossier_uuids": 5}),
        change(
            "person", "erased", new_id(), {"applicant_uuids": {"a": 1}, "dossier_uuids": [c["entity_uuid"]]}
        ),
        change("person", "erased", new_id(), {"applicant_uuids": [1], "dossier_uuids": []}),
    ]
    for raw in (_as_desk_sends(erasures), None):  # both ways the hub reads a body
        r = post(hub.url, hub.token_a, UNIT_A, erasures if raw is None else [], raw=raw, gzip=raw is None)
        assert r.status_code == 200, r.text
        results = r.json()["results"]
        assert [x["status"] for x in results] == ["rejected"] * 3, results
        assert "dossier_uuids" in results[0]["reason"] and "applicant_uuids" in results[1]["reason"]


def test_a_batch_too_big_or_for_another_office_is_refused_before_the_database_is_asked(hub: Hub) -> None:
    from tests.server.test_hub_scale import captured

    one = dossier_create(UNIT_A, 1)
    too_many = [{**one, "change_id": f"00000000-0000-4000-8000-{n:012d}"} for n in range(1001)]
    with captured(hub) as statements:
        big = post(hub.url, hub.token_a, UNIT_A, [], raw=_as_desk_sends(too_many), gzip=False)
        foreign = post(hub.url, hub.token_a, UNIT_A, [], raw=_as_desk_sends([one], office="000.00.02.H29"),
                       gzip=False)  # fmt: skip
    assert big.status_code == 422 and "changes" in big.json()["detail"], big.text
    assert foreign.status_code == 403, foreign.text
    assert not [sql for sql in statements if "probe" in sql], statements
