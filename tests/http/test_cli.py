"""`helpdesk serve` refuses unsafe setups before listening."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

from shared.config import Settings
from shared.db.database import Database
from shared.models.enums import Role
from shared.services import queue
from shared.services.queue import QueueQuery, View
from tests.conftest import PATIENCE
from tests.ssh.test_cli import helpdesk

# The command opens the database itself (and a server process serves it): `db` is `committed_db`.
pytestmark = pytest.mark.usefixtures("committed_db")


def test_serve_refuses_a_public_address_without_a_secret(settings: Settings, db: Database,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("HELPDESK_HTTP_SECRET", raising=False)
    code, _out = helpdesk(settings, "serve", "--host", "0.0.0.0", "--port", "1")
    assert code == 2 and "HELPDESK_HTTP_SECRET" in capsys.readouterr().err


def test_serve_with_two_workers_shares_the_database_and_the_session_secret(
        settings: Settings, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--workers 2`: two processes behind one port; a sign-in made on either works on both, and
    tickets raised through either land in the one database."""
    from tests import factories as f
    from tests.ports import free_port

    monkeypatch.delenv("HELPDESK_HTTP_SECRET", raising=False)
    f.defaults(db)
    sari = f.user(db, Role.REQUESTER, name="sari", password="a long enough password")
    port = free_port()
    env = {**os.environ, "HELPDESK_DATABASE_URL": settings.database_url, "HELPDESK_LANGUAGE": "en"}
    server = subprocess.Popen([sys.executable, "-m", "shared.cli", "serve", "--port", str(port), "--workers", "2",
                               "--log-level", "warning"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + PATIENCE
        while True:
            try:
                httpx.get(f"{url}/openapi.json", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        token = httpx.post(f"{url}/api/v1/tray/session", json={"username": sari.username,
                                                               "password": "a long enough password"}).json()["token"]
        for i in range(8):  # a new connection each time: the kernel hands them to either worker
            r = httpx.post(f"{url}/api/v1/tray/tickets", json={"subject": f"Printer {i} jams"},
                           headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 201, r.text
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stdout is not None:
            server.stdout.close()
    assert queue.count(db.uow(), sari, QueueQuery(view=View.OWN)) == 8
