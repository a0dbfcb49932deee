"""The tray's HTTP session: refreshed before it runs out (no restart, no password), signed out on
the server, and two-factor sign-in through the tray's own dialog."""

from __future__ import annotations

import json
from collections.abc import Iterator

import keyring
import pytest
from PySide6.QtWidgets import QDialogButtonBox

from desktop.common.ops import Ops
from desktop.common.twofactor_dialog import EnrolmentDialog
from desktop.tray.app import HttpSignInDialog
from desktop.tray.http_client import KEYRING_SERVICE, REFRESH_MARGIN, HttpClient, remember_session
from shared.config import Settings
from shared.db.database import Database
from shared.directory import totp
from shared.errors import AuthenticationFailed
from shared.http.app import create_app
from shared.models.enums import Role
from tests import factories as f
from tests.conftest import FakeClock
from tests.desktop.conftest import click
from tests.http.conftest import SECRET, LiveServer

# Servers, threads or the CLI's own engine read this data: it is committed, and wiped afterwards.
pytestmark = pytest.mark.usefixtures("committed_db")

PW = "correct horse battery 42"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, language="en", secret_key="t" * 40)


@pytest.fixture
def live(db: Database) -> Iterator[LiveServer]:
    server = LiveServer(create_app(db, secret=SECRET))
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def store(monkeypatch: pytest.MonkeyPatch) -> dict[tuple[str, str], str]:
    """An in-memory OS keyring."""
    data: dict[tuple[str, str], str] = {}
    monkeypatch.setattr(keyring, "set_password", lambda s, u, p: data.__setitem__((s, u), p))
    monkeypatch.setattr(keyring, "get_password", lambda s, u: data.get((s, u)))
    monkeypatch.setattr(keyring, "delete_password", lambda s, u: data.pop((s, u)))
    return data


def test_the_session_refreshes_itself_before_it_runs_out(db: Database, clock: FakeClock, live: LiveServer,
                                                          store: dict[tuple[str, str], str]) -> None:
    f.user(db, Role.REQUESTER, name="rina", password=PW)
    client = HttpClient.sign_in(live.url, "rina", PW, clock=lambda: clock().timestamp())
    try:
        remember_session(client)
        client.on_refresh = remember_session
        first = client.expires_at
        assert client.my_tickets() == []  # far from expiry: no refresh
        assert client.expires_at == first
        clock.advance(seconds=first - clock().timestamp() - REFRESH_MARGIN + 60)  # inside the margin
        client.my_tickets()
        assert client.expires_at > first
        assert json.loads(store[(KEYRING_SERVICE, client.server)])["expires_at"] == client.expires_at
        clock.advance(seconds=REFRESH_MARGIN)  # the first token has expired by now; this one has not
        assert client.count_my_tickets() == 0
    finally:
        client.close()


def test_sign_out_ends_the_session_on_the_server(db: Database, live: LiveServer,
                                                  store: dict[tuple[str, str], str]) -> None:
    f.user(db, Role.REQUESTER, name="rina", password=PW)
    client = HttpClient.sign_in(live.url, "rina", PW)
    stolen = HttpClient(live.url, client.actor, client.session()["token"], expires_at=client.expires_at)
    try:
        remember_session(client)
        client.sign_out()
        assert store == {}
        with pytest.raises(AuthenticationFailed):
            stolen.check()  # a copy of the token is worth nothing now
    finally:
        client.close()
        stolen.close()


def test_two_factor_enrolment_through_the_tray_dialog(qtbot, db: Database, ops: Ops,  # type: ignore[no-untyped-def]
                                                      live: LiveServer) -> None:
    f.user(db, Role.L2_TECHNICIAN, name="tech", password=PW)
    dialog = HttpSignInDialog(ops, live.url, title="Helpdesk — sign in")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "tech")
    qtbot.keyClicks(dialog.password, PW)
    click(qtbot, dialog.sign_in_button)
    qtbot.waitUntil(lambda: dialog.enrolment_dialog is not None, timeout=20_000)
    enrolment = dialog.enrolment_dialog
    assert isinstance(enrolment, EnrolmentDialog)
    secret = enrolment.secret.text().replace(" ", "")
    qtbot.keyClicks(enrolment.code, totp.code_at(secret, db.clock()))
    with qtbot.waitSignal(dialog.sig_signed_in, timeout=20_000):
        click(qtbot, enrolment.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert dialog.client is not None and dialog.client.actor.username == "tech"
    dialog.client.close()


def test_a_wrong_clock_on_the_pc_does_not_matter(db: Database, live: LiveServer) -> None:
    # The server's clock (the test's) is months away from this machine's: the client times its
    # refresh by expires_in, not by comparing the server's expires_at with its own clock.
    f.user(db, Role.REQUESTER, name="rina", password=PW)
    client = HttpClient.sign_in(live.url, "rina", PW, clock=lambda: 4_000_000_000.0)
    try:
        token = client.session()["token"]
        client.my_tickets()
        assert client.session()["token"] == token  # no refresh needed
        assert client.deadline == 4_000_000_000.0 + db.settings.security.session_hours * 3600
    finally:
        client.close()


def test_the_tray_menu_signs_out_on_the_server(qtbot, db: Database, ops: Ops, live: LiveServer,  # type: ignore[no-untyped-def]
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.tray.app import TrayApp

    f.user(db, Role.REQUESTER, name="rina", password=PW)
    client = HttpClient.sign_in(live.url, "rina", PW)
    copy = HttpClient(live.url, client.actor, client.session()["token"], expires_at=client.expires_at)
    tray = TrayApp(ops, client, use_tray=False)
    quits: list[bool] = []
    monkeypatch.setattr(tray, "quit", lambda: quits.append(True))
    try:
        assert tray.act_sign_out is not None
        tray.act_sign_out.trigger()
        qtbot.waitUntil(lambda: quits == [True], timeout=20_000)
        with pytest.raises(AuthenticationFailed):
            copy.check()
    finally:
        if tray.window is not None:
            tray.window.close()
        client.close()
        copy.close()


def test_the_directory_being_down_reaches_the_tray_in_its_own_words() -> None:
    import httpx

    from desktop.tray.http_client import ServerUnavailable
    from shared.auth.permissions import SYSTEM

    message = "The company directory at ldaps://dc1 cannot be reached, so directory accounts cannot sign in."
    answer = httpx.MockTransport(lambda _r: httpx.Response(502, json={"detail": message}))
    client = HttpClient("https://helpdesk.example.org", SYSTEM, "t", transport=answer)
    try:
        with pytest.raises(ServerUnavailable, match="company directory"):
            client.check()
    finally:
        client.close()
