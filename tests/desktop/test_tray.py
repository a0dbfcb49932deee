"""The end-user tray app: report (with KB deflection) → agent reply → requester reply → resolve → CSAT."""

from __future__ import annotations

from PySide6.QtWidgets import QSystemTrayIcon
from sqlalchemy import func, select

from desktop.common.ops import Ops
from desktop.tray.app import HelpSearchDialog, TrayApp
from desktop.tray.client import LocalClient
from desktop.tray.my_tickets import MyTicketsWindow
from desktop.tray.report_dialog import ReportDialog
from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.models import Deflection
from shared.models.enums import ArticleStatus, Level, Status
from shared.services import kb, tickets, workflow
from tests import factories as f
from tests.desktop.conftest import click, wait_idle


def publish(db: Database, title: str, body: str, tags: str) -> int:
    article = kb.create_article(db.uow(), SYSTEM, title=title, body=body, tags=tags)
    kb.set_status(db.uow(), SYSTEM, article.id, ArticleStatus.PUBLISHED)
    return article.id


def deflections(db: Database) -> int:
    with db.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Deflection)) or 0)


def test_offscreen_the_tray_degrades_to_a_window_with_the_same_actions(qtbot, db: Database, ops: Ops) -> None:
    assert not QSystemTrayIcon.isSystemTrayAvailable()
    client = LocalClient(db, f.user(db, name="rina"))
    app = TrayApp(ops, client)
    assert app.tray is None and app.window is not None
    qtbot.addWidget(app.window)
    app.show()
    assert [a.text() for a in app.menu.actions() if a.text()] == [
        "Report a problem…", "My tickets", "Search help articles…", "Ask the help assistant…", "Quit"]
    app.act_report.trigger()
    assert any(isinstance(w, ReportDialog) and w.isVisible() for w in app.windows)
    app.act_tickets.trigger()
    app.act_search.trigger()
    search = next(w for w in app.windows if isinstance(w, HelpSearchDialog))
    publish(db, "Reset your password", "Use the self-service portal.", "password")
    with qtbot.waitSignal(search.sig_results) as found:
        qtbot.keyClicks(search.search, "password")
    assert found.args == [1]
    click(qtbot, search.helpful)
    wait_idle(qtbot, ops)
    assert kb.get_article(db.uow(), SYSTEM, search.articles[0].id).helpful_yes == 1
    for w in list(app.windows):
        w.close()
    wait_idle(qtbot, ops)


def test_a_matching_article_deflects_the_ticket(qtbot, db: Database, ops: Ops) -> None:
    publish(db, "VPN keeps disconnecting at home", "Switch the profile to Home (TCP).", "vpn,anyconnect")
    rina = f.user(db, name="rina")
    dialog = ReportDialog(ops, LocalClient(db, rina))
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.sig_articles, check_params_cb=lambda n: n > 0):
        qtbot.keyClicks(dialog.subject, "VPN disconnects")
    assert dialog.article_list.item(0).text() == "VPN keeps disconnecting at home"
    assert "Home (TCP)" in dialog.article_text.toPlainText()
    with qtbot.waitSignal(dialog.sig_deflected):
        click(qtbot, dialog.solved_button)
    assert deflections(db) == 1
    from shared.services import queue
    assert queue.count(db.uow(), rina, queue.QueueQuery(view=queue.View.OWN)) == 0


def test_report_reply_reopen_resolve_and_rate(qtbot, db: Database, ops: Ops) -> None:
    rina = f.user(db, name="rina", full_name="Rina Kusuma")
    budi = f.agent(db, name="budi", full_name="Budi Santoso")
    client = LocalClient(db, rina)

    dialog = ReportDialog(ops, client)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.submit_button.isEnabled()
    qtbot.keyClicks(dialog.subject, "Printer on floor 2 will not print")
    qtbot.keyClicks(dialog.description, "Jobs stay in the queue.")
    dialog.urgency.setCurrentIndex(dialog.urgency.findData("high"))
    dialog.impact.setCurrentIndex(dialog.impact.findData("medium"))
    dialog.screenshot.setChecked(True)
    dialog.send_snapshot.setChecked(False)  # the screenshot alone (the snapshot: test_tray_push)
    with qtbot.waitSignal(dialog.sig_submitted) as submitted:
        click(qtbot, dialog.submit_button)
    t = submitted.args[0]
    assert (t.urgency, t.impact, t.status) == (Level.HIGH, Level.MEDIUM, Status.NEW)
    assert t.assignee == budi.full_name
    assert [a.filename for a in t.attachments] in ([], ["screenshot.png"])  # offscreen may have no pixels

    t = tickets.reply(db.uow(), budi, t.id, "Restarting the spooler, please try again in 5 minutes.",
                      expected_version=t.version)
    window = MyTicketsWindow(ops, client)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.detail is not None)  # the newest ticket opens by itself
    assert window.list.count() == 1 and window.detail.id == t.id
    assert "Restarting the spooler" in window.timeline.toPlainText()
    assert not window.csat.isVisible()

    t = workflow.resolve(db.uow(), budi, t.id, "Spooler restarted.", expected_version=window.detail.version)
    with qtbot.waitSignal(window.sig_loaded):
        window.open_ticket(t.id)
    assert window.csat.isVisible() and "Spooler restarted." in window.state.text()

    # "Still broken": replying to a resolved ticket reopens it.
    qtbot.keyClicks(window.reply_box, "It still does not print.")
    with qtbot.waitSignal(window.sig_loaded):
        click(qtbot, window.send_button)
    assert window.detail.status.is_active and not window.csat.isVisible()
    assert window.reply_box.toPlainText() == ""

    t = workflow.resolve(db.uow(), budi, t.id, "Replaced the fuser.", expected_version=window.detail.version)
    with qtbot.waitSignal(window.sig_loaded):
        window.open_ticket(t.id)
    assert window.csat.isVisible() and not window.csat.send.isEnabled()
    click(qtbot, window.csat.findChild(type(window.csat.group.button(5)), "rating5"))
    qtbot.keyClicks(window.csat.comment, "Quick and friendly")
    with qtbot.waitSignal(window.sig_rated):
        click(qtbot, window.csat.send)
    qtbot.waitUntil(lambda: window.detail is not None and window.detail.csat_rating == 5)
    assert not window.csat.isVisible()
    wait_idle(qtbot, ops)
