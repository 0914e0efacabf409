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
import time
from dataclasses import dataclass
from typing import Any

from server.db import HubDB
from server.models import Meta

SERVICE_TYPE = "_motcua-hub._tcp.local."


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


@dataclass
class FoundHub:
    url: str
    unit_code: str
    name: str
    fingerprint: str

    def as_json(self) -> dict[str, str]:
        return {
            "url": self.url,
            "unit_code": self.unit_code,
            "name": self.name,
            "fingerprint": self.fingerprint,
        }


def _zc(interfaces: list[str] | None) -> Any:
    from zeroconf import InterfaceChoice, IPVersion, Zeroconf

    if interfaces:
        return Zeroconf(interfaces=interfaces, ip_version=IPVersion.V4Only)
    return Zeroconf(interfaces=InterfaceChoice.All, ip_version=IPVersion.V4Only)


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
    """Hubs announcing themselves within ``timeout`` seconds."""
    from zeroconf import ServiceBrowser, ServiceStateChange

    zc = _zc(interfaces)
    names: set[str] = set()

    def on_change(zeroconf: Any, service_type: str, name: str, state_change: Any) -> None:
        if state_change is ServiceStateChange.Added:
            names.add(name)

    browser = ServiceBrowser(zc, SERVICE_TYPE, handlers=[on_change])
    found: dict[str, FoundHub] = {}
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            time.sleep(0.1)
            for name in list(names):
                if name in found:
                    continue
                info = zc.get_service_info(SERVICE_TYPE, name, timeout=1000)
                if info is None or not info.parsed_addresses():
                    continue
                props = {
                    k.decode(): (v or b"").decode("utf-8", "replace") for k, v in info.properties.items()
                }
                found[name] = FoundHub(
                    url=f"http://{info.parsed_addresses()[0]}:{info.port}",
                    unit_code=props.get("unit", ""),
                    name=props.get("name", ""),
                    fingerprint=props.get("fp", ""),
                )
    finally:
        browser.cancel()
        zc.close()
    return sorted(found.values(), key=lambda h: (h.unit_code, h.url))
