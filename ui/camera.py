"""A document camera or webcam as a capture source (issue 14, optional) through QtMultimedia.

QtMultimedia ships in PySide6-Addons (the ``camera`` extra) and on Linux needs PulseAudio's client
library; a PC without either, or without any camera, simply has no camera button (the tooltip says
why). Each shot is kept as a PNG in memory, never on disk (images of ID cards are sensitive data,
NĐ 356/2025), and goes through the same ingest as a file: re-encoded once to the page budget.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("Camera", text)


def camera_support() -> tuple[bool, str]:
    """(a camera can be used here, why not in Vietnamese)."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:  # no PySide6-Addons, or no libpulse on Linux
        return False, _tr("Máy này chưa cài thành phần camera (QtMultimedia): không chụp ảnh được")
    if not QMediaDevices.videoInputs():
        return False, _tr("Không tìm thấy camera hay máy chụp tài liệu nào trên máy này")
    return True, ""


def png_of(image: QImage) -> bytes:
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; PySide6 takes str only
    buf.close()
    return bytes(buf.data().data())


class CameraDialog(QDialog):
    """Live preview, one shot per page, then **Đính kèm** hands the pages over (``captured``)."""

    captured = Signal(list)  # PNG bytes, one per page

    def __init__(self, parent: QWidget | None = None, device: Any = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession, QMediaDevices
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self.setObjectName("cameraDialog")
        self.setWindowTitle(self.tr("Chụp giấy tờ bằng camera"))
        self.pages: list[bytes] = []
        self.camera = QCamera(device if device is not None else QMediaDevices.defaultVideoInput())
        self.session = QMediaCaptureSession(self)
        self.session.setCamera(self.camera)
        self.capture = QImageCapture(self)
        self.session.setImageCapture(self.capture)
        self.preview = QVideoWidget(self)
        self.preview.setMinimumSize(480, 360)
        self.session.setVideoOutput(self.preview)
        self.capture.imageCaptured.connect(self._got)
        self.shoot = QPushButton(self.tr("Chụp trang"))
        self.shoot.setObjectName("cameraShoot")
        self.shoot.clicked.connect(self.take)
        self.status = QLabel(self.tr("Đặt giấy tờ dưới camera rồi bấm Chụp trang"))
        self.status.setObjectName("cameraStatus")
        self.capture.errorOccurred.connect(self._error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Đính kèm"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        v = QVBoxLayout(self)
        v.addWidget(self.preview, 1)
        v.addWidget(self.shoot)
        v.addWidget(self.status)
        v.addWidget(self.buttons)
        self.camera.start()

    def take(self) -> None:
        if not self.capture.isReadyForCapture():
            self.status.setText(self.tr("Camera chưa sẵn sàng, thử lại sau giây lát"))
            return
        self.capture.capture()

    def _got(self, _id: int, image: QImage) -> None:
        self.pages.append(png_of(image))
        self.status.setText(self.tr("Đã chụp {0} trang").format(len(self.pages)))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

    def _error(self, _id: int, _error: Any, text: str) -> None:
        self.status.setText(self.tr("Không chụp được: {0}").format(text))

    def _accept(self) -> None:
        if self.pages:
            self.captured.emit(list(self.pages))
        self.accept()

    def done(self, result: int) -> None:
        self.camera.stop()  # the camera's light goes off with the dialog
        super().done(result)
