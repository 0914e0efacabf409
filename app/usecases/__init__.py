"""Use cases: the only door the front ends (ui/, cli/) and tools use to read or change the store.

Public shape (issue 8 §1)::

    op(desk: Desk, actor: Actor, ...) -> plain data (dict / list / tuple), never an ORM object

Each operation
1. checks ``actor`` against the one permission table (``authorize``; ``permissions.PERMISSIONS``),
2. checks the rules of the trade (app/domain, and the rules listed in each module's docstring),
3. owns its transaction (``desk.tx()`` / ``desk.read()``) and writes its events, audit rows and
   outbox rows through one path (app/services/transitions.py, app/store/audit.py, outbox.py),
4. returns plain data saying what changed.

Modules and operations:

- ``auth``: ``sign_in(desk, username, password, source=)`` → Actor (throttled after 5 failures,
  every attempt audited), ``bootstrap(desk, os_user)`` (the OS account as admin while no account
  exists), ``first_run`` (the GUI wizard), ``session_event``.
- ``dossiers``: ``receive`` (every required paper in), ``receive_with_supplement``,
  ``receive_and_refuse``, ``change_status``, ``extend`` (leaders), ``edit_intake``.
- ``slips``: ``preview_slip``, ``print_slip`` (reprints too; a form only in the states that allow it),
  ``print_register``; printing goes through ``app.slips.printing.Printer`` (a front end registers one).
- ``reports``: ``report``, ``export_report``.
- ``views``: ``search``, ``queue``, ``dossier``, ``applicant``, ``procedures``, ``sync_status``,
  ``due_for`` (open: no citizen's data).
- ``admin``: ``list_users``, ``create_user``, ``set_user``, ``import_catalogue``, ``calendar_days``,
  ``calendar_month``, ``set_calendar_day``, ``office_profile``, ``save_office`` (setup too).
- ``maintenance``: ``backup``, ``restore(data_dir, actor, file)``, ``check``.

Errors: ``PermissionDenied`` (role), ``ValidationError`` (fields), ``TransitionError`` (lifecycle),
``SignInFailed``; all are in ``app.errors.user_errors()``: the CLI exits 2, the GUI shows the
message, and nothing is stored. Front ends hold no rule of their own: a screen may hide a button,
never be the only guard.
"""

from __future__ import annotations

from app.usecases.actor import Actor, PermissionDenied, bootstrap_actor
from app.usecases.permissions import PERMISSIONS, Permission, authorize, permissions_of

__all__ = [
    "Actor",
    "PermissionDenied",
    "PERMISSIONS",
    "Permission",
    "authorize",
    "bootstrap_actor",
    "permissions_of",
]
