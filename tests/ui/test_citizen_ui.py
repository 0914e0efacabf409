"""Issue 12 on the real GUI (offscreen) against a real store: a CCCD scan fills the intake form
(keyboard wedge through QInputMethodEvent and key events, serial scanner through a pty), the
rating window, the feedback screen and the 766 chart. Screenshots go to MOTCUA_SHOTS when set
(docs/screenshots refreshes the README's), else to a temporary folder: a test run never writes into the tree."""

from __future__ import annotations

import os
import pty
import tempfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui import test_panels
from tests.ui.helpers import idle, on_db, type_text
from tests.ui.test_panels import _intake

signed_in = test_panels.signed_in  # the signed-in desk fixture, shared with test_panels
SHOTS = Path(os.environ.get("MOTCUA_SHOTS") or tempfile.mkdtemp(prefix="motcua-shots-"))
OLD_CMND = "168123456"
CARD_ID = "038185004321"
PAYLOAD = f"{CARD_ID}|{OLD_CMND}|Nguyễn Thị Thược|15031985|Nữ|Thôn Đồng Xuân, xã Tân Lập, Hà Nội|01082021"


def _earlier_record(desk: Any) -> str:
    """The citizen came before with her old 9-digit CMND and left a phone number."""
    return _intake(desk, "Nguyễn Thị Thược", OLD_CMND, phone="0912345678")


def _commit(widget: Any, text: str) -> None:
    ev = QInputMethodEvent("", [])
    ev.setCommitString(text)
    QApplication.sendEvent(widget, ev)


def _enter(widget: Any) -> None:
    QTest.keyClick(widget, Qt.Key.Key_Return)


def test_wedge_scan_by_input_method_fills_the_form_from_anywhere(qtbot: Any, signed_in: Any) -> None:
    on_db(qtbot, signed_in, _earlier_record)
    window = signed_in.login("canbo")
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "03")  # typed by hand before the scan: must come back
    qtbot.wait(150)
    features = window.citizen
    with qtbot.waitSignal(features.filled, timeout=10_000) as got:
        # Unikey-style commits: pieces of the payload, Vietnamese letters inside, then the Enter.
        for piece in (PAYLOAD[:5], PAYLOAD[5:30], PAYLOAD[30:]):
            _commit(window.search_box, piece)
        _enter(window.search_box)
    person = got.args[0]
    assert person["returning"] is True and person["phone"] == "0912345678"
    form = window.intake
    assert window.right_stack.currentWidget() is form  # a scan anywhere opens the intake form
    assert form.edit("id_number").text() == CARD_ID
    assert form.edit("name").text() == "Nguyễn Thị Thược"
    assert form.edit("birth_date").text() == "15/03/1985"
    assert form.gender.currentData() == "F"
    assert form.edit("address").text() == "Thôn Đồng Xuân, xã Tân Lập, Hà Nội"
    assert form.edit("phone").text() == "0912345678"  # found through the old CMND on the card
    assert form.returning.isVisible() or not form.returning.isHidden()
    assert window.search_box.text() == "03"  # the burst did not end up in the search box
    assert form.picker.hasFocus()
    idle(qtbot, signed_in)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SHOTS / "23-intake-from-cccd-scan.png"))


def test_wedge_scan_by_key_events_with_unikey_backspace(qtbot: Any, signed_in: Any) -> None:
    window = signed_in.login("canbo")
    window.new_intake()
    target = window.intake.edit("phone")
    target.setFocus()
    with qtbot.waitSignal(window.citizen.filled, timeout=10_000):
        # Windows + Unikey: "ợ" typed as "o", backspace, "ợ"; every letter a key event.
        mangled = PAYLOAD.replace("Thược", "Thưo\bợc")
        for ch in mangled:
            if ch == "\b":
                QTest.keyClick(target, Qt.Key.Key_Backspace)
            else:
                type_text(qtbot, target, ch)
        _enter(target)
    assert window.intake.edit("name").text() == "Nguyễn Thị Thược"
    assert target.text() == ""  # the digits that went in before the burst was recognised are gone
    # A person typing "|" slowly is not a scan.
    target.setFocus()
    qtbot.keyClicks(target, "12|")
    qtbot.wait(150)
    assert target.text() == "12|"


def test_serial_scan_through_a_pty_fills_the_form(qtbot: Any, signed_in: Any, tmp_path: Path) -> None:
    from ui.context import settings
    from ui.scan_filter import SETTINGS_KEY

    master, slave = pty.openpty()
    try:
        settings().setValue(SETTINGS_KEY, os.ttyname(slave))
        window = signed_in.login("canbo")  # the reader starts with the workspace
        qtbot.waitUntil(lambda: window.citizen.serial is not None and window.citizen.serial.isRunning())
        with qtbot.waitSignal(window.citizen.filled, timeout=10_000):
            os.write(master, (PAYLOAD + "\r\n").encode("utf-8"))
        assert window.intake.edit("name").text() == "Nguyễn Thị Thược"
        window.citizen.stop()
    finally:
        settings().remove(SETTINGS_KEY)
        os.close(master)
        os.close(slave)


def test_rating_window_offered_at_return(qtbot: Any, signed_in: Any) -> None:
    from app.domain.lifecycle import Status
    from app.services.transitions import change_status

    code = on_db(qtbot, signed_in, lambda desk: _intake(desk, "Trần Văn Bình", "038090001234"))
    on_db(
        qtbot,
        signed_in,
        lambda desk: _tx(
            desk, lambda s: change_status(s, code, Status.RESOLVED, calendar=desk.calendar(), actor="t")
        ),
    )
    window = signed_in.login("canbo")
    window.open_dossier(code)
    view = window.dossier
    qtbot.waitUntil(lambda: "returned" in view.action_buttons, timeout=5_000)
    qtbot.mouseClick(view.action_buttons["returned"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.citizen.rating is not None and window.citizen.rating.isVisible(), timeout=5_000
    )
    rating = window.citizen.rating
    assert rating.windowFlags() & Qt.WindowType.Window and rating.parent() is None  # movable to a 2nd screen
    assert [b.text().split("\n")[0] for b in rating.buttons.values()] == [
        "Rất hài lòng",
        "Hài lòng",
        "Không hài lòng",
    ]
    assert min(b.height() for b in rating.buttons.values()) >= 150
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert rating.grab().save(str(SHOTS / "20-rating-window.png"))
    type_text(qtbot, rating.comment, "Cán bộ hướng dẫn tận tình")
    with qtbot.waitSignal(rating.rated, timeout=5_000) as done:
        qtbot.mouseClick(rating.buttons[3], Qt.MouseButton.LeftButton)
    assert done.args[0]["level"] == 3 and done.args[0]["comment"] == "Cán bộ hướng dẫn tận tình"
    assert "Cảm ơn" in rating.message.text()
    rating.close()


def _tx(desk: Any, fn: Any) -> Any:
    with desk.tx() as s:
        return fn(s)


def test_feedback_screen_leader_answers(qtbot: Any, signed_in: Any) -> None:
    window = signed_in.login("canbo")
    window.citizen.open_feedback()
    panel = window.citizen.feedback
    assert not panel.answer_button.isVisible()  # a clerk records, a leader answers
    type_text(qtbot, panel.new_text, "Đề nghị bố trí thêm ghế chờ")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(panel.rows) == 1, timeout=5_000)
    panel.close()
    window.logout()
    window = signed_in.login("lanhdao")
    window.citizen.open_feedback()
    panel = window.citizen.feedback
    qtbot.waitUntil(lambda: len(panel.rows) == 1, timeout=5_000)
    assert panel.answer_button.isVisible() and panel.answer_button.isEnabled()
    assert "Đề nghị bố trí thêm ghế chờ" in panel.detail.text()
    type_text(qtbot, panel.answer, "Đã bố trí thêm 10 ghế")
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert panel.grab().save(str(SHOTS / "21-feedback-box.png"))
    qtbot.mouseClick(panel.answer_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.rows and panel.rows[0]["status"] == "answered", timeout=5_000)
    assert panel.table.item(0, 4).text() == "Đã trả lời"
    panel.close()


def test_reports_dialog_shows_766_chart(qtbot: Any, signed_in: Any) -> None:
    from datetime import timedelta

    from app.domain.clock import now
    from app.domain.lifecycle import Status
    from app.services.transitions import change_status

    def seed(desk: Any) -> None:
        for i in range(4):
            code = _intake(
                desk, "Công dân " + "ABCD"[i], f"03809000{i:04d}", received_at=now() - timedelta(days=1)
            )
            if i < 3:
                _tx(
                    desk,
                    lambda s, c=code: change_status(
                        s, c, Status.RESOLVED, calendar=desk.calendar(), actor="t"
                    ),
                )

    on_db(qtbot, signed_in, seed)
    window = signed_in.login("lanhdao")
    window.open_reports()
    dialog = window.reports_dialog
    dialog.load()
    box = dialog.index766
    qtbot.waitUntil(lambda: box.data is not None, timeout=10_000)
    idle(qtbot, signed_in)
    values = box.chart.values
    assert set(values) == {"1.4", "2.1", "2.2", "3.3", "4.1", "4.2", "4.3", "5.4"}
    assert values["2.1"] == 100.0 and values["3.3"] == 0.0 and values["1.4"] == 0.0
    assert "Nhận 4 hồ sơ, đã giải quyết 3" in box.note.text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert box.grab().save(str(SHOTS / "22-index-766-chart.png"))
    dialog.close()


def test_damaged_scan_says_which_rule(qtbot: Any, signed_in: Any) -> None:
    window = signed_in.login("canbo")
    window.search_box.setFocus()
    with qtbot.waitSignal(signed_in.runner.error_shown, timeout=10_000) as shown:
        _commit(window.search_box, f"{CARD_ID}|{OLD_CMND}|Nguyễn Thị Thược")
        _enter(window.search_box)
    assert "có 3 trường" in shown.args[0] and "7 trường" in shown.args[0]
    assert window.search_box.text() == ""


@pytest.mark.parametrize("payload", ["12|a|b", "không phải mã"])
def test_non_scan_input_is_left_alone(qtbot: Any, signed_in: Any, payload: str) -> None:
    window = signed_in.login("canbo")
    window.search_box.setFocus()
    type_text(qtbot, window.search_box, payload)
    assert window.search_box.text() == payload


def test_rating_window_opens_on_the_second_screen(tmp_path: Path) -> None:
    """Two screens (Qt's offscreen platform with a screen layout): the rating window goes full size
    to the screen the clerk's window is not on. A fresh process: the platform is chosen at start."""
    import json
    import subprocess
    import sys

    layout = tmp_path / "screens.json"
    screen = {"y": 0, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    layout.write_text(
        json.dumps(
            {
                "screens": [
                    {"name": "clerk", "x": 0, "width": 1280, "height": 800, **screen},
                    {"name": "citizen", "x": 1280, "width": 1024, "height": 768, **screen},
                ]
            }
        )
    )
    code = (
        "from PySide6.QtWidgets import QApplication, QWidget\n"
        "app = QApplication([])\n"
        "from ui.rating_window import RatingWindow\n"
        "clerk = QWidget(); clerk.setGeometry(100, 100, 800, 600); clerk.show(); app.processEvents()\n"
        "w = RatingWindow(None, 'X', clerk); s = w.show_for_citizen(); app.processEvents()\n"
        "print(clerk.screen().name(), s.name(), w.screen().name(), w.geometry().x(), w.isFullScreen())\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={layout}")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["clerk", "citizen", "citizen", "1280", "True"]


def test_postal_dialog_hands_over_and_saves_the_book(qtbot: Any, signed_in: Any, tmp_path: Path) -> None:
    import subprocess

    from app.domain.clock import today
    from app.domain.lifecycle import Status
    from app.services.intake import IntakeRequest, PersonInput, intake
    from app.services.transitions import change_status

    def seed(desk: Any) -> str:
        req = IntakeRequest(
            "1.001193",
            PersonInput(name="Phạm Thị Bưu", id_number="038185004321", address="Số 5 ngõ 12, thôn Đông"),
            return_method="post",
            fee=8000,
        )
        with desk.tx() as s:
            code = intake(s, req, office=desk.require_office(), calendar=desk.calendar(), actor="t").code
            change_status(s, code, Status.RESOLVED, calendar=desk.calendar(), actor="t")
        return code

    code = on_db(qtbot, signed_in, seed)
    window = signed_in.login("canbo")
    window.citizen.open_postal()
    dialog = window.citizen.postal
    qtbot.waitUntil(lambda: len(dialog.rows) == 1, timeout=5_000)
    assert dialog.table.item(0, 0).text() == code and dialog.table.item(0, 4).text() == "chưa giao"
    qtbot.keyClicks(dialog.tracking, "EB123456789VN")
    qtbot.mouseClick(dialog.hand_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: bool(dialog.rows) and dialog.rows[0]["tracking"] == "EB123456789VN", timeout=5_000
    )
    out = tmp_path / "so.pdf"
    dialog.save_pdf(out)
    qtbot.waitUntil(out.exists, timeout=5_000)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, check=True).stdout.decode()
    assert code in text and "EB123456789VN" in text and f"{today():%d}" in text
    dialog.close()
