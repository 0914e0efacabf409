"""``Desk``: the open local store of one office, like Anki's Collection.

Every front end (CLI, GUI worker thread, sync engine, tests) goes through one Desk: it owns the
engine, the data-dir lock and the calendar cache, and hands out transactions. Services are plain
functions taking a Session; they return what changed, and the caller decides how to redraw.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, event, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app.domain.calendar import OfficeHours, WorkCalendar
from app.store import autobackup, health, highwater, migrate
from app.store.datadir import DataDirLock, default_data_dir
from app.store.engine import DB_FILENAME, make_engine, make_sessionmaker
from app.store.health import StoreDamaged
from app.store.models import Office


def _refuse_flush(session: Session, *_args: object) -> None:
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("desk.read() is read-only: use desk.tx() to change the store")


# Revisions written before the audit chain had an anchor file (a new store starts with an empty
# chain and anchors itself at its first audited commit).
PRE_ANCHOR_REVISIONS = ("0001", "0002")


class NotConfigured(RuntimeError):
    """The office profile has not been set up yet (``motcua setup`` or the first-run wizard)."""


class Desk:
    def __init__(
        self, data_dir: Path, engine: Engine, factory: sessionmaker[Session], lock: DataDirLock | None
    ):
        self.data_dir = data_dir
        self.engine = engine
        self._factory = factory
        self._read_factory = make_sessionmaker(engine, readonly=True)
        self._lock = lock
        self._calendar: WorkCalendar | None = None
        self.damaged = False  # the store failed a check: every write is refused (app/store/health.py)
        self.backups = False  # automatic backups at close (set by ``open``)
        self._wrote = False

    @classmethod
    def open(
        cls,
        data_dir: Path | None = None,
        *,
        lock: bool = True,
        lock_timeout: float = 0.0,
        seed: bool = True,
        backups: bool = True,
    ) -> Desk:
        """Open (creating and upgrading as needed) the store in ``data_dir``.

        The lock keeps a second GUI or CLI off the same files; it is taken before any write,
        including the migration, so two processes never upgrade one file at the same time.
        """
        directory = Path(data_dir) if data_dir is not None else default_data_dir()
        directory.mkdir(parents=True, exist_ok=True)
        file_lock: DataDirLock | None = None
        if lock:
            file_lock = DataDirLock(directory)
            file_lock.acquire(timeout=lock_timeout)
        try:
            db_path = directory / DB_FILENAME
            # Damage never spreads (issue 8 §5): markers and checks only for the lock holder.
            damaged = file_lock is not None and health.on_open(directory, db_path).damaged is not None
            engine = make_engine(db_path)
            desk = cls(directory, engine, make_sessionmaker(engine), file_lock)
            desk.damaged = damaged
            if not damaged:
                desk._prepare(seed=seed, backups=backups and file_lock is not None)
        except BaseException:
            if file_lock is not None:
                file_lock.release()
            raise
        return desk

    def _prepare(self, *, seed: bool, backups: bool) -> None:
        """Migrate (after the automatic pre-migration backup), seed, take the day's first backup."""
        try:
            before = (
                (lambda _rev: autobackup.before_migration(self.data_dir, self.db_path)) if backups else None
            )
            fresh = not self.db_path.exists()
            previous = migrate.upgrade(self.engine, before=before)
            if previous in PRE_ANCHOR_REVISIONS:
                self._adopt_anchor()
            if fresh and self._lock is not None:
                # A store made anew where one was before (deleted, lost): never number from 0001 again.
                with self.tx() as s:
                    highwater.restore_counters(s, highwater.load(self.data_dir))
            if seed:
                from app.services.seed import seed_bundled

                with self.tx() as s:
                    seed_bundled(s)
        except StoreDamaged:
            return  # found while opening: the desk opens read-only and says so
        except DBAPIError as exc:
            if not health.is_corruption(exc):
                raise
            self._found_damaged(exc)
            return
        self._wrote = False
        self.backups = backups
        if backups:
            autobackup.on_open(self.data_dir, self.db_path)

    def _found_damaged(self, exc: BaseException) -> StoreDamaged:
        if self._lock is not None:
            health.mark_damaged(self.data_dir, str(getattr(exc, "orig", exc)), by="sqlite")
        self.damaged = True
        return health.refusal(self.data_dir)

    def _adopt_anchor(self) -> None:
        # A store from before audit anchors (issue 8 §6): anchor its chain as it stands, once,
        # during the upgrade. A used store whose anchor later goes missing is never re-anchored
        # silently: ``check`` reports it.
        from app.store import anchor, audit

        try:
            if anchor.read(self.db_path) is not None:
                return
        except anchor.AnchorInvalid:
            return
        with self.read() as s:
            head = audit.head(s)
        if head.rows:
            anchor.adopt(self.db_path, head)

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILENAME

    @contextmanager
    def tx(self) -> Iterator[Session]:
        """A write transaction: commit on success, roll back everything on any exception."""
        if self.damaged:
            raise health.refusal(self.data_dir)
        session = self._factory()
        try:
            with session.begin():
                yield session
            issued = highwater.issued_in(session)
        except Exception as exc:  # SQLAlchemy wraps SQLite's error; a raw one may surface too
            if health.is_corruption(exc):
                raise self._found_damaged(exc) from exc
            raise
        finally:
            session.close()
        self._wrote = True
        if issued:
            highwater.note_issued(self.data_dir, issued)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only snapshot (deferred BEGIN: never waits for a writer under WAL).

        Writing through it is a bug: any flush raises before touching the file.
        """
        session = self._read_factory()
        event.listen(session, "before_flush", _refuse_flush)
        try:
            with session.begin():
                yield session
        except Exception as exc:  # SQLAlchemy wraps SQLite's error; a raw one may surface too
            if health.is_corruption(exc):
                raise self._found_damaged(exc) from exc
            raise
        finally:
            session.close()

    def office(self) -> Office | None:
        with self.read() as s:
            return s.scalar(select(Office).where(Office.id == 1))

    def require_office(self) -> Office:
        office = self.office()
        if office is None:
            raise NotConfigured(
                "Chưa thiết lập thông tin cơ quan: chạy 'motcua setup --unit-code ... --office-name ...' "
                "hoặc mở ứng dụng để dùng trình thiết lập lần đầu"
            )
        return office

    def calendar(self) -> WorkCalendar:
        if self._calendar is None:
            from app.services.calendar_store import build_calendar

            with self.read() as s:
                self._calendar = build_calendar(s)
        return self._calendar

    def invalidate_calendar(self) -> None:
        self._calendar = None

    def close(self) -> None:
        from app.store import anchor

        self.engine.dispose()
        anchor.forget(self.db_path)
        if self._lock is not None and self._lock.is_locked:
            if self.backups and self._wrote and not self.damaged:
                autobackup.on_close(self.data_dir, self.db_path)
            health.on_clean_close(self.data_dir, self.db_path, remember=not self.damaged)
            self._lock.release()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def office_hours(office: Office | None) -> OfficeHours:
    if office is None:
        return OfficeHours()
    return OfficeHours.from_strings(
        office.morning_start, office.morning_end, office.afternoon_start, office.afternoon_end, office.cutoff
    )
