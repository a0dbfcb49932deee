"""The HTTP API signs directory users in too; a directory that is down is a 502 with its reason."""

from __future__ import annotations

import httpx
import pytest

from shared.db.database import Database
from shared.http.app import create_app
from tests.directory.slapd import PASSWORD, LdapServer, stop
from tests.http.conftest import SECRET, LiveServer

# Servers, threads or the CLI's own engine read this data: it is committed, and wiped afterwards.
pytestmark = pytest.mark.usefixtures("committed_db")


def test_directory_sign_in_over_http_and_the_directory_down(db: Database, ldap_server: LdapServer) -> None:
    server = LiveServer(create_app(db, secret=SECRET))
    server.start()
    try:
        with httpx.Client(base_url=server.url + "/api/v1/tray", timeout=30) as client:
            r = client.post("/session", json={"username": "budi", "password": PASSWORD})
            assert r.status_code == 200 and r.json()["user"]["role"] == "l1_agent"
            assert client.get("/me", headers={"Authorization": f"Bearer {r.json()['token']}"}).status_code == 200
            stop(ldap_server)
            r = client.post("/session", json={"username": "budi", "password": PASSWORD})
            assert r.status_code == 502 and "cannot be reached" in r.json()["detail"]
    finally:
        server.stop()
