"""The HTTP app against the real test database: uvicorn on a real loopback socket."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.http.app import create_app
from shared.http.deps import RateLimits
from shared.services import enrolment
from tests import factories as f
from tests.conftest import PATIENCE
from tests.ports import free_port

SECRET = "test-secret-" + "x" * 40


@pytest.fixture
def enrolment_token(db: Database) -> str:
    return enrolment.issue_enrolment_token(db.uow(), SYSTEM)


@dataclass
class LiveServer:
    """uvicorn in a background thread; stop() and start() again on the same port (the offline test)."""

    app: FastAPI
    port: int = field(default_factory=free_port)
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + PATIENCE
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=PATIENCE)
            self._server = self._thread = None
        self.app.state.helpdesk.close()  # the group-commit writer threads (restarted on the next write)


@pytest.fixture
def live(committed_db: Database) -> Iterator[LiveServer]:
    """The server's threads read and write on their own connections: its tests commit (and `db`
    is `committed_db` in them)."""
    f.defaults(committed_db)
    server = LiveServer(create_app(committed_db, secret=SECRET, limits=RateLimits()))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def client(live: LiveServer) -> Iterator[httpx.Client]:
    """httpx on a real socket (starlette's TestClient warns about httpx, and filterwarnings = error)."""
    with httpx.Client(base_url=live.url, timeout=PATIENCE) as c:
        yield c
