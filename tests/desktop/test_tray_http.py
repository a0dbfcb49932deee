"""The tray app in a team deployment: its real dialogs, an `HttpClient`, and uvicorn serving
`create_app(db)` on a loopback port (starlette's TestClient warns about httpx; filterwarnings = error)."""

from __future__ import annotations

import json
import os
import re
import ssl
from collections.abc import Callable, Iterator

import httpx
import keyring
import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from desktop.common.fmt import local_time
from desktop.common.ops import Ops
from desktop.tray import app as tray_app
from desktop.tray import report_dialog
from desktop.tray.app import HttpSignInDialog, TrayApp
from desktop.tray.http_client import (
    KEYRING_SERVICE,
    HttpClient,
    ServerUnavailable,
    TooManyRequests,
    load_session,
    normalise_server,
)
from desktop.tray.my_tickets import MyTicketsWindow
from desktop.tray.report_dialog import ReportDialog
from shared.auth.permissions import SYSTEM
from shared.cli_support import CliContext
from shared.config import Settings
from shared.db.database import Database
from shared.errors import (
    AuthenticationFailed,
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from shared.http.app import create_app
from shared.models import Deflection
from shared.models.enums import Level, Status
from shared.services import kb, queue, tickets, workflow
from shared.services.tickets import NewAttachment
from tests import factories as f
from tests.desktop.conftest import click, wait_idle
from tests.desktop.test_cli import parse
from tests.http.conftest import SECRET, LiveServer

PASSWORD = "correct horse battery 42"
PNG = b"\x89PNG\r\n\x1a\n" + b"pixels" * 100


@pytest.fixture
def live(committed_db: Database) -> Iterator[LiveServer]:
    server = LiveServer(create_app(committed_db, secret=SECRET))
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def vault(monkeypatch: pytest.MonkeyPatch) -> dict[tuple[str, str], str]:
    """An in-memory OS keyring: the tests never touch the developer's real one."""
    store: dict[tuple[str, str], str] = {}
    monkeypatch.setattr(keyring, "set_password", lambda s, u, p: store.__setitem__((s, u), p))
    monkeypatch.setattr(keyring, "get_password", lambda s, u: store.get((s, u)))
    monkeypatch.setattr(keyring, "delete_password", lambda s, u: store.pop((s, u)))
    return store


@pytest.fixture
def connect(live: LiveServer) -> Iterator[Callable[..., HttpClient]]:
    """Sign in over HTTP; every client is closed afterwards (an open socket is a ResourceWarning)."""
    made: list[HttpClient] = []

    def sign_in(username: str = "rina", password: str = PASSWORD) -> HttpClient:
        made.append(HttpClient.sign_in(live.url, username, password))
        return made[-1]

    yield sign_in
    for client in made:
        client.close()


@pytest.fixture
def rina(db: Database):  # type: ignore[no-untyped-def]
    # Lima: UTC-5 all year, so her times differ from both UTC and the server's Jakarta default.
    return f.user(db, name="rina", full_name="Rina Kusuma", password=PASSWORD, timezone="America/Lima")


def sign_in_dialog(qtbot, ops: Ops, url: str) -> HttpSignInDialog:  # type: ignore[no-untyped-def]
    dialog = HttpSignInDialog(ops, url, title="Helpdesk — sign in")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_sign_in_refuses_a_wrong_password_then_remembers_the_session_in_the_keyring(
        qtbot, ops: Ops, rina, live: LiveServer, vault) -> None:  # type: ignore[no-untyped-def]
    dialog = sign_in_dialog(qtbot, ops, live.url)
    qtbot.keyClicks(dialog.username, "rina")
    qtbot.keyClicks(dialog.password, "not my password")
    with qtbot.waitSignal(dialog.sig_failed) as failed:
        click(qtbot, dialog.sign_in_button)
    assert failed.args == ["Wrong user name or password."] and dialog.password.text() == ""
    assert dialog.client is None and not vault

    qtbot.keyClicks(dialog.password, PASSWORD)
    dialog.remember.setChecked(True)
    with qtbot.waitSignal(dialog.sig_signed_in):
        click(qtbot, dialog.sign_in_button)
    assert dialog.client is not None and dialog.client.actor.full_name == "Rina Kusuma"
    stored = json.loads(vault[(KEYRING_SERVICE, live.url)])
    assert stored["token"].startswith("v1.") and stored["user"]["username"] == "rina"

    again = load_session(live.url + "/")
    assert again is not None and again.actor == dialog.client.actor
    assert again.actor.timezone == "America/Lima"
    again.check()  # the remembered token works
    again.close()

    old = dict(stored, user={k: v for k, v in stored["user"].items() if k not in ("timezone", "language")})
    vault[(KEYRING_SERVICE, live.url)] = json.dumps(old)  # remembered by a version without time zones
    again = load_session(live.url)
    assert again is not None and again.actor.timezone == "UTC"
    again.check()  # asks the server who she is
    assert again.actor == dialog.client.actor
    again.close()
    dialog.client.close()
    assert ops.errors == []  # type: ignore[attr-defined]


def test_report_reply_reopen_and_rate_over_http(qtbot, db: Database, ops: Ops, rina, live: LiveServer, connect,
                                                monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    budi = f.agent(db, name="budi", full_name="Budi Santoso")
    client = connect()
    assert client.actor.timezone == "America/Lima"
    tray = TrayApp(ops, client, use_tray=False)
    assert tray.window is not None
    qtbot.addWidget(tray.window)
    # The offscreen platform may have no pixels to grab: a known screenshot instead.
    monkeypatch.setattr(report_dialog, "grab_screenshot", lambda: NewAttachment("screenshot.png", "image/png", PNG))

    dialog = tray.report_problem()
    assert dialog.screenshot.isEnabled() and "cannot be sent" not in dialog.screenshot.text()
    qtbot.waitUntil(lambda: dialog.category.count() > 1)  # the server's categories
    printer = next(i for i in range(dialog.category.count()) if dialog.category.itemText(i).endswith("Printer"))
    dialog.category.setCurrentIndex(printer)
    qtbot.keyClicks(dialog.subject, "Printer on floor 2 will not print")
    qtbot.keyClicks(dialog.description, "Jobs stay in the queue.")
    dialog.urgency.setCurrentIndex(dialog.urgency.findData("high"))
    dialog.screenshot.setChecked(True)
    dialog.send_snapshot.setChecked(False)  # the screenshot alone (the snapshot: test_tray_push)
    with qtbot.waitSignal(dialog.sig_submitted) as submitted:
        click(qtbot, dialog.submit_button)
    sent = submitted.args[0]
    t = tickets.get(db.uow(), SYSTEM, sent.id)
    assert (t.subject, t.description, t.urgency, t.requester.id, t.category_id) == (
        "Printer on floor 2 will not print", "Jobs stay in the queue.", Level.HIGH, rina.id,
        dialog.category.itemData(printer))
    [shot] = t.attachments
    assert tickets.attachment_data(db.uow(), SYSTEM, shot.id) == ("screenshot.png", "image/png", PNG)
    assert [a.filename for a in sent.attachments] == ["screenshot.png"] and sent.category == t.category

    t = workflow.assign(db.uow(), SYSTEM, t.id, budi.id)
    t = tickets.reply(db.uow(), budi, t.id, "Restarting the spooler, try again in 5 minutes.",
                      expected_version=t.version)
    window = tray.my_tickets()
    assert isinstance(window, MyTicketsWindow)
    qtbot.waitUntil(lambda: window.detail is not None)
    assert window.list.count() == 1 and window.detail.number == t.number
    assert "Restarting the spooler" in window.timeline.toPlainText()
    assert "handled by Budi Santoso" in window.state.text()
    # Times in her zone (Lima), not the server's or UTC.
    lima, utc = local_time(t.created_at, "America/Lima"), local_time(t.created_at, "UTC")
    assert lima != utc and lima in window.state.text() and utc not in window.state.text()
    assert f"opened {lima}" in window.list.item(0).text()
    assert window.detail.response_due_at == t.response_due_at and window.detail.impact == t.impact
    assert not window.csat.isVisible()

    t = workflow.resolve(db.uow(), budi, t.id, "Spooler restarted.", expected_version=window.detail.version)
    with qtbot.waitSignal(window.sig_loaded):
        window.open_ticket(t.id)
    assert window.csat.isVisible() and "Spooler restarted." in window.state.text()

    qtbot.keyClicks(window.reply_box, "It still does not print.")
    with qtbot.waitSignal(window.sig_loaded):
        click(qtbot, window.send_button)
    assert window.detail.status.is_active and Status(tickets.get(db.uow(), SYSTEM, t.id).status).is_active
    assert "Requester reply" in window.timeline.toPlainText()  # her own words, marked as hers

    t = workflow.resolve(db.uow(), budi, t.id, "Replaced the fuser.", expected_version=window.detail.version)
    with qtbot.waitSignal(window.sig_loaded):
        window.open_ticket(t.id)
    click(qtbot, window.csat.group.button(5))
    qtbot.keyClicks(window.csat.comment, "Quick and friendly")
    with qtbot.waitSignal(window.sig_rated):
        click(qtbot, window.csat.send)
    qtbot.waitUntil(lambda: window.detail is not None and window.detail.csat_rating == 5)
    assert tickets.get(db.uow(), SYSTEM, t.id).csat_rating == 5
    wait_idle(qtbot, ops)
    assert ops.errors == []  # type: ignore[attr-defined]
    for w in list(tray.windows):
        w.close()


def test_server_down_shows_a_clear_error_and_keeps_the_form(qtbot, db: Database, ops: Ops, rina,
                                                            live: LiveServer, connect) -> None:  # type: ignore[no-untyped-def]
    client = connect()
    dialog = ReportDialog(ops, client)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.subject, "VPN drops")
    qtbot.keyClicks(dialog.description, "Every ten minutes.")
    wait_idle(qtbot, ops)
    live.stop()

    with qtbot.waitSignal(ops.sig_error) as failed:
        click(qtbot, dialog.submit_button)
    exc = failed.args[0]
    assert isinstance(exc, ServerUnavailable) and "Cannot reach the helpdesk server" in exc.message
    box = dialog.findChild(QMessageBox, "errorBox")
    assert box is not None and box.icon() == QMessageBox.Icon.Warning  # a known error, not a crash
    assert "Cannot reach the helpdesk server" in box.text()
    box.close()
    assert (dialog.subject.text(), dialog.description.toPlainText()) == ("VPN drops", "Every ten minutes.")
    assert dialog.submit_button.isEnabled() and dialog.isVisible()

    live.start()  # back again: the same form goes through
    with qtbot.waitSignal(dialog.sig_submitted):
        click(qtbot, dialog.submit_button)
    assert queue.count(db.uow(), rina, queue.QueueQuery(view=queue.View.OWN)) == 1


def test_files_go_with_the_ticket_or_not_at_all(db: Database, rina, live: LiveServer, connect,
                                                monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    client = connect()
    assert client.supports_attachments
    shot = NewAttachment("screenshot.png", "image/png", PNG)
    mine = client.report_problem(subject="Screen flickers", description="", category_id=None, urgency=Level.LOW,
                                 impact=Level.LOW, attachments=[shot])
    assert [(a.filename, a.size) for a in mine.attachments] == [("screenshot.png", len(PNG))]
    log = NewAttachment("log.txt", "text/plain", b"error 42")
    again = client.reply(mine.id, "The log", expected_version=mine.version, attachments=[log])
    assert [a.filename for a in again.attachments] == ["screenshot.png", "log.txt"]
    assert [a.filename for a in client.attach(mine.id, [log]).attachments][-1] == "log.txt"

    monkeypatch.setattr(db.settings, "attachment_max_bytes", 1024)
    big = NewAttachment("big.bin", "application/octet-stream", b"x" * 1025)
    with pytest.raises(ValidationFailed, match="at most 1,024 bytes") as refused:
        client.report_problem(subject="Too big", description="", category_id=None, urgency=Level.LOW,
                              impact=Level.LOW, attachments=[big])
    assert refused.value.field == "attachments"
    assert client.count_my_tickets() == 1 and len(client.ticket(mine.id).attachments) == 3


def test_a_solved_it_is_recorded_and_votes_count(qtbot, db: Database, ops: Ops, rina, live: LiveServer,
                                                 connect) -> None:  # type: ignore[no-untyped-def]
    article = kb.create_article(db.uow(), SYSTEM, title="Printer shows offline", body="Turn it off and on.")
    kb.set_status(db.uow(), SYSTEM, article.id, "published")
    client = connect()
    assert client.article(article.id).title == "Printer shows offline"
    dialog = ReportDialog(ops, client)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.sig_articles, check_params_cb=lambda n: n > 0):
        qtbot.keyClicks(dialog.subject, "printer offline")
    with qtbot.waitSignal(dialog.sig_deflected) as deflected:
        click(qtbot, dialog.solved_button)
    assert deflected.args == [article.id]
    with db.uow() as uow:
        assert uow.session.execute(select(Deflection.article_id, Deflection.user_id)).all() == [(article.id, rina.id)]
    assert client.count_my_tickets() == 0

    client.vote(article.id, True)
    client.vote(article.id, False)
    client.vote(article.id, True)
    seen = kb.get_article(db.uow(), SYSTEM, article.id, count_view=False)
    assert (seen.helpful_yes, seen.helpful_no) == (2, 1)
    with pytest.raises(NotFound):
        client.record_deflection(article.id + 1000)
    wait_idle(qtbot, ops)
    assert ops.errors == []  # type: ignore[attr-defined]


def test_clients_share_one_ssl_context_per_ca_file(live: LiveServer, connect, rina,  # type: ignore[no-untyped-def]
                                                   tmp_path) -> None:
    """Building a context reads the system's certificate store (~20 ms of CPU): every client and
    every sign-in built its own. One per CA file, as the file is now, serves them all."""
    from desktop.tray import http_client
    from tests.probe.tls import Authority

    first, second = connect(), connect()
    shared = http_client._verify(None)
    assert first._http._transport._pool._ssl_context is shared  # type: ignore[attr-defined]
    assert second._http._transport._pool._ssl_context is shared  # type: ignore[attr-defined]

    ca = Authority(tmp_path, "helpdesk test CA")
    private = http_client._verify(str(ca.pem))
    assert private is http_client._verify(str(ca.pem)) and private is not shared
    assert [dict(c["subject"][0])["commonName"] for c in private.get_ca_certs()] == ["helpdesk test CA"]
    assert private.verify_mode == ssl.CERT_REQUIRED and private.check_hostname  # checking stays on
    before = ca.pem.stat().st_mtime_ns
    renewed = Authority(tmp_path, "helpdesk test CA")  # the same path, a new CA: read again
    assert renewed.pem == ca.pem
    os.utime(ca.pem, ns=(before + 10**9, before + 10**9))  # a later file, whatever the clock's tick
    again = http_client._verify(str(ca.pem))
    assert again is not private and again.get_ca_certs()[0] != private.get_ca_certs()[0]
    with pytest.raises(FileNotFoundError):  # a wrong path fails as before, and is not cached
        http_client._verify(str(tmp_path / "missing.pem"))


def test_a_stale_reply_is_a_conflict_and_a_closed_ticket_is_not_possible(db: Database, rina,
                                                                         live: LiveServer, connect) -> None:  # type: ignore[no-untyped-def]
    budi = f.agent(db, name="budi")
    client = connect()
    mine = client.report_problem(subject="Mouse", description="", category_id=None, urgency=Level.LOW,
                                 impact=Level.LOW)
    tickets.reply(db.uow(), budi, mine.id, "Which mouse?", expected_version=mine.version)
    with pytest.raises(Conflict) as stale:
        client.reply(mine.id, "The wireless one", expected_version=mine.version)
    assert stale.value.current_version == client.ticket(mine.id).version
    workflow.close(db.uow(), budi, mine.id, "Duplicate")
    current = client.ticket(mine.id)
    assert current.status == Status.CLOSED
    with pytest.raises(InvalidTransition, match="closed"):
        client.reply(mine.id, "Hello?", expected_version=current.version)
    with pytest.raises(NotFound):
        client.ticket(mine.id + 1000)


def refusing(status: int, body: object = None, headers: dict[str, str] | None = None) -> HttpClient:
    def answer(_request: httpx.Request) -> httpx.Response:
        if isinstance(body, bytes):
            return httpx.Response(status, content=body, headers=headers)
        return httpx.Response(status, json=body, headers=headers)

    return HttpClient("https://helpdesk.example.org", SYSTEM, "v1.x.y", transport=httpx.MockTransport(answer))


@pytest.mark.parametrize(("status", "body", "kind"), [
    (401, {"detail": "Your session is invalid or has expired; please sign in again."}, AuthenticationFailed),
    (403, {"detail": "rina (Requester) may not do this: kb:edit."}, PermissionDenied),
    (404, {"detail": "Unknown ticket HD-000009."}, NotFound),
    (409, {"detail": "HD-000001 is not resolved."}, InvalidTransition),
    (422, {"detail": "Invalid request: rating: too big", "field": "rating"}, ValidationFailed),
    (500, b"Internal Server Error", ServerUnavailable),
    (502, b"<html>Bad gateway</html>", ServerUnavailable),
])
def test_each_refusal_becomes_the_core_error(status: int, body: object, kind: type) -> None:
    with pytest.raises(kind) as caught:
        refusing(status, body).rate(1, 5)
    if isinstance(body, dict):
        assert caught.value.message == body["detail"]
    if status == 422:
        assert caught.value.field == "rating"


def test_too_many_requests_says_when_to_try_again() -> None:
    with pytest.raises(TooManyRequests) as caught:
        refusing(429, {"detail": "Too many requests; try again in 7 seconds."}, {"Retry-After": "7"}).my_tickets()
    assert caught.value.retry_after == 7 and "7 seconds" in caught.value.message


def test_an_unreachable_server_and_plain_http_over_the_network() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = HttpClient("https://helpdesk.example.org", SYSTEM, "t", transport=httpx.MockTransport(down))
    with pytest.raises(ServerUnavailable, match=re.escape("Cannot reach the helpdesk server at https://helpdesk.example.org")):
        client.ticket(1)
    with pytest.raises(ValidationFailed, match="https://"):
        normalise_server("http://helpdesk.example.org")
    assert normalise_server("http://127.0.0.1:8080/") == "http://127.0.0.1:8080"


def test_the_command_line_picks_the_server(qtbot, rina, settings: Settings, live: LiveServer,
                                           monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HELPDESK_TRAY_SERVER", live.url)
    # A short hold: closing the client does not end a long-poll blocked in another thread, and the
    # server would keep it (and the test's teardown wait) for the default 25 s.
    monkeypatch.setattr(HttpClient, "push_wait", 0.5)
    args = parse(tray_app.register_cli, ["tray", "--user", "rina", "--password", PASSWORD])
    app, ops, tray = tray_app.start(args, CliContext(settings))
    assert isinstance(tray.client, HttpClient) and tray.client.actor.username == "rina"
    assert ops.db is None  # the HTTP tray has no database of its own, not even an in-memory one
    assert tray.window is not None
    qtbot.addWidget(tray.window)
    app.setQuitOnLastWindowClosed(False)
    qtbot.waitUntil(ops.idle)
    tray.stop_push()
    tray.client.close()
    bad = parse(tray_app.register_cli, ["tray", "--user", "rina", "--password", "wrong password"])
    assert tray_app.start(bad, CliContext(settings)) == 8


def test_a_409_becomes_the_error_its_code_names_in_one_request() -> None:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.method)
        if request.url.path.endswith("/1/replies"):
            return httpx.Response(409, json={"detail": "Someone saved first.", "code": "conflict",
                                             "current_version": 7})
        return httpx.Response(409, json={"detail": "HD-000002 is closed.", "code": "invalid_transition"})

    client = HttpClient("https://helpdesk.example.org", SYSTEM, "t", transport=httpx.MockTransport(answer))
    with pytest.raises(Conflict) as stale:
        client.reply(1, "Hello", expected_version=3)
    assert stale.value.current_version == 7 and stale.value.message == "Someone saved first."
    with pytest.raises(InvalidTransition) as closed:
        client.reply(2, "Hello", expected_version=3)
    assert not isinstance(closed.value, Conflict)
    assert seen == ["POST", "POST"]  # no second request to find out which 409 it was


def test_both_tray_clients_return_the_same_ticket(db: Database, rina, live: LiveServer,  # type: ignore[no-untyped-def]
                                                 connect) -> None:
    """One requester DTO: what the HTTP client reads back equals what the local client returns,
    field for field (nothing filled in with made-up values)."""
    from dataclasses import replace

    from desktop.tray.client import LocalClient
    from shared.changes import NO_CHANGES

    budi = f.agent(db, name="budi")
    remote, local = connect(), LocalClient(db, rina)
    made = remote.report_problem(subject="Laptop fan loud", description="Since Monday", category_id=None,
                                 urgency=Level.MEDIUM, impact=Level.LOW)
    tickets.reply(db.uow(), budi, made.id, "Is it loud when idle?")
    tickets.note(db.uow(), budi, made.id, "Probably dust")  # internal: neither client may show it
    workflow.change_status(db.uow(), budi, made.id, "pending_user")
    over_http, direct = remote.ticket(made.id), local.ticket(made.id)
    assert over_http == replace(direct, changes=NO_CHANGES)
    assert [e.kind for e in over_http.entries].count("reply") == 1 and "Probably dust" not in str(over_http)
    assert over_http.requester_id == rina.id and over_http.assignee == budi.full_name
    assert remote.my_tickets() == local.my_tickets()
    assert local.reply(made.id, "Yes, always").changes.ticket_ids == {made.id}


def test_the_wire_schemas_carry_exactly_the_requester_dtos_fields() -> None:
    from dataclasses import fields

    from shared.http.schemas import EntryOut, TicketOut, TicketSummaryOut
    from shared.services.requester import RequesterEntry, RequesterTicket, RequesterTicketRow

    assert set(TicketOut.model_fields) == {x.name for x in fields(RequesterTicket)} - {"changes"}
    assert set(TicketSummaryOut.model_fields) == {x.name for x in fields(RequesterTicketRow)}
    assert set(EntryOut.model_fields) == {x.name for x in fields(RequesterEntry)}


def test_an_answer_that_is_no_ticket_is_not_a_helpdesk_server() -> None:
    client = refusing(200, {"id": 1, "subject": "but nothing else"})
    with pytest.raises(ServerUnavailable, match="did not answer like a helpdesk server"):
        client.ticket(1)


def test_what_the_system_said_reaches_the_tray_as_message_and_values(qtbot, qapp, db: Database, ops: Ops, rina,  # type: ignore[no-untyped-def]
                                                                     live: LiveServer, connect, clock) -> None:
    """The server sends status events with their field and the system's message (not text in its
    own language), so the tray renders "closed automatically" in its user's language."""
    from desktop.common.theme import apply_language

    budi = f.agent(db)
    t = f.ticket(db, rina)
    workflow.resolve(db.uow(), budi, t.id, solution="Replaced the cable.")
    clock.advance(days=8)
    workflow.auto_close(db.uow(), SYSTEM)
    client = connect()
    closed = next(e for e in client.ticket(t.id).entries if e.new_value == "closed")
    assert closed.field == "status" and closed.body == ""
    assert closed.data == {"say": "Closed automatically {days} days after resolution", "args": {"days": 7}}
    apply_language(qapp, "id")
    try:
        window = MyTicketsWindow(ops, client)
        qtbot.addWidget(window)
        window.open_ticket(t.id)
        qtbot.waitUntil(lambda: window.detail is not None)
        assert "Ditutup otomatis 7 hari setelah diselesaikan" in window.timeline.toPlainText()
        window.close()
        wait_idle(qtbot, ops)
    finally:
        apply_language(qapp, "en")


def test_same_problems_over_http_are_the_users_own_only(db: Database, rina, live: LiveServer,
                                                         connect) -> None:  # type: ignore[no-untyped-def]
    client = connect()
    mine = client.report_problem(subject="VPN disconnects every hour", description="AnyConnect drops.",
                                 category_id=None, urgency=Level.LOW, impact=Level.LOW)
    f.ticket(db, f.user(db, name="budi"), subject="VPN disconnects all day", description="AnyConnect drops.")
    found = client.same_problems("VPN disconnects again", "")
    assert [(s.id, s.number, s.status) for s in found] == [(mine.id, mine.number, Status.NEW)]
    assert "disconnects" in found[0].shared_words
    assert client.same_problems("   ") == []
    refused = httpx.get(f"{live.url}/api/v1/tray/similar", params={"subject": "VPN"})
    assert refused.status_code == 401
    added = client.reply(mine.id, "It drops in the office too.")
    assert added.id == mine.id and client.count_my_tickets() == 1
