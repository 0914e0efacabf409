"""A fault-injecting TCP proxy for HTTP/1.1 in front of the hub (env-notes §5: no netem here).

One request/response exchange per connection (``Connection: close`` is forced both ways), so every
request gets its own fate, drawn from a seeded mix of modes:

* ``pass``      forward both ways;
* ``drop``      close the client's connection before forwarding anything;
* ``delay``     hold the request for ``fault_delay`` seconds first (provokes client read timeouts);
* ``truncate``  forward the request, send back only the first N bytes of the response, close;
* ``cut``       "commit then cut": forward the request, read the server's full response (so the
                server has committed), then close the client's connection without sending it.

Independently of the mode, ``link_delay`` (one-way latency) and ``rate`` (bytes/second) emulate a
slow link for every message, in both directions. ``bytes_up``/``bytes_down`` count what crossed.
"""

from __future__ import annotations

import asyncio
import random
import threading
from collections import Counter

MODES = ("pass", "drop", "delay", "truncate", "cut")


def _set_header(head: bytes, name: bytes, value: bytes) -> bytes:
    lines = head.split(b"\r\n")
    kept = [ln for ln in lines[1:] if ln and not ln.lower().startswith(name.lower() + b":")]
    return b"\r\n".join([lines[0], *kept, name + b": " + value]) + b"\r\n\r\n"


async def _read_request(reader: asyncio.StreamReader) -> bytes | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    length = 0
    for line in head.split(b"\r\n")[1:]:
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    body = await reader.readexactly(length) if length else b""
    return _set_header(head[:-4], b"Connection", b"close") + body


class FaultProxy:
    def __init__(self, upstream_port: int, *, seed: int = 0, link_delay: float = 0.0, rate: float | None = None,
                 fault_delay: float = 2.0) -> None:  # fmt: skip
        self.upstream_port = upstream_port
        self.rng = random.Random(seed)
        self.link_delay, self.rate, self.fault_delay = link_delay, rate, fault_delay
        self.weights: dict[str, float] = {"pass": 1.0}
        self.counts: Counter[str] = Counter()
        self.bytes_up = 0
        self.bytes_down = 0
        self.exchanges = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fault-proxy", daemon=True)
        self._server: asyncio.base_events.Server | None = None
        self.port = 0

    def set_mix(self, **weights: float) -> None:
        unknown = set(weights) - set(MODES)
        if unknown:
            raise ValueError(f"unknown proxy modes: {unknown}")
        self.weights = dict(weights)

    def start(self) -> int:
        self._thread.start()
        fut = asyncio.run_coroutine_threadsafe(asyncio.start_server(self._handle, "127.0.0.1", 0), self._loop)
        self._server = fut.result(timeout=5)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self.port

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _choose(self) -> str:
        modes = list(self.weights)
        return self.rng.choices(modes, weights=[self.weights[m] for m in modes])[0]

    async def _send(self, writer: asyncio.StreamWriter, data: bytes) -> None:
        """Carry ``data`` over the emulated link: latency first, then at ``rate`` bytes/s."""
        if self.link_delay:
            await asyncio.sleep(self.link_delay)
        step = 1024 if self.rate else len(data) or 1
        for i in range(0, len(data), step):
            chunk = data[i : i + step]
            if self.rate:
                await asyncio.sleep(len(chunk) / self.rate)
            writer.write(chunk)
            await writer.drain()

    async def _handle(self, cr: asyncio.StreamReader, cw: asyncio.StreamWriter) -> None:
        mode = self._choose()
        self.counts[mode] += 1
        try:
            if mode == "drop":
                cw.transport.abort()
                return
            request = await _read_request(cr)
            if request is None:
                cw.close()
                return
            if mode == "delay":
                await asyncio.sleep(self.fault_delay)
            ur, uw = await asyncio.open_connection("127.0.0.1", self.upstream_port)
            self.bytes_up += len(request)
            # Link latency and rate apply to the request on its way to the server.
            await self._send(uw, request)
            response = await ur.read()  # the server closes after one response (Connection: close)
            uw.close()
            self.exchanges += 1
            if mode == "cut":
                cw.transport.abort()  # the server has committed; the client never hears of it
                return
            head, sep, body = response.partition(b"\r\n\r\n")
            response = _set_header(head, b"Connection", b"close") + body if sep else response
            if mode == "truncate":
                n = self.rng.randrange(1, max(2, len(response) - 1))
                cw.write(response[:n])
                await cw.drain()
                cw.transport.abort()
                return
            self.bytes_down += len(response)
            await self._send(cw, response)
            await cw.drain()
            cw.close()
        except (ConnectionError, asyncio.IncompleteReadError):
            cw.transport.abort()  # the client went away (timeout or SIGKILL): nothing to deliver
