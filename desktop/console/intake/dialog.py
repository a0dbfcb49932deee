"""New ticket (Ctrl+N): log a phone call, a walk-in or a chat while the person is on the line.

Find the requester as you type (name, e-mail, phone, department) or add them on the spot; their
open tickets show as a duplicate hint (open one instead with a double click) and their enrolled
machines can be picked, with the latest snapshot attached. The keyword rules' category, the learned
model's suggestion (how sure, from which words), open tickets with the same problem and the
matching help articles update while the agent types. Everything reads and writes through the
service layer, off the GUI thread; the dialog opens with `open()` and never blocks the event loop.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.common.fmt import local_time
from desktop.common.ops import Ops
from desktop.console.intake.requester_form import NewRequesterForm
from shared.auth.permissions import Actor
from shared.models.enums import Channel, Level, TicketType, label
from shared.services import catalog, classify, kb, requesters, tickets
from shared.services.catalog import CategoryView
from shared.services.classify import RuleSuggestion
from shared.services.dto import TicketDetail
from shared.services.kb import ArticleView
from shared.services.names import shown_path
from shared.services.requesters import RequesterCard, RequesterView
from shared.services.uow import UnitOfWork
from shared.triage import similar, store
from shared.triage.similar import SimilarTicket
from shared.triage.store import Suggestion

ID_ROLE = Qt.ItemDataRole.UserRole
Looked = tuple[RuleSuggestion | None, list[ArticleView], Suggestion | None, list[SimilarTicket]]
TYPING_PAUSE_MS = 250  # look things up when the agent pauses, not at every key


class NewTicketDialog(QDialog):
    sig_created = Signal(object)  # TicketDetail
    sig_open_ticket = Signal(int)  # the agent chose an open ticket of the requester instead
    sig_open_article = Signal(int)
    sig_looked_up = Signal()  # a background look-up finished (tests wait on it)

    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.actor = ops, actor
        self.requester: RequesterView | None = None
        self.card: RequesterCard | None = None
        self.suggestion: RuleSuggestion | None = None
        self.setWindowTitle(self.tr("New ticket"))
        self.setObjectName("newTicketDialog")
        self.resize(980, 640)

        # --- who -------------------------------------------------------------------------------
        self.search = QLineEdit()
        self.search.setObjectName("requesterSearch")
        self.search.setPlaceholderText(self.tr("Name, e-mail, phone or department…"))
        # The whole (translated) hint stays readable: the form beside it gives way.
        self.search.ensurePolished()
        frame = self.search.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth)
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance(self.search.placeholderText())
                                    + 2 * frame + 12)
        self.results = QListWidget()
        self.results.setObjectName("requesterResults")
        self.results.setMaximumHeight(120)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.new_requester = QPushButton(self.tr("New requester…"))
        self.chosen = QLabel(self.tr("No requester chosen yet."))
        self.chosen.setObjectName("chosenRequester")
        self.chosen.setWordWrap(True)
        self.open_tickets = QListWidget()
        self.open_tickets.setObjectName("openTickets")
        self.open_tickets.setMaximumHeight(90)
        self.open_tickets.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.open_tickets.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.open_tickets.setToolTip(self.tr("Double-click to work on that ticket instead"))
        self.machine = QComboBox()
        self.machine.setObjectName("machine")
        self.attach_snapshot = QCheckBox(self.tr("Attach the machine's latest snapshot"))
        self.attach_snapshot.setChecked(True)

        who_box = QGroupBox(self.tr("Requester"))
        who = QVBoxLayout(who_box)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.new_requester)
        who.addLayout(row)
        who.addWidget(self.results)
        who.addWidget(self.chosen)
        self.open_label = QLabel(self.tr("Open tickets of this requester (a duplicate?):"))
        who.addWidget(self.open_label)
        who.addWidget(self.open_tickets)
        machine_row = QFormLayout()
        machine_row.addRow(self.tr("Machine:"), self.machine)
        who.addLayout(machine_row)
        who.addWidget(self.attach_snapshot)

        # --- what ------------------------------------------------------------------------------
        self.channel = QComboBox()
        for channel in (Channel.PHONE, Channel.WALK_IN, Channel.CHAT, Channel.EMAIL):
            self.channel.addItem(label(channel), channel.value)
        self.ticket_type = QComboBox()
        self.ticket_type.setObjectName("ticketType")
        for kind in TicketType:
            self.ticket_type.addItem(label(kind), kind.value)
        self.subject = QLineEdit()
        self.subject.setObjectName("subject")
        self.description = QPlainTextEdit()
        self.description.setObjectName("description")
        self.category = QComboBox()
        self.category.setObjectName("category")
        self.category.addItem(self.tr("Suggested by the rules"), None)
        self.rule_hint = QLabel()
        self.rule_hint.setObjectName("ruleHint")
        self.rule_hint.setWordWrap(True)
        self.learned_hint = QLabel()
        self.learned_hint.setObjectName("learnedHint")
        self.learned_hint.setWordWrap(True)
        self.use_learned = QPushButton(self.tr("Use it"))
        self.use_learned.setObjectName("useLearned")
        self.use_learned.clicked.connect(self._on_use_learned)
        self.similar = QListWidget()
        self.similar.setObjectName("similarOpen")
        self.similar.setMaximumHeight(80)
        self.similar.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.similar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.similar.setToolTip(self.tr("The same problem? Double-click to work on that ticket instead"))
        self.similar.itemActivated.connect(self._on_open_ticket)
        self.learned: Suggestion | None = None
        self.impact, self.urgency = QComboBox(), QComboBox()
        for combo in (self.impact, self.urgency):
            combo.addItem(self.tr("From the rules"), None)
            for level in Level:
                combo.addItem(label(level), level.value)
        what_box = QGroupBox(self.tr("Ticket"))
        form = QFormLayout(what_box)
        form.addRow(self.tr("Channel:"), self.channel)
        form.addRow(self.tr("Type:"), self.ticket_type)
        form.addRow(self.tr("Subject:"), self.subject)
        form.addRow(self.tr("Description:"), self.description)
        form.addRow(self.tr("Category:"), self.category)
        form.addRow("", self.rule_hint)
        learned_row = QHBoxLayout()
        learned_row.addWidget(self.learned_hint, 1)
        learned_row.addWidget(self.use_learned)
        form.addRow("", learned_row)
        self.similar_label = QLabel(self.tr("Open tickets with the same problem:"))
        form.addRow(self.similar_label)
        form.addRow(self.similar)
        form.addRow(self.tr("Impact:"), self.impact)
        form.addRow(self.tr("Urgency:"), self.urgency)

        # --- help articles ---------------------------------------------------------------------
        self.articles = QListWidget()
        self.articles.setObjectName("suggestedArticles")
        self.articles.setToolTip(self.tr("Double-click to open the article"))
        kb_box = QGroupBox(self.tr("Help articles that may answer it"))
        QVBoxLayout(kb_box).addWidget(self.articles)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(who_box)
        left_layout.addWidget(kb_box, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(what_box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(self.tr("Create ticket"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setObjectName("createTicket")
        self.create_button.setToolTip(self.tr("Ctrl+Enter"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.error = QLabel()
        self.error.setObjectName("intakeError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828")
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self).activated.connect(self.submit)

        self._requester_timer = self._debounced(self._look_up_requesters)
        self._text_timer = self._debounced(self._look_up_text)
        self.search.textChanged.connect(lambda _t: self._requester_timer.start())
        self.subject.textChanged.connect(lambda _t: self._text_changed())
        self.description.textChanged.connect(self._text_changed)
        self.results.itemActivated.connect(self._on_result)
        self.results.itemClicked.connect(self._on_result)
        self.open_tickets.itemActivated.connect(self._on_open_ticket)
        self.articles.itemActivated.connect(
            lambda item: self.sig_open_article.emit(int(item.data(ID_ROLE))) if item.data(ID_ROLE) else None)
        self.new_requester.clicked.connect(self._add_requester)
        self.machine.currentIndexChanged.connect(lambda _i: self._sync())
        self._show_card(None)
        self._show_learned(None)
        self.similar_label.hide()
        self.similar.hide()
        self.ops.run(lambda uow: catalog.list_categories(uow, active_only=True), self._on_categories, parent=self)
        self.search.setFocus()

    def done(self, result: int) -> None:
        # A look-up still waiting for the typing to pause must not start once the dialog is closed.
        self._requester_timer.stop()
        self._text_timer.stop()
        super().done(result)

    def _debounced(self, slot: object) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(TYPING_PAUSE_MS)
        timer.timeout.connect(slot)
        return timer

    def _text_changed(self) -> None:
        self._text_timer.start()
        self._sync()

    # --- the requester ---------------------------------------------------------------------------

    def _look_up_requesters(self) -> None:
        text, actor = self.search.text(), self.actor
        self.ops.run(lambda uow: requesters.search(uow, actor, text), self._on_results, parent=self)

    def _on_results(self, found: list[RequesterView]) -> None:
        self.results.clear()
        for person in found:
            details = " · ".join(x for x in (person.email, person.phone, person.department) if x)
            item = QListWidgetItem(f"{person.full_name} — {details}" if details else person.full_name)
            item.setToolTip(item.text())
            item.setData(ID_ROLE, person.id)
            self.results.addItem(item)
        if not found and len(self.search.text().strip()) >= 2:
            item = QListWidgetItem(self.tr("Nobody found: add them with “New requester…”"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)
        self.sig_looked_up.emit()

    def _on_result(self, item: QListWidgetItem) -> None:
        if item.data(ID_ROLE) is not None:
            self.choose_requester(int(item.data(ID_ROLE)))

    def choose_requester(self, requester_id: int) -> None:
        actor = self.actor
        self.ops.run(lambda uow: requesters.card(uow, actor, requester_id), self._show_card, parent=self)

    def _show_card(self, card: RequesterCard | None) -> None:
        self.card = card
        self.requester = card.requester if card else None
        self.open_tickets.clear()
        self.machine.clear()
        self.machine.addItem(self.tr("No machine"), None)
        if card is None:
            self.chosen.setText(self.tr("No requester chosen yet."))
        else:
            r = card.requester
            where = " · ".join(x for x in (r.department, r.location, r.phone, r.email) if x)
            self.chosen.setText(f"<b>{r.full_name}</b> ({r.username})" + (f"<br>{where}" if where else ""))
            tz = self.actor.timezone
            for t in card.open_tickets:
                item = QListWidgetItem(f"{t.number} · {label(t.status)} · {t.subject} · {local_time(t.created_at, tz)}")
                item.setData(ID_ROLE, t.id)
                self.open_tickets.addItem(item)
            for m in card.machines:
                seen = local_time(m.last_seen_at, tz) if m.last_seen_at else self.tr("never reported")
                self.machine.addItem(f"{m.hostname} ({m.os_name}, {seen})", m.id)
            if len(card.machines) == 1:
                self.machine.setCurrentIndex(1)
        self.open_label.setVisible(bool(card and card.open_tickets))
        self.open_tickets.setVisible(bool(card and card.open_tickets))
        self._sync()
        self.sig_looked_up.emit()
        if card is not None:
            self.subject.setFocus()

    def _on_open_ticket(self, item: QListWidgetItem) -> None:
        self.sig_open_ticket.emit(int(item.data(ID_ROLE)))
        self.reject()

    def _add_requester(self) -> None:
        form = NewRequesterForm(self, name=self.search.text().strip())
        form.accepted.connect(lambda: self._create_requester(form))
        form.open()

    def _create_requester(self, form: NewRequesterForm) -> None:
        actor, v = self.actor, form.values()
        self.ops.run(lambda uow: requesters.create(uow, actor, full_name=v.full_name, email=v.email, phone=v.phone,
                                                   department=v.department, location=v.location),
                     lambda r: self.choose_requester(r.id), parent=self)

    # --- category and help articles ----------------------------------------------------------

    def _on_categories(self, categories: list[CategoryView]) -> None:
        for c in categories:
            self.category.addItem(shown_path(c.path), c.id)  # built-in names in the agent's language

    def _look_up_text(self) -> None:
        subject, description, actor = self.subject.text(), self.description.toPlainText(), self.actor
        text = f"{subject} {description}".strip()

        requester_id = self.requester.id if self.requester else None
        machine_id = self.machine.currentData()

        def look_up(uow: UnitOfWork) -> Looked:
            if not text:
                return None, [], None, []
            return (classify.suggest(uow, actor, subject, description),
                    kb.search(uow, actor, text, limit=5),
                    store.suggest(uow, actor, subject, description),
                    similar.similar_open(uow, actor, subject=subject, description=description,
                                         requester_id=requester_id, machine_id=machine_id, limit=4))

        self.ops.run(look_up, self._on_text_looked_up, parent=self)

    def _on_text_looked_up(self, found: Looked) -> None:
        self.suggestion, articles, self.learned, same = found
        self._show_learned(self.learned)
        self.similar.clear()
        for t in same:
            item = QListWidgetItem(f"{t.number} · {t.subject} · {t.requester}")
            item.setToolTip(item.text())
            item.setData(ID_ROLE, t.id)
            self.similar.addItem(item)
        self.similar_label.setVisible(bool(same))
        self.similar.setVisible(bool(same))
        s = self.suggestion
        if s is None:
            self.rule_hint.setText(self.tr("No rule matches yet; the ticket goes to the default team."))
        else:
            team = self.tr(", team {team}").format(team=s.team) if s.team else ""
            self.rule_hint.setText(self.tr("Rules suggest {category}{team} (matched “{word}”).").format(
                category=s.category, team=team, word=s.matched))
        self.articles.clear()
        for a in articles:
            item = QListWidgetItem(a.title)
            item.setData(ID_ROLE, a.id)
            self.articles.addItem(item)
        if not articles:
            item = QListWidgetItem(self.tr("No matching article."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.articles.addItem(item)
        self.sig_looked_up.emit()

    def _show_learned(self, s: Suggestion | None) -> None:
        if s is None:
            self.learned_hint.setText(self.tr("No learned suggestion yet."))
        else:
            words = ", ".join(s.words) or "—"
            how = (self.tr("applied automatically") if s.auto and self.category.currentData() is None
                   else self.tr("below the auto-apply level: the rules decide unless you use it"))
            self.learned_hint.setText(self.tr("Learned: {category}, {percent}% sure (from: {words}); {how}.").format(
                category=s.category, percent=round(s.confidence * 100), words=words, how=how))
        self.use_learned.setVisible(s is not None and not s.auto)

    def _on_use_learned(self) -> None:
        if self.learned is None:
            return
        index = self.category.findData(self.learned.category_id)
        if index >= 0:
            self.category.setCurrentIndex(index)

    # --- create ------------------------------------------------------------------------------

    def _sync(self) -> None:
        has_machine = self.machine.currentData() is not None
        self.attach_snapshot.setEnabled(has_machine)
        self.create_button.setEnabled(self.requester is not None and bool(self.subject.text().strip()))

    def submit(self) -> None:
        if not self.create_button.isEnabled():
            return
        assert self.requester is not None
        actor, requester_id = self.actor, self.requester.id
        machine_id = self.machine.currentData()
        attach = machine_id is not None and self.attach_snapshot.isChecked()
        subject, description = self.subject.text(), self.description.toPlainText()
        channel, ticket_type = str(self.channel.currentData()), str(self.ticket_type.currentData())
        category_id = self.category.currentData()
        impact, urgency = self.impact.currentData(), self.urgency.currentData()

        def create(uow: UnitOfWork) -> TicketDetail:
            snapshot = requesters.snapshot_attachment(uow, actor, machine_id) if attach else None
            return tickets.create(uow, actor, subject=subject, description=description, requester_id=requester_id,
                                  channel=channel, ticket_type=ticket_type, category_id=category_id, impact=impact,
                                  urgency=urgency, machine_id=machine_id, attachments=[snapshot] if snapshot else [])

        self.create_button.setEnabled(False)
        self.error.clear()
        self.ops.run(create, self._on_created, failure=self._on_failed, parent=self)  # create names what it changed

    def _on_created(self, ticket: TicketDetail) -> None:
        self.sig_created.emit(ticket)
        self.accept()

    def _on_failed(self, exc: BaseException) -> bool:
        self._sync()
        message = getattr(exc, "message", None)
        if message is None:
            return False  # not a user's mistake: the usual error dialog
        self.error.setText(message)
        return True
