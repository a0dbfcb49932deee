"""News without Refresh, and the offline outbox, against the real uvicorn server the HTTP tests
start (and the local database's change stamp)."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from sqlalchemy import func, select

from desktop.common.ops import Ops
from desktop.tray.app import TrayApp
from desktop.tray.client import LocalClient
from desktop.tray.machine_snapshot import MachineSnapshot, summary
from desktop.tray.outbox import Outbox, State
from desktop.tray.report_dialog import ReportDialog
from desktop.tray.watcher import Watcher
from shared.db.database import Database
from shared.models import Ticket
from shared.services import tickets, workflow
from tests import factories as f
from tests.conftest import PATIENCE
from tests.desktop import test_tray_http as _http
from tests.desktop.conftest import click, wait_idle
from tests.http.conftest import LiveServer
from tests.services.test_tray_submit import snapshot

# The HTTP tray tests' fixtures: uvicorn on a loopback port, signed-in clients, an in-memory keyring.
live, connect, rina, vault = _http.live, _http.connect, _http.rina, _http.vault


def ticket_count(db: Database) -> int:
    with db.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Ticket)) or 0)


def fast(live: LiveServer) -> None:
    live.app.state.helpdesk.watchers.interval = 0.02  # the server checks often; the test never sleeps


def test_an_agent_reply_and_a_resolve_arrive_as_notices_over_http(  # type: ignore[no-untyped-def]
        qtbot, db: Database, ops: Ops, rina, live: LiveServer, connect) -> None:
    fast(live)
    budi = f.agent(db, name="budi", full_name="Budi Santoso")
    t = f.ticket(db, rina, "Printer jams")
    client = connect()
    client.push_wait = 0.5  # a short hold: stop() waits for the one in flight
    app = TrayApp(ops, client, use_tray=False)
    qtbot.addWidget(app.window)
    window = app.my_tickets()
    qtbot.waitUntil(lambda: window.detail is not None)
    watcher = app.start_push(Watcher(client, first_backoff=0.02))
    qtbot.waitUntil(lambda: watcher.stamp >= 0)
    with qtbot.waitSignal(app.sig_notice, check_params_cb=lambda _t, text: "Budi Santoso replied" in text):
        tickets.reply(db.uow(), budi, t.id, "Which tray jams?")
    qtbot.waitUntil(lambda: "Which tray jams?" in window.timeline.toPlainText())  # refreshed by itself
    with qtbot.waitSignal(app.sig_notice, check_params_cb=lambda _t, text: "now Resolved" in text):
        workflow.resolve(db.uow(), budi, t.id, "Cleared the paper path.")
    qtbot.waitUntil(lambda: window.detail is not None and window.detail.status == "resolved")
    assert "now Resolved" in app.notice.text()
    watcher.stop(timeout=10)
    for w in list(app.windows):
        w.close()
    wait_idle(qtbot, ops)


def test_the_local_database_change_stamp_brings_news_too(qtbot, db: Database, ops: Ops) -> None:
    rina_local = f.user(db, name="rina")
    budi = f.agent(db, name="budi", full_name="Budi Santoso")
    t = f.ticket(db, rina_local, "Monitor flickers")
    app = TrayApp(ops, LocalClient(db, rina_local), use_tray=False)
    qtbot.addWidget(app.window)
    watcher = app.start_push(Watcher(app.client, interval=0.02))
    qtbot.waitUntil(lambda: watcher.stamp >= 0)
    with qtbot.waitSignal(app.sig_notice, check_params_cb=lambda _t, text: "Budi Santoso replied" in text):
        tickets.reply(db.uow(), budi, t.id, "New cable on the way.")
    watcher.stop(timeout=10)
    wait_idle(qtbot, ops)


def test_changes_needs_a_session_answers_at_once_for_the_stamp_and_is_bounded(  # type: ignore[no-untyped-def]
        db: Database, rina, live: LiveServer, connect) -> None:
    fast(live)
    with httpx.Client(base_url=live.url) as anonymous:
        refused = anonymous.get("/api/v1/tray/changes", params={"since": 0})
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    client = connect()
    start = client.changes(-1)
    assert start.news == ()
    assert client.changes(start.stamp, wait=0.05).stamp == start.stamp  # nothing new: the wait ends
    f.ticket(db, rina, "Keyboard")
    assert client.changes(start.stamp, wait=5).stamp > start.stamp
    live.app.state.helpdesk.watchers.limit = 0
    with httpx.Client(base_url=live.url, headers={"Authorization": client._http.headers["Authorization"]}) as raw:
        busy = raw.get("/api/v1/tray/changes", params={"since": start.stamp, "wait": 1})
    assert busy.status_code == 429 and int(busy.headers["retry-after"]) >= 1
    assert live.app.state.helpdesk.watchers.held == 0


def test_written_while_the_server_is_down_sent_once_when_it_is_back(  # type: ignore[no-untyped-def]
        qtbot, db: Database, ops: Ops, rina, live: LiveServer, connect, tmp_path: Path) -> None:
    client = connect()
    outbox = Outbox(tmp_path / "outbox")
    app = TrayApp(ops, client, use_tray=False, outbox=outbox)
    qtbot.addWidget(app.window)
    live.stop()
    snap = snapshot()
    dialog = ReportDialog(ops, client, outbox=outbox, snapshot_source=lambda: MachineSnapshot(snap, None, False))
    qtbot.addWidget(dialog)
    dialog.sig_queued.connect(app._on_queued)
    dialog.show()
    qtbot.waitUntil(dialog.send_snapshot.isEnabled)
    qtbot.keyClicks(dialog.subject, "Wi-Fi drops every hour")
    with qtbot.waitSignal(dialog.sig_queued) as queued:
        click(qtbot, dialog.submit_button)
    item = queued.args[0]
    assert item.state == State.QUEUED and "Cannot reach the helpdesk server" in item.reason
    assert "Kept in the outbox" in app.notice.text()
    window = app.show_outbox()
    assert window is not None and "Queued: Cannot reach" in window.list.item(0).text()
    assert ticket_count(db) == 0

    live.start()
    with qtbot.waitSignal(window.sig_flushed):
        click(qtbot, window.send_now)
    assert ticket_count(db) == 1
    sent = outbox.items()[0]
    assert sent.state == State.SENT and sent.number.startswith("HD-") and sent.payload is None
    assert f"Sent as {sent.number}" in window.list.item(0).text()
    assert outbox.flush(client) == [] and ticket_count(db) == 1  # nothing sent twice
    # The answer was lost and the tray sends the same key again: still one ticket.
    again = client.report_problem(subject="Wi-Fi drops every hour", description="", category_id=None,
                                  urgency=dialog.urgency.currentData(), impact=dialog.impact.currentData(),
                                  key=item.key)
    assert again.number == sent.number and ticket_count(db) == 1
    assert [a.filename.startswith("snapshot-") for a in again.attachments] == [True]
    for w in list(app.windows):
        w.close()
    wait_idle(qtbot, ops)


def test_a_reply_written_offline_is_kept_and_a_refused_one_says_why(  # type: ignore[no-untyped-def]
        db: Database, rina, live: LiveServer, connect, tmp_path: Path) -> None:
    budi = f.agent(db, name="budi")
    t = f.ticket(db, rina, "Phone")
    closed = f.ticket(db, rina, "Old")
    workflow.resolve(db.uow(), budi, closed.id, "Done.")
    workflow.close(db.uow(), budi, closed.id)
    client = connect()
    outbox = Outbox(tmp_path / "outbox")
    outbox.add_reply("tray-reply-0001", "offline", ticket_id=t.id, number=t.number, body="It rings again")
    outbox.add_reply("tray-reply-0002", "offline", ticket_id=closed.id, number=closed.number, body="Again")
    changed = {i.key: i for i in outbox.flush(client)}
    assert changed["tray-reply-0001"].state == State.SENT
    assert changed["tray-reply-0002"].state == State.FAILED and "closed" in changed["tray-reply-0002"].reason
    replies = [e for e in tickets.get(db.uow(), rina, t.id).entries if e.body == "It rings again"]
    assert len(replies) == 1


def test_the_report_dialog_shows_what_is_sent_and_can_leave_it_out(qtbot, db: Database, ops: Ops) -> None:
    rina_local = f.user(db, name="rina")
    snap = snapshot()
    dialog = ReportDialog(ops, LocalClient(db, rina_local), snapshot_source=lambda: MachineSnapshot(snap, None, True))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.send_snapshot.isEnabled)
    shown = dialog.snapshot_view.toPlainText()
    assert shown.startswith("From this computer's helpdesk probe:")
    assert f"Computer: {snap['system']['hostname']}" in shown and "{" not in shown  # readable, not JSON
    assert shown.splitlines()[1:] == summary(snap)
    dialog.send_snapshot.setChecked(False)
    qtbot.keyClicks(dialog.subject, "Nothing about my computer please")
    with qtbot.waitSignal(dialog.sig_submitted) as submitted:
        click(qtbot, dialog.submit_button)
    assert submitted.args[0].attachments == ()
    wait_idle(qtbot, ops)


def test_a_watch_whose_tray_has_gone_ends_and_frees_its_place(  # type: ignore[no-untyped-def]
        db: Database, rina, live: LiveServer, connect) -> None:
    """A tray that closes its connection mid-watch (quit, sleep, Wi-Fi gone) must not keep the
    server querying for it and holding a place under the bound until the watch's minute is up."""
    fast(live)
    client = connect()
    stamp = client.changes(-1).stamp
    watchers = live.app.state.helpdesk.watchers
    with socket.create_connection(("127.0.0.1", live.port)) as tray:
        tray.sendall(f"GET /api/v1/tray/changes?since={stamp}&wait=60 HTTP/1.1\r\nHost: helpdesk\r\n"
                     f"Authorization: {client._http.headers['Authorization']}\r\n\r\n".encode("ascii"))
        _until(lambda: watchers.held == 1, "the watch to start")
    _until(lambda: watchers.held == 0, "the watch to end after its tray left", within=20.0)


def _until(condition: Callable[[], bool], what: str, within: float = PATIENCE) -> None:
    """Polls; `within` stays far below the watch's 60 s, which would end it anyway."""
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, f"waited {within:g} s for {what}"
        time.sleep(0.01)
