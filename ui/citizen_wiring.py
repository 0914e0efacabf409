"""Issue 12 in the main window: the CCCD scan fills the intake form (serial reader and keyboard
wedge), the feedback box, and the citizen's rating offered when a result is returned.

Kept out of ui/main_window.py so the window stays a composition of panels; the window creates one
``CitizenFeatures`` and nothing else of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMenu

from ui import ops_citizen
from ui.context import settings
from ui.feedback_panel import FeedbackPanel
from ui.rating_window import RatingWindow
from ui.scan_filter import ScanFilter, SerialScanner, bus, configured_port

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class CitizenFeatures(QObject):
    filled = Signal(dict)  # the person a scan put into the form (tests and screenshots wait on it)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.serial: SerialScanner | None = None
        self.rating: RatingWindow | None = None
        self.feedback: FeedbackPanel | None = None
        self._stopped = False
        self.postal: Any = None
        self.scan_filter = ScanFilter(self._scan_allowed, self)
        self.scan_filter.scanned.connect(self.on_scan)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.scan_filter.follow_focus(app, window)
        self.act_feedback = window._action(  # noqa: SLF001 - the window's one way to add a shortcut
            self.tr("Hòm thư góp ý…"), "Ctrl+G", self.open_feedback, "actFeedback"
        )
        first = window.menuBar().actions()[0].menu() if window.menuBar().actions() else None
        if isinstance(first, QMenu) and first.actions():
            first.insertAction(first.actions()[-1], self.act_feedback)  # above "Thoát"
        self.act_postal = window._action(  # noqa: SLF001
            self.tr("Trả kết quả qua bưu điện…"), None, self.open_postal, "actPostal"
        )
        if isinstance(first, QMenu) and first.actions():
            first.insertAction(first.actions()[-1], self.act_postal)
        window.toolbar.addAction(self.act_feedback)
        window.dossier.returned.connect(self.offer_rating)
        window.workspace_shown.connect(self.start_serial)
        bus().port_changed.connect(lambda _port: self.start_serial())

    # -- scan ------------------------------------------------------------------------------------

    def _scan_allowed(self) -> bool:
        w = self.window
        if w.root.currentIndex() != 1 or not self.ctx.can("intake") or QApplication.activeModalWidget():
            return False
        focus = QApplication.focusWidget()
        return focus is None or focus is w or w.isAncestorOf(focus)

    def start_serial(self) -> None:
        port = configured_port(settings())
        if self.serial is not None:
            if self.serial.port == port and self.serial.isRunning():
                return
            self.serial.stop()
            self.serial = None
        if not port:
            return
        self.serial = SerialScanner(port, self)
        self.serial.scanned.connect(self.on_scan)
        self.serial.failed.connect(
            lambda message: self.window.intake.form_message.show_issue(message, "warning")
        )
        self.serial.start()

    def stop(self) -> None:
        if self.serial is not None:
            self.serial.stop()
            self.serial = None
        app = QApplication.instance()
        if isinstance(app, QApplication) and not self._stopped:
            self._stopped = True
            self.scan_filter.unfollow(app, self.window)

    def on_scan(self, payload: str) -> None:
        if self.window.root.currentIndex() != 1 or not self.ctx.can("intake"):
            return  # locked or signed out: a scan never reaches a form nobody is watching
        if self.window.right_stack.currentWidget() is not self.window.intake:
            self.window.new_intake()
        user = self.ctx.user
        self.ctx.runner.db(lambda desk: ops_citizen.scan_person(desk, user, payload), self.fill, label="scan")

    def fill(self, person: dict[str, Any]) -> None:
        """The card is the legal source: its fields replace what is there; contact details come
        from the citizen's earlier record only where the form is empty."""
        section = self.window.intake.applicant
        section.edit("name").setText(person["name"])
        if person.get("birth_date"):
            y, m, d = person["birth_date"].split("-")
            section.edit("birth_date").setText(f"{d}/{m}/{y}")
        section.gender.setCurrentIndex(max(0, section.gender.findData(person.get("gender", ""))))
        section.edit("address").setText(person.get("address", ""))
        # Last: setting the number runs the existing returning-applicant look-up (fill_person).
        section.edit("id_number").setText(person["id_number"])
        for key in ("phone", "email"):
            if person.get(key) and not section.edit(key).text().strip():
                section.edit(key).setText(person[key])
        if person.get("returning"):
            section.fill_person({})  # shows the "returning citizen" note
        picker = self.window.intake.picker
        (picker if picker.current is None else self.window.intake.save_button).setFocus()
        self.filled.emit(person)

    # -- rating and feedback ---------------------------------------------------------------------

    def offer_rating(self, code: str) -> None:
        if self.rating is not None:
            self.rating.close()
        self.rating = RatingWindow(self.ctx, code, self.window)
        self.rating.show_for_citizen()

    def open_postal(self) -> None:
        from ui.postal_dialog import PostalDialog

        self.postal = PostalDialog(self.ctx, self.window)
        self.postal.open()

    def open_feedback(self) -> None:
        self.feedback = FeedbackPanel(self.ctx, self.window)
        self.feedback.open()
