"""The ticket view: header, timeline, reply box with canned responses, actions and KB suggestions.

Every edit passes `expected_version`. When another agent saved first, the service raises
Conflict with their timeline entries: the view shows them in a banner, reloads the ticket, keeps
the agent's drafts (reply text, solution) and offers to apply the change again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.common.flow import FlowLayout
from desktop.common.ops import Ops
from desktop.console.diagnostics.hooks import TicketDiagnostics
from desktop.console.diagnostics.session import DiagnosticsSession
from desktop.console.ticket import actions
from desktop.console.ticket.checklist import ChecklistWidget
from desktop.console.ticket.header import TicketHeader
from desktop.console.ticket.timeline import event_text, render
from desktop.console.ticket.triage_panel import TriagePanel
from desktop.console.ticket.undelivered import UndeliveredBanner
from shared.auth.permissions import Actor, Permission, can
from shared.changes import Changes
from shared.errors import Conflict
from shared.models.enums import EntryKind
from shared.services.dto import ChangedTicket, EntryView, TicketDetail
from shared.services.names import shown_name, shown_path
from shared.services.uow import UnitOfWork

if TYPE_CHECKING:  # the services are imported where used: a ticket's first load, not the console's start
    from shared.services.kb import ArticleView, CannedView

Submit = Callable[[UnitOfWork, int], ChangedTicket]
# What TicketView.build_body() makes (TicketView.__getattr__ builds it when one is asked for first).
_BODY = frozenset({"header", "toolbar", "buttons", "banner", "banner_text", "retry_button", "mail_banner",
                   "timeline", "canned",
                   "reply_box", "send_button", "note_button", "suggestions", "checklist", "triage", "body"})


class TicketView(QWidget):
    sig_loaded = Signal(object)  # TicketDetail
    sig_saved = Signal(str)  # the action's name, after the service accepted it
    sig_conflict = Signal(object)  # Conflict
    sig_open_article = Signal(int)

    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None, *,
                 diagnostics: DiagnosticsSession | None = None, load_reference: bool = True,
                 build_body: bool = True) -> None:
        """`load_reference=False`: the caller calls `load_reference()` when it suits it (the main
        window: once the first queue page is on screen). `build_body=False`: only the "select a
        ticket" placeholder and the actions (the menus hold them) are built; the rest, hidden until
        a ticket is shown, is built by `build_body()` (the main window: once the first queue page
        is on screen), or at the first use of one of its widgets."""
        super().__init__(parent)
        self.ops, self.actor = ops, actor
        self.detail: TicketDetail | None = None
        # The main window shares one session (one SshPool); a view on its own makes its own.
        self.diagnostics = TicketDiagnostics(self, diagnostics or DiagnosticsSession(ops, parent=self))
        self.solution_draft = ""
        self.dialog: QDialog | None = None  # the action dialog last opened (tests drive it)
        self._retry: Callable[[], None] | None = None
        self._names: dict[str, str] = {}
        self.expanded_quotes: set[int] = set()

        self.empty = QLabel(self.tr("Select a ticket in the queue to see it here."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("emptyTicket")
        self.act: dict[str, QAction] = actions.build(self)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.empty)
        self._body_pending = True
        if build_body:
            self.build_body()
        else:
            self.update_actions()
        ops.sig_changed.connect(self._on_changed)
        if load_reference:
            self.load_reference()

    if not TYPE_CHECKING:  # for mypy every widget of the body is always there, as it is to its callers
        def __getattr__(self, name: str) -> Any:
            """A widget of the body before `build_body()` ran: built now (a ticket opened, or a
            test, before the first queue page)."""
            if name in _BODY and self.__dict__.get("_body_pending"):
                self.build_body()
                return getattr(self, name)
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def build_body(self) -> None:
        """The ticket's widgets, hidden until a ticket is shown: the header, the action buttons, the
        conflict banner, the timeline, the reply box and the side panel. Once."""
        if not self.__dict__.get("_body_pending"):
            return
        self._body_pending = False
        ops, actor = self.ops, self.actor
        self.header = TicketHeader()
        # Two rows of buttons rather than a toolbar: a toolbar hides what does not fit behind »,
        # and "Resolve" must never be hidden.
        self.toolbar = QWidget()
        self.toolbar.setObjectName("ticketActions")
        # The buttons wrap onto as many rows as the pane's width needs: a translated label is never
        # squeezed until it is cut.
        rows = FlowLayout(self.toolbar)
        self.buttons: dict[str, QToolButton] = {}
        for group in actions.ROWS:
            for name in group:
                button = QToolButton()
                button.setObjectName(f"button_{name}")
                button.setDefaultAction(self.act[name])
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
                rows.addWidget(button)
                self.buttons[name] = button

        self.banner = QFrame()
        self.banner.setObjectName("conflictBanner")
        self.banner.setStyleSheet("#conflictBanner { background:#fff3e0; border:1px solid #ef6c00; "
                                  "border-radius:4px; } QLabel { color:#5d4037; }")
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.banner_text.setTextFormat(Qt.TextFormat.RichText)
        self.retry_button = QPushButton(self.tr("Apply my change again"))
        self.retry_button.setObjectName("retryButton")
        self.retry_button.clicked.connect(self._on_retry)
        dismiss = QPushButton(self.tr("Dismiss"))
        dismiss.clicked.connect(self._hide_banner)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.retry_button)
        banner_layout.addWidget(dismiss)
        self.banner.hide()
        self.mail_banner = UndeliveredBanner(ops, actor)  # the ticket's mail that could not be delivered

        self.timeline = QTextBrowser()
        self.timeline.setObjectName("timeline")
        self.timeline.setOpenExternalLinks(False)
        self.timeline.setOpenLinks(False)  # links are ours: quote:<id> shows or hides a mail's whole text
        self.timeline.anchorClicked.connect(self._on_timeline_link)

        self.canned = QComboBox()
        self.canned.setObjectName("cannedBox")
        self.canned.addItem(self.tr("Insert a canned response…"), None)
        # The prompt stays whole in every language; long canned titles are elided instead.
        self.canned.ensurePolished()
        self.canned.setMinimumWidth(self.canned.sizeHint().width())
        self.canned.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.canned.activated.connect(self._on_canned)
        self.reply_box = QPlainTextEdit()
        self.reply_box.setObjectName("replyBox")
        self.reply_box.setPlaceholderText(self.tr("Write a reply to the requester, or an internal note…"))
        self.reply_box.setMinimumHeight(80)
        self.reply_box.setMaximumHeight(110)  # the timeline keeps the room on small screens
        self.send_button = QPushButton(self.tr("Send reply"))
        self.send_button.setObjectName("primary")
        self.send_button.clicked.connect(self.send_reply)
        self.note_button = QPushButton(self.tr("Add internal note"))
        self.note_button.setObjectName("noteButton")
        self.note_button.setToolTip(self.tr("Add the text as an internal note, seen by staff only ({keys})").format(
            keys=QKeySequence(actions.NOTE_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)))
        self.note_button.clicked.connect(self.add_note)
        reply_bar = QWidget()
        reply_row = FlowLayout(reply_bar)
        reply_row.addWidget(self.canned)
        reply_row.addWidget(self.note_button)
        reply_row.addWidget(self.send_button)

        self.suggestions = QListWidget()
        self.suggestions.setObjectName("kbSuggestions")
        self.suggestions.setWordWrap(True)
        self.suggestions.setMinimumWidth(180)
        # Wrapped titles would run into each other: a gap and a rule between articles.
        self.suggestions.setSpacing(3)
        self.suggestions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # titles wrap instead
        self.suggestions.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.suggestions.setStyleSheet(
            "#kbSuggestions::item { border-bottom: 1px solid palette(mid); padding: 4px 2px; }")
        self.suggestions.itemActivated.connect(
            lambda item: self.sig_open_article.emit(int(item.data(Qt.ItemDataRole.UserRole))))
        insert = QPushButton(self.tr("Insert into reply"))
        insert.clicked.connect(self._on_insert_article)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.checklist = ChecklistWidget(ops, actor)
        side_layout.addWidget(self.checklist, 1)
        title = QLabel(self.tr("Suggested articles"))
        title.setObjectName("sectionTitle")
        self.triage = TriagePanel(ops, actor, self)
        self.triage.setVisible(can(actor, Permission.TICKET_VIEW_ALL))
        self.triage.sig_insert_text.connect(self._insert_text)
        self.triage.sig_open_ticket.connect(self.load)
        self.triage.sig_submit.connect(self.submit)
        side_layout.addWidget(self.triage)
        side_layout.addWidget(title)
        side_layout.addWidget(self.suggestions, 1)
        side_layout.addWidget(insert)

        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.addWidget(self.timeline, 1)
        main_layout.addWidget(self.reply_box)
        main_layout.addWidget(reply_bar)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(main)
        split.addWidget(side)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)

        self.body = QWidget()
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(6, 6, 6, 6)
        body_layout.addWidget(self.header)
        body_layout.addWidget(self.toolbar)
        body_layout.addWidget(self.banner)
        body_layout.addWidget(self.mail_banner)
        body_layout.addWidget(split, 1)
        self.body.hide()
        self._layout.addWidget(self.body)
        self.update_actions()

    def load_reference(self) -> None:
        """What the view offers on any ticket: the canned responses, the staff, and the names of
        teams and categories the timeline's events refer to by id."""
        from shared.services import catalog, kb, users

        ops, actor = self.ops, self.actor
        if can(actor, Permission.CANNED_USE):
            ops.run(lambda uow: kb.list_canned(uow, actor), self._on_canned_list, parent=self)
        if can(actor, Permission.TICKET_VIEW_ALL):
            ops.run(lambda uow: users.list_users(uow, actor, staff_only=True), self._on_staff, parent=self)
            ops.run(lambda uow: ([(f"team:{i}", shown_name(n)) for i, n, _t in users.list_teams(uow)]
                                 + [(f"category:{c.id}", shown_path(c.path)) for c in catalog.list_categories(uow)]),
                    lambda pairs: self._names.update(dict(pairs)), parent=self)

    # --- loading -------------------------------------------------------------------------------

    def load(self, ticket_id: int) -> None:
        from shared.services import kb, tickets

        actor = self.actor
        if self.detail is None or self.detail.id != ticket_id:
            self._hide_banner()
            self._retry = None
            self.solution_draft = ""
            self.mail_banner.clear()
        self.ops.run(lambda uow: tickets.get(uow, actor, ticket_id), self.show_detail, parent=self)
        self.mail_banner.load(ticket_id)
        self.ops.run(lambda uow: kb.suggest_for_ticket(uow, actor, ticket_id), self._on_suggestions, parent=self)
        self.checklist.load(ticket_id)

    def reload(self) -> None:
        if self.detail is not None:
            self.load(self.detail.id)

    def show_detail(self, detail: TicketDetail) -> None:
        if self.detail is not None and self.detail.id == detail.id and detail.version < self.detail.version:
            return  # a load that started before a save answered after it: keep the newer copy
        if self.detail is not None and self.detail.id != detail.id:
            self.reply_box.clear()  # a draft belongs to its ticket
        self.detail = detail
        self.empty.hide()
        self.body.show()
        self.header.show_detail(detail, timezone=self.actor.timezone, now=self.ops.now())
        self._render_timeline()
        bar = self.timeline.verticalScrollBar()
        bar.setValue(bar.maximum())
        self.diagnostics.ticket_loaded(detail)
        if can(self.actor, Permission.TICKET_VIEW_ALL):
            self.triage.load(detail)
        self.update_actions()
        self.sig_loaded.emit(detail)

    def _render_timeline(self) -> None:
        if self.detail is None:
            return
        dark = self.palette().window().color().lightness() < 128
        self.timeline.setHtml(render(self.detail.entries, timezone=self.actor.timezone,
                                     requester_id=self.detail.requester.id, dark=dark, names=self._names,
                                     expanded=frozenset(self.expanded_quotes)))

    def _on_timeline_link(self, url: QUrl) -> None:
        if url.scheme() != "quote" or not url.path().isdigit():
            return
        entry_id = int(url.path())
        self.expanded_quotes.symmetric_difference_update({entry_id})
        bar = self.timeline.verticalScrollBar()
        position = bar.value()
        self._render_timeline()
        bar.setValue(position)

    def _on_suggestions(self, articles: list[ArticleView]) -> None:
        self.suggestions.clear()
        for a in articles:
            item = QListWidgetItem(a.title)
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, a.body)
            item.setToolTip(a.body[:300])
            self.suggestions.addItem(item)
        if not articles:
            item = QListWidgetItem(self.tr("No matching articles"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.suggestions.addItem(item)

    def _on_canned_list(self, items: list[CannedView]) -> None:
        for c in items:
            self.canned.addItem(c.title, c.id)

    def _on_staff(self, staff: list[Any]) -> None:
        self._names.update({str(u.id): u.full_name for u in staff})
        self.staff = staff

    def _on_changed(self, changes: Changes, initiator: object) -> None:
        if self.detail is None or initiator is self:
            return  # this view's own edit: it shows the ticket the service returned
        if self.detail.id in changes.ticket_ids:
            self.reload()

    # --- actions -------------------------------------------------------------------------------

    def update_actions(self) -> None:
        states = actions.enabled(self.actor, self.detail)
        for name, action in self.act.items():
            action.setEnabled(states.get(name, False))
        self.diagnostics.update(self.act["diagnose"])
        if self._body_pending:
            return  # build_body() calls this again
        self.send_button.setEnabled(states.get("reply", False))
        self.note_button.setEnabled(states.get("note", False))
        self.canned.setEnabled(states.get("reply", False) and can(self.actor, Permission.CANNED_USE))

    def submit(self, name: str, fn: Submit, *, redo: Callable[[], None] | None = None) -> None:
        """Run an edit with the version the agent saw; on success show the ticket it returns. What
        the service says it changed is broadcast, so the queue and the KB reload, and a merge
        reloads both tickets wherever they are shown.

        `redo` repeats the action from the agent's point of view (reading their draft again) when
        they choose "apply my change again" after a conflict; by default the same call is re-run
        against the new version.
        """
        detail = self.detail
        if detail is None:
            return
        version = detail.version
        self.setEnabled(False)
        self.ops.run(lambda uow: fn(uow, version), lambda d: self._on_saved(name, d),
                     failure=lambda exc: self._on_failed(exc, redo or (lambda: self.submit(name, fn))),
                     parent=self, initiator=self)

    def _on_saved(self, name: str, detail: ChangedTicket) -> None:
        self.setEnabled(True)
        if name in {"reply", "note"}:
            self.reply_box.clear()
        if name == "resolve":
            self.solution_draft = ""
        self._retry = None
        self._hide_banner()
        self.show_detail(detail)
        self.sig_saved.emit(name)
        if name == "merge":
            self.load(detail.id)

    def _on_failed(self, exc: BaseException, redo: Callable[[], None]) -> bool:
        self.setEnabled(True)
        if not isinstance(exc, Conflict):
            return False  # shown by the one error presenter; drafts stay where they are
        self._retry = redo
        self._show_conflict(exc)
        self.reload()
        self.sig_conflict.emit(exc)
        return True

    def _show_conflict(self, exc: Conflict) -> None:
        lines = []
        for e in exc.changes:
            lines.append(self._change_line(e))
        items = "".join(f"<li>{line}</li>" for line in lines[:8])
        more = len(lines) - 8
        if more > 0:
            items += "<li>" + self.tr("…and {n} more").format(n=more) + "</li>"
        self.banner_text.setText(f"<b>{exc.message}</b><ul style='margin:2px 0;'>{items}</ul>"
                                 + self.tr("Your text is kept; check their change, then apply yours again."))
        self.banner.show()

    def _change_line(self, e: EntryView) -> str:
        import html
        who = html.escape(e.author.full_name if e.author and e.author.full_name else self.tr("System"))
        if e.kind == EntryKind.EVENT:
            return f"{who}: {html.escape(event_text(e, self._names))}"
        kind = self.tr("reply") if e.kind == EntryKind.REPLY else self.tr("internal note")
        text = e.body
        excerpt = text if len(text) < 120 else text[:117] + "…"
        return f"{who} ({kind}): {html.escape(excerpt)}"

    def _hide_banner(self) -> None:
        self.banner.hide()

    def _on_retry(self) -> None:
        if self._retry is None or self.detail is None:
            return
        redo, self._retry = self._retry, None
        redo()

    def conflict_pending(self) -> bool:
        return self._retry is not None

    # --- reply box -----------------------------------------------------------------------------

    def send_reply(self) -> None:
        from shared.services import tickets

        body = self.reply_box.toPlainText()
        if not body.strip() or self.detail is None:
            return
        tid, actor = self.detail.id, self.actor
        # On a conflict the text stays in the box; "apply again" sends whatever is there then.
        self.submit("reply", lambda uow, v: tickets.reply(uow, actor, tid, body, expected_version=v),
                    redo=self.send_reply)

    def add_note(self) -> None:
        from shared.services import tickets

        body = self.reply_box.toPlainText()
        if self.detail is None:
            return
        if not body.strip():  # the shortcut with nothing written yet: start writing the note
            self.reply_box.setFocus()
            return
        tid, actor = self.detail.id, self.actor
        self.submit("note", lambda uow, v: tickets.note(uow, actor, tid, body, expected_version=v),
                    redo=self.add_note)

    def _on_canned(self, index: int) -> None:
        from shared.services import kb

        canned_id = self.canned.itemData(index)
        self.canned.setCurrentIndex(0)
        if canned_id is None or self.detail is None:
            return
        tid, actor = self.detail.id, self.actor
        self.ops.run(lambda uow: kb.render_canned(uow, actor, int(canned_id), tid), self._insert_text, parent=self)

    def _insert_text(self, text: str) -> None:
        cursor = self.reply_box.textCursor()
        if self.reply_box.toPlainText() and not self.reply_box.toPlainText().endswith("\n"):
            cursor.insertText("\n")
        cursor.insertText(text)
        self.reply_box.setFocus()

    def _on_insert_article(self) -> None:
        item = self.suggestions.currentItem() or self.suggestions.item(0)
        if item is None or item.data(Qt.ItemDataRole.UserRole) is None:
            return
        self._insert_text(f"{item.text()}\n\n{item.data(Qt.ItemDataRole.UserRole + 1)}")
