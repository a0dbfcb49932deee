"""The console's main window: who is signed in, shortcuts for the daily loop, notifications,
settings (language and theme), and the PySide work-around it relies on."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QLabel

from desktop.common.compat import guard_none_refcount
from desktop.common.ops import Ops
from desktop.common.settings_dialog import SettingsDialog
from desktop.common.theme import apply_language, current_theme
from desktop.console.main_window import MainWindow
from shared.db.database import Database
from shared.i18n import current_language
from shared.services import queue
from shared.services.queue import QueueQuery, View
from tests import factories as f
from tests.desktop.conftest import click, shown_window, wait_idle


@pytest.fixture
def window(qtbot, db: Database, ops: Ops) -> MainWindow:  # type: ignore[no-untyped-def]
    requester = f.user(db)
    for i in range(3):
        f.ticket(db, requester, subject=f"Monitor {i} has no signal")
    budi = f.agent(db, name="budi", full_name="Budi Santoso")
    return shown_window(qtbot, ops, budi)  # type: ignore[no-any-return]


def test_shows_who_is_signed_in(window: MainWindow) -> None:
    label = window.findChild(QLabel, "signedInAs")
    assert label.text() == "Signed in as Budi Santoso (budi) · L1 agent"
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Queue", "Knowledge base", "Dashboard", "Machines"]


def test_keyboard_next_ticket_reply_and_resolve(qtbot, window: MainWindow, ops: Ops) -> None:
    window.queue.select_view(View.ALL)
    qtbot.waitUntil(lambda: window.queue.model.rowCount() == 3 and window.queue.model.has_page_for(0))
    first = window.queue.model.row_at(0)
    with qtbot.waitSignal(window.ticket.sig_loaded) as loaded:
        qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert loaded.args[0].id == first.id
    with qtbot.waitSignal(window.ticket.sig_loaded) as loaded:
        qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert loaded.args[0].id == window.queue.model.row_at(1).id
    wait_idle(qtbot, ops)
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert window.ticket.reply_box.hasFocus() or QApplication.focusWidget() is window.ticket.reply_box
    qtbot.keyClicks(window.ticket.reply_box, "On my way")
    with qtbot.waitSignal(window.ticket.sig_saved):
        qtbot.keyClick(window.ticket.reply_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    window.ticket.dialog = None
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.ticket.dialog is not None and window.ticket.dialog.isVisible())
    window.ticket.dialog.reject()
    wait_idle(qtbot, ops)


def test_notifications_come_from_the_inbox(qtbot, db: Database, ops: Ops, window: MainWindow) -> None:
    requester = f.user(db)
    t = f.ticket(db, requester, subject="Teams camera not detected")  # auto-assigned: a notification
    assert t.assignee is not None and t.assignee.id == window.actor.id
    with qtbot.waitSignal(window.notifications.sig_unread) as unread:
        window.notifications.poll()
    assert any(t.number in item.text for item in unread.args[0].items)
    assert window.bell.text() == "Notifications (1)"
    assert window.notifier.shown == [f"{t.number} was assigned to you: Teams camera not detected"]
    action = next(a for a in window.bell.menu().actions() if t.number in a.text())
    with qtbot.waitSignal(window.ticket.sig_loaded):
        action.trigger()
    qtbot.waitUntil(lambda: all(t.number not in a.text() for a in window.bell.menu().actions()))
    wait_idle(qtbot, ops)
    assert len(window.notifier.shown) == 1  # announced once, not at every poll


def test_the_bell_shows_the_newest_of_many_and_marks_all_read(qtbot, db: Database, ops: Ops,
                                                               window: MainWindow) -> None:
    requester = f.user(db)
    newest = [f.ticket(db, requester, subject=f"Scanner {i} offline").number for i in range(30)][-1]
    with qtbot.waitSignal(window.notifications.sig_unread):
        window.notifications.poll()
    texts = [a.text() for a in window.bell.menu().actions()]
    assert window.bell.text() == "Notifications (30)" and newest in texts[0]
    assert "Show 10 older…" in texts and "Mark all as read" in texts
    with qtbot.waitSignal(window.notifications.sig_unread):
        next(a for a in window.bell.menu().actions() if a.text() == "Show 10 older…").trigger()
    assert len(window.notifications.items) == 30
    with qtbot.waitSignal(window.notifications.sig_unread):
        next(a for a in window.bell.menu().actions() if a.text() == "Mark all as read").trigger()
    assert window.bell.text() == "Notifications"
    assert [a.text() for a in window.bell.menu().actions()] == ["No new notifications"]


def test_settings_switch_language_and_theme(qtbot, qapp, window: MainWindow, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPDESK_CONFIG", str(tmp_path / "helpdesk.toml"))
    from PySide6.QtCore import QSettings, QStandardPaths
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    dialog = window.open_settings()
    dialog.language.setCurrentIndex(dialog.language.findData("id"))
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    try:
        dialog._on_ok()
        assert 'language = "id"' in (tmp_path / "helpdesk.toml").read_text()
        assert current_language() == "id" and current_theme(qapp) == "dark"
        assert QCoreApplication.translate("QueuePane", "My tickets") == "Tiket saya"
        fresh = SettingsDialog()
        qtbot.addWidget(fresh)
        assert fresh.windowTitle() == "Pengaturan"
        from desktop.console.ticket.view import TicketView
        view = TicketView(window.ops, window.actor)
        qtbot.addWidget(view)
        assert view.act["resolve"].text() == "Selesaikan…" and view.send_button.text() == "Kirim balasan"
        from datetime import timedelta

        from desktop.common.fmt import duration
        assert duration(timedelta(days=2, hours=3)) == "2h 3j"
    finally:
        apply_language(qapp, "en")


def test_none_refcount_guard() -> None:
    guard_none_refcount()
    before = sys.getrefcount(None)
    label = QLabel()
    for _ in range(1000):
        label.setText("x")  # a void method: PySide6 6.12 on 3.11 drops a reference to None each time
    assert sys.getrefcount(None) > 1 << 40 or sys.version_info >= (3, 12)
    assert sys.getrefcount(None) >= before - 1000
    _ = queue, QueueQuery, click


def test_escalate_assign_and_internal_note_from_the_keyboard(qtbot, window: MainWindow, ops: Ops) -> None:  # type: ignore[no-untyped-def]
    from desktop.console.ticket.dialogs import AssignDialog, EscalateDialog
    from shared.models.enums import EntryKind

    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    window.queue.select_view(View.ALL)
    qtbot.waitUntil(lambda: window.queue.model.rowCount() == 3 and window.queue.model.has_page_for(0))
    with qtbot.waitSignal(window.ticket.sig_loaded):
        qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ops)
    # Discoverable: in the Ticket menu with their keys, and on the buttons' tooltips.
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Ticket")
    keys = {a.text(): a.shortcut().toString() for a in menu.actions() if not a.isSeparator()}
    assert keys["Escalate…"] == "Ctrl+Shift+E" and keys["Assign…"] == "Ctrl+Shift+A"
    assert keys["Add internal note"] == "Ctrl+Shift+N"
    assert window.ticket.buttons["escalate"].toolTip() == "Escalate (Ctrl+Shift+E)"
    assert "Ctrl+Shift+N" in window.ticket.note_button.toolTip()

    for key, kind in ((Qt.Key.Key_E, EscalateDialog), (Qt.Key.Key_A, AssignDialog)):
        window.ticket.dialog = None
        qtbot.keyClick(window, key, ctrl_shift)
        qtbot.waitUntil(lambda kind=kind: isinstance(window.ticket.dialog, kind) and window.ticket.dialog.isVisible())
        window.ticket.dialog.reject()
        wait_idle(qtbot, ops)

    with qtbot.waitActive(window):  # offscreen, a closed dialog hands the focus back to no window
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, ctrl_shift)  # nothing written yet: the box takes the focus
    qtbot.waitUntil(lambda: window.ticket.reply_box.hasFocus()
                    or QApplication.focusWidget() is window.ticket.reply_box)
    qtbot.keyClicks(window.ticket.reply_box, "Called her back, no answer")
    with qtbot.waitSignal(window.ticket.sig_saved) as saved:
        qtbot.keyClick(window.ticket.reply_box, Qt.Key.Key_N, ctrl_shift)
    assert saved.args == ["note"] and window.ticket.reply_box.toPlainText() == ""
    last = window.ticket.detail.entries[-1]
    assert (last.kind, last.body) == (EntryKind.NOTE, "Called her back, no answer")
    wait_idle(qtbot, ops)


def test_the_shortcuts_are_translated(qtbot, qapp, db: Database, ops: Ops) -> None:  # type: ignore[no-untyped-def]
    try:
        apply_language(qapp, "id")
        window = shown_window(qtbot, ops, f.agent(db))
        menu = window.menuBar().actions()[1].menu()
        texts = {a.shortcut().toString(): a.text() for a in menu.actions() if not a.shortcut().isEmpty()}
        english = {"Ctrl+Shift+E": "Escalate…", "Ctrl+Shift+A": "Assign…", "Ctrl+Shift+N": "Add internal note"}
        for keys, text in english.items():
            assert texts[keys] and texts[keys] != text, keys
        assert window.ticket.buttons["assign"].toolTip() == f"{texts['Ctrl+Shift+A'].rstrip('…')} (Ctrl+Shift+A)"
    finally:
        apply_language(qapp, "en")


def test_an_empty_view_says_why_and_offers_the_way_out(qtbot, window: MainWindow, ops: Ops) -> None:  # type: ignore[no-untyped-def]
    pane = window.queue
    pane.select_view(View.MINE)  # nothing is assigned to Budi: the tickets came before him
    qtbot.waitUntil(lambda: pane.stack.currentWidget() is pane.empty)
    assert pane.empty.text.text() == "No open ticket is assigned to you."
    assert pane.empty.button.text() == "Show unassigned tickets"
    click(qtbot, pane.empty.button)
    qtbot.waitUntil(lambda: pane.stack.currentWidget() is pane.table and pane.model.rowCount() == 3)
    assert pane.views.currentItem().text() == "Unassigned"

    qtbot.keyClicks(pane.search, "keyboard")
    qtbot.keyClick(pane.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pane.stack.currentWidget() is pane.empty)
    assert pane.empty.text.text() == "No ticket in “Unassigned” matches the search “keyboard”."
    click(qtbot, pane.empty.button)  # "Clear the search"
    qtbot.waitUntil(lambda: pane.stack.currentWidget() is pane.table and pane.model.rowCount() == 3)
    assert pane.search.text() == ""

    qtbot.keyClicks(pane.search, "keyboard")
    qtbot.keyClick(pane.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pane.model.query.text == "keyboard")
    pane.save_filter("Keyboards")
    qtbot.waitUntil(lambda: pane.views.count() == 6)
    pane.views.setCurrentRow(5)
    qtbot.waitUntil(lambda: pane.empty.text.text() == "No ticket matches the saved filter “Keyboards”.")
    assert pane.stack.currentWidget() is pane.empty
    click(qtbot, pane.empty.button)  # "Show all tickets"
    qtbot.waitUntil(lambda: pane.views.currentItem().text() == "All tickets")
    wait_idle(qtbot, ops)


def test_the_row_stays_selected_after_a_reply(qtbot, window: MainWindow, ops: Ops, clock) -> None:  # type: ignore[no-untyped-def]
    window.queue.select_view(View.ALL)
    qtbot.waitUntil(lambda: window.queue.model.rowCount() == 3 and window.queue.model.has_page_for(0))
    for _ in range(3):  # the oldest ticket, at the bottom
        with qtbot.waitSignal(window.ticket.sig_loaded):
            qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ops)
    chosen = window.ticket.detail.id
    assert window.queue.table.currentIndex().row() == 2
    clock.advance(minutes=5)
    window.ticket.reply_box.setPlainText("Try another cable, please")
    with qtbot.waitSignal(window.ticket.sig_saved):
        window.ticket.send_reply()
    # The reply makes it the latest updated: it moves to the top, and stays the selected row.
    qtbot.waitUntil(lambda: window.queue.model.row_at(0) is not None and window.queue.model.row_at(0).id == chosen)
    wait_idle(qtbot, ops)
    current = window.queue.table.currentIndex()
    assert current.isValid() and current.row() == 0
    assert window.queue.table.selectionModel().isRowSelected(0)
    assert window.ticket.detail.id == chosen
    # Opened another way (the bell, Ctrl+N): the queue selects that ticket's row, not the old one.
    other = window.queue.model.row_at(2)
    with qtbot.waitSignal(window.ticket.sig_loaded):
        window.ticket.load(other.id)
    assert window.queue.table.currentIndex().row() == 2
    wait_idle(qtbot, ops)


@pytest.fixture
def own_qsettings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """QSettings in a temp folder, so the test's choices do not outlive it."""
    from PySide6.QtCore import QSettings, QStandardPaths

    monkeypatch.setenv("HELPDESK_CONFIG", str(tmp_path / "helpdesk.toml"))
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    yield
    QSettings("helpdesk", "desktop").clear()


@pytest.mark.usefixtures("own_qsettings")
def test_closing_keeps_the_console_in_the_tray_when_asked(qtbot, db: Database, ops: Ops) -> None:  # type: ignore[no-untyped-def]
    # The offscreen platform has no tray; `tray=True` builds the tray icon anyway, as on a desktop.
    window = MainWindow(ops, f.agent(db), tray=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    dialog = window.open_settings()
    assert dialog.keep_in_tray.isEnabled() and not dialog.keep_in_tray.isChecked()
    dialog.keep_in_tray.setChecked(True)
    dialog._on_ok()
    assert window.close() is False  # the close was refused: hidden, still running
    assert not window.isVisible() and window.notifications._timer.isActive()
    assert window.notifier.shown == ["The console keeps running in the system tray; Quit ends it."]
    window.notifier.icon.activated.emit(window.notifier.icon.ActivationReason.Trigger)
    assert window.isVisible()
    window.quit()  # Quit really ends it
    assert not window.isVisible() and window.quitting
    wait_idle(qtbot, ops)


@pytest.mark.usefixtures("own_qsettings")
def test_without_a_tray_closing_quits_even_when_asked_to_keep_it(qtbot, db: Database, ops: Ops) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    QSettings("helpdesk", "desktop").setValue("console/keep_in_tray", "true")
    window = MainWindow(ops, f.agent(db), tray=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    dialog = window.open_settings()
    assert not dialog.keep_in_tray.isEnabled() and "no system tray" in dialog.keep_in_tray.toolTip()
    dialog.reject()
    assert window.close() is True and not window.isVisible()
    wait_idle(qtbot, ops)


def test_a_notification_page_arriving_after_its_poller_is_gone_is_dropped(qtbot, db: Database, ops: Ops) -> None:  # type: ignore[no-untyped-def]
    import shiboken6

    from desktop.common.notifications import NotificationPoller

    poller = NotificationPoller(ops, f.agent(db))
    poller.poll()  # its page is read on a worker and delivered through the event loop ...
    shiboken6.delete(poller)  # ... after the window that owned the poller has closed
    wait_idle(qtbot, ops)  # pytest-qt fails the test on any exception raised in the event loop
