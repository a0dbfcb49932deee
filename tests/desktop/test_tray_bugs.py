"""The four tray bugs of issue #16, each on real widgets: the reply box's placeholder follows the
ticket shown, a just-reported ticket shows in an open "My tickets", the window fits the screen,
long subjects elide instead of scrolling sideways."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt

from desktop.common.ops import Ops
from desktop.tray.app import TrayApp
from desktop.tray.client import LocalClient
from desktop.tray.my_tickets import MyTicketsWindow, place_on_screen
from shared.db.database import Database
from shared.services import workflow
from tests import factories as f
from tests.desktop.conftest import click, wait_idle


def _window(qtbot, ops: Ops, client: LocalClient) -> MyTicketsWindow:  # type: ignore[no-untyped-def]
    window = MyTicketsWindow(ops, client)
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_reply_box_describes_the_ticket_shown_new_then_closed_then_new(qtbot, db: Database, ops: Ops) -> None:
    rina = f.user(db, name="rina")
    budi = f.agent(db, name="budi")
    closed = f.ticket(db, rina, "Old printer problem")
    workflow.resolve(db.uow(), budi, closed.id, "Fixed.")
    workflow.close(db.uow(), budi, closed.id)
    new = f.ticket(db, rina, "Mouse is dead")
    window = _window(qtbot, ops, LocalClient(db, rina))
    qtbot.waitUntil(lambda: window.detail is not None)  # the newest opens by itself first
    with qtbot.waitSignal(window.sig_loaded, check_params_cb=lambda d: d.id == closed.id):
        window.open_ticket(closed.id)
    assert window.reply_box.placeholderText() == "This ticket is closed. Report a new problem instead."
    assert window.reply_box.isReadOnly() and not window.send_button.isEnabled()
    qtbot.keyClicks(window.reply_box, "typed")
    assert window.reply_box.toPlainText() == ""  # a closed ticket's box takes no input
    with qtbot.waitSignal(window.sig_loaded, check_params_cb=lambda d: d.id == new.id):
        window.open_ticket(new.id)
    assert window.reply_box.placeholderText() == "Write to the helpdesk…"
    assert not window.reply_box.isReadOnly() and window.reply_box.isEnabled()
    qtbot.keyClicks(window.reply_box, "Still dead")
    assert window.reply_box.toPlainText() == "Still dead"
    wait_idle(qtbot, ops)


def test_a_ticket_just_reported_appears_in_an_open_my_tickets(qtbot, db: Database, ops: Ops) -> None:
    rina = f.user(db, name="rina")
    f.ticket(db, rina, "Older problem")
    app = TrayApp(ops, LocalClient(db, rina), use_tray=False)
    assert app.window is not None
    qtbot.addWidget(app.window)
    window = app.my_tickets()
    qtbot.waitUntil(lambda: window.list.count() == 1)
    dialog = app.report_problem()
    qtbot.keyClicks(dialog.subject, "Projector shows no picture")
    with qtbot.waitSignal(window.sig_loaded, check_params_cb=lambda d: d.subject == "Projector shows no picture"):
        click(qtbot, dialog.submit_button)
    assert window.list.count() == 2 and "Projector" in window.list.currentItem().text()
    for w in list(app.windows):
        w.close()
    wait_idle(qtbot, ops)


def test_the_window_is_centred_and_fits_a_1366x768_screen(qtbot, db: Database, ops: Ops) -> None:
    window = _window(qtbot, ops, LocalClient(db, f.user(db, name="rina")))
    screen = window.screen().availableGeometry()
    assert screen.contains(window.geometry())
    assert abs(window.geometry().center().x() - screen.center().x()) <= 1
    laptop = QRect(0, 0, 1366, 728)  # 1366x768 less a 40-pixel task bar
    rect = QRect(0, 0, min(960, laptop.width() - 16), min(620, laptop.height() - 48))
    rect.moveCenter(laptop.center())
    assert laptop.contains(rect) and rect.size().width() == 960 and rect.size().height() == 620
    small = place_on_screen(window, (4000, 3000))  # larger than any screen: shrunk to fit
    assert screen.contains(small)
    wait_idle(qtbot, ops)


def test_a_long_subject_elides_and_there_is_no_sideways_scroll_bar(qtbot, db: Database, ops: Ops) -> None:
    rina = f.user(db, name="rina")
    subject = "Outlook " + "keeps-asking-for-my-password-" * 6
    f.ticket(db, rina, subject[:200])
    window = _window(qtbot, ops, LocalClient(db, rina))
    qtbot.waitUntil(lambda: window.list.count() == 1)
    qtbot.waitUntil(lambda: window.detail is not None)
    assert window.list.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert window.list.textElideMode() == Qt.TextElideMode.ElideRight
    assert window.list.horizontalScrollBar().maximum() == 0
    assert window.list.item(0).toolTip().endswith(subject[:200])
    assert window.width() <= window.screen().availableGeometry().width()
    wait_idle(qtbot, ops)
