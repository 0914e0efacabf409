"""The dossier's 'Giấy tờ số hóa' tab against a real store: files, drops, the folder offer,
viewing, reuse, and the SANE test scanner on its own thread."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.app.attachkit import png_bytes, scanned_page
from tests.ui.helpers import idle, on_db
from tests.ui.test_panels import _intake, signed_in  # noqa: F401 - the fixture


def _open(qtbot: Any, app: Any, code: str) -> Any:
    window = app.window
    window.open_dossier(code)
    view = window.dossier
    qtbot.waitUntil(lambda: view.code == code, timeout=10_000)
    idle(qtbot, app)
    return view


def _page(tmp_path: Path, name: str, seed: int) -> str:
    path = tmp_path / name
    path.write_bytes(png_bytes(scanned_page(seed)))
    return str(path)


def test_attach_drop_view_and_folder_offer(qtbot: Any, captured_errors: Any, tmp_path: Path) -> None:
    app = captured_errors
    app.login("canbo")
    code = on_db(qtbot, app, lambda desk: _intake(desk, "Đinh Thị Lụa", "001190012399"))
    view = _open(qtbot, app, code)
    panel = view.attachments
    assert view.tabs.tabText(1) == "Giấy tờ số hóa"
    panel.component.setCurrentText("Giấy khai sinh")
    panel.attach_paths([_page(tmp_path, "ks.png", 1)], "file")
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=15_000)
    assert panel.table.item(0, 0).text() == "Giấy khai sinh" and panel.table.item(0, 1).text() == "1"
    assert panel.table.item(0, 4).text() == "Chưa gửi"
    assert view.tabs.tabText(1) == "Giấy tờ số hóa (1)"

    panel.component.setCurrentText("Tờ khai")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(_page(tmp_path, "tk.png", 2))])
    drop = QDropEvent(
        QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    panel.dropEvent(drop)  # what Qt calls once the drag-enter was accepted
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=15_000)

    panel.offer_file(_page(tmp_path, "SCAN0001.png", 3))
    assert panel.offer_row.isVisibleTo(panel) and "SCAN0001.png" in panel.offer.text()
    panel.take_offer()
    qtbot.waitUntil(
        lambda: any(panel.table.item(r, 1).text() == "2" for r in range(panel.table.rowCount())),
        timeout=15_000,
    )
    sources = {panel.table.item(r, 3).text() for r in range(panel.table.rowCount())}
    assert sources == {"Tệp", "Thư mục quét"}

    panel.table.selectRow(0)
    panel.view_selected()
    from ui.pdf_viewer import PdfViewer

    qtbot.waitUntil(lambda: panel.findChild(PdfViewer, "pdfViewer") is not None, timeout=10_000)
    viewer = panel.findChild(PdfViewer, "pdfViewer")
    qtbot.waitUntil(lambda: viewer.page_count() >= 1, timeout=10_000)
    viewer.reject()

    # A bad file is refused with its name, and nothing more is stored.
    bad = tmp_path / "ghichu.pdf"
    bad.write_bytes(b"khong phai pdf")
    panel.attach_paths([str(bad)], "file")
    qtbot.waitUntil(lambda: any("ghichu.pdf" in e for e in app._errors), timeout=10_000)
    assert "không phải PDF, JPEG hoặc PNG" in app._errors[-1]
    assert panel.table.rowCount() == 2


@pytest.fixture
def captured_errors(signed_in: Any) -> Any:  # noqa: F811
    signed_in._errors = []
    signed_in.runner.error_shown.connect(signed_in._errors.append)
    return signed_in


def test_reuse_offers_earlier_papers_of_the_same_citizen(
    qtbot: Any, captured_errors: Any, tmp_path: Path
) -> None:
    app = captured_errors
    app.login("canbo")
    first = on_db(qtbot, app, lambda desk: _intake(desk, "Đinh Thị Lụa", "001190012399"))
    view = _open(qtbot, app, first)
    view.attachments.component.setCurrentText("Giấy khai sinh")
    view.attachments.attach_paths([_page(tmp_path, "ks.png", 4)], "file")
    qtbot.waitUntil(lambda: view.attachments.table.rowCount() == 1, timeout=15_000)
    second = on_db(qtbot, app, lambda desk: _intake(desk, "Đinh Thị Lụa", "001190012399"))
    view = _open(qtbot, app, second)
    assert view.attachments.table.rowCount() == 0
    view.attachments.ask_reuse()
    from ui.attachments_panel import ReuseDialog

    qtbot.waitUntil(
        lambda: view.attachments.findChild(ReuseDialog, "reuseDialog") is not None, timeout=10_000
    )
    dialog = view.attachments.findChild(ReuseDialog, "reuseDialog")
    assert dialog.list.count() == 1 and first in dialog.list.item(0).text()
    dialog._accept()
    qtbot.waitUntil(lambda: view.attachments.table.rowCount() == 1, timeout=15_000)
    assert view.attachments.table.item(0, 3).text() == "Dùng lại"


def test_scan_runs_off_the_db_worker_into_the_chosen_component(
    qtbot: Any, captured_errors: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sane = pytest.importorskip("sane", reason="python-sane is installed by scripts/test.sh")
    if not Path("/etc/sane.d/test.conf").exists():
        pytest.skip("SANE's test backend config comes with sane-utils (scripts/test.sh)")
    conf = tmp_path / "sane.d"
    conf.mkdir()
    shutil.copy("/etc/sane.d/test.conf", conf / "test.conf")
    (conf / "dll.conf").write_text("test\n", encoding="ascii")
    monkeypatch.setenv("SANE_CONFIG_DIR", str(conf))
    sane.exit()
    from ui.context import settings

    settings().setValue("attachments/scanner", "test:0")
    app = captured_errors
    app.login("canbo")
    code = on_db(qtbot, app, lambda desk: _intake(desk, "Đinh Thị Lụa", "001190012399"))
    view = _open(qtbot, app, code)
    panel = view.attachments
    panel.component.setCurrentText("Tờ khai")
    panel.pages.setValue(2)
    panel.scan()
    assert not panel.scan_button.isEnabled()  # one scan at a time; the window stays responsive
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=30_000)
    assert panel.table.item(0, 1).text() == "2" and panel.table.item(0, 3).text() == "Máy quét"
    assert panel.scan_button.isEnabled()
    settings().remove("attachments/scanner")


def test_a_scan_dropped_in_the_watched_folder_is_offered_to_the_open_dossier(
    qtbot: Any, captured_errors: Any, tmp_path: Path
) -> None:
    from ui.context import settings

    app = captured_errors
    window = app.login("quantri")
    folder = tmp_path / "may-in"
    folder.mkdir()
    window.open_settings()
    tab = window.settings_dialog.scan
    tab.folder.setText(str(folder))
    tab.save()  # restarts the watcher on the new folder
    assert settings().value("attachments/watch_folder") == str(folder)
    window.settings_dialog.reject()
    code = on_db(qtbot, app, lambda desk: _intake(desk, "Đinh Thị Lụa", "001190012399"))
    view = _open(qtbot, app, code)
    (folder / "SCAN0042.png").write_bytes(png_bytes(scanned_page(12)))
    qtbot.waitUntil(lambda: view.attachments.offer_row.isVisibleTo(view.attachments), timeout=15_000)
    assert "SCAN0042.png" in view.attachments.offer.text()
    view.attachments.component.setCurrentText("Giấy chứng sinh")
    view.attachments.take_offer()
    qtbot.waitUntil(lambda: view.attachments.table.rowCount() == 1, timeout=15_000)
    assert view.attachments.table.item(0, 3).text() == "Thư mục quét"
    window.scan_folder.stop()
    settings().remove("attachments/watch_folder")


def test_sync_panel_sends_files_after_the_dossiers_with_its_own_bar(
    qtbot: Any, captured_errors: Any, tmp_path: Path
) -> None:
    from server import admin
    from server.blobs import blob_stats
    from server.models import OfficeRow
    from tests.faults.hub import running_hub
    from ui import ops_admin

    app = captured_errors
    window = app.login("quantri")
    code = on_db(qtbot, app, lambda desk: _intake(desk, "Đinh Thị Lụa", "001190012399"))
    view = _open(qtbot, app, code)
    view.attachments.component.setCurrentText("Giấy chứng sinh")
    view.attachments.attach_paths([_page(tmp_path, "cs.png", 13)], "file")
    qtbot.waitUntil(lambda: view.attachments.table.rowCount() == 1, timeout=15_000)
    with running_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}") as hub:
        with hub.db.write() as s:
            token = admin.add_office(s, "000.00.12.H29", "UBND xã Tân Lập")
        sync = app.sync
        sync.stop()  # no automatic run: this test drives the panel's own button
        office = on_db(
            qtbot,
            app,
            lambda desk: ops_admin.save_office(
                desk, {"server_url": hub.url, "server_token": token}, actor=app.ctx.user.actor
            ),
        )
        app.ctx.set_office(office)
        idle(qtbot, app)
        if sync.running:
            qtbot.waitUntil(lambda: not sync.running, timeout=20_000)
        window.open_sync()
        panel = window.sync_panel
        assert not panel.leave_big.isChecked() and sync.attachment_budget is None
        with qtbot.waitSignal(sync.finished, timeout=30_000) as done:
            panel.run()
        report = done.args[0]
        assert report["ok"], report
        assert panel.files_progress.value() == 100
        assert "Tệp số hóa: đã gửi" in panel.summary.text()
        with hub.db.read() as s:
            office_row = s.query(OfficeRow).one()
            assert blob_stats(s, office_row)["blobs"] == 1
        panel.leave_big.setChecked(True)
        assert sync.attachment_budget is not None
        panel.leave_big.setChecked(False)
        panel.close()
        view.attachments.refresh()
        qtbot.waitUntil(lambda: view.attachments.table.item(0, 4).text() == "Đã gửi lên", timeout=10_000)
        # Evicted locally, the file comes back from the hub when the clerk opens it.
        from tests.app.attachkit import ADMIN

        def evict(desk: Any) -> dict[str, int]:
            from app.usecases import attachments

            return attachments.evict_old(desk, ADMIN, 0)

        assert on_db(qtbot, app, evict)["evicted"] == 1
        view.attachments.refresh()
        qtbot.waitUntil(
            lambda: view.attachments.table.item(0, 4).text() == "Chỉ trên máy chủ", timeout=10_000
        )
        view.attachments.table.selectRow(0)
        view.attachments.view_selected()
        from ui.pdf_viewer import PdfViewer

        qtbot.waitUntil(
            lambda: view.attachments.findChild(PdfViewer, "pdfViewer") is not None, timeout=15_000
        )
        qtbot.waitUntil(lambda: view.attachments.table.item(0, 4).text() == "Đã gửi lên", timeout=10_000)


def test_opening_a_dossier_fetches_papers_digitised_at_another_desk(
    qtbot: Any, captured_errors: Any, tmp_path: Path
) -> None:
    """A sibling desk's page arrives as metadata (the office feed's ``attached`` event); opening the
    dossier fetches its bytes from the hub without a click, and they are then kept here."""
    import hashlib
    import uuid as uuidlib

    from app.attachments.ingest import Incoming, prepare
    from app.attachments.store import record_remote
    from app.domain.clock import now
    from app.store.models import Dossier
    from server import admin
    from sync.client import HubClient
    from tests.faults.hub import running_hub
    from ui import ops_admin

    app = captured_errors
    app.login("quantri")
    code = on_db(qtbot, app, lambda desk: _intake(desk, "Đinh Thị Lụa", "001190012399"))
    pdf = prepare([Incoming("ks.png", png_bytes(scanned_page(21)))]).pdf
    sha = hashlib.sha256(pdf).hexdigest()
    with running_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}") as hub:
        with hub.db.write() as s:
            token = admin.add_office(s, "000.00.12.H29", "UBND xã Tân Lập")
        with HubClient(hub.url, token) as client:  # desk 2 of the office sent it earlier
            assert client.put_blob_chunk(sha, 0, len(pdf), pdf) == (len(pdf), True)
        app.sync.stop()
        office = on_db(
            qtbot, app,
            lambda desk: ops_admin.save_office(desk, {"server_url": hub.url, "server_token": token},
                                               actor=app.ctx.user.actor),
        )  # fmt: skip
        app.ctx.set_office(office)
        idle(qtbot, app)

        def sibling(desk: Any) -> bool:
            from sqlalchemy import select

            with desk.tx() as s:
                uuid = s.scalar(select(Dossier.uuid).where(Dossier.code == code))
                data = {"attachment": str(uuidlib.uuid4()), "component": "Giấy khai sinh", "kind": "document",
                        "sha256": sha, "pages": 1, "bytes": len(pdf), "source": "scanner"}  # fmt: skip
                return record_remote(s, uuid, data, actor="máy 2", at=now())

        assert on_db(qtbot, app, sibling)
        view = _open(qtbot, app, code)
        panel = view.attachments
        qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=10_000)
        qtbot.waitUntil(lambda: panel.table.item(0, 4).text() == "Đã gửi lên", timeout=20_000)
        assert panel.table.item(0, 3).text() == "Máy quét" and not app._errors


def test_no_camera_means_no_camera_button(qtbot: Any, captured_errors: Any) -> None:
    """This PC has no camera (and maybe no QtMultimedia): the button is not offered, and its
    tooltip says why in Vietnamese."""
    app = captured_errors
    app.login("canbo")
    code = on_db(qtbot, app, lambda desk: _intake(desk, "Đinh Thị Lụa", "001190012399"))
    panel = _open(qtbot, app, code).attachments
    button = panel.camera_button
    assert not button.isVisibleTo(panel) and not button.isEnabled()
    assert "camera" in button.toolTip() and (
        "Không tìm thấy" in button.toolTip() or "chưa cài" in button.toolTip()
    )
    assert panel.file_button.isVisibleTo(panel) and panel.file_button.isEnabled()


def test_camera_shots_are_attached_as_camera_pages(qtbot: Any, captured_errors: Any) -> None:
    """The dialog's capture path without a camera: frames handed to it as a camera would (a
    QImage per shot) become one PDF page each, under the chosen component, source 'Camera'."""
    try:
        import PySide6.QtMultimedia  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"QtMultimedia not usable here: {exc}")
    from PySide6.QtGui import QImage

    from ui.camera import CameraDialog

    app = captured_errors
    app.login("canbo")
    code = on_db(qtbot, app, lambda desk: _intake(desk, "Đinh Thị Lụa", "001190012399"))
    panel = _open(qtbot, app, code).attachments
    dialog = CameraDialog(panel)
    dialog.captured.connect(lambda shots: panel.attach_shots(shots, "Căn cước công dân", False))
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    for seed in (31, 32):
        dialog._got(seed, QImage.fromData(png_bytes(scanned_page(seed))))
    assert dialog.status.text() == "Đã chụp 2 trang"
    dialog._accept()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=15_000)
    assert panel.table.item(0, 0).text() == "Căn cước công dân"
    assert panel.table.item(0, 1).text() == "2" and panel.table.item(0, 3).text() == "Camera"
    assert not app._errors
