"""Who runs a command, as the core's ``Actor`` (what the access log records).

Until the command line signs in (issue 8 §2, another change), the actor is resolved from
``--user``: a known active account acts with its role; while no account exists the OS account is
the bootstrap admin (issue 8 §2); any other name acts as a clerk, which is what every command
allowed before. When the sign-in lands and ``ctx.actor`` is already an Actor, it is used as is.
"""

from __future__ import annotations

from typing import Any

from app.usecases import Actor


def resolve_actor(ctx: Any) -> Actor:
    if isinstance(ctx.actor, Actor):
        return ctx.actor
    from app.services.users import list_users

    name = str(ctx.actor)
    with ctx.desk().read() as s:
        accounts = list_users(s)
    if not accounts:
        return Actor(name, "", "admin", "cli")
    for u in accounts:
        if u.username == name and u.active:
            return Actor(u.username, u.full_name, u.role, "cli")
    return Actor(name, "", "clerk", "cli")
