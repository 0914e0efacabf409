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
from sqlalchemy.orm import Session, sessionmaker

from app.domain.calendar import OfficeHours, WorkCalendar
from app.store import migrate
from app.store.datadir import DataDirLock, default_data_dir
from app.store.engine import DB_FILENAME, make_engine, make_sessionmaker
from app.store.models import Office


def _refuse_flush(session: Session, *_args: object) -> None:
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("desk.read() is read-only: use desk.tx() to change the store")


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

    @classmethod
    def open(
        cls,
        data_dir: Path | None = None,
        *,
        lock: bool = True,
        lock_timeout: float = 0.0,
        seed: bool = True,
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
            from app.store.atrest import unlock

            key = unlock(directory)  # finds (or creates) the data key; converts a plain 0.1/0.2 store
            engine = make_engine(directory / DB_FILENAME, key=key)
            migrate.upgrade(engine)
            desk = cls(directory, engine, make_sessionmaker(engine), file_lock)
            if seed:
                from app.services.seed import seed_bundled

                with desk.tx() as s:
                    seed_bundled(s)
        except BaseException:
            if file_lock is not None:
                file_lock.release()
            raise
        return desk

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def key(self) -> bytes | None:
        """The store's data key (backups are encrypted under it; never logged or printed)."""
        from app.store.engine import engine_key

        return engine_key(self.engine)

    @contextmanager
    def tx(self) -> Iterator[Session]:
        """A write transaction: commit on success, roll back everything on any exception."""
        session = self._factory()
        try:
            with session.begin():
                yield session
        finally:
            session.close()

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
        self.engine.dispose()
        if self._lock is not None and self._lock.is_locked:
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
