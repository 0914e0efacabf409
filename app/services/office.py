"""The office profile (``motcua setup`` and the first-run wizard)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from app.domain.calendar import OfficeHours
from app.domain.clock import now
from app.domain.text import nfc
from app.domain.validation import Issue, check_unit_code, raise_for
from app.store import audit
from app.store.models import Office

PAGE_SIZES = ("A4", "A5")


@dataclass
class OfficeProfile:
    unit_code: str
    office_name: str
    parent_agency: str = ""
    commune: str = ""
    province: str = ""
    address: str = ""
    phone: str = ""
    website: str = ""
    workstation: int = 1
    workstation_count: int = 1
    morning_start: str = "07:00"
    morning_end: str = "11:30"
    afternoon_start: str = "13:30"
    afternoon_end: str = "17:00"
    cutoff: str = "15:00"
    culture_day_off: bool = True
    form_switch_date: date = date(2025, 9, 15)
    page_size: str = "A4"
    server_url: str = ""
    server_token: str = ""
    register_book: str = ""  # "" = one register book per year; else the book in use ("02/2026")
    hamlets: list[str] = field(default_factory=list)  # Địa bàn phát sinh choices besides the commune


def validate(p: OfficeProfile) -> None:
    issues: list[Issue] = list(check_unit_code(p.unit_code))
    if not nfc(p.office_name):
        issues.append(Issue("office_name", "required", "Tên cơ quan (--office-name) không được để trống"))
    if not 1 <= p.workstation_count <= 9:
        issues.append(
            Issue(
                "workstation_count", "range", f"Số máy trạm phải từ 1 đến 9 (đang là {p.workstation_count})"
            )
        )
    if not 1 <= p.workstation <= max(1, p.workstation_count):
        issues.append(
            Issue(
                "workstation",
                "range",
                f"Số hiệu máy trạm phải từ 1 đến {max(1, p.workstation_count)} (đang là {p.workstation})",
            )
        )
    if len(p.register_book) > 20:
        issues.append(Issue("register_book", "length", "Quyển sổ theo dõi (--register-book) tối đa 20 ký tự"))
    for h in p.hamlets:
        if len(h) > 120:
            issues.append(Issue("hamlets", "length", f"Tên thôn (--hamlet) tối đa 120 ký tự: '{h[:30]}…'"))
    if p.page_size not in PAGE_SIZES:
        issues.append(Issue("page_size", "choice", "Khổ giấy phải là A4 hoặc A5"))
    if p.server_url and not p.server_url.startswith(("http://", "https://")):
        issues.append(
            Issue("server_url", "scheme", "Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://")
        )
    if p.server_url and not p.server_token:
        issues.append(Issue("server_token", "required", "Cần mã truy cập (--token) khi có địa chỉ máy chủ"))
    try:
        OfficeHours.from_strings(p.morning_start, p.morning_end, p.afternoon_start, p.afternoon_end, p.cutoff)
    except ValueError as exc:
        issues.append(Issue("office_hours", "format", str(exc)))
    raise_for(issues)


def save_profile(session: Session, profile: OfficeProfile, *, actor: str) -> Office:
    """Create or update the single office row; validates everything first, stores nothing on error."""
    profile.unit_code = profile.unit_code.strip().upper()
    for name in ("office_name", "parent_agency", "commune", "province", "address", "website"):
        setattr(profile, name, nfc(getattr(profile, name)))
    profile.register_book = nfc(profile.register_book).strip()
    profile.hamlets = list(dict.fromkeys(h for h in (nfc(str(x)).strip() for x in profile.hamlets) if h))
    profile.server_url = profile.server_url.strip().rstrip("/")
    validate(profile)
    row = session.get(Office, 1)
    before = None
    if row is None:
        row = Office(id=1, created_at=now(), updated_at=now())
        session.add(row)
    else:
        before = {k: getattr(row, k) for k in asdict(profile)}
    for key, value in asdict(profile).items():
        setattr(row, key, value)
    row.updated_at = now()
    session.flush()
    after = asdict(profile)
    for secret in ("server_token",):
        after[secret] = "***" if after[secret] else ""
        if before is not None:
            before[secret] = "***" if before[secret] else ""
    audit.record(session, actor, "office.setup", "office", profile.unit_code, before, after)
    return row


def profile_of(row: Office) -> OfficeProfile:
    values = {k: getattr(row, k) for k in OfficeProfile.__dataclass_fields__}
    values["hamlets"] = list(values.get("hamlets") or [])
    values["register_book"] = values.get("register_book") or ""
    return OfficeProfile(**values)
