"""The one place that knows the national portal's (Cổng DVCQG) field names and codes.

domain.md §3: statuses ``TrangThaiHoSo`` 1–10, channel ``KenhThucHien`` 1/2/3, identity
``DinhDanhCHS[].LoaiDinhDanh`` "1" (12-digit CCCD) / "2" (9-digit CMND), every date as
``yyyyMMddHHmmss`` in Asia/Ho_Chi_Minh. Our own wire protocol (sync/protocol.py) carries the desk's
snapshot dicts; an upstream that speaks the portal's format (``DongBoHoSoMC`` dossier records and
``CapNhatTienDoHoSoMC`` progress steps) is served by an adapter that calls these functions, so no
other module has to know a Vietnamese field name. Mapping tables are per target (domain.md §3.3:
LoaiDoiTuong differs between DVCQG and VNPT iGate), hence the explicit DVCQG prefix.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.domain.clock import TZ, local
from app.domain.lifecycle import PORTAL_CODE, Status

PORTAL_DATE_FORMAT = "%Y%m%d%H%M%S"

DVCQG_STATUS: dict[str, int] = {s.value: code for s, code in PORTAL_CODE.items()}
STATUS_FROM_DVCQG: dict[int, str] = {code: s for s, code in DVCQG_STATUS.items()}
DVCQG_CHANNEL: dict[str, int] = {"direct": 1, "online": 2, "postal": 3}
CHANNEL_FROM_DVCQG: dict[int, str] = {v: k for k, v in DVCQG_CHANNEL.items()}
# HinhThuc (how the result goes back): 0 at the desk, 1 by post (OpenCPS).
DVCQG_RETURN: dict[str, int] = {"desk": 0, "post": 1}
# LoaiDinhDanh of DinhDanhCHS: only the two national ID kinds have a code; a passport has none.
DVCQG_ID_KIND: dict[str, str] = {"cccd": "1", "cmnd": "2"}
# LoaiDoiTuong on DVCQG (1 citizen, 2 business, ...); the desk receives citizens only.
DVCQG_CITIZEN = 1
# Portal size limits applied by a known client (domain.md §3.3).
MAX_TRICH_YEU = 1000
MAX_NGUOI_XU_LY = 50


class PortalFormatError(ValueError):
    pass


def to_portal_datetime(value: datetime | str | None) -> str | None:
    """``2025-01-24T10:00:00+07:00`` → ``20250124100000`` (office-local wall time)."""
    if value is None or value == "":
        return None
    dt = datetime.fromisoformat(value) if isinstance(value, str) else value
    return local(dt).strftime(PORTAL_DATE_FORMAT)


def from_portal_datetime(text: str | None) -> datetime | None:
    if not text:
        return None
    value = text.strip()
    if len(value) != 14 or not value.isdigit():
        raise PortalFormatError(f"Ngày giờ '{text}' phải có dạng yyyyMMddHHmmss (14 chữ số)")
    try:
        return datetime.strptime(value, PORTAL_DATE_FORMAT).replace(tzinfo=TZ)
    except ValueError as exc:
        raise PortalFormatError(f"Ngày giờ '{text}' không phải thời điểm hợp lệ") from exc


def status_code(status: str) -> int:
    try:
        return DVCQG_STATUS[status]
    except KeyError:
        raise PortalFormatError(f"Trạng thái '{status}' không có mã TrangThaiHoSo tương ứng") from None


def status_from_code(code: int | str) -> str:
    try:
        return STATUS_FROM_DVCQG[int(code)]
    except (KeyError, ValueError):
        raise PortalFormatError(f"TrangThaiHoSo '{code}' không thuộc danh sách 1–10") from None


def identity(applicant: dict[str, Any] | None) -> list[dict[str, str]]:
    if not applicant or not applicant.get("id_number"):
        return []
    kind = DVCQG_ID_KIND.get(str(applicant.get("id_type", "")))
    if kind is None:
        return []
    return [{"LoaiDinhDanh": kind, "SoDinhDanh": str(applicant["id_number"])}]


def dossier_record(d: dict[str, Any], *, processing_unit: str = "") -> dict[str, Any]:
    """A desk dossier snapshot (app.services.snapshot.dossier_dict) as a DongBoHoSoMC record."""
    owner = d.get("owner") or {}
    status = str(d["status"])
    record: dict[str, Any] = {
        "MaHoSo": d["code"],
        "MaTTHC": d["procedure_code"],
        "TenTTHC": d.get("procedure_name", ""),
        "TenLinhVuc": d.get("field", ""),
        "ChuHoSo": owner.get("name", ""),
        "LoaiDoiTuong": DVCQG_CITIZEN,
        "DinhDanhCHS": identity(owner),
        "Email": owner.get("email", ""),
        "SoDienThoai": owner.get("phone", ""),
        "TrichYeuHoSo": str(d.get("summary", ""))[:MAX_TRICH_YEU],
        "NgayTiepNhan": to_portal_datetime(d.get("received_at")),
        "NgayHenTra": to_portal_datetime(d.get("due_at")),
        "TrangThaiHoSo": status_code(status),
        "KenhThucHien": DVCQG_CHANNEL[str(d.get("channel", "direct"))],
        "HinhThuc": DVCQG_RETURN[str(d.get("return_method", "desk"))],
        "NgayTra": to_portal_datetime(d.get("returned_at")),
        "NgayKetThucXuLy": to_portal_datetime(d.get("resolved_at")),
        "DonViXuLy": processing_unit,
        "GhiChu": d.get("notes", ""),
        "DanhSachTepDinhKemKhac": [
            {
                "TenGiayTo": doc.get("name", ""),
                "SoLuong": int(doc.get("originals", 0))
                + int(doc.get("certified", 0))
                + int(doc.get("copies", 0)),
                "LoaiGiayTo": "",
            }
            for doc in d.get("documents") or []
        ],
    }
    if d.get("fee") is not None:
        record["DanhSachLePhi"] = [{"TenPhiLePhi": "Lệ phí", "Gia": d["fee"], "LoaiPhiLePhi": 1}]
    return record


def progress_step(e: dict[str, Any], *, title: str = "", department: str = "") -> dict[str, Any]:
    """A timeline event (snapshot.event_dict) as a CapNhatTienDoHoSoMC step."""
    to_status = e.get("to_status") or e.get("from_status")
    return {
        "MaHoSo": e["dossier_code"],
        "NguoiXuLy": str(e.get("actor", ""))[:MAX_NGUOI_XU_LY],
        "ChucDanh": title,
        "ThoiDiemXuLy": to_portal_datetime(e.get("at")),
        "PhongBanXuLy": department,
        "NoiDungXuLy": e.get("note") or e.get("kind", ""),
        "TrangThai": status_code(str(to_status)) if to_status else None,
        "NgayBatDau": to_portal_datetime(e.get("at")),
        "NgayKetThucTheoQuyDinh": to_portal_datetime(e.get("due_after")),
    }


def status_from_step(step: dict[str, Any]) -> tuple[str, datetime | None]:
    """Read an upstream progress step back: (local status, when)."""
    return status_from_code(step["TrangThai"]), from_portal_datetime(step.get("ThoiDiemXuLy"))


__all__ = [
    "DVCQG_CHANNEL",
    "DVCQG_ID_KIND",
    "DVCQG_STATUS",
    "PortalFormatError",
    "Status",
    "dossier_record",
    "from_portal_datetime",
    "identity",
    "progress_step",
    "status_code",
    "status_from_code",
    "status_from_step",
    "to_portal_datetime",
]
