"""The reference hub over real HTTP (uvicorn on 127.0.0.1), on SQLite and on PostgreSQL."""

from __future__ import annotations

import gzip as gziplib
import json
import os
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import requests
from sqlalchemy import text

from server import admin
from server.store import office_stats
from tests.server.conftest import UNIT_A, UNIT_B, Hub
from tests.server.wire import dossier_create, event_append, post

REPO = Path(__file__).resolve().parents[2]


def stats(hub: Hub, unit: str = UNIT_A) -> dict[str, int]:
    with hub.running.db.read() as s:
        return office_stats(s, admin.get_office(s, unit))


def statuses(resp: requests.Response) -> list[str]:
    assert resp.status_code == 200, resp.text
    return [r["status"] for r in resp.json()["results"]]


def test_health_has_offset_time_and_openapi_documents_the_contract(hub: Hub) -> None:
    h = requests.get(hub.url + "/api/v1/health", timeout=5).json()
    assert h["status"] == "ok" and h["api"] == "v1"
    assert datetime.fromisoformat(h["server_time"]).utcoffset() is not None
    doc = requests.get(hub.url + "/api/v1/openapi.json", timeout=5).json()
    assert {"/api/v1/health", "/api/v1/changes", "/api/v1/updates", "/api/v1/dossiers/{uuid}"} <= set(
        doc["paths"]
    )
    schemas = doc["components"]["schemas"]
    assert {"ChangesIn", "ChangeIn", "ChangesOut", "UpdatesOut", "DossierPayload", "EventPayload"} <= set(
        schemas
    )
    body_ref = doc["paths"]["/api/v1/changes"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body_ref == {"$ref": "#/components/schemas/ChangesIn"}
    assert {"401", "409", "413", "422"} <= set(doc["paths"]["/api/v1/changes"]["post"]["responses"])


def test_missing_or_wrong_token_is_401_and_stores_nothing(hub: Hub) -> None:
    c = dossier_create(UNIT_A, 1)
    assert post(hub.url, None, UNIT_A, [c]).status_code == 401
    r = post(hub.url, "not-a-token", UNIT_A, [c])
    assert r.status_code == 401 and "Mã truy cập" in r.json()["detail"]
    assert requests.get(hub.url + "/api/v1/updates", timeout=5).status_code == 401
    assert stats(hub)["changes"] == 0


def test_a_repeated_batch_gets_its_first_answers_and_is_stored_once(hub: Hub) -> None:
    create = dossier_create(UNIT_A, 1)
    d = create["payload"]["dossier"]
    ev = event_append(d["uuid"], d["code"])
    assert statuses(post(hub.url, hub.token_a, UNIT_A, [create, ev])) == ["applied", "applied"]
    again = post(hub.url, hub.token_a, UNIT_A, [create, ev])
    assert statuses(again) == ["duplicate", "duplicate"]
    assert [r["code"] for r in again.json()["results"]] == [d["code"], d["code"]]
    s = stats(hub)
    assert (s["dossiers"], s["distinct_codes"], s["events"], s["changes"]) == (1, 1, 2, 2)
    view = requests.get(
        f"{hub.url}/api/v1/dossiers/{d['uuid']}",
        headers={"Authorization": f"Bearer {hub.token_a}"},
        timeout=5,
    ).json()
    assert view["status"] == "in_progress" and [e["kind"] for e in view["events"]] == [
        "received",
        "handed_over",
    ]


def test_same_change_id_with_other_content_is_409_and_nothing_of_the_batch_is_stored(hub: Hub) -> None:
    first = dossier_create(UNIT_A, 1)
    assert statuses(post(hub.url, hub.token_a, UNIT_A, [first])) == ["applied"]
    tampered = json.loads(json.dumps(first))
    tampered["payload"]["dossier"]["summary"] = "Nội dung khác"
    fresh = dossier_create(UNIT_A, 2)
    r = post(hub.url, hub.token_a, UNIT_A, [fresh, tampered])
    assert r.status_code == 409
    assert r.json()["change_ids"] == [first["change_id"]] and "nội dung khác" in r.json()["detail"]
    s = stats(hub)
    assert (s["dossiers"], s["changes"]) == (1, 1)  # 'fresh' was rolled back with the batch


def test_a_rejection_is_the_first_answer_for_ever(hub: Hub) -> None:
    create = dossier_create(UNIT_A, 1)
    d = create["payload"]["dossier"]
    orphan = event_append(d["uuid"], d["code"])
    r1 = post(hub.url, hub.token_a, UNIT_A, [orphan]).json()["results"][0]
    assert r1["status"] == "rejected" and "Không có hồ sơ" in r1["reason"]
    assert statuses(post(hub.url, hub.token_a, UNIT_A, [create])) == ["applied"]
    r2 = post(hub.url, hub.token_a, UNIT_A, [orphan]).json()["results"][0]
    assert (r2["status"], r2["reason"]) == ("rejected", r1["reason"])
    assert stats(hub)["events"] == 1  # only the create's first event


def test_unit_code_mismatch_and_bad_procedure_are_rejected_per_change_without_blocking_others(
    hub: Hub,
) -> None:
    good = dossier_create(UNIT_A, 1)
    wrong_unit = dossier_create(UNIT_B, 2)
    bad_proc = dossier_create(UNIT_A, 3)
    bad_proc["payload"]["dossier"]["procedure_code"] = "1001022"
    results = post(hub.url, hub.token_a, UNIT_A, [wrong_unit, good, bad_proc]).json()["results"]
    assert [r["status"] for r in results] == ["rejected", "applied", "rejected"]
    assert UNIT_B in results[0]["reason"] and "Mã thủ tục" in results[2]["reason"]
    assert stats(hub)["dossiers"] == 1


def test_schema_invalid_batch_is_422_with_the_field_and_nothing_stored(hub: Hub) -> None:
    good = dossier_create(UNIT_A, 1)
    naive = dossier_create(UNIT_A, 2)
    naive["payload"]["dossier"]["received_at"] = "2026-03-12T09:15:00"  # no offset
    r = post(hub.url, hub.token_a, UNIT_A, [good, naive])
    assert r.status_code == 422
    assert "changes[1]: payload.dossier.received_at" in r.json()["detail"]
    unknown = dossier_create(UNIT_A, 3)
    unknown["op"] = "delete"
    assert post(hub.url, hub.token_a, UNIT_A, [unknown]).status_code == 422
    assert post(hub.url, hub.token_a, UNIT_A, [], raw=b"{not json", gzip=False).status_code == 400
    assert stats(hub)["changes"] == 0 and stats(hub)["dossiers"] == 0


def test_size_limits_and_gzip_bomb_answer_413_and_corrupt_gzip_400(hub: Hub) -> None:
    too_big = gziplib.compress(os.urandom(2 * 1024 * 1024 + 10), compresslevel=1)
    r = post(hub.url, hub.token_a, UNIT_A, [], raw=too_big)
    assert r.status_code == 413 and "giới hạn" in r.json()["detail"]
    bomb = gziplib.compress(b" " * (25 * 1024 * 1024))  # ~25 kB on the wire, 25 MB inflated
    assert len(bomb) < 100_000
    r = post(hub.url, hub.token_a, UNIT_A, [], raw=bomb)
    assert r.status_code == 413 and "giải nén" in r.json()["detail"]
    r = post(hub.url, hub.token_a, UNIT_A, [], raw=gziplib.compress(b'{"office": "x"}')[:-6])
    assert r.status_code == 400
    assert stats(hub)["changes"] == 0


def test_office_b_can_neither_read_nor_write_office_a_dossiers(hub: Hub) -> None:
    create = dossier_create(UNIT_A, 1)
    d = create["payload"]["dossier"]
    assert statuses(post(hub.url, hub.token_a, UNIT_A, [create])) == ["applied"]
    before = stats(hub)
    # B's token speaking for A: refused outright.
    r = post(hub.url, hub.token_b, UNIT_A, [event_append(d["uuid"], d["code"])])
    assert r.status_code == 403
    # B's own batch touching A's dossier: each change rejected, nothing stored.
    steal = dossier_create(UNIT_B, 1, dossier_uuid=d["uuid"])
    results = post(hub.url, hub.token_b, UNIT_B, [event_append(d["uuid"], d["code"]), steal]).json()[
        "results"
    ]
    assert [x["status"] for x in results] == ["rejected", "rejected"]
    # B replaying A's change_id learns nothing and changes nothing.
    replay = post(hub.url, hub.token_b, UNIT_B, [create]).json()["results"][0]
    assert replay["status"] == "rejected" and "đơn vị khác" in replay["reason"]
    auth_b = {"Authorization": f"Bearer {hub.token_b}"}
    assert (
        requests.get(f"{hub.url}/api/v1/dossiers/{d['uuid']}", headers=auth_b, timeout=5).status_code == 404
    )
    with hub.running.db.write() as s:
        admin.set_status(s, d["code"], "resolved")
    feed_b = requests.get(hub.url + "/api/v1/updates", headers=auth_b, timeout=5).json()
    assert feed_b["updates"] == []
    after = stats(hub)
    assert (after["dossiers"], after["events"], after["changes"]) == (
        before["dossiers"],
        before["events"] + 1,
        before["changes"],
    )
    assert stats(hub, UNIT_B)["dossiers"] == 0


def test_updates_feed_is_per_office_with_a_monotonic_cursor_and_paging(hub: Hub) -> None:
    create = dossier_create(UNIT_A, 1)
    code = create["payload"]["dossier"]["code"]
    post(hub.url, hub.token_a, UNIT_A, [create])
    with hub.running.db.write() as s:
        admin.set_status(s, code, "resolved", note="Đã ký")
        admin.submit(
            s, UNIT_A, "1.001022", {"name": "Đặng Ưng Ổn", "id_type": "cccd", "id_number": "038188000002"}
        )
        a, b = admin.get_office(s, UNIT_A), admin.get_office(s, UNIT_B)
        admin.publish(
            s,
            [a.id, b.id],
            "calendar",
            {"days": [{"day": "2026-04-27", "kind": "off", "name": "Nghỉ bù", "source": ""}]},
        )
    auth_a = {"Authorization": f"Bearer {hub.token_a}"}
    page1 = requests.get(
        hub.url + "/api/v1/updates", params={"after": 0, "limit": 2}, headers=auth_a, timeout=5
    ).json()
    assert [u["type"] for u in page1["updates"]] == ["status", "submission"] and page1["has_more"] is True
    page2 = requests.get(
        hub.url + "/api/v1/updates", params={"after": page1["cursor"]}, headers=auth_a, timeout=5
    ).json()
    assert [u["type"] for u in page2["updates"]] == ["calendar"] and page2["has_more"] is False
    seqs = [u["seq"] for u in page1["updates"] + page2["updates"]]
    assert seqs == sorted(seqs) and len(set(seqs)) == 3
    empty = requests.get(
        hub.url + "/api/v1/updates", params={"after": page2["cursor"]}, headers=auth_a, timeout=5
    ).json()
    assert empty == {"updates": [], "cursor": page2["cursor"], "has_more": False}
    status = page1["updates"][0]["payload"]
    assert (
        status["code"] == code
        and status["event"]["to_status"] == "resolved"
        and status["event"]["note"] == "Đã ký"
    )
    sub = page1["updates"][1]["payload"]["dossier"]
    assert sub["status"] == "submitted" and sub["code"].endswith("-0999") and sub["code"].startswith(UNIT_A)
    bad = requests.get(hub.url + "/api/v1/updates", params={"after": -1}, headers=auth_a, timeout=5)
    assert bad.status_code == 422


def test_the_same_batch_sent_twice_at_once_is_applied_once(hub: Hub) -> None:
    changes = [dossier_create(UNIT_A, n) for n in range(1, 41)]
    answers: list[list[str]] = []

    def send() -> None:
        answers.append(statuses(post(hub.url, hub.token_a, UNIT_A, changes)))

    threads = [threading.Thread(target=send) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(a[0] for a in answers) == ["applied", "duplicate", "duplicate"]
    s = stats(hub)
    assert (s["dossiers"], s["distinct_codes"], s["changes"]) == (40, 40, 40)


def hub_cli(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", "--db", db_url, *args],
        cwd=REPO, capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip


def test_admin_cli_office_stats_set_status_and_publish(hub: Hub, tmp_path: Path) -> None:
    add = hub_cli(hub.db_url, "office", "add", "--unit-code", "000.00.14.H29", "--name", "Xã Tân Phú")
    assert add.returncode == 0 and len(add.stdout.strip()) >= 40
    token = add.stdout.strip()
    create = dossier_create("000.00.14.H29", 7)
    assert statuses(post(hub.url, token, "000.00.14.H29", [create])) == ["applied"]
    out = hub_cli(hub.db_url, "office", "stats", "--unit-code", "000.00.14.H29", "--json")
    assert json.loads(out.stdout) | {} == json.loads(out.stdout)
    st = json.loads(out.stdout)
    assert (st["dossiers"], st["distinct_codes"], st["events"], st["changes"]) == (1, 1, 1, 1)
    code = create["payload"]["dossier"]["code"]
    ok = hub_cli(hub.db_url, "dossier", "set-status", code, "--to", "resolved", "--json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["status"] == "resolved"
    missing = hub_cli(hub.db_url, "dossier", "set-status", "000.00.14.H29-260312-0999", "--to", "resolved")
    assert missing.returncode == 2 and "Không có hồ sơ" in missing.stderr
    dup = hub_cli(hub.db_url, "office", "add", "--unit-code", "000.00.14.H29", "--name", "x")
    assert dup.returncode == 2 and "--unit-code" in dup.stderr
    cat = tmp_path / "cat.json"
    cat.write_text(
        json.dumps(
            {
                "format": "motcua-catalogue",
                "version": 1,
                "procedures": [{"code": "1.001022", "name": "Đăng ký kết hôn"}],
            }
        ),
        encoding="utf-8",
    )
    pub = hub_cli(hub.db_url, "catalogue", "publish", str(cat), "--json")
    assert pub.returncode == 0 and json.loads(pub.stdout)["offices"] == 3
    cal = hub_cli(
        hub.db_url,
        "calendar",
        "publish",
        "--day",
        "2026-04-27",
        "--kind",
        "off",
        "--name",
        "Nghỉ bù",
        "--unit-code",
        "000.00.14.H29",
    )
    assert cal.returncode == 0
    feed = requests.get(
        hub.url + "/api/v1/updates", headers={"Authorization": f"Bearer {token}"}, timeout=5
    ).json()
    assert [u["type"] for u in feed["updates"]] == ["status", "procedure", "calendar"]
    bad_cat = tmp_path / "bad.json"
    bad_cat.write_text(json.dumps([{"code": "1001022", "name": "x"}]), encoding="utf-8")
    refused = hub_cli(hub.db_url, "catalogue", "publish", str(bad_cat))
    assert refused.returncode == 2 and "code" in refused.stderr


def test_a_token_that_stops_signing_in_writes_nothing_though_the_hub_remembers_it(hub: Hub) -> None:
    """Pushes are admitted on a remembered sign-in (server/app.py SignIns); the batch's own
    transaction checks the token again, so a token changed behind the hub's back (as a rotation
    by the operator would) writes nothing from then on, and is refused before parsing after."""
    first = dossier_create(UNIT_A, 1)
    assert post(hub.url, hub.token_a, UNIT_A, [first]).status_code == 200  # signed in, remembered
    with hub.running.db.write() as s:
        s.execute(
            text("UPDATE offices SET token_hash = :h WHERE unit_code = :u"), {"h": "0" * 64, "u": UNIT_A}
        )
    second = dossier_create(UNIT_A, 2)
    r = post(hub.url, hub.token_a, UNIT_A, [second])
    assert r.status_code == 401, r.text
    assert stats(hub, UNIT_A)["dossiers"] == 1 and stats(hub, UNIT_A)["changes"] == 1
    # Forgotten: the next push is looked up first and refused before its body is parsed.
    r = post(hub.url, hub.token_a, UNIT_A, [], raw=b"not json at all", gzip=False)
    assert r.status_code == 401, r.text
    # The other office, remembered too, is untouched.
    other = dossier_create(UNIT_B, 3)
    assert post(hub.url, hub.token_b, UNIT_B, [other]).status_code == 200
    assert post(hub.url, hub.token_b, UNIT_B, [dossier_create(UNIT_B, 4)]).status_code == 200
