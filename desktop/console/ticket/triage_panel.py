"""The ticket view's triage panel: what the learned model says about the ticket (category, how
sure, the words that drove it) with a button to take it — recorded as a correction that the next
training weighs more —, the open tickets that look like the same problem with a merge button,
and a suggested reply built from the closest resolved tickets and articles, quoting them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from desktop.common.ops import Ops
from shared.auth.permissions import Actor, Permission, can
from shared.services.dto import ChangedTicket, TicketDetail
from shared.services.uow import UnitOfWork

if TYPE_CHECKING:  # the triage code is imported when a ticket is first shown, not at the console's start
    from shared.triage.reply import SuggestedReply
    from shared.triage.similar import Reason, SimilarTicket
    from shared.triage.store import Suggestion

ID_ROLE = Qt.ItemDataRole.UserRole


class TriagePanel(QWidget):
    sig_open_ticket = Signal(int)
    sig_insert_text = Signal(str)
    sig_submit = Signal(str, object)  # (action name, fn(uow, version) -> ChangedTicket): the view runs it
    sig_looked_up = Signal()  # tests wait on it

    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.actor = ops, actor
        self.detail: TicketDetail | None = None
        self.suggestion: Suggestion | None = None
        title = QLabel(self.tr("Triage"))
        title.setObjectName("sectionTitle")
        self.hint = QLabel()
        self.hint.setObjectName("triageHint")
        self.hint.setWordWrap(True)
        self.apply_button = QPushButton(self.tr("Use this category"))
        self.apply_button.setObjectName("applySuggestion")
        self.apply_button.setToolTip(self.tr("Recorded as a correction: the next training learns from it"))
        self.apply_button.clicked.connect(self._on_apply)
        self.similar = QListWidget()
        self.similar.setObjectName("similarTickets")
        self.similar.setWordWrap(True)
        self.similar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # subjects wrap instead
        self.similar.setMaximumHeight(110)
        self.similar.setToolTip(self.tr("Double-click to open the ticket"))
        self.similar.itemActivated.connect(
            lambda item: self.sig_open_ticket.emit(int(item.data(ID_ROLE))) if item.data(ID_ROLE) else None)
        self.merge_button = QPushButton(self.tr("Same problem: merge into it"))
        self.merge_button.setObjectName("mergeIntoSimilar")
        self.merge_button.clicked.connect(self._on_merge)
        self.reply_button = QPushButton(self.tr("Suggested reply"))
        self.reply_button.setObjectName("suggestedReply")
        self.reply_button.setToolTip(self.tr("A draft from the closest resolved tickets and articles, quoted"))
        self.reply_button.clicked.connect(self._on_reply)
        self.reply_note = QLabel()
        self.reply_note.setObjectName("replyNote")
        self.reply_note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.merge_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.hint)
        layout.addWidget(self.apply_button)
        layout.addWidget(QLabel(self.tr("Open tickets that look the same:")))
        layout.addWidget(self.similar)
        layout.addLayout(buttons)
        layout.addWidget(self.reply_button)
        layout.addWidget(self.reply_note)
        self.reply_button.setVisible(can(actor, Permission.TICKET_REPLY))
        self._show(None, [])

    def load(self, detail: TicketDetail) -> None:
        from shared.triage import similar, store

        if self.detail is None or self.detail.id != detail.id:
            self.reply_note.clear()
        self.detail = detail
        actor = self.actor

        def look_up(uow: UnitOfWork) -> tuple[Suggestion | None, list[SimilarTicket]]:
            found = store.suggest(uow, actor, detail.subject, detail.description)
            same = similar.similar_open(uow, actor, subject=detail.subject, description=detail.description,
                                        requester_id=detail.requester.id, machine_id=detail.machine_id,
                                        exclude_id=detail.id)
            return found, same

        self.ops.run(look_up, lambda r: self._show(*r), parent=self)

    def _show(self, suggestion: Suggestion | None, same: list[SimilarTicket]) -> None:
        self.suggestion = suggestion
        d = self.detail
        if suggestion is None:
            self.hint.setText(self.tr("No learned suggestion (no model yet, or no known word)."))
        else:
            words = ", ".join(suggestion.words) or "—"
            text = self.tr("Model v{version}: {category}, {percent}% sure (from: {words})").format(
                version=suggestion.version, category=suggestion.category,
                percent=round(suggestion.confidence * 100), words=words)
            if suggestion.team and d is not None and suggestion.team_id != d.team_id:
                text += "\n" + self.tr("Teams that solved such tickets: {team}").format(team=suggestion.team)
            self.hint.setText(text)
        can_apply = (suggestion is not None and d is not None and d.category_id != suggestion.category_id
                     and can(self.actor, Permission.TICKET_UPDATE))
        self.apply_button.setVisible(bool(can_apply))
        self.similar.clear()
        reasons = self._reason_texts() if same else {}
        for s in same:
            why = ", ".join(reasons[r] for r in s.reasons)
            item = QListWidgetItem(f"{s.number} · {s.subject} ({why})")
            item.setToolTip(item.text())
            item.setData(ID_ROLE, s.id)
            self.similar.addItem(item)
        if not same:
            item = QListWidgetItem(self.tr("None"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.similar.addItem(item)
        self.merge_button.setEnabled(bool(same) and can(self.actor, Permission.TICKET_MERGE))
        self.sig_looked_up.emit()

    def _reason_texts(self) -> dict[Reason, str]:
        from shared.triage.similar import Reason  # not while the panel is empty: the console's start

        return {Reason.SYMPTOM: self.tr("same symptom"), Reason.REQUESTER: self.tr("same requester"),
                Reason.MACHINE: self.tr("same machine")}

    def _on_apply(self) -> None:
        from shared.triage import store

        s, d, actor = self.suggestion, self.detail, self.actor
        if s is None or d is None:
            return

        def apply(uow: UnitOfWork, version: int) -> ChangedTicket:
            return store.correct(uow, actor, d.id, s.category_id, expected_version=version,
                                 suggested_id=s.category_id, confidence=s.confidence)

        self.sig_submit.emit("triage", apply)

    def _on_merge(self) -> None:
        from shared.services import workflow

        item = self.similar.currentItem() or self.similar.item(0)
        d, actor = self.detail, self.actor
        if item is None or item.data(ID_ROLE) is None or d is None:
            return
        target = int(item.data(ID_ROLE))
        self.sig_submit.emit("merge", lambda uow, v: workflow.merge(uow, actor, d.id, target, expected_version=v))

    def _on_reply(self) -> None:
        from shared.triage import reply

        d, actor = self.detail, self.actor
        if d is None:
            return
        self.ops.run(lambda uow: reply.suggest_reply(uow, actor, d.id), self._on_reply_ready, parent=self)

    def _on_reply_ready(self, draft: SuggestedReply | None) -> None:
        if draft is None:
            self.reply_note.setText(self.tr("Nothing close enough was solved before."))
        else:
            self.reply_note.setText(self.tr("Inserted; sources: {sources}").format(
                sources=", ".join(s.label for s in draft.sources)))
            self.sig_insert_text.emit(draft.text)
        self.sig_looked_up.emit()
