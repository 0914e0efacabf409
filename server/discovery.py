"""Finding the office hub on the LAN: a DNS-SD announce (python-zeroconf) and the hub's identity.

The announce carries the office's unit code, its name and a fingerprint of the hub's identity key
(a random secret made once and kept in ``hub_meta``), so that Settings can list the hubs found and
a clerk can tell two hubs apart by more than an address. Multicast is often blocked on office
LANs: a manual address always works, and the desk checks the unit code in /api/v1/health before
it syncs, whichever way it found the hub.
"""

from __future__ import annotations

import hashlib
import secrets
import socket
from typing import Any

from server.db import HubDB
from server.models import Meta
from sync.discovery import SERVICE_TYPE, FoundHub
from sync.discovery import browse as _browse

__all__ = ["SERVICE_TYPE", "Announcer", "FoundHub", "browse", "fingerprint"]


def fingerprint(db: HubDB) -> str:
    """SHA-256 of the hub's identity key, first 16 hex digits in groups of four (read aloud)."""
    with db.read() as s:
        row = s.get(Meta, "identity_key")
        key = row.value if row is not None else None
    if key is None:
        with db.write() as s:
            row = s.get(Meta, "identity_key")
            if row is None:
                row = Meta(key="identity_key", value=secrets.token_hex(32))
                s.add(row)
            key = row.value
    digest = hashlib.sha256(bytes.fromhex(key)).hexdigest()[:16].upper()
    return ":".join(digest[i : i + 4] for i in range(0, 16, 4))


def _zc(interfaces: list[str] | None) -> Any:
    from sync.discovery import zeroconf_on

    return zeroconf_on(interfaces)


class Announcer:
    """Registers the hub's service while ``serve`` runs; ``close`` unregisters it."""

    def __init__(self, *, unit_code: str, name: str, fp: str, port: int, address: str,
                 interfaces: list[str] | None = None) -> None:  # fmt: skip
        from zeroconf import ServiceInfo

        self.zc = _zc(interfaces)
        instance = f"motcua {unit_code} {port}"
        self.info = ServiceInfo(
            SERVICE_TYPE,
            f"{instance}.{SERVICE_TYPE}",
            addresses=[socket.inet_aton(address)],
            port=port,
            properties={"unit": unit_code, "name": name, "fp": fp, "api": "v1"},
            server=f"motcua-{unit_code.replace('.', '-')}-{port}.local.",
        )
        self.zc.register_service(self.info)

    def close(self) -> None:
        try:
            self.zc.unregister_service(self.info)
        finally:
            self.zc.close()


def browse(timeout: float = 2.0, interfaces: list[str] | None = None) -> list[FoundHub]:
    """Hubs announcing themselves within ``timeout`` seconds (``motcua-hub discover``): the desk's
    own browse (sync/discovery.py), so both list the same hubs the same way."""
    return _browse(timeout, interfaces)
