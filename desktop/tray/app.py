"""`helpdesk tray`: the end-user app. A system-tray icon with a menu; where there is no tray
(offscreen, some Linux desktops) a small window with the same actions."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPushButton,
    QSystemTrayIcon,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.common.banner import KnownProblemBanner
from desktop.common.icons import app_icon
from desktop.common.ops import Ops
from desktop.common.signin import SignInDialog
from desktop.tray.assistant import AssistantDialog
from desktop.tray.assistant_client import backend_for
from desktop.tray.client import TrayClient
from desktop.tray.my_tickets import MyTicketsWindow
from desktop.tray.notices import OutboxWindow, item_text, news_text
from desktop.tray.outbox import Item, Outbox
from desktop.tray.reply_again import ReplyAgainDialog
from desktop.tray.report_dialog import ReportDialog
from desktop.tray.watcher import Watcher
from shared.services.incidents import Banner
from shared.services.kb import ArticleView

if TYPE_CHECKING:
    from desktop.tray.http_client import HttpClient  # imported when used: httpx only for --server
    from shared.cli_support import CliContext
    from shared.services.twofactor import Enrolment

SERVER_ENV = "HELPDESK_TRAY_SERVER"
CA_BUNDLE_ENV = "HELPDESK_TRAY_CA_BUNDLE"
QUIT_JOIN_S = 2.0  # how long leaving the tray waits for its news watcher to end


class HelpSearchDialog(QDialog):
    """Search published help articles and say whether one helped."""

    sig_results = Signal(int)

    def __init__(self, ops: Ops, client: TrayClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.client = ops, client
        self.articles: list[ArticleView] = []
        self.setWindowTitle(self.tr("Search help articles"))
        self.resize(760, 520)
        self.search = QLineEdit()
        self.search.setObjectName("helpSearch")
        self.search.setPlaceholderText(self.tr("Type a few words, e.g. printer, VPN, password…"))
        self.search.returnPressed.connect(self.run_search)
        self._debounce = QTimer(self, singleShot=True, interval=350)
        self._debounce.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.results = QListWidget()
        self.results.currentRowChanged.connect(self._on_pick)
        self.text = QTextBrowser()
        self.helpful = QPushButton(self.tr("This helped"))
        self.not_helpful = QPushButton(self.tr("This did not help"))
        for button, value in ((self.helpful, True), (self.not_helpful, False)):
            button.setEnabled(False)
            button.clicked.connect(lambda _c=False, v=value: self._vote(v))
        votes = QHBoxLayout()
        votes.addStretch(1)
        votes.addWidget(self.not_helpful)
        votes.addWidget(self.helpful)
        body = QHBoxLayout()
        body.addWidget(self.results, 2)
        body.addWidget(self.text, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(body, 1)
        layout.addLayout(votes)

    def run_search(self) -> None:
        self._debounce.stop()
        text, client = self.search.text(), self.client
        self.ops.call(lambda: client.search_articles(text, 20), self._on_results, parent=self)

    def _on_results(self, articles: list[ArticleView]) -> None:
        self.articles = list(articles)
        self.results.clear()
        self.results.addItems([a.title for a in self.articles])
        if not self.articles:
            self.text.setPlainText(self.tr("No articles match. Try other words, or report the problem."))
        else:
            self.results.setCurrentRow(0)
        self.sig_results.emit(len(self.articles))

    def _on_pick(self, row: int) -> None:
        ok = 0 <= row < len(self.articles)
        if ok:
            self.text.setPlainText(self.articles[row].body)
        self.helpful.setEnabled(ok)
        self.not_helpful.setEnabled(ok)

    def _vote(self, helpful: bool) -> None:
        row = self.results.currentRow()
        if 0 <= row < len(self.articles):
            article_id, client = self.articles[row].id, self.client
            self.ops.call(lambda: client.vote(article_id, helpful), parent=self)
            self.helpful.setEnabled(False)
            self.not_helpful.setEnabled(False)


class TrayApp(QObject):
    """Owns the menu, the tray icon (when there is a tray) or the fallback window."""

    sig_notice = Signal(str, str)  # title, text: what a tray notification said

    def __init__(self, ops: Ops, client: TrayClient, *, use_tray: bool | None = None,
                 outbox: Outbox | None = None) -> None:
        super().__init__()
        self.ops, self.client, self.outbox = ops, client, outbox
        self.watcher: Watcher | None = None
        self.windows: list[QWidget] = []
        self.menu = QMenu()
        self.menu.setObjectName("trayMenu")
        self.act_report = self._action(self.tr("Report a problem…"), self.report_problem)
        self.act_tickets = self._action(self.tr("My tickets"), self.my_tickets)
        self.act_search = self._action(self.tr("Search help articles…"), self.search_help)
        self.act_assistant = self._action(self.tr("Ask the help assistant…"), self.ask_assistant)
        self.known = KnownProblemBanner()  # confirmed major incidents: said before anyone reports
        self.act_outbox: QAction | None = None
        if outbox is not None:
            self.act_outbox = self._action(self.tr("Outbox"), self.show_outbox)
        self.menu.addSeparator()
        self.act_sign_out: QAction | None = None
        if hasattr(client, "sign_out"):  # a server session: end it there, not only here
            self.act_sign_out = self._action(self.tr("Sign out"), self.sign_out)
        self.act_quit = self._action(self.tr("Quit"), self.quit)
        if use_tray is None:
            use_tray = QSystemTrayIcon.isSystemTrayAvailable()
        self.tray: QSystemTrayIcon | None = None
        self.window: QWidget | None = None
        if use_tray:
            self.tray = QSystemTrayIcon(app_icon(), self)
            self.tray.setToolTip(self.tr("Helpdesk — {name}").format(name=client.actor.full_name))
            self.tray.setContextMenu(self.menu)
            self.tray.activated.connect(self._on_activated)
        else:
            self.window = self._fallback_window()
            self.window.destroyed.connect(lambda _o=None: self.stop_push())

    def _action(self, text: str, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self.menu)
        action.triggered.connect(slot)
        self.menu.addAction(action)
        return action

    def _fallback_window(self) -> QWidget:
        window = QWidget()
        window.setObjectName("trayWindow")
        window.setWindowTitle(self.tr("Helpdesk"))
        window.setWindowIcon(app_icon())
        hello = QLabel(self.tr("Hello {name}. How can we help?").format(name=self.client.actor.full_name))
        hello.setObjectName("sectionTitle")
        hello.setWordWrap(True)
        # Without a tray there are no balloons: the latest notice shows here.
        self.notice = QLabel()
        self.notice.setObjectName("trayNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout = QVBoxLayout(window)
        layout.addWidget(hello)
        layout.addWidget(self.notice)
        layout.addWidget(self.known)
        actions = [self.act_report, self.act_tickets, self.act_search, self.act_assistant, self.act_outbox,
                   self.act_quit]
        for action in (a for a in actions if a is not None):
            button = QPushButton(action.text())
            button.setObjectName("tray_" + action.text().strip("…").replace(" ", "_").lower())
            button.clicked.connect(action.trigger)
            layout.addWidget(button)
        window.resize(320, 220)
        return window

    def show(self) -> None:
        if self.tray is not None:
            self.tray.show()
        elif self.window is not None:
            self.window.show()
        self.refresh_known_problems()

    def refresh_known_problems(self) -> None:
        backend = backend_for(self.client)
        self.ops.call(backend.known_problems, self._on_known_problems, failure=lambda _e: True)

    def _on_known_problems(self, banners: list[Banner]) -> None:
        self.known.show_banners(banners)
        layout = self.window.layout() if self.window is not None else None
        if self.window is not None and layout is not None and layout.hasHeightForWidth():
            # The banner wraps: grow the small window to show it whole rather than clip it.
            width = self.window.width()
            self.window.resize(width, max(self.window.height(), layout.totalHeightForWidth(width)))
        if banners and self.tray is not None:
            self.tray.showMessage(self.tr("Known problem"), banners[0].text)

    def ask_assistant(self) -> AssistantDialog:
        dialog = AssistantDialog(self.ops, backend_for(self.client))
        self._keep(dialog)
        dialog.sig_submitted.connect(self._on_submitted)
        dialog.show()
        return dialog

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.my_tickets()

    def _keep(self, widget: QWidget) -> QWidget:
        widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.windows.append(widget)
        widget.destroyed.connect(lambda _o=None, w=widget: self.windows.remove(w) if w in self.windows else None)
        return widget

    def report_problem(self) -> ReportDialog:
        return self.report_again(None)

    def report_again(self, item: Item | None) -> ReportDialog:
        """The report dialog; with a failed outbox item (a report, or a reply its closed ticket
        refused), filled in from it to correct and send again (a snapshot kept with the item goes
        rather than a new one)."""
        # A corrected report sends the details kept with it, or none if the user had left them out:
        # never a new collection they did not see before.
        kept = item is not None and item.kind == "report"
        dialog = (ReportDialog(self.ops, self.client, outbox=self.outbox, snapshot_source=None) if kept
                  else ReportDialog(self.ops, self.client, outbox=self.outbox))
        if not self.client.supports_attachments:  # say so, rather than drop the screenshot on sending
            dialog.screenshot.setChecked(False)
            dialog.screenshot.setEnabled(False)
            dialog.screenshot.setText(self.tr("Screenshots cannot be sent to this helpdesk server yet"))
        banner = KnownProblemBanner(dialog)  # the known problem first: it may be the one they report
        banner.show_banners(self.known.banners)
        layout = dialog.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(0, banner)
        if item is not None:
            dialog.edit(item)
            for signal in (dialog.sig_submitted, dialog.sig_added, dialog.sig_refused):
                signal.connect(lambda _x: self._reload_outbox())
        self._keep(dialog)
        dialog.sig_submitted.connect(self._on_submitted)
        dialog.sig_added.connect(self._on_added)
        dialog.sig_queued.connect(self._on_queued)
        dialog.show()
        return dialog

    def edit_item(self, item: Item) -> QDialog | None:
        """Correct a failed outbox item and send it again: its report or reply dialog, filled in.
        One dialog per item (a second would only be refused when it sends: see Outbox.resend)."""
        if self.outbox is None:
            return None
        for window in self.windows:
            if isinstance(window, ReportDialog | ReplyAgainDialog) and window.replaces == item.key:
                window.raise_()
                window.activateWindow()
                return window
        if item.kind == "report":
            return self.report_again(item)
        dialog = ReplyAgainDialog(self.ops, self.client, self.outbox, item)
        self._keep(dialog)
        dialog.sig_sent.connect(self._on_added)
        dialog.sig_sent.connect(lambda _d: self._reload_outbox())
        dialog.sig_queued.connect(self._on_queued)
        dialog.sig_refused.connect(lambda _r: self._reload_outbox())
        dialog.sig_as_report.connect(self.report_again)
        dialog.show()
        return dialog

    def _on_added(self, detail) -> None:  # type: ignore[no-untyped-def]
        for window in self.windows:  # an open "My tickets" shows the ticket the words went to
            if isinstance(window, MyTicketsWindow):
                window.show_ticket(detail.id)
        self.notify(self.tr("Added to your ticket"),
                    self.tr("Your words were added to {number}.").format(number=detail.number))

    def notify(self, title: str, text: str) -> None:
        """A balloon from the tray icon, or the notice line of the fallback window."""
        if self.tray is not None:
            self.tray.showMessage(title, text)
        elif self.window is not None:
            import shiboken6  # here, not at the top: without Qt, the CLI must fail on PySide6's import

            if not shiboken6.isValid(self.notice):  # the window is gone: nobody to tell, stop watching
                self.stop_push()
                return
            self.notice.setText(f"{title}: {text}")
            self.notice.show()
        self.sig_notice.emit(title, text)

    def stop_push(self, timeout: float | None = None) -> None:
        """With a timeout, wait that long for the watcher to end (a local read ends at once; a
        server's long-poll in flight is not waited for beyond it)."""
        if self.watcher is not None:
            self.watcher.stop(timeout)

    def _on_queued(self, item: Item) -> None:
        self.notify(self.tr("Kept in the outbox"), item_text(item))
        self._reload_outbox()

    def _reload_outbox(self) -> None:
        for window in self.windows:
            if isinstance(window, OutboxWindow):
                window.reload()

    def show_outbox(self) -> OutboxWindow | None:
        if self.outbox is None:
            return None
        window = OutboxWindow(self.ops, self.client, self.outbox)
        window.sig_flushed.connect(lambda _n: self._refresh_tickets())
        window.sig_edit.connect(self.edit_item)
        self._keep(window)
        window.show()
        return window

    # --- news without Refresh ------------------------------------------------------------------------

    def start_push(self, watcher: Watcher | None = None) -> Watcher:
        """Watch for replies and status changes (server long-poll, or the local change stamp) and,
        whenever the server answers again, send what the outbox kept."""
        self.watcher = watcher or Watcher(self.client)
        self.watcher.sig_news.connect(self._on_news)
        self.watcher.sig_stamp.connect(lambda _s: self._refresh_tickets())
        self.watcher.sig_online.connect(self._on_online)
        self.watcher.start()
        return self.watcher

    def _on_news(self, feed) -> None:  # type: ignore[no-untyped-def]
        for news in feed.news:
            self.notify(self.tr("News on your ticket"), news_text(news))

    def _refresh_tickets(self) -> None:
        for window in self.windows:
            if isinstance(window, MyTicketsWindow):
                window.reload()

    def _on_online(self, online: bool) -> None:
        if online and self.outbox is not None:
            self.flush_outbox()

    def flush_outbox(self) -> None:
        outbox, client = self.outbox, self.client
        if outbox is None:
            return

        def sent(changed: list[Item]) -> None:
            for item in changed:
                self.notify(self.tr("Outbox"), item_text(item))
            if changed:
                self._reload_outbox()
                self._refresh_tickets()

        self.ops.call(lambda: outbox.flush(client), sent, failure=lambda _e: True)

    def _on_submitted(self, detail) -> None:  # type: ignore[no-untyped-def]
        for window in self.windows:  # an open "My tickets" shows the new ticket at once
            if isinstance(window, MyTicketsWindow):
                window.show_ticket(detail.id)
        if self.tray is not None:
            self.tray.showMessage(self.tr("Problem reported"),
                                  self.tr("{number} was sent to the helpdesk.").format(number=detail.number))

    def my_tickets(self) -> MyTicketsWindow:
        window = MyTicketsWindow(self.ops, self.client, outbox=self.outbox)
        window.sig_queued.connect(self._on_queued)
        self._keep(window)
        window.show()
        return window

    def search_help(self) -> HelpSearchDialog:
        dialog = HelpSearchDialog(self.ops, self.client)
        self._keep(dialog)
        dialog.show()
        return dialog

    def sign_out(self) -> None:
        """End the session on the server and forget a remembered one, then quit (even when the
        server cannot be reached: the local copy is gone either way)."""
        sign_out = getattr(self.client, "sign_out")  # noqa: B009  (HttpClient only; see __init__)

        def done(_result: object) -> None:
            self.quit()

        def failed(_exc: BaseException) -> bool:
            self.quit()
            return True

        self.ops.call(sign_out, done, failure=failed)

    def quit(self) -> None:
        self.stop_push()
        for w in list(self.windows):
            w.close()
        if self.window is not None:
            self.window.close()
        if self.tray is not None:
            self.tray.hide()
        app = QApplication.instance()
        if app is not None:
            app.quit()


class HttpSignInDialog(SignInDialog):
    """Sign in at the helpdesk server. "Remember me" keeps the session in the OS keyring."""

    def __init__(self, ops: Ops, server: str, *, title: str, ca_bundle: str | None = None, username: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, title=title, username=username, parent=parent)
        self.server, self.ca_bundle = server, ca_bundle
        self.client: HttpClient | None = None
        self.remember = QCheckBox(self.tr("Remember me on this computer"))
        self.remember.setObjectName("rememberMe")
        self.remember.setToolTip(self.tr("Keeps the sign-in in the system's keyring, never in a file."))
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.message), self.remember)

    def _authenticate(self, name: str, password: str, code: str | None) -> None:
        server, ca_bundle, remember = self.server, self.ca_bundle, self.remember.isChecked()

        def op() -> HttpClient:
            from desktop.tray.http_client import HttpClient, forget_session, remember_session

            client = HttpClient.sign_in(server, name, password, code=code, ca_bundle=ca_bundle)
            if remember:
                remember_session(client)
                client.on_refresh = remember_session  # a refreshed token replaces the stored one
            else:
                forget_session(client.server)  # unticked: no session stays behind from an earlier time
            return client

        self.ops.call(op, self._on_client, failure=self._on_failed, parent=self)

    def _begin_enrolment(self, name: str, password: str) -> None:
        server, ca_bundle = self.server, self.ca_bundle

        def op() -> Enrolment:
            from desktop.tray.http_client import HttpClient

            return HttpClient.begin_enrolment(server, name, password, ca_bundle=ca_bundle)

        self.ops.call(op, self._on_enrolment, failure=self._on_failed, parent=self)

    def _on_client(self, client: HttpClient) -> None:
        self.client = client
        self._on_ok(client.actor)


def register_cli(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from shared.i18n import _  # the CLI's catalogue: `helpdesk --language id tray --help`

    parser = subparsers.add_parser("tray", help=_("start the end-user tray app"))
    parser.add_argument("--user", help=_("sign in as this user (with --password: no dialog)"))
    parser.add_argument("--password", help=_("password for --user"))
    parser.add_argument("--server", default=os.environ.get(SERVER_ENV) or None, metavar="URL",
                        help=_("the helpdesk server (https://…) for a team deployment; default ${env}. "
                               "Without it the tray uses the local database").format(env=SERVER_ENV))
    parser.add_argument("--ca-bundle", default=os.environ.get(CA_BUNDLE_ENV) or None, metavar="PATH",
                        help=_("extra CA certificates (PEM) to trust for --server; default ${env}").format(
                            env=CA_BUNDLE_ENV))
    parser.set_defaults(handler=handler)


def handler(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop.common.launch import run_until_quit

    started = start(args, ctx)
    try:
        return run_until_quit(started)
    finally:
        if not isinstance(started, int):
            # However the loop ended (Quit, a session's end, the bundle's smoke test), the news
            # watcher is gone before the interpreter shuts down: a daemon thread frozen inside a
            # database call can hold a lock that finalisation then waits on for ever.
            started[2].stop_push(timeout=QUIT_JOIN_S)


def start(args: argparse.Namespace, ctx: CliContext):  # type: ignore[no-untyped-def]
    """Everything up to the event loop: (app, ops, TrayApp), or an exit code."""
    from desktop.common.compat import guard_none_refcount
    from desktop.common.theme import apply_language, apply_theme, saved_theme
    from desktop.tray.client import LocalClient
    from shared.errors import HelpdeskError

    guard_none_refcount()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Helpdesk")
    app.setQuitOnLastWindowClosed(False)
    app.setWindowIcon(app_icon())
    apply_language(app, ctx.settings.language)
    apply_theme(app, saved_theme())
    client: TrayClient
    if getattr(args, "server", None):
        started = _start_http(app, args)
        if isinstance(started, int):
            return started
        ops, client = started
        return _show(app, ops, client, args.server)
    db = ctx.database()
    ops = Ops(db)
    if args.user and args.password:
        try:
            client = LocalClient.sign_in(db, args.user, args.password)
        except HelpdeskError as exc:
            print(exc.message, file=sys.stderr)
            return exc.exit_code
    else:
        dialog = SignInDialog(ops, title=app.translate("tray", "Helpdesk — sign in"), username=args.user or "")
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
            return 1
        client = LocalClient(db, dialog.actor)
    return _show(app, ops, client)


def _show(app: QApplication, ops: Ops, client: TrayClient,  # type: ignore[no-untyped-def]
          server: str | None = None):
    from desktop.tray.outbox import default_directory

    tray = TrayApp(ops, client, outbox=Outbox(default_directory(server, client.actor.id or 0)))
    if tray.tray is None:
        app.setQuitOnLastWindowClosed(True)
    tray.show()
    tray.start_push()
    tray.flush_outbox()  # what was kept last time goes now, if the server answers
    return app, ops, tray


def _start_http(app: QApplication, args: argparse.Namespace) -> tuple[Ops, HttpClient] | int:
    """Sign in at `--server`: with --user/--password, a remembered session, or the dialog."""
    from desktop.tray.http_client import HttpClient, forget_session, load_session
    from desktop.tray.keyring_check import keyring_usable, warn_once_without_keyring
    from shared.errors import AuthenticationFailed, HelpdeskError

    ops = Ops()  # no database: every op is a call of the HTTP client
    warn_once_without_keyring()
    try:
        if args.user and args.password:
            return ops, HttpClient.sign_in(args.server, args.user, args.password, ca_bundle=args.ca_bundle)
        client = None if args.user else load_session(args.server, ca_bundle=args.ca_bundle)
        if client is not None:
            from desktop.tray.http_client import remember_session

            client.on_refresh = remember_session  # remembered: keep the stored token current
            try:
                client.check()
                return ops, client
            except AuthenticationFailed:  # expired or the server's secret changed: sign in again
                forget_session(client.server)
                client.close()
            except HelpdeskError:  # the server is down: keep the session, calls say so until it is back
                return ops, client
    except HelpdeskError as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    dialog = HttpSignInDialog(ops, args.server, ca_bundle=args.ca_bundle, username=args.user or "",
                              title=app.translate("tray", "Helpdesk — sign in"))
    dialog.remember.setEnabled(keyring_usable())  # nowhere to keep it: said once above
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.client is None:
        return 1
    return ops, dialog.client
