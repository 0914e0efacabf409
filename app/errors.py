"""The failures a person can fix (bad input, an illegal move, a locked data dir, a printer).

Front ends show these as one clear message and store nothing; every other exception is a bug
and keeps its traceback. The CLI and the GUI share this list so they never disagree on which is
which.
"""

from __future__ import annotations


def user_errors() -> tuple[type[BaseException], ...]:
    # Imported here, not at module level: the CLI builds this tuple only when a command fails.
    from app.desk import NotConfigured
    from app.domain.catalogue import CatalogueError
    from app.domain.codes import CodeError
    from app.domain.lifecycle import TransitionError
    from app.domain.validation import ValidationError
    from app.reports.periods import PeriodError
    from app.services.person import ErasureRefused, PersonNotFound
    from app.services.retention import RetentionError
    from app.services.tools import ToolRefused
    from app.services.transitions import NotFound
    from app.services.users import AuthError
    from app.slips.formsets import SlipError
    from app.slips.printing import PrintError
    from app.store.backup import BackupError
    from app.store.datadir import DataDirLocked
    from app.store.health import StoreDamaged
    from app.usecases.actor import PermissionDenied

    return (
        NotConfigured,
        CatalogueError,
        CodeError,
        TransitionError,
        ValidationError,
        PeriodError,
        NotFound,
        AuthError,
        SlipError,
        PrintError,
        BackupError,
        DataDirLocked,
        PermissionDenied,
        StoreDamaged,
        ToolRefused,
        PersonNotFound,
        ErasureRefused,
        RetentionError,
    )
