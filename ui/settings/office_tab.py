"""Office profile, office hours, form-set switch date, sync server; idle lock of this PC."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ui import office_hub, ops_admin
from ui.context import AppContext, settings
from ui.idle_lock import DEFAULT_MINUTES
from ui.settings.direct_link import DirectLinkBox
from ui.settings.hub_finder import HubFinder
from ui.widgets import MessageLabel

TEXT_FIELDS = (
    "office_name",
    "parent_agency",
    "commune",
    "province",
    "address",
    "phone",
    "server_url",
    "server_token",
)
HOUR_FIELDS = ("morning_start", "morning_end", "afternoon_start", "afternoon_end", "cutoff")


class OfficeTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.edits: dict[str, QLineEdit] = {}
        for key in TEXT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"office_{key}")
            self.edits[key] = edit
        self.edits["server_token"].setEchoMode(QLineEdit.EchoMode.Password)
        self.times: dict[str, QTimeEdit] = {}
        for key in HOUR_FIELDS:
            t = QTimeEdit()
            t.setObjectName(f"office_{key}")
            t.setDisplayFormat("HH:mm")
            self.times[key] = t
        self.culture = QCheckBox(self.tr("Nghỉ Ngày Văn hóa (24/11)"))
        self.switch = QDateEdit()
        self.switch.setObjectName("formSwitchDate")
        self.switch.setDisplayFormat("dd/MM/yyyy")
        self.switch.setCalendarPopup(True)
        self.page_size = QComboBox()
        self.page_size.addItems(["A4", "A5"])
        self.workstation = QSpinBox()
        self.workstation.setRange(1, 9)
        self.workstation_count = QSpinBox()
        self.workstation_count.setRange(1, 9)
        self.idle = QSpinBox()
        self.idle.setObjectName("idleMinutes")
        self.idle.setRange(1, 240)
        self.idle.setSuffix(self.tr(" phút"))
        self.save_button = QPushButton(self.tr("Lưu cài đặt"))
        self.save_button.setObjectName("saveOffice")
        self.save_button.clicked.connect(self.save)
        self.message = MessageLabel()

        profile = QGroupBox(self.tr("Cơ quan"))
        pf = QFormLayout(profile)
        pf.addRow(self.tr("Tên bộ phận tiếp nhận"), self.edits["office_name"])
        pf.addRow(self.tr("Cơ quan chủ quản"), self.edits["parent_agency"])
        pf.addRow(self.tr("Xã/phường"), self.edits["commune"])
        pf.addRow(self.tr("Tỉnh/thành phố"), self.edits["province"])
        pf.addRow(self.tr("Địa chỉ"), self.edits["address"])
        pf.addRow(self.tr("Điện thoại"), self.edits["phone"])
        ws = QHBoxLayout()
        ws.addWidget(self.workstation)
        ws.addWidget(self.workstation_count)
        pf.addRow(self.tr("Máy trạm số / tổng số máy"), ws)
        hours = QGroupBox(self.tr("Giờ làm việc và biểu mẫu"))
        hf = QFormLayout(hours)
        morning = QHBoxLayout()
        morning.addWidget(self.times["morning_start"])
        morning.addWidget(self.times["morning_end"])
        afternoon = QHBoxLayout()
        afternoon.addWidget(self.times["afternoon_start"])
        afternoon.addWidget(self.times["afternoon_end"])
        hf.addRow(self.tr("Buổi sáng"), morning)
        hf.addRow(self.tr("Buổi chiều"), afternoon)
        hf.addRow(self.tr("Giờ chốt nhận hồ sơ trong ngày"), self.times["cutoff"])
        hf.addRow("", self.culture)
        hf.addRow(self.tr("Áp dụng mẫu TT 03/2025 từ ngày"), self.switch)
        hf.addRow(self.tr("Khổ giấy phiếu"), self.page_size)
        link = QGroupBox(self.tr("Đồng bộ và bảo mật"))
        lf = QFormLayout(link)
        lf.addRow(self.tr("Địa chỉ máy chủ cấp trên"), self.edits["server_url"])
        lf.addRow(self.tr("Mã truy cập"), self.edits["server_token"])
        lf.addRow(self.tr("Khóa màn hình sau (máy này)"), self.idle)
        self.hub_box = QCheckBox(self.tr("Máy này làm máy chủ xã"))
        self.hub_box.setObjectName("officeHubBox")
        self.hub_box.setToolTip(
            self.tr(
                "Chạy máy chủ xã trong nền khi mở phần mềm; các máy trạm khác đồng bộ với máy này qua mạng nội bộ"
            )
        )
        self.hub_box.setChecked(office_hub.enabled())
        lf.addRow("", self.hub_box)
        # Office hub: the hubs announced on the LAN (a manual address always works) and the direct
        # link to the province for when the office hub is down (docs/office-hub.md).
        self.hub_finder = HubFinder(ctx)
        self.hub_finder.chosen.connect(self.edits["server_url"].setText)
        self.direct_link = DirectLinkBox()
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(profile)
        left.addWidget(link)
        left.addWidget(self.hub_finder)
        right = QVBoxLayout()
        right.addWidget(hours)
        right.addWidget(self.direct_link)
        right.addStretch(1)
        right_box = QWidget()
        right_box.setLayout(right)
        right_box.setMaximumWidth(560)  # time fields need little room; names and the URL need it
        columns.addLayout(left, 3)
        columns.addWidget(right_box, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        v = QVBoxLayout(self)
        v.addLayout(columns)
        v.addStretch(1)
        v.addLayout(bottom)
        self.show_profile(ctx.office or {})
        ctx.runner.db(ops_admin.direct_link, self.direct_link.show_settings, label="direct-link")

    def show_profile(self, p: dict[str, Any]) -> None:
        for key, edit in self.edits.items():
            edit.setText(str(p.get(key, "") or ""))
        for key, t in self.times.items():
            hh, mm = str(p.get(key, "07:00")).split(":")
            t.setTime(QTime(int(hh), int(mm)))
        self.culture.setChecked(bool(p.get("culture_day_off", True)))
        switch = p.get("form_switch_date") or date(2025, 9, 15)
        self.switch.setDate(QDate(switch.year, switch.month, switch.day))
        self.page_size.setCurrentText(p.get("page_size", "A4"))
        self.workstation.setValue(int(p.get("workstation", 1)))
        self.workstation_count.setValue(int(p.get("workstation_count", 1)))
        self.idle.setValue(
            int(str(settings().value("security/idle_minutes", DEFAULT_MINUTES) or DEFAULT_MINUTES))
        )

    def changes(self) -> dict[str, Any]:
        out: dict[str, Any] = {key: edit.text() for key, edit in self.edits.items()}
        out.update({key: t.time().toString("HH:mm") for key, t in self.times.items()})
        q = self.switch.date()
        out.update(
            culture_day_off=self.culture.isChecked(),
            form_switch_date=date(q.year(), q.month(), q.day()),
            page_size=self.page_size.currentText(),
            workstation=self.workstation.value(),
            workstation_count=self.workstation_count.value(),
        )
        return out

    def save(self) -> None:
        changes, actor = self.changes(), self.ctx.actor
        link = self.direct_link.changes()
        settings().setValue("security/idle_minutes", self.idle.value())
        office_hub.set_enabled(self.hub_box.isChecked())  # per PC; takes effect at the next start

        def done(saved: tuple[dict[str, Any], dict[str, Any] | None]) -> None:
            profile, direct = saved
            self.message.show_issue(self.tr("Đã lưu cài đặt"), "ok")
            if direct is not None:
                self.direct_link.show_settings(direct)
            self.ctx.set_office(profile)

        def work(desk: Any) -> tuple[dict[str, Any], dict[str, Any] | None]:
            profile = ops_admin.save_office(desk, changes, actor=actor)
            direct = ops_admin.save_direct_link(desk, link, actor=actor) if link else None
            return profile, direct

        def failed(exc: BaseException) -> bool:
            from ui.runner import UserError

            if isinstance(exc, UserError):
                self.message.show_issue(exc.message)
                return True
            return False

        self.ctx.runner.db(
            work,
            done,
            failed=failed,
            label="office",
        )
