"""Issue 13 §6: the hub's OpenAPI document is the exact contract.

Schemathesis, a third-party fuzzer, reads /api/v1/openapi.json from the real hub over HTTP on
127.0.0.1 and sends it generated requests, valid and invalid, with every check on: no 500, every
answer documented and matching its schema, valid data accepted, invalid data refused. On SQLite
and on PostgreSQL. tests/server/schemathesis.toml lists the one rule no schema can express.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema_rs  # Schemathesis's own validator
import requests

from server import admin
from server.schemas import CHANGE_MODELS, ChangesIn
from sync.protocol import KINDS
from tests.faults.hub import running_hub
from tests.server.conftest import UNIT_A, Hub
from tests.server.wire import dossier_create, post

HERE = Path(__file__).resolve().parent
EXAMPLES = 8  # per operation and phase: ~1,400 requests, about a minute per backend on a busy machine


def _st() -> list[str]:
    exe = Path(sys.executable).with_name("st")
    return [str(exe)] if exe.is_file() else [shutil.which("st") or "st"]


def test_schemathesis_finds_no_failure_against_the_real_hub(hub_db_url: str, tmp_path: Path) -> None:
    # Uploaded chunks go to the test's own folder (a PostgreSQL hub defaults to ./motcua-hub-blobs).
    with running_hub(hub_db_url, blob_dir=str(tmp_path / "blobs")) as running:  # type: ignore[arg-type]
        with running.db.write() as s:
            token = admin.add_office(s, UNIT_A, "UBND xã Tân Lập")
        # A dossier of the office, so that the fuzzer's GETs also meet a stored one.
        assert post(running.url, token, UNIT_A, [dossier_create(UNIT_A, 1)]).status_code == 200
        _fuzz(running.url, token, tmp_path)


def _fuzz(url: str, token: str, tmp_path: Path) -> None:
    cmd = [
        *_st(), "--config-file", str(HERE / "schemathesis.toml"), "--no-color",
        "run", url + "/api/v1/openapi.json",
        "-H", f"Authorization: Bearer {token}",
        "--checks", "all", "--max-examples", str(EXAMPLES), "--seed", "13", "--workers", "2",
        "--report-dir", str(tmp_path),
    ]  # fmt: skip
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=240, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-20000:] + run.stderr[-5000:]
    assert "passed" in run.stdout and "failure" not in run.stdout.split("SUMMARY")[-1].lower()


def test_the_change_models_are_exactly_the_protocol_kinds() -> None:
    pairs = set()
    for model in CHANGE_MODELS:
        (entity,) = model.model_fields["entity"].annotation.__args__  # type: ignore[union-attr]
        pairs |= {(entity, op) for op in model.model_fields["op"].annotation.__args__}  # type: ignore[union-attr]
    assert pairs == set(KINDS)


def test_the_document_declares_entity_and_op_per_kind(hub: Hub) -> None:
    doc = requests.get(hub.url + "/api/v1/openapi.json", timeout=5).json()
    schemas = doc["components"]["schemas"]
    union = schemas["ChangeIn"]
    assert union["discriminator"]["propertyName"] == "entity"
    assert schemas["ChangesIn"]["properties"]["changes"]["items"] == {"$ref": "#/components/schemas/ChangeIn"}
    slip = schemas["SlipChange"]["properties"]
    assert slip["entity"]["const"] == "slip" and slip["op"]["const"] == "printed"
    assert set(schemas["DossierChange"]["properties"]["op"]["enum"]) == {"create", "update"}
    # What the issue found: a slip with an empty op passed the schema and the server refused it.
    body = {"office": UNIT_A, "changes": [{**dossier_create(UNIT_A, 2), "entity": "slip", "op": ""}]}
    resolver = {"components": doc["components"], **schemas["ChangesIn"]}
    validator = jsonschema_rs.validator_for(resolver)
    assert not validator.is_valid(body)
    r = post(hub.url, hub.token_a, UNIT_A, body["changes"])
    assert r.status_code == 422 and "slip/" in r.json()["detail"]
    # And a valid change passes both.
    good = {"office": UNIT_A, "changes": [dossier_create(UNIT_A, 3)]}
    assert validator.is_valid(good)
    ChangesIn.model_validate(good)


def test_query_and_body_422_answer_with_the_declared_error_model(hub: Hub) -> None:
    doc = requests.get(hub.url + "/api/v1/openapi.json", timeout=5).json()
    error_schema = {"components": doc["components"], **doc["components"]["schemas"]["ErrorOut"]}
    auth = {"Authorization": f"Bearer {hub.token_a}"}
    for path, method in [("/api/v1/updates", "get"), ("/api/v1/changes", "post"), ("/api/v1/anchor", "put")]:
        declared = doc["paths"][path][method]["responses"]["422"]["content"]["application/json"]["schema"]
        assert declared == {"$ref": "#/components/schemas/ErrorOut"}, path
    query = requests.get(hub.url + "/api/v1/updates", params={"limit": 0}, headers=auth, timeout=5)
    assert query.status_code == 422
    jsonschema_rs.validate(error_schema, query.json())
    assert "limit" in query.json()["detail"]
    body = requests.put(hub.url + "/api/v1/anchor", json={"office": UNIT_A}, headers=auth, timeout=5)
    assert body.status_code == 422 and "chain" in body.json()["detail"]
    jsonschema_rs.validate(error_schema, body.json())
    # A path with GET and PUT says both in Allow (Starlette named only the first route's).
    options = requests.options(hub.url + "/api/v1/anchor", headers=auth, timeout=5)
    assert options.status_code == 405 and {"GET", "PUT"} <= set(options.headers["Allow"].split(", "))
