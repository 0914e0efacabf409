"""print_slip / print_register against a real store: file written atomically, slip_log, outbox, audit."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.slips.formsets import SlipError
from app.slips.service import print_register, print_slip
from app.store import audit
from app.store.models import Audit, Outbox, SlipLog
from cli.main import main
from tests.app.slips.conftest import OWNER, PASSWORD, Store, at, flat, page_sizes, pdf_text


def test_print_to_file_logs_everything_in_one_go(store: Store, tmp_path: Path) -> None:
    code = store.intake(at(2025, 10, 6, 8, 30))
    out = tmp_path / "out" / "giay-hen.pdf"
    first = print_slip(store.desk, code, "receipt", out=out, copies=2, actor="thuytt", page_size="A5")
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert [p.name for p in out.parent.iterdir()] == ["giay-hen.pdf"]  # no temp file left behind
    assert first.sha256 == hashlib.sha256(data).hexdigest()
    assert (first.form, first.form_set, first.copies, first.page_size, first.reprint) == (
        "receipt",
        "TT03_2025",
        2,
        "A5",
        False,
    )
    assert f"Tiếp nhận hồ sơ của (Ông/Bà): {OWNER}" in flat(pdf_text(data, tmp_path))
    with store.desk.read() as s:
        log = s.scalars(select(SlipLog)).one()
        assert log.sha256 == first.sha256 and log.destination == str(out.resolve())
        assert (log.form, log.form_set, log.copies, log.page_size, log.actor, log.reprint) == (
            "receipt",
            "TT03_2025",
            2,
            "A5",
            "thuytt",
            False,
        )
        change = s.scalars(select(Outbox).where(Outbox.entity == "slip")).one()
        assert (change.op, change.entity_uuid, change.state) == ("printed", log.uuid, "pending")
        payload = json.loads(change.payload)
        assert (
            payload["dossier_code"] == code
            and payload["sha256"] == log.sha256
            and payload["reprint"] is False
        )
        row = s.scalars(select(Audit).where(Audit.action == "slip.print")).one()
        assert (row.entity, row.entity_id, row.after["sha256"]) == ("dossier", code, log.sha256)
        assert audit.verify(s).ok

    # A reprint of the same form: flagged, and the same data gives the same bytes.
    again = print_slip(store.desk, code, "receipt", out=out, copies=2, actor="thuytt", page_size="A5")
    assert again.reprint and again.sha256 == first.sha256
    other = print_slip(store.desk, code, "control_sheet", out=tmp_path / "ks.pdf", actor="thuytt")
    assert not other.reprint and other.page_size == "A4"
    with store.desk.read() as s:
        assert [r.reprint for r in s.scalars(select(SlipLog).order_by(SlipLog.id))] == [False, True, False]
        assert len(s.scalars(select(Outbox).where(Outbox.entity == "slip")).all()) == 3


def test_failures_log_nothing(store: Store, tmp_path: Path) -> None:
    code = store.intake(at(2025, 10, 6, 8, 30))
    with pytest.raises(SlipError, match="lý do"):
        print_slip(store.desk, code, "refusal", out=tmp_path / "x.pdf", actor="thuytt")
    with pytest.raises(SlipError, match="--out"):
        print_slip(store.desk, code, "receipt", actor="thuytt")
    with pytest.raises(SlipError, match=".pdf"):
        print_slip(store.desk, code, "receipt", out=tmp_path / "x.txt", actor="thuytt")
    assert not list(tmp_path.glob("x.*"))
    with store.desk.read() as s:
        assert s.scalars(select(SlipLog)).all() == []
        assert s.scalars(select(Outbox).where(Outbox.entity == "slip")).all() == []


def test_register_for_a_period(store: Store, tmp_path: Path) -> None:
    store.intake(at(2025, 9, 10, 9, 0))
    store.intake(at(2025, 9, 12, 9, 0))
    out = tmp_path / "so.pdf"
    result = print_register(store.desk, date(2025, 9, 1), date(2025, 9, 14), out=out, actor="thuytt")
    assert result.form_set == "TT01_2018" and result.code == "2025-09-01..2025-09-14"
    data = out.read_bytes()
    assert all(w > h for w, h in page_sizes(data))
    text = flat(pdf_text(data, tmp_path))
    assert "Mẫu số 06 – Thông tư 01/2018/TT-VPCP" in text and text.count(OWNER) == 2
    with pytest.raises(SlipError, match="--to"):
        print_register(store.desk, date(2025, 9, 14), date(2025, 9, 1), out=out, actor="thuytt")


def test_cli_slip_and_register(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code = store.intake(at(2025, 10, 6, 8, 30))
    store.extend(code, at(2025, 10, 14, 16, 0), "Chờ xác minh", at(2025, 10, 9, 10, 0))
    store.status(code, "stopped", "Người yêu cầu rút yêu cầu", at(2025, 10, 10, 9, 0))
    data_dir = store.desk.data_dir
    store.desk.close()  # the CLI takes the data-dir lock itself
    monkeypatch.setenv("MOTCUA_PASSWORD", PASSWORD)  # the store has an account: the CLI signs in
    base = ["--data-dir", str(data_dir), "--user", "thuytt"]
    out = tmp_path / "xl.pdf"
    assert main([*base, "slip", code.lower(), "--form", "apology", "--out", str(out), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["form"] == "apology_extension" and shown["code"] == code
    assert shown["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in flat(
        pdf_text(out.read_bytes(), tmp_path)
    )

    # No --out and no --printer: saved under the data dir.
    assert main([*base, "slip", code, "--form", "stop_notice"]) == 0
    assert (data_dir / "slips" / f"{code}_stop_notice.pdf").exists()

    # The 2018 set has no stop notice: exit 2, the message names both circulars.
    assert (
        main([*base, "slip", code, "--form", "stop_notice", "--form-set", "TT01_2018", "--out", str(out)])
        == 2
    )
    err = capsys.readouterr().err
    assert "Thông tư 01/2018/TT-VPCP" in err and "Thông tư 03/2025/TT-VPCP" in err

    reg = tmp_path / "so.pdf"
    assert (
        main([*base, "register", "--from", "2025-10-01", "--to", "2025-10-31", "--out", str(reg), "--json"])
        == 0
    )
    assert json.loads(capsys.readouterr().out)["form"] == "register"
    assert code.split("-", 1)[1] in flat(pdf_text(reg.read_bytes(), tmp_path))
