"""Use cases of the data key: the recovery sheet and rotation (issue 9, admin only).

The key itself never leaves these functions except onto the sheet the admin asked for; the audit
trail records that a sheet was written or the key rotated, by whom, never the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.usecases.actor import Actor
from app.usecases.permissions import Permission, authorize


@dataclass(frozen=True)
class RecoverySheet:
    path: str
    store_id: str
    custody: str


@dataclass(frozen=True)
class Rotation:
    store_id: str
    custody: str
    sheet: str | None  # the new recovery sheet, when one was written at once


def _key_info(desk: Any) -> Any:
    from app.store import keys

    info = keys.read_info(desk.data_dir)
    if info is None:  # pragma: no cover - Desk.open always leaves key info behind
        raise keys.KeyMissing(f"không có thông tin khóa trong {desk.data_dir}")
    return info


def _write_sheet(desk: Any, actor: Actor, info: Any, key: bytes, out: Path) -> Path:
    from app.domain.clock import now
    from app.slips.recovery_sheet import SheetInfo, write_recovery_file

    office = desk.office()
    sheet = SheetInfo(
        office_name=office.office_name if office is not None else "",
        unit_code=office.unit_code if office is not None else "",
        store_id=info.store_id,
        issued_at=now(),
        issued_by=actor.label,
    )
    return write_recovery_file(out, key, sheet)


def export_recovery_sheet(desk: Any, actor: Actor, out: Path) -> RecoverySheet:
    """``motcua key export --out FILE`` and the first-run wizard: the recovery key, once more."""
    from app.store import audit, keys

    authorize(actor, Permission.SETTINGS)
    info = _key_info(desk)
    key = desk.key
    if key is None:  # pragma: no cover - plain stores exist only in schema tests
        raise keys.KeyMissing("kho dữ liệu này không được mã hóa")
    path = _write_sheet(desk, actor, info, key, Path(out))
    info.recovery_issued = True
    keys.write_info(desk.data_dir, info)
    with desk.tx() as s:
        audit.record(s, actor.username, "key.recovery_export", "store", info.store_id)
    return RecoverySheet(str(path), info.store_id, info.custody)


def default_sheet_path(desk: Any) -> Path:
    """Where setup puts the sheet when not told: the user's Documents folder (never the data
    dir: the sheet beside the store would defeat the encryption)."""
    import platformdirs

    info = _key_info(desk)
    return Path(platformdirs.user_documents_dir()) / f"MotCuaXa-phieu-khoa-khoi-phuc-{info.store_id[:8]}.pdf"


def issue_first_sheet(desk: Any, actor: Actor, out: Path | None = None) -> RecoverySheet | None:
    """At setup: the recovery sheet, once (None when the admin already has one for this key)."""
    if not recovery_pending(desk):
        return None
    target = Path(out) if out is not None else default_sheet_path(desk)
    target.parent.mkdir(parents=True, exist_ok=True)
    return export_recovery_sheet(desk, actor, target)


def recovery_pending(desk: Any) -> bool:
    """True until the admin has been handed the sheet for the current key (setup shows it once)."""
    info = _key_info(desk)
    return not info.recovery_issued


def rotate_key(desk: Any, actor: Actor, *, sheet_out: Path | None = None) -> Rotation:
    """``motcua key rotate``: a new random data key, ``PRAGMA rekey``; old sheets stop working.

    Crash safety: the new key is kept in the ``next`` slot before the rekey and promoted after,
    so whichever key the file is under when the power goes, ``Desk.open`` finds it.
    Backups taken before the rotation stay under the old key (the old sheet still opens those).
    """
    from app.store import audit, keys
    from app.store.engine import rekey_engine

    authorize(actor, Permission.SETTINGS)
    info = _key_info(desk)
    new = keys.new_key()
    keys.save_key(desk.data_dir, info, new, keys.NEXT)
    rekey_engine(desk.engine, desk.db_path, new)
    keys.promote_next(desk.data_dir, info, new)
    info.recovery_issued = False
    keys.write_info(desk.data_dir, info)
    with desk.tx() as s:
        audit.record(s, actor.username, "key.rotate", "store", info.store_id)
    sheet = None
    if sheet_out is not None:
        sheet = export_recovery_sheet(desk, actor, sheet_out).path
    return Rotation(info.store_id, info.custody, sheet)


def key_status(desk: Any, actor: Actor) -> dict[str, Any]:
    from app.store import keys

    authorize(actor, Permission.SETTINGS)
    info = _key_info(desk)
    return {
        "store_id": info.store_id,
        "custody": info.custody,
        "where": keys.custody_label(info),
        "recovery_issued": info.recovery_issued,
        "weaker": info.custody == keys.CUSTODY_FILE,
    }
