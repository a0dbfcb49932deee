"""The agent console's main window: queue + ticket side by side, KB, dashboard, machines."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolButton,
    QWidget,
)

from desktop.common.notifications import NotificationPoller, describe, ticket_of
from desktop.common.ops import Ops
from desktop.common.settings_dialog import SettingsDialog
from desktop.console.dashboard.view import DashboardPane
from desktop.console.diagnostics.session import DiagnosticsSession
from desktop.console.kb.view import KbPane
from desktop.console.machines import MachinesPane
from desktop.console.queue.view import QueuePane
from desktop.console.ticket.view import TicketView
from shared.auth.permissions import Actor
from shared.models.enums import label


class MainWindow(QMainWindow):
    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.actor = ops, actor
        self.setWindowTitle(self.tr("Helpdesk console — {name}").format(name=actor.full_name))
        self.resize(1440, 860)

        self.diagnostics = DiagnosticsSession(ops, parent=self)  # one SshPool for the whole session
        self.queue = QueuePane(ops, actor)
        self.ticket = TicketView(ops, actor, diagnostics=self.diagnostics)
        self.queue.sig_open_ticket.connect(self.ticket.load)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("queueSplit")
        split.addWidget(self.queue)
        split.addWidget(self.ticket)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self._split = split
        self.kb = KbPane(ops, actor)
        self.dashboard = DashboardPane(ops, actor)
        self.machines = MachinesPane(ops, actor, diagnostics=self.diagnostics,
                                     current_ticket=lambda: self.ticket.detail)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(split, self.tr("Queue"))
        self.tabs.addTab(self.kb, self.tr("Knowledge base"))
        self.tabs.addTab(self.dashboard, self.tr("Dashboard"))
        self.tabs.addTab(self.machines, self.tr("Machines"))
        self.setCentralWidget(self.tabs)
        self.ticket.sig_open_article.connect(self._open_article)

        who = QLabel(self.tr("Signed in as {name} ({user}) · {role}").format(
            name=actor.full_name, user=actor.username, role=label(actor.role)))
        who.setObjectName("signedInAs")
        self.busy = QLabel()
        self.bell = QToolButton()
        self.bell.setObjectName("notifications")
        self.bell.setText(self.tr("Notifications"))
        self.bell.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.bell.setMenu(QMenu(self.bell))
        self.statusBar().addWidget(who)
        self.statusBar().addPermanentWidget(self.busy)
        self.statusBar().addPermanentWidget(self.bell)
        ops.sig_busy.connect(lambda busy: self.busy.setText(self.tr("Working…") if busy else ""))

        self.notifications = NotificationPoller(ops, actor, parent=self)
        self.notifications.sig_unread.connect(self._on_unread)
        self.bell.setToolTip(self.tr("Notifications") if self.notifications.available
                             else self.tr("Notifications are not available yet"))
        self._menus()
        self.notifications.poll()

    def _menus(self) -> None:
        def add(menu: QMenu, text: str, shortcut: str | None, slot: Any) -> QAction:
            action = QAction(text, self)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            action.triggered.connect(slot)
            menu.addAction(action)
            return action

        app_menu = self.menuBar().addMenu(self.tr("&Helpdesk"))
        add(app_menu, self.tr("Settings…"), "Ctrl+,", self.open_settings)
        app_menu.addSeparator()
        add(app_menu, self.tr("Quit"), "Ctrl+Q", self.close)
        work = self.menuBar().addMenu(self.tr("&Ticket"))
        self.act_next = add(work, self.tr("Next ticket"), "Ctrl+J", lambda: self._step(1))
        self.act_prev = add(work, self.tr("Previous ticket"), "Ctrl+K", lambda: self._step(-1))
        self.act_reply = add(work, self.tr("Reply"), "Ctrl+R", self.focus_reply)
        self.act_send = add(work, self.tr("Send reply"), "Ctrl+Return", self.ticket.send_reply)
        work.addAction(self.ticket.act["resolve"])
        work.addAction(self.ticket.act["claim"])
        work.addSeparator()
        add(work, self.tr("Search the queue"), "Ctrl+F", self._focus_search)
        add(work, self.tr("Refresh"), "F5", self.queue.model.reload)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        add(help_menu, self.tr("Keyboard shortcuts"), "F1", self._shortcuts)

    def _step(self, step: int) -> None:
        self.tabs.setCurrentIndex(0)
        self.queue.select_next(step)

    def focus_reply(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.ticket.reply_box.setFocus()

    def _focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.queue.search.setFocus()
        self.queue.search.selectAll()

    def _open_article(self, article_id: int) -> None:
        self.tabs.setCurrentWidget(self.kb)
        self.kb.open_article(article_id)

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self)
        dialog.open()
        return dialog

    def _shortcuts(self) -> None:
        rows = [(self.tr("Next / previous ticket"), "Ctrl+J / Ctrl+K"), (self.tr("Reply"), "Ctrl+R"),
                (self.tr("Send reply"), "Ctrl+Enter"), (self.tr("Resolve"), "Ctrl+Shift+R"),
                (self.tr("Claim"), "Ctrl+Shift+C"), (self.tr("Search the queue"), "Ctrl+F"),
                (self.tr("Refresh"), "F5"), (self.tr("Settings"), "Ctrl+,")]
        text = "".join(f"<tr><td>{a}</td><td><b>{b}</b></td></tr>" for a, b in rows)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Keyboard shortcuts"),
                          f"<table cellpadding='3'>{text}</table>", QMessageBox.StandardButton.Ok, self)
        box.open()

    def _on_unread(self, items: list[Any]) -> None:
        self.bell.setText(self.tr("Notifications ({n})").format(n=len(items)) if items
                          else self.tr("Notifications"))
        menu = self.bell.menu()
        menu.clear()
        for item in items[:20]:
            action = menu.addAction(describe(item))
            item_id, ticket_id = getattr(item, "id", None), ticket_of(item)
            action.triggered.connect(lambda _c=False, i=item_id, t=ticket_id: self._on_notification(i, t))
        if not items:
            menu.addAction(self.tr("No new notifications")).setEnabled(False)

    def _on_notification(self, item_id: int | None, ticket_id: int | None) -> None:
        if item_id is not None:
            self.notifications.mark_read([item_id])
        if ticket_id is not None:
            self.tabs.setCurrentIndex(0)
            self.ticket.load(ticket_id)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not getattr(self, "_sized", False):  # sizes only stick once the window has its size
            self._sized = True
            width = max(900, self.width())
            self._split.setSizes([int(width * 0.6), int(width * 0.4)])

    def closeEvent(self, event: Any) -> None:
        self.ops.wait(5000)
        self.diagnostics.close()
        super().closeEvent(event)


def app_instance() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app
