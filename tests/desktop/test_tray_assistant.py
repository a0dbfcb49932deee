"""The tray's help assistant and known-problem banner, locally and over HTTP (real dialogs, clicks)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import func, select

from desktop.common.ops import Ops
from desktop.tray.app import TrayApp
from desktop.tray.assistant import AssistantDialog
from desktop.tray.assistant_client import HttpAssistant, LocalAssistant
from desktop.tray.client import LocalClient
from desktop.tray.http_client import HttpClient
from desktop.tray.report_dialog import ReportDialog
from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.http.app import create_app
from shared.models import Deflection
from shared.services import incidents, queue, tickets
from shared.services.queue import QueueQuery, View
from tests import factories as f
from tests.desktop.conftest import click, wait_idle
from tests.desktop.test_tray import publish
from tests.http.conftest import SECRET, LiveServer

PASSWORD = "correct horse battery 42"
STEPS = "1. Open the VPN client\n2. Choose the Home (TCP) profile\n3. Connect again"


def _deflections(db: Database) -> int:
    with db.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Deflection)) or 0)


def _vpn_outage(db: Database) -> None:
    for i in range(5):
        f.ticket(db, f.user(db), subject=f"VPN gateway unreachable {i}", description="")
    incidents.detect(db.uow())
    [inc] = incidents.list_incidents(db.uow(), SYSTEM)
    incidents.confirm(db.uow(), f.agent(db), inc.id, banner="VPN down, we are on it")


def _ask(qtbot, dialog: AssistantDialog, text: str) -> int:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dialog.question, text)
    with qtbot.waitSignal(dialog.sig_answered) as answered:
        click(qtbot, dialog.ask_button)
    return int(answered.args[0])


def _run(qtbot, ops: Ops, db: Database, make_backend: Callable[[], object]) -> None:  # type: ignore[no-untyped-def]
    article = publish(db, "VPN disconnects at home", STEPS, "vpn")
    dialog = AssistantDialog(ops, make_backend())  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    assert _ask(qtbot, dialog, "my vpn keeps disconnecting") == 1
    assert "Choose the Home (TCP) profile" in dialog.chat.toPlainText()
    assert dialog.yes_button.isVisible()
    with qtbot.waitSignal(dialog.sig_done) as done:
        click(qtbot, dialog.yes_button)
    assert done.args == ["solved"] and _deflections(db) == 1
    assert _ask(qtbot, dialog, "vpn still disconnecting after that") == 1
    with qtbot.waitSignal(dialog.sig_submitted) as raised:
        click(qtbot, dialog.no_button)
    ticket = raised.args[0]
    assert ticket.subject == "vpn still disconnecting after that"
    assert "Assistant suggested: VPN disconnects at home" in ticket.description
    assert f"{ticket.number}" in dialog.chat.toPlainText() and article > 0
    wait_idle(qtbot, ops)


def test_assistant_answers_with_steps_then_deflects_or_raises_locally(qtbot, db: Database, ops: Ops) -> None:
    user = f.user(db)
    _run(qtbot, ops, db, lambda: LocalAssistant(db, user))


def test_no_article_offers_a_ticket_and_the_known_problem_comes_first(qtbot, db: Database, ops: Ops) -> None:
    _vpn_outage(db)
    user = f.user(db)
    app = TrayApp(ops, LocalClient(db, user), use_tray=False)
    assert app.window is not None
    qtbot.addWidget(app.window)
    app.show()
    qtbot.waitUntil(app.known.isVisible)
    assert "VPN down, we are on it" in app.known.text.text()
    report = app.report_problem()
    assert isinstance(report, ReportDialog)
    assert any("VPN down" in w.text.text() for w in report.findChildren(type(app.known)))
    dialog = app.ask_assistant()
    qtbot.waitUntil(dialog.banner.isVisible)
    assert _ask(qtbot, dialog, "vpn gateway gone?") == 0
    assert "This is a known problem: VPN down, we are on it" in dialog.chat.toPlainText()
    assert not dialog.yes_button.isVisible() and dialog.no_button.isVisible()
    with qtbot.waitSignal(dialog.sig_submitted):
        click(qtbot, dialog.no_button)
    mine = queue.page(db.uow(), user, QueueQuery(view=View.OWN), offset=0, limit=10)
    assert len(mine) == 1
    detail = tickets.get(db.uow(), user, mine[0].id)
    assert "Assistant: no article matched." in detail.description
    for w in list(app.windows):
        w.close()
    wait_idle(qtbot, ops)


@pytest.fixture
def live(committed_db: Database) -> Iterator[LiveServer]:
    server = LiveServer(create_app(committed_db, secret=SECRET))
    server.start()
    yield server
    server.stop()


def test_assistant_over_http(qtbot, db: Database, ops: Ops, live: LiveServer) -> None:  # type: ignore[no-untyped-def]
    f.user(db, name="rina", password=PASSWORD)
    _vpn_outage(db)
    client = HttpClient.sign_in(live.url, "rina", PASSWORD)
    try:
        backend = HttpAssistant(client)
        assert [b.text for b in backend.known_problems()] == ["VPN down, we are on it"]
        _run(qtbot, ops, db, lambda: backend)
    finally:
        client.close()
