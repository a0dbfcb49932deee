"""A failed outbox item is corrected and sent again, or discarded: the real Outbox window and the
tray's dialogs, an HttpClient, and the uvicorn server the HTTP tray tests start."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QPushButton
from sqlalchemy import func, select

from desktop.common.ops import Ops
from desktop.tray.app import TrayApp
from desktop.tray.notices import OutboxWindow
from desktop.tray.outbox import Item, Outbox, State, new_key
from desktop.tray.reply_again import ReplyAgainDialog
from desktop.tray.report_dialog import ReportDialog
from shared.db.database import Database
from shared.errors import InvalidTransition
from shared.models import Ticket
from shared.models.enums import Level
from shared.services import tickets, workflow
from shared.services.tickets import NewAttachment
from tests import factories as f
from tests.desktop import test_tray_http as _http
from tests.desktop.conftest import click, wait_idle
from tests.http.conftest import LiveServer
from tests.services.test_tray_submit import snapshot

live, connect, rina, vault = _http.live, _http.connect, _http.rina, _http.vault
LIMIT = 64 * 1024  # above the snapshot's JSON (~4 KB), below the dump
BIG = NewAttachment("memory.dmp", "application/octet-stream", b"x" * (LIMIT + 1))
LOG = NewAttachment("error.log", "text/plain", b"error 42")


def ticket_count(db: Database) -> int:
    with db.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Ticket)) or 0)


def failed_report(outbox: Outbox, client, category_id: int | None = None) -> Item:  # type: ignore[no-untyped-def]
    """A report written offline with a dump over the server's limit, refused when it is sent."""
    outbox.add_report(new_key(), "offline", subject="Excel crashes on save", description="Since this morning.",
                      category_id=category_id, urgency=Level.HIGH, impact=Level.LOW, attachments=[BIG, LOG],
                      snapshot=snapshot(), machine_id=None)
    [item] = outbox.flush(client)
    assert item.state == State.FAILED and "at most 65,536 bytes" in item.reason
    return item


def open_outbox(qtbot, app: TrayApp) -> OutboxWindow:  # type: ignore[no-untyped-def]
    window = app.show_outbox()
    assert window is not None
    qtbot.addWidget(window)
    return window


def close_all(qtbot, app: TrayApp, ops: Ops) -> None:  # type: ignore[no-untyped-def]
    wait_idle(qtbot, ops)
    for w in list(app.windows):
        w.close()
    wait_idle(qtbot, ops)


def test_a_refused_report_is_edited_and_sent_again_under_a_new_key(  # type: ignore[no-untyped-def]
        qtbot, db: Database, ops: Ops, rina, live: LiveServer, connect, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db.settings, "attachment_max_bytes", LIMIT)
    client = connect()
    category = client.categories()[0]
    outbox = Outbox(tmp_path / "outbox")
    old = failed_report(outbox, client, category.id)
    app = TrayApp(ops, client, use_tray=False, outbox=outbox)
    qtbot.addWidget(app.window)
    window = open_outbox(qtbot, app)
    assert "Failed:" in window.list.item(0).text() and window.current() == old  # the failed one is chosen
    assert window.edit.isEnabled() and window.discard.isEnabled()

    click(qtbot, window.edit)
    [dialog] = [w for w in app.windows if isinstance(w, ReportDialog)]
    assert dialog.replaces == old.key and dialog.windowTitle() == "Edit and send again"
    assert (dialog.subject.text(), dialog.description.toPlainText()) == ("Excel crashes on save",
                                                                         "Since this morning.")
    assert dialog.urgency.currentData() == Level.HIGH.value and dialog.impact.currentData() == Level.LOW.value
    qtbot.waitUntil(lambda: dialog.category.currentData() == category.id)
    assert [dialog.attachments.item(i).text() for i in range(dialog.attachments.count())] == [
        "memory.dmp (64 KB)", "error.log (1 KB)"]
    assert dialog.attachments.isVisible() and "at most 65,536 bytes" in dialog.status.text()
    assert dialog.send_snapshot.isChecked() and dialog.snapshot_view.toPlainText().startswith("Kept with the report:")
    click(qtbot, window.edit)  # a second click raises the open dialog rather than open another
    assert len([w for w in app.windows if isinstance(w, ReportDialog)]) == 1

    # Sent unchanged, it is refused again: the copy, under its own key, is the failed item now.
    with qtbot.waitSignal(dialog.sig_refused):
        click(qtbot, dialog.submit_button)
    [again] = outbox.items()
    assert again.state == State.FAILED and again.key not in (old.key,) and dialog.replaces == again.key
    assert ticket_count(db) == 0 and ops.errors and dialog.isVisible()  # type: ignore[attr-defined]
    for box in dialog.findChildren(QMessageBox):
        box.close()

    dialog.attachments.setCurrentRow(0)
    click(qtbot, dialog.remove_file)
    assert [f.filename for f in dialog.files] == ["error.log"]
    with qtbot.waitSignal(dialog.sig_submitted) as submitted:
        click(qtbot, dialog.submit_button)
    ticket = submitted.args[0]
    assert ticket_count(db) == 1 and ticket.subject == "Excel crashes on save"
    assert sorted(a.filename for a in ticket.attachments if not a.filename.startswith("snapshot-")) == ["error.log"]
    assert any(a.filename.startswith("snapshot-") for a in ticket.attachments)  # the kept snapshot went too
    [sent] = outbox.items()
    assert sent.state == State.SENT and sent.number == ticket.number and sent.key not in (old.key, again.key)
    qtbot.waitUntil(lambda: window.list.count() == 1 and f"Sent as {ticket.number}" in window.list.item(0).text())
    assert outbox.flush(client) == [] and ticket_count(db) == 1  # nothing is sent twice
    close_all(qtbot, app, ops)


def test_discard_asks_first_and_copy_keeps_the_words(  # type: ignore[no-untyped-def]
        qtbot, db: Database, ops: Ops, rina, live: LiveServer, connect, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db.settings, "attachment_max_bytes", LIMIT)
    client = connect()
    outbox = Outbox(tmp_path / "outbox")
    old = failed_report(outbox, client)
    app = TrayApp(ops, client, use_tray=False, outbox=outbox)
    qtbot.addWidget(app.window)
    window = open_outbox(qtbot, app)

    click(qtbot, window.copy)
    assert QGuiApplication.clipboard().text() == "Excel crashes on save\n\nSince this morning."
    click(qtbot, window.clear)  # "Remove sent" leaves a failed item: its words are not gone unasked
    assert outbox.items() == [old]

    click(qtbot, window.discard)
    box = window.findChild(QMessageBox, "discardBox")
    assert box is not None and "gone for good" in box.text() and box.isVisible()
    click(qtbot, box.button(QMessageBox.StandardButton.Cancel))
    wait_idle(qtbot, ops)
    assert outbox.items() == [old]

    click(qtbot, window.discard)
    box = next(b for b in window.findChildren(QMessageBox, "discardBox") if b.isVisible())
    with qtbot.waitSignal(window.sig_discarded):
        click(qtbot, box.findChild(QPushButton, "discardYes"))
    assert outbox.items() == [] and not (tmp_path / "outbox" / f"{old.key}.json").exists()
    assert window.list.item(0).text() == "Nothing is waiting to be sent." and not window.edit.isEnabled()
    with pytest.raises(InvalidTransition):  # a second window's discard, or a resend, finds nothing
        outbox.discard(old.key)
    close_all(qtbot, app, ops)


def test_a_refused_reply_is_corrected_and_sent_again(  # type: ignore[no-untyped-def]
        qtbot, db: Database, ops: Ops, rina, live: LiveServer, connect, tmp_path: Path) -> None:
    t = f.ticket(db, rina, "Phone rings twice")
    client = connect()
    outbox = Outbox(tmp_path / "outbox")
    pasted = "The phone's log:\n" + "ring " * 20_001  # over the server's 100,000 characters
    outbox.add_reply(new_key(), "offline", ticket_id=t.id, number=t.number, body=pasted)
    [old] = outbox.flush(client)
    assert old.state == State.FAILED
    app = TrayApp(ops, client, use_tray=False, outbox=outbox)
    qtbot.addWidget(app.window)
    window = open_outbox(qtbot, app)

    click(qtbot, window.edit)
    [dialog] = [w for w in app.windows if isinstance(w, ReplyAgainDialog)]
    assert dialog.text() == pasted
    qtbot.waitUntil(dialog.send_button.isEnabled)
    assert "Phone rings twice" in dialog.heading.text() and not dialog.report_button.isVisible()
    dialog.body.setPlainText("The phone rings twice, then stops.")
    with qtbot.waitSignal(dialog.sig_sent) as sent:
        click(qtbot, dialog.send_button)
    assert sent.args[0].id == t.id
    replies = [e.body for e in tickets.get(db.uow(), rina, t.id).entries if e.body]
    assert replies.count("The phone rings twice, then stops.") == 1
    [item] = outbox.items()
    assert item.state == State.SENT and item.key != old.key and item.kind == "reply"
    qtbot.waitUntil(lambda: "Sent as" in window.list.item(0).text())
    close_all(qtbot, app, ops)


def test_a_reply_to_a_closed_ticket_offers_its_text_and_a_new_report(  # type: ignore[no-untyped-def]
        qtbot, db: Database, ops: Ops, rina, live: LiveServer, connect, tmp_path: Path) -> None:
    budi = f.agent(db, name="budi")
    t = f.ticket(db, rina, "Old printer")
    workflow.resolve(db.uow(), budi, t.id, "Replaced the toner.")
    workflow.close(db.uow(), budi, t.id)
    client = connect()
    outbox = Outbox(tmp_path / "outbox")
    outbox.add_reply(new_key(), "offline", ticket_id=t.id, number=t.number, body="It streaks again.")
    [old] = outbox.flush(client)
    assert old.state == State.FAILED and "closed" in old.reason
    app = TrayApp(ops, client, use_tray=False, outbox=outbox)
    qtbot.addWidget(app.window)
    window = open_outbox(qtbot, app)
    before = ticket_count(db)

    click(qtbot, window.edit)
    [dialog] = [w for w in app.windows if isinstance(w, ReplyAgainDialog)]
    qtbot.waitUntil(dialog.report_button.isVisible)
    assert not dialog.send_button.isEnabled() and "This ticket is closed" in dialog.reason.text()
    click(qtbot, dialog.copy_button)
    assert QGuiApplication.clipboard().text() == "It streaks again."

    click(qtbot, dialog.report_button)
    [report] = [w for w in app.windows if isinstance(w, ReportDialog)]
    assert (report.subject.text(), report.description.toPlainText()) == (f"About {t.number}", "It streaks again.")
    assert report.replaces == old.key
    with qtbot.waitSignal(report.sig_submitted) as submitted:
        click(qtbot, report.submit_button)
    assert ticket_count(db) == before + 1 and submitted.args[0].description == "It streaks again."
    [item] = outbox.items()
    assert item.kind == "report" and item.state == State.SENT  # the reply it replaced is gone
    close_all(qtbot, app, ops)


def test_a_resend_stands_in_for_the_failed_item_once(  # type: ignore[no-untyped-def]
        db: Database, rina, live: LiveServer, connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without widgets: the outbox's own guarantees for a correction."""
    monkeypatch.setattr(db.settings, "attachment_max_bytes", LIMIT)
    client = connect()
    outbox = Outbox(tmp_path / "outbox")
    old = failed_report(outbox, client)

    def copy(**changes: object) -> Item:
        fields: dict = {"subject": "Excel crashes on save", "description": "", "category_id": None,  # type: ignore[type-arg]
                        "urgency": Level.HIGH, "impact": Level.LOW, "attachments": [LOG], "snapshot": None,
                        "machine_id": None, "replaces": old.key} | changes
        return outbox.report_item(new_key(), "", **fields)

    # A crash between storing the copy and removing the old item: the copy stands for it, and the
    # next flush (the tray's start) sends the copy once and finishes the replacement.
    crashed = outbox._write(copy())
    assert outbox.items() == [crashed] and outbox.get(old.key) is None
    [sent] = outbox.flush(client)
    assert sent.key == crashed.key and sent.state == State.SENT and ticket_count(db) == 1
    assert sorted(p.name for p in (tmp_path / "outbox").iterdir()) == [f"{crashed.key}.json"]
    with pytest.raises(InvalidTransition):  # a second dialog on the same failed item sends nothing
        outbox.resend(client, copy())
    assert ticket_count(db) == 1

    # Server down while resending: the copy waits in the old item's place and goes with the next flush.
    second = failed_report(outbox, client)
    live.stop()
    waiting, ticket = outbox.resend(client, copy(replaces=second.key, subject="Word too"))
    assert ticket is None and waiting.state == State.QUEUED and "Cannot reach" in waiting.reason
    assert [i.key for i in outbox.items() if i.state != State.SENT] == [waiting.key]
    live.start()
    [went] = outbox.flush(client)
    assert went.key == waiting.key and went.state == State.SENT and ticket_count(db) == 2


def test_a_corrected_report_can_go_to_the_same_open_ticket_instead(  # type: ignore[no-untyped-def]
        qtbot, db: Database, ops: Ops, rina, live: LiveServer, connect, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"Same problem: add my words to it" from a corrected report: a reply, sent once under a new
    key, takes the failed report's place."""
    monkeypatch.setattr(db.settings, "attachment_max_bytes", LIMIT)
    vpn = f.ticket(db, rina, subject="VPN disconnects every hour", description="AnyConnect drops at home.")
    client = connect()
    outbox = Outbox(tmp_path / "outbox")
    outbox.add_report(new_key(), "offline", subject="VPN disconnects again", description="Now in the office too.",
                      category_id=None, urgency=Level.MEDIUM, impact=Level.LOW, attachments=[BIG],
                      snapshot=None, machine_id=None)
    [old] = outbox.flush(client)
    assert old.state == State.FAILED
    app = TrayApp(ops, client, use_tray=False, outbox=outbox)
    qtbot.addWidget(app.window)
    window = open_outbox(qtbot, app)
    click(qtbot, window.edit)
    [dialog] = [w for w in app.windows if isinstance(w, ReportDialog)]
    assert not dialog.send_snapshot.isChecked()  # left out then: not collected anew behind their back
    qtbot.waitUntil(dialog.same_button.isVisible)
    with qtbot.waitSignal(dialog.sig_added) as added:
        click(qtbot, dialog.same_button)
    assert added.args[0].id == vpn.id and ticket_count(db) == 1
    assert [e.body for e in tickets.get(db.uow(), rina, vpn.id).entries].count("Now in the office too.") == 1
    [item] = outbox.items()
    assert item.kind == "reply" and item.state == State.SENT and item.key != old.key
    close_all(qtbot, app, ops)
