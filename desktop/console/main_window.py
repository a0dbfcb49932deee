"""The agent console's main window: queue + ticket side by side, KB, dashboard, machines, mail.

Only the queue and the ticket are built at start-up. The knowledge base, the dashboard (QtCharts,
and a KPI report that takes a few hundred ms of worker time on a million tickets) and the machines
list are built, and start loading, when their tab is first opened, so nothing competes with the
first queue page. `window.kb`, `.dashboard`, `.machines` and `.mail` (supervisors and admins only)
build theirs when first asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import Qt, QTimer
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

from desktop.common.compat import MainThreadGc
from desktop.common.notifications import ANNOUNCED_KINDS, DesktopNotifier, NotificationPoller
from desktop.common.ops import Ops
from desktop.common.theme import keep_in_tray
from desktop.console import admin as admin_tab
from desktop.console.diagnostics.session import DiagnosticsSession
from desktop.console.queue.view import QueuePane
from desktop.console.ticket import actions
from desktop.console.ticket.view import TicketView
from shared.auth.permissions import Actor, Permission, can
from shared.i18n import set_zone
from shared.models.enums import label
from shared.services.dto import InboxPage, Notification, TicketDetail

if TYPE_CHECKING:
    from desktop.common.settings_dialog import SettingsDialog  # imported when opened
    from desktop.console.admin.pane import AdminPane  # imported when the tab is first opened
    from desktop.console.dashboard.view import DashboardPane
    from desktop.console.intake.dialog import NewTicketDialog  # imported on Ctrl+N: it brings ticket creation
    from desktop.console.kb.view import KbPane
    from desktop.console.machines import MachinesPane
    from desktop.console.mail_view import MailPane


FIRST_PAGE_PATIENCE_MS = 3000  # the deferred start-up loads run by then even if no rows ever come


class MainWindow(QMainWindow):
    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None, *, tray: bool | None = None) -> None:
        """`tray`: whether the desktop has a system tray (asked of Qt when None)."""
        super().__init__(parent)
        self.quitting = False  # Quit (not the window's close button) ends the console even when kept in the tray
        self.ops, self.actor = ops, actor
        set_zone(actor.timezone)  # instants in what the system wrote (probe alerts), as the console shows times
        self.setWindowTitle(self.tr("Helpdesk console — {name}").format(name=actor.full_name))
        self.resize(1440, 860)

        self.diagnostics = DiagnosticsSession(ops, parent=self)  # one SshPool for the whole session
        # The first page of the queue is what the agent waits for: the saved filters, the ticket
        # view's widgets (hidden until a ticket is opened) and reference data and the notifications
        # come once it is on screen (_on_first_rows).
        self.queue = QueuePane(ops, actor, load_filters=False)
        self.ticket = TicketView(ops, actor, diagnostics=self.diagnostics, load_reference=False, build_body=False)
        self.queue.sig_open_ticket.connect(self.ticket.load)
        self.ticket.sig_loaded.connect(lambda detail: self.queue.follow(detail.id))
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("queueSplit")
        split.addWidget(self.queue)
        split.addWidget(self.ticket)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self._split = split
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(split, self.tr("Queue"))
        # Tab → (placeholder, factory) until the tab is first opened; then the pane takes its place.
        self._lazy: dict[str, tuple[QWidget, Callable[[], QWidget]]] = {}
        self._panes: dict[str, QWidget] = {}
        self._lazy_tab("kb", self.tr("Knowledge base"), self._make_kb)
        self._lazy_tab("dashboard", self.tr("Dashboard"), self._make_dashboard)
        self._lazy_tab("machines", self.tr("Machines"), self._make_machines)
        if can(actor, Permission.MAIL_MANAGE):
            self._lazy_tab("mail", self.tr("Mail"), self._make_mail)
        if admin_tab.visible_to(actor):
            self._lazy_tab("admin", self.tr("Administration"), self._make_admin)
        self.tabs.currentChanged.connect(self._on_tab)
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
        ops.sig_busy.connect(self._on_busy)  # a bound slot: disconnected when the window is deleted

        self.notifications = NotificationPoller(ops, actor, parent=self)
        self.notifications.sig_unread.connect(self._on_unread)
        self.notifications.sig_new.connect(self._on_new_notifications)
        self.notifier = DesktopNotifier(self.tr("Helpdesk"), parent=self, tray=tray)
        self._tray_menu()
        self.bell.setToolTip(self.tr("Notifications"))
        self._menus()
        self._deferred: list[Callable[[], None]] | None = [
            self.queue.load_saved_filters, self.ticket.build_body, self.ticket.load_reference, self.notifications.poll,
            MainThreadGc.freeze]
        model = self.queue.model
        model.sig_page_loaded.connect(self._on_first_rows)
        model.sig_count_changed.connect(self._on_first_count)
        ops.sig_error.connect(self._on_first_rows)  # the count failed: no page is coming
        QTimer.singleShot(FIRST_PAGE_PATIENCE_MS, self, self._on_first_rows)  # a window never shown asks for none

    def _on_first_count(self, count: int) -> None:
        if count == 0:
            self._on_first_rows()  # an empty view: no page is coming

    def _on_first_rows(self, *_args: object) -> None:
        """The first rows are in (or none are coming): after their paint, start what waited for them."""
        if self._deferred is None:
            return
        deferred, self._deferred = self._deferred, None
        for fn in deferred:
            self.ops.later(fn)

    # --- tabs built on first use -----------------------------------------------------------------

    def _lazy_tab(self, name: str, text: str, factory: Callable[[], QWidget]) -> None:
        placeholder = QWidget()
        placeholder.setObjectName(f"{name}Placeholder")
        self._lazy[name] = (placeholder, factory)
        self.tabs.addTab(placeholder, text)

    def _pane(self, name: str) -> QWidget:
        """The tab's pane, built (and put in its placeholder's place) on first use."""
        pane = self._panes.get(name)
        if pane is not None:
            return pane
        placeholder, factory = self._lazy.pop(name)
        pane = self._panes[name] = factory()
        index, current = self.tabs.indexOf(placeholder), self.tabs.currentIndex()
        blocked = self.tabs.blockSignals(True)  # one swap, not a tab change: nobody else needs to hear it
        try:
            text = self.tabs.tabText(index)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, pane, text)
            self.tabs.setCurrentIndex(current)
        finally:
            self.tabs.blockSignals(blocked)
        placeholder.deleteLater()
        return pane

    def _on_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        for name, (placeholder, _factory) in list(self._lazy.items()):
            if placeholder is widget:
                self._pane(name)

    def _make_kb(self) -> QWidget:
        from desktop.console.kb.view import KbPane

        return KbPane(self.ops, self.actor)

    def _make_dashboard(self) -> QWidget:
        from desktop.console.dashboard.view import DashboardPane

        pane = DashboardPane(self.ops, self.actor)
        pane.sig_open_tickets.connect(self.show_tickets)
        return pane

    def _make_machines(self) -> QWidget:
        from desktop.console.machines import MachinesPane

        pane = MachinesPane(self.ops, self.actor, diagnostics=self.diagnostics,
                            current_ticket=lambda: self.ticket.detail)
        pane.sig_open_ticket.connect(self._open_ticket)
        return pane

    def _make_mail(self) -> QWidget:
        from desktop.console.mail_view import MailPane

        pane = MailPane(self.ops, self.actor)
        pane.undelivered.sig_open_ticket.connect(self._open_ticket)
        return pane
    def _make_admin(self) -> QWidget:
        from desktop.console.admin.pane import AdminPane

        return AdminPane(self.ops, self.actor)

    @property
    def admin(self) -> AdminPane:
        return cast("AdminPane", self._pane("admin"))

    @property
    def kb(self) -> KbPane:
        return cast("KbPane", self._pane("kb"))

    @property
    def dashboard(self) -> DashboardPane:
        return cast("DashboardPane", self._pane("dashboard"))

    @property
    def machines(self) -> MachinesPane:
        return cast("MachinesPane", self._pane("machines"))

    @property
    def mail(self) -> MailPane:
        return cast("MailPane", self._pane("mail"))

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
        add(app_menu, self.tr("Two-factor sign-in…"), None, self.set_up_two_factor)
        app_menu.addSeparator()
        add(app_menu, self.tr("Quit"), "Ctrl+Q", self.quit)
        work = self.menuBar().addMenu(self.tr("&Ticket"))
        self.act_new = add(work, self.tr("New ticket…"), "Ctrl+N", self.new_ticket)
        self.act_new.setEnabled(can(self.actor, Permission.TICKET_CREATE_FOR_OTHERS))
        self.act_next = add(work, self.tr("Next ticket"), "Ctrl+J", lambda: self._step(1))
        self.act_prev = add(work, self.tr("Previous ticket"), "Ctrl+K", lambda: self._step(-1))
        self.act_reply = add(work, self.tr("Reply"), "Ctrl+R", self.focus_reply)
        self.act_send = add(work, self.tr("Send reply"), "Ctrl+Return", self.ticket.send_reply)
        self.act_note = add(work, self.tr("Add internal note"), actions.NOTE_SHORTCUT, self._add_note)
        for name in ("claim", "assign", "escalate", "resolve"):
            work.addAction(self.ticket.act[name])
        work.addSeparator()
        add(work, self.tr("Search the queue"), "Ctrl+F", self._focus_search)
        add(work, self.tr("Refresh"), "F5", self.queue.model.reload)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        add(help_menu, self.tr("Keyboard shortcuts"), "F1", self._shortcuts)

    def new_ticket(self) -> NewTicketDialog | None:
        """Log a phone call, a walk-in or a chat (Ctrl+N)."""
        if not can(self.actor, Permission.TICKET_CREATE_FOR_OTHERS):
            return None
        from desktop.console.intake.dialog import NewTicketDialog

        dialog = NewTicketDialog(self.ops, self.actor, self)
        dialog.sig_created.connect(self._on_ticket_created)
        dialog.sig_open_ticket.connect(self._open_ticket)
        dialog.sig_open_article.connect(self._open_article)
        dialog.open()
        return dialog

    def _on_ticket_created(self, ticket: TicketDetail) -> None:
        self._open_ticket(ticket.id)
        self.statusBar().showMessage(self.tr("{number} created for {name}.").format(
            number=ticket.number, name=ticket.requester.full_name), 8000)

    def show_tickets(self, ticket_ids: list[int]) -> None:
        """List these tickets in the queue (from the dashboard) and open the first."""
        self.tabs.setCurrentIndex(0)
        self.queue.show_tickets(ticket_ids)
        if ticket_ids:
            self.ticket.load(ticket_ids[0])

    def _open_ticket(self, ticket_id: int) -> None:
        self.tabs.setCurrentIndex(0)
        self.ticket.load(ticket_id)

    def _step(self, step: int) -> None:
        self.tabs.setCurrentIndex(0)
        self.queue.select_next(step)

    def focus_reply(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.ticket.reply_box.setFocus()

    def _add_note(self) -> None:
        """The reply box's text as an internal note, or the box focused to write one."""
        self.tabs.setCurrentIndex(0)
        if self.ticket.note_button.isEnabled():
            self.ticket.add_note()

    def _focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.queue.search.setFocus()
        self.queue.search.selectAll()

    def _open_article(self, article_id: int) -> None:
        self.tabs.setCurrentWidget(self.kb)
        self.kb.open_article(article_id)

    def open_settings(self) -> SettingsDialog:
        from desktop.common.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self, console=True, tray=self.notifier.native)
        dialog.open()
        return dialog

    def set_up_two_factor(self) -> None:
        """Enrol an authenticator app for the signed-in user (the dialog shows the secret once)."""
        from desktop.common.twofactor_dialog import EnrolmentDialog
        from shared.services import twofactor

        def confirm(dialog: EnrolmentDialog, result: int) -> None:
            if result != EnrolmentDialog.DialogCode.Accepted:
                return
            code = dialog.code_text()

            def done(_none: None) -> None:
                box = QMessageBox(QMessageBox.Icon.Information, self.tr("Two-factor sign-in"), self.tr(
                    "Two-factor sign-in is on: from now on you sign in with your password and a code from the app."),
                    QMessageBox.StandardButton.Ok, self)
                box.setObjectName("twoFactorOn")
                box.open()  # not exec(): the window keeps its event loop

            self.ops.run(lambda uow: twofactor.confirm(uow, self.actor, code), done, parent=self)

        def show(enrolment: twofactor.Enrolment) -> None:
            dialog = EnrolmentDialog(enrolment, self)
            self.enrolment_dialog = dialog
            dialog.finished.connect(lambda result: confirm(dialog, result))
            dialog.open()

        self.ops.run(lambda uow: twofactor.begin(uow, self.actor), show, parent=self)

    def _shortcuts(self) -> None:
        rows = [(self.tr("New ticket"), "Ctrl+N"),
                (self.tr("Next / previous ticket"), "Ctrl+J / Ctrl+K"), (self.tr("Reply"), "Ctrl+R"),
                (self.tr("Send reply"), "Ctrl+Enter"), (self.tr("Add internal note"), actions.NOTE_SHORTCUT),
                (self.tr("Claim"), actions.SHORTCUTS["claim"]), (self.tr("Assign"), actions.SHORTCUTS["assign"]),
                (self.tr("Escalate"), actions.SHORTCUTS["escalate"]),
                (self.tr("Resolve"), actions.SHORTCUTS["resolve"]),
                (self.tr("Search the queue"), "Ctrl+F"),
                (self.tr("Refresh"), "F5"), (self.tr("Settings"), "Ctrl+,")]
        text = "".join(f"<tr><td>{a}</td><td><b>{b}</b></td></tr>" for a, b in rows)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Keyboard shortcuts"),
                          f"<table cellpadding='3'>{text}</table>", QMessageBox.StandardButton.Ok, self)
        box.open()

    def _on_busy(self, busy: bool) -> None:
        self.busy.setText(self.tr("Working…") if busy else "")

    def _on_unread(self, page: InboxPage) -> None:
        self.bell.setText(self.tr("Notifications ({n})").format(n=page.unread) if page.unread
                          else self.tr("Notifications"))
        menu = self.bell.menu()
        menu.clear()
        for item in page.items:
            action = menu.addAction(item.text)
            action.triggered.connect(lambda _c=False, i=item.id, t=item.ticket_id: self._on_notification(i, t))
        if not page.items:
            menu.addAction(self.tr("No new notifications")).setEnabled(False)
            return
        menu.addSeparator()
        hidden = page.unread - len(page.items)
        if hidden > 0:
            more = menu.addAction(self.tr("Show {n} older…").format(n=min(hidden, 20)))
            more.triggered.connect(self.notifications.show_more)
        menu.addAction(self.tr("Mark all as read")).triggered.connect(self.notifications.mark_all_read)

    def _on_new_notifications(self, items: list[Notification]) -> None:
        for item in items:
            if item.kind in ANNOUNCED_KINDS:
                self.notifier.notify(item.text)

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

    def _tray_menu(self) -> None:
        icon = self.notifier.icon
        if icon is None:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Open the console")).triggered.connect(self.restore)
        menu.addAction(self.tr("Quit")).triggered.connect(self.quit)
        icon.setContextMenu(menu)
        icon.activated.connect(lambda _reason: self.restore())

    def restore(self) -> None:
        """Back from the tray."""
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def quit(self) -> None:
        self.quitting = True
        self.close()

    def closeEvent(self, event: Any) -> None:
        # Kept in the tray: the window hides and the bell keeps polling; where the desktop has no
        # tray there would be no way back, so the console quits as usual.
        if not self.quitting and keep_in_tray() and self.notifier.native:
            event.ignore()
            self.hide()
            if not getattr(self, "_told_tray", False):
                self._told_tray = True
                self.notifier.notify(self.tr("The console keeps running in the system tray; Quit ends it."))
            return
        self.ops.wait(5000)
        self.diagnostics.close()
        super().closeEvent(event)


def app_instance() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app
