"""Backups of the local store and a restore that cannot lose the office.

Every file is opened through ``app.store.engine.connect_file`` (the one place encryption is added).

Backups use SQLite's online backup API, so they are consistent even while the desk is writing,
and are quick-checked before they replace anything: a damaged store never yields a "good" backup.
Each backup has a small JSON sidecar (kind, office, number of dossiers, schema revision) so that
``backup list`` and the GUI preview never have to open every file.

Restore (issue 8 §4; before it, 15 of 46 killed restores left no store at all):
1. the candidate is verified: integrity_check, unit code of the live office, schema not newer;
2. the live store is copied whole, WAL included, with the backup API to ``*.before-restore-*``;
3. the candidate is copied to a temporary file beside the store, its day counters are raised to
   the highest number ever issued (candidate, live store, kept copy, the high-water file), it is
   fsynced;
4. the live WAL is checkpointed into the main file by SQLite itself (never deleted by hand), and
   the temporary file is swapped in with one ``os.replace`` and the directory fsynced.
A kill at any instant leaves the old store or the restored one in place, never none.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app.domain.clock import TZ, iso, now
from app.store import highwater
from app.store.atomic import _fsync_dir, atomic_write_bytes
from app.store.engine import DB_FILENAME, connect_file

BACKUP_DIRNAME = "backups"
KINDS = ("daily", "close", "premigrate", "manual", "prerestore")
KIND_NAMES_VI = {
    "daily": "đầu ngày",
    "close": "khi đóng",
    "premigrate": "trước nâng cấp",
    "manual": "thủ công",
    "prerestore": "trước khôi phục",
}
_NAME_RE = re.compile(r"^motcua-(?P<ts>\d{8}-\d{6})(?:-(?P<n>\d+))?(?:-(?P<kind>[a-z]+))?\.sqlite3$")
_PAGES_PER_STEP = 256

# progress(done_pages, total_pages); called from the thread doing the copy.
Progress = Callable[[int, int], None]


class BackupError(ValueError):
    pass


class DamagedCopy(BackupError):
    """The fresh copy failed its quick_check: the store it was copied from is damaged."""


@dataclass
class BackupInfo:
    path: Path
    kind: str
    created: datetime
    unit_code: str
    office_name: str
    dossiers: int
    size: int
    schema_revision: str | None
    check: str = "ok"

    @property
    def ok(self) -> bool:
        return self.check == "ok"

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["path"] = str(self.path)
        out["created"] = iso(self.created)
        return out


def backup_dir(data_dir: Path) -> Path:
    return Path(data_dir) / BACKUP_DIRNAME


def default_backup_name(data_dir: Path, kind: str = "manual") -> Path:
    directory = backup_dir(data_dir)
    stamp = f"{now():%Y%m%d-%H%M%S}"
    out = directory / f"motcua-{stamp}-{kind}.sqlite3"
    n = 1
    while out.exists():  # two backups in one second (a close right after the daily one)
        n += 1
        out = directory / f"motcua-{stamp}-{n}-{kind}.sqlite3"
    return out


def sidecar(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + ".json")


def _copy(src: sqlite3.Connection, dst: sqlite3.Connection, progress: Progress | None) -> None:
    def step(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    src.backup(dst, pages=_PAGES_PER_STEP, progress=step)


def _facts(conn: sqlite3.Connection) -> dict[str, Any]:
    """Office, dossier count and revision of an open copy (empty values for a foreign file)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    out: dict[str, Any] = {"unit_code": "", "office_name": "", "dossiers": 0, "schema_revision": None}
    if "office" in tables:
        row = conn.execute("SELECT unit_code, office_name FROM office WHERE id = 1").fetchone()
        if row:
            out["unit_code"], out["office_name"] = row[0] or "", row[1] or ""
    if "dossier" in tables:
        out["dossiers"] = conn.execute("SELECT count(*) FROM dossier").fetchone()[0]
    if "alembic_version" in tables:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        out["schema_revision"] = row[0] if row else None
    return out


def _counters(conn: sqlite3.Connection, schema: str = "main") -> dict[highwater.Key, int]:
    has = conn.execute(
        f"SELECT 1 FROM {schema}.sqlite_master WHERE type='table' AND name='day_counter'"
    ).fetchone()
    if not has:
        return {}
    return highwater.from_rows(
        conn.execute(f"SELECT unit_code, day, workstation, last FROM {schema}.day_counter").fetchall()
    )


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def backup_to(db_path: Path, out: Path, *, kind: str = "manual", progress: Progress | None = None) -> Path:
    """Copy the store (WAL included) to ``out`` as one self-contained file, quick-checked."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        src = connect_file(db_path)
        try:
            dst = connect_file(tmp)
            try:
                _copy(src, dst, progress)
                dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
                facts, counters = {}, {}
                try:
                    check = "\n".join(str(r[0]) for r in dst.execute("PRAGMA quick_check(20)").fetchall())
                    if check == "ok":
                        facts, counters = _facts(dst), _counters(dst)
                except sqlite3.DatabaseError as exc:  # damage so deep the check itself fails
                    check = f"quick_check: {exc}"
            finally:
                dst.close()
        finally:
            src.close()
        if check != "ok":
            raise DamagedCopy(
                f"bản sao của dữ liệu không qua được kiểm tra toàn vẹn: {check.splitlines()[0]}"
            )
        if os.name == "posix":
            os.chmod(tmp, 0o600)  # every citizen's record is in it (Luật 91/2025/QH15)
        _fsync_file(tmp)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(out.parent)
    meta = {"kind": kind, "created": iso(now()), "size": out.stat().st_size, "check": "ok", **facts}
    atomic_write_bytes(sidecar(out), json.dumps(meta, ensure_ascii=False).encode("utf-8"))
    # A backup is also a record of the numbers issued so far (the high-water file beside the store).
    if Path(db_path).parent.is_dir():
        highwater.raise_to(Path(db_path).parent, counters)
    return out


def read_info(path: Path) -> BackupInfo:
    """What a backup holds: from its sidecar, or by opening it read-only when there is none."""
    path = Path(path)
    meta: dict[str, Any] = {}
    try:
        meta = json.loads(sidecar(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = {}
    m = _NAME_RE.match(path.name)
    if not meta:
        report = inspect_file(path)
        meta = {
            "unit_code": report.unit_code,
            "office_name": report.office_name,
            "dossiers": report.dossiers,
            "schema_revision": report.schema_revision,
            "check": "ok" if report.ok else "; ".join(report.problems),
        }
    created: datetime | None = None
    if meta.get("created"):
        try:
            created = datetime.fromisoformat(str(meta["created"]))
        except ValueError:
            created = None
    if created is None and m:
        created = datetime.strptime(m.group("ts"), "%Y%m%d-%H%M%S").replace(tzinfo=TZ)
    if created is None:
        created = datetime.fromtimestamp(path.stat().st_mtime, TZ).replace(microsecond=0)
    kind = str(meta.get("kind") or (m.group("kind") if m and m.group("kind") else "manual"))
    return BackupInfo(
        path=path,
        kind=kind,
        created=created,
        unit_code=str(meta.get("unit_code") or ""),
        office_name=str(meta.get("office_name") or ""),
        dossiers=int(meta.get("dossiers") or 0),
        size=path.stat().st_size,
        schema_revision=meta.get("schema_revision"),
        check=str(meta.get("check") or "ok"),
    )


def list_backups(data_dir: Path, extra_dirs: tuple[Path, ...] = ()) -> list[BackupInfo]:
    """Backups in ``<data_dir>/backups`` (and the second folder), newest first."""
    found: list[BackupInfo] = []
    kept = [p for p in Path(data_dir).glob(f"{DB_FILENAME}.before-restore-*") if sidecar(p).exists()]
    for directory in (backup_dir(data_dir), *extra_dirs, None):
        try:
            names = sorted(Path(directory).glob("motcua-*.sqlite3")) if directory is not None else kept
        except OSError:
            continue  # the USB stick was pulled out
        for path in names:
            try:
                found.append(read_info(path))
            except (OSError, BackupError):
                continue
    found.sort(key=lambda b: (b.created, b.path.name), reverse=True)
    return found


def newest_good_backup(data_dir: Path) -> BackupInfo | None:
    return next((b for b in list_backups(data_dir) if b.ok and b.dossiers >= 0), None)


@dataclass
class CheckReport:
    integrity: str = "ok"
    foreign_key_errors: int = 0
    schema_revision: str | None = None
    head_revision: str | None = None
    audit_rows: int = 0
    audit_broken_at: int | None = None
    outbox_pending: int = 0
    outbox_rejected: int = 0
    dossiers: int = 0
    unit_code: str = ""
    office_name: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def inspect_file(path: Path) -> CheckReport:
    """Integrity of a SQLite file that may not be ours at all (restore candidates, corrupt disks)."""
    report = CheckReport()
    if not Path(path).is_file():
        raise BackupError(f"không có tệp '{path}'")
    with open(path, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise BackupError(f"tệp '{path}' không phải cơ sở dữ liệu SQLite")
    try:
        conn = connect_file(path, readonly=True)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"tệp '{path}' bị hỏng: {exc}") from exc
    try:
        try:
            report.integrity = "\n".join(
                str(r[0]) for r in conn.execute("PRAGMA integrity_check(20)").fetchall()
            )
            report.foreign_key_errors = len(conn.execute("PRAGMA foreign_key_check").fetchall())
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables or "dossier" not in tables:
                raise BackupError(
                    f"tệp '{path}' không phải dữ liệu Một Cửa Xã (thiếu bảng dossier/alembic_version)"
                )
            facts = _facts(conn)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"tệp '{path}' bị hỏng: {exc}") from exc
    finally:
        conn.close()
    report.schema_revision = facts["schema_revision"]
    report.dossiers = facts["dossiers"]
    report.unit_code, report.office_name = facts["unit_code"], facts["office_name"]
    if report.integrity != "ok":
        report.problems.append(f"integrity_check: {report.integrity.splitlines()[0]}")
    if report.foreign_key_errors:
        report.problems.append(f"{report.foreign_key_errors} lỗi khóa ngoại")
    return report


# --------------------------------------------------------------------------------------- restore


@dataclass
class RestoreResult:
    restored: Path
    kept: Path | None  # None when there was no store to replace (a new PC)
    unit_code: str
    dossiers: int
    previous_unit_code: str
    other_office: bool
    counters_raised: int

    def as_json(self) -> dict[str, Any]:
        return {
            "restored": str(self.restored),
            "previous_kept_as": str(self.kept) if self.kept is not None else None,
            "unit_code": self.unit_code,
            "dossiers": self.dossiers,
            "previous_unit_code": self.previous_unit_code,
            "other_office": self.other_office,
            "counters_raised": self.counters_raised,
        }


@dataclass
class RestorePlan:
    """What a restore will do, for the confirmation (CLI message, GUI preview)."""

    candidate: CheckReport
    live_unit_code: str
    live_dossiers: int | None
    other_office: bool

    def describe(self) -> str:
        c = self.candidate
        text = (
            f"khôi phục {c.dossiers} hồ sơ của đơn vị {c.unit_code or '(chưa thiết lập)'}"
            f"{' – ' + c.office_name if c.office_name else ''}"
        )
        if self.live_dossiers is not None:
            text += f"; dữ liệu hiện tại ({self.live_dossiers} hồ sơ) được giữ lại bên cạnh"
        if self.other_office:
            text += (
                f". CHÚ Ý: đây là dữ liệu của đơn vị khác ({c.unit_code}, đang dùng {self.live_unit_code}): "
                "máy này sẽ chuyển sang làm việc với dữ liệu và mã hồ sơ của đơn vị đó"
            )
        return text


def _live_facts(db_path: Path) -> tuple[str, int | None, dict[highwater.Key, int]]:
    """Unit code, dossier count and counters of the live store; a damaged store yields what it can."""
    if not db_path.exists():
        return "", None, {}
    unit, count = "", None
    counters: dict[highwater.Key, int] = {}
    try:
        conn = connect_file(db_path)
    except sqlite3.DatabaseError:
        return unit, count, counters
    try:
        for read in ("facts", "counters"):
            try:
                if read == "facts":
                    facts = _facts(conn)
                    unit, count = facts["unit_code"], facts["dossiers"]
                else:
                    counters = _counters(conn)
            except sqlite3.DatabaseError:
                continue
    finally:
        conn.close()
    return unit, count, counters


def plan_restore(candidate: Path, db_path: Path, *, allow_other_office: bool = False) -> RestorePlan:
    """Verify ``candidate`` against the live store; raise ``BackupError`` saying why it is refused."""
    from app.store import migrate

    if Path(candidate).resolve() == Path(db_path).resolve():
        raise BackupError(f"tệp '{candidate}' chính là dữ liệu đang dùng, không phải một bản sao lưu")
    report = inspect_file(candidate)
    if not report.ok:
        raise BackupError(f"bản sao lưu '{candidate}' có lỗi: " + "; ".join(report.problems))
    if report.schema_revision not in _known_revisions():
        raise BackupError(
            f"bản sao lưu ở phiên bản dữ liệu '{report.schema_revision}' mới hơn phần mềm này "
            f"(phần mềm hỗ trợ đến {migrate.HEAD}); hãy cập nhật phần mềm trước"
        )
    live_unit, live_count, _ = _live_facts(Path(db_path))
    if not live_unit:  # a damaged live store: the high-water file still knows whose office this is
        units = highwater.unit_codes(Path(db_path).parent)
        live_unit = sorted(units)[0] if len(units) == 1 else ""
    other = bool(live_unit and report.unit_code and live_unit != report.unit_code)
    if other and not allow_other_office:
        raise BackupError(
            f"bản sao lưu là của đơn vị {report.unit_code}, khác đơn vị đang dùng {live_unit}: "
            "khôi phục sẽ thay toàn bộ dữ liệu của máy này bằng dữ liệu của đơn vị đó (dữ liệu hiện tại "
            "được giữ lại bên cạnh); nếu đúng ý, chạy lại với --other-office"
        )
    return RestorePlan(report, live_unit, live_count, other)


def _keep_live(db_path: Path, keep: Path) -> None:
    """Copy the live store whole, WAL included: the backup API reads through the WAL.

    A store too damaged for the backup API is kept byte for byte, main file and WAL side by side.
    """
    try:
        src = connect_file(db_path)
        try:
            dst = connect_file(keep)
            try:
                _copy(src, dst, None)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.DatabaseError:
        keep.unlink(missing_ok=True)
        shutil.copyfile(db_path, keep)
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, keep.with_name(keep.name + "-wal"))
            _fsync_file(keep.with_name(keep.name + "-wal"))
    _fsync_file(keep)


def _checkpoint(db_path: Path) -> None:
    """Fold the WAL into the main file (SQLite does it; the WAL is never deleted by hand).

    After this, and with every connection closed, the WAL holds nothing the main file lacks, so
    swapping the main file cannot pair the new store with the old store's log.
    """
    conn = connect_file(db_path)
    try:
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.close()
    wal = db_path.with_name(db_path.name + "-wal")
    if busy or (wal.exists() and wal.stat().st_size > 0):
        raise BackupError(
            "dữ liệu đang được một chương trình khác mở (không ghi hết được nhật ký WAL): "
            "hãy đóng mọi cửa sổ Một Cửa Xã rồi khôi phục lại"
        )


def _settle_wal(db_path: Path, keep: Path) -> None:
    """Checkpoint; a store too damaged to checkpoint has its WAL kept beside its copy instead.

    Only then may the main file be swapped: SQLite would otherwise replay the old log into the
    restored file at the next open.
    """
    wal = db_path.with_name(db_path.name + "-wal")
    try:
        _checkpoint(db_path)
    except sqlite3.DatabaseError:
        if wal.exists() and wal.stat().st_size > 0:
            kept_wal = keep.with_name(keep.name + ".damaged-wal")
            os.replace(wal, kept_wal)  # moved, never deleted: the log stays next to its store's copy
            _fsync_dir(db_path.parent)


def restore_from(
    candidate: Path,
    db_path: Path,
    *,
    allow_other_office: bool = False,
    progress: Progress | None = None,
) -> RestoreResult:
    """Replace the store with ``candidate``; the caller holds the data-dir lock, its engine closed."""
    from app.store import health

    db_path = Path(db_path)
    data_dir = db_path.parent
    for stale in data_dir.glob(f".{db_path.name}.restore*"):
        stale.unlink(missing_ok=True)  # left by a restore killed before its swap
    plan = plan_restore(candidate, db_path, allow_other_office=allow_other_office)
    stamp = f"{now():%Y%m%d-%H%M%S}"
    keep = db_path.with_name(f"{db_path.name}.before-restore-{stamp}")
    live_counters: dict[highwater.Key, int] = {}
    if db_path.exists():
        _settle_wal(db_path, keep)
        _keep_live(db_path, keep)
        unit, count, live_counters = _live_facts(db_path)
        # Listed with the backups (kind 'prerestore'), so a restore can itself be undone.
        meta = {"kind": "prerestore", "created": iso(now()), "unit_code": unit, "dossiers": count or 0}
        meta["office_name"], meta["size"] = "", keep.stat().st_size
        atomic_write_bytes(sidecar(keep), json.dumps(meta, ensure_ascii=False).encode("utf-8"))
    tmp = db_path.with_name(f".{db_path.name}.restore-{stamp}")
    try:
        src = connect_file(candidate, readonly=True)
        try:
            dst = connect_file(tmp)
            try:
                _copy(src, dst, progress)
                dst.execute("PRAGMA journal_mode=DELETE")
                restored_counters = _counters(dst)
                wanted = highwater.merge(restored_counters, live_counters, highwater.load(data_dir))
                raised = {k: v for k, v in wanted.items() if v > restored_counters.get(k, -1)}
                dst.execute("BEGIN IMMEDIATE")
                dst.executemany(
                    "INSERT INTO day_counter(unit_code, day, workstation, last) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(unit_code, day, workstation) DO UPDATE SET last = max(last, excluded.last)",
                    [(k[0], k[1], k[2], v) for k, v in raised.items()],
                )
                dst.execute("COMMIT")
            finally:
                dst.close()
        finally:
            src.close()
        _fsync_file(tmp)
        # Recorded before the swap: whichever file a kill leaves in place, the numbers survive.
        highwater.raise_to(data_dir, wanted)
        if db_path.exists():
            _settle_wal(db_path, keep)  # nothing may have written since; cheap when the WAL is empty
        os.replace(tmp, db_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(data_dir)
    health.forget_fingerprint(data_dir)
    health.clear_damaged(data_dir)
    return RestoreResult(
        restored=Path(candidate),
        kept=keep if keep.exists() else None,
        unit_code=plan.candidate.unit_code,
        dossiers=plan.candidate.dossiers,
        previous_unit_code=plan.live_unit_code,
        other_office=plan.other_office,
        counters_raised=len(raised),
    )


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from app.store.migrate import _config

    script = ScriptDirectory.from_config(_config(None))
    return {rev.revision for rev in script.walk_revisions()}
