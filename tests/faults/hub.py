"""Run the real hub with uvicorn on 127.0.0.1 for a test, in a thread of the test process."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import requests
import uvicorn

from server.app import create_app
from server.db import HubDB


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RunningHub:
    url: str
    port: int
    db: HubDB  # the server's own database handle (tests inspect and administer through it)
    app: Any = None  # the FastAPI app (tests read its state, e.g. the write limiter)


@contextmanager
def running_hub(db_url: str, **app_kwargs: int) -> Iterator[RunningHub]:
    app = create_app(db_url, **app_kwargs)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"hub-{port}", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    # Generous on purpose: on a loaded 2-core CI box the first answer took over a second (a 1 s read
    # timeout there errored a test before it started).
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(f"{url}/api/v1/health", timeout=5).status_code == 200:
                break
        except (requests.ConnectionError, requests.Timeout):
            pass
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("hub did not answer /api/v1/health within 30 s")
        time.sleep(0.02)
    try:
        yield RunningHub(url, port, app.state.db, app)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.db.dispose()
