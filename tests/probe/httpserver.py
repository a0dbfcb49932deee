"""A scripted JSON HTTP server on loopback, standing in for the helpdesk server in probe tests."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class FakeServer:
    url: str
    # Statuses to answer with, in order; once used up, every request gets `default_status`.
    script: list[int] = field(default_factory=list)
    default_status: int = 200
    response: dict[str, Any] = field(default_factory=lambda: {"ok": True})
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_status(self) -> int:
        with self.lock:
            return self.script.pop(0) if self.script else self.default_status

    def delivered(self) -> list[Any]:
        """Bodies the server accepted (answered 2xx)."""
        return [r.body for r in self.received if r.headers.get("x-test-status", "200").startswith("2")]


@contextmanager
def fake_server(**kwargs: Any) -> Iterator[FakeServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    with serving(server, FakeServer(url=f"http://127.0.0.1:{server.server_address[1]}", **kwargs)) as state:
        yield state


@contextmanager
def serving(server: ThreadingHTTPServer, state: FakeServer) -> Iterator[FakeServer]:
    """Serve `state`'s script from `server` on a thread until the block ends (plain or TLS)."""
    server.state = state  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        state: FakeServer = self.server.state  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"null")
        status = state.next_status()
        headers = {key.lower(): value for key, value in self.headers.items()}
        headers["x-test-status"] = str(status)
        state.received.append(Received(self.path, headers, body))
        payload = json.dumps(state.response if status < 400 else {"detail": f"status {status}"}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:  # stdlib signature
        pass  # keep pytest output clean
