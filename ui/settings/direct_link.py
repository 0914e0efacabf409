"""Settings: the direct link to the province, used when the office hub has been unreachable for the
set time (docs/office-hub.md "Degraded"; the rules are in app/usecases/fallback.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QSpinBox, QWidget


class DirectLinkBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Khi máy chủ xã mất kết nối"))
        self.setObjectName("directLinkBox")
        self.url = QLineEdit()
        self.url.setObjectName("provinceUrl")
        self.url.setPlaceholderText("https://…")
        self.token = QLineEdit()
        self.token.setObjectName("provinceToken")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.minutes = QSpinBox()
        self.minutes.setObjectName("directAfterMinutes")
        self.minutes.setRange(1, 7 * 24 * 60)
        self.minutes.setSuffix(self.tr(" phút"))
        self.source = QLabel()
        self.source.setObjectName("directLinkSource")
        self.source.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Gửi thẳng lên tỉnh sau"), self.minutes)
        form.addRow(self.tr("Địa chỉ máy chủ tỉnh"), self.url)
        form.addRow(self.tr("Mã truy cập của đơn vị"), self.token)
        form.addRow("", self.source)
        self.loaded: dict[str, Any] = {}

    def show_settings(self, s: dict[str, Any]) -> None:
        self.loaded = dict(s)
        self.url.setText(str(s.get("province_url") or ""))
        self.token.clear()
        self.token.setPlaceholderText(self.tr("đã có – để trống là giữ nguyên") if s.get("token_set") else "")
        self.minutes.setValue(max(1, round(float(s.get("direct_after_seconds") or 1800) / 60)))
        source = s.get("source")
        text = {
            "office_hub": self.tr(
                "Máy chủ xã cấp địa chỉ và mã truy cập này cho máy trạm ở mỗi lần đồng bộ."
            ),
            "admin": self.tr("Quản trị viên nhập trên máy này."),
            "off": self.tr("Đã tắt: máy này không gửi thẳng lên tỉnh."),
        }.get(
            str(source),
            self.tr("Chưa có: máy chủ xã sẽ cấp khi đồng bộ (nếu đã cấu hình chuyển tiếp lên tỉnh)."),
        )
        self.source.setText(text)

    def changes(self) -> dict[str, Any] | None:
        """What the admin changed, as ``set_fallback`` keywords (None: nothing)."""
        out: dict[str, Any] = {}
        url = self.url.text().strip()
        if url != str(self.loaded.get("province_url") or ""):
            out["province_url"] = url
        if self.token.text().strip():
            out["province_token"] = self.token.text().strip()
        minutes = self.minutes.value()
        if minutes != max(1, round(float(self.loaded.get("direct_after_seconds") or 1800) / 60)):
            out["direct_after_seconds"] = minutes * 60
        return out or None
