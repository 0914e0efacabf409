"""The actor of a command of issue 12 (rating, feedback, postal, scanner).

Until the command line signs people in, a CLI run acts as the person named by ``--user`` with the
role given by ``MOTCUA_ROLE`` (default ``admin``: what the command line has always been allowed);
once ``ctx`` carries a signed-in ``Actor`` that one is used.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from app.usecases.actor import Actor

if TYPE_CHECKING:
    from cli.main import CliContext


def actor_of(ctx: CliContext) -> Actor:
    for name in ("actor_obj", "actor"):
        value = getattr(ctx, name, None)
        if isinstance(value, Actor):
            return value
    username = str(getattr(ctx, "actor", "") or "cli")
    return Actor(
        username=username, full_name=username, role=os.environ.get("MOTCUA_ROLE", "admin"), source="cli"
    )
