"""Major incidents on the dashboard: the known-problem banner, and the suggested and confirmed
incidents with what an agent does about them (confirm with a banner, dismiss, send one update to
everyone affected, resolve all together)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.common.banner import KnownProblemBanner
from desktop.common.ops import Ops
from shared.auth.permissions import Actor, Permission, can
from shared.errors import HelpdeskError
from shared.models.incidents import IncidentState
from shared.services import incidents
from shared.services.incidents import IncidentView

if TYPE_CHECKING:
    from shared.services.uow import UnitOfWork


class TextPrompt(QDialog):
    """A few lines of text for an action (non-modal: the dashboard stays usable behind it).

    `keep_open`: OK hands the text to `done` and the prompt stays until the caller `accept`s it,
    or shows why the text was refused (`refuse`) with the text kept for correcting."""

    def __init__(self, title: str, label: str, text: str, parent: QWidget, done: Callable[[str], None], *,
                 keep_open: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("incidentPrompt")
        self.edit = QPlainTextEdit(text)
        self.edit.setMinimumWidth(460)
        self.edit.setMaximumHeight(110)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.error = QLabel()
        self.error.setObjectName("incidentPromptError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        self.caption = QLabel(label)
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        if keep_open:
            buttons.accepted.connect(lambda: self._hand_over(done))
        else:
            buttons.accepted.connect(self.accept)
            self.accepted.connect(lambda: done(self.edit.toPlainText().strip()))

    def _hand_over(self, done: Callable[[str], None]) -> None:
        self.ok.setEnabled(False)  # one at a time: the answer enables it again or closes the prompt
        self.error.hide()
        done(self.edit.toPlainText().strip())

    def refuse(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.ok.setEnabled(True)
        self.edit.setFocus()


class IncidentsPanel(QGroupBox):
    sig_open_tickets = Signal(list)  # ticket ids: the incident's children, shown in the queue
    sig_loaded = Signal(int)

    def __init__(self, ops: Ops, actor: Actor) -> None:
        super().__init__(self.tr("Major incidents"))
        self.setObjectName("incidentsPanel")
        self.ops, self.actor = ops, actor
        self.rows: list[IncidentView] = []
        self.prompt: TextPrompt | None = None
        self.banner = KnownProblemBanner()
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("incidentsTable")
        self.table.setHorizontalHeaderLabels([self.tr("State"), self.tr("Topic"), self.tr("Tickets"),
                                              self.tr("Parent")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.doubleClicked.connect(lambda _i: self.open_tickets())
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel(self.tr("No major incident: detection runs every two minutes on new tickets "
                                    "and probe alerts."))
        self.empty.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for name, text, slot in (("confirm", self.tr("Confirm…"), self._on_confirm),
                                 ("dismiss", self.tr("Dismiss"), self._on_dismiss),
                                 ("update", self.tr("Send update…"), self._on_update),
                                 ("resolve", self.tr("Resolve all…"), self._on_resolve),
                                 ("add", self.tr("Add tickets…"), self._on_add),
                                 ("remove", self.tr("Take out…"), self._on_remove),
                                 ("open", self.tr("Show tickets"), self.open_tickets)):
            button = QPushButton(text)
            button.setObjectName(f"incident_{name}")
            button.clicked.connect(slot)
            self.buttons[name] = button
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addLayout(bar)
        self.setMaximumHeight(300)
        self._enable()

    def refresh(self) -> None:
        actor = self.actor
        self.ops.run(lambda uow: (incidents.list_incidents(uow, actor), incidents.banners(uow, actor)),
                     lambda found: self.show_incidents(*found), parent=self)

    def show_incidents(self, rows: list[IncidentView], banners: list[incidents.Banner]) -> None:
        self.rows = list(rows)
        self.banner.show_banners(banners)
        self.table.setRowCount(len(rows))
        states = {IncidentState.SUGGESTED: self.tr("suggested"), IncidentState.CONFIRMED: self.tr("confirmed"),
                  IncidentState.DISMISSED: self.tr("dismissed"), IncidentState.RESOLVED: self.tr("resolved")}
        for i, r in enumerate(rows):
            for column, text in enumerate((states[r.state], r.topic, str(len(r.tickets)), r.parent_number or "—")):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setToolTip(", ".join(r.tickets))
                self.table.setItem(i, column, item)
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        if rows and self.table.currentRow() < 0:
            self.table.selectRow(0)
        self._enable()
        self.sig_loaded.emit(len(rows))

    def current(self) -> IncidentView | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _enable(self) -> None:
        inc = self.current()
        suggested = inc is not None and inc.state == IncidentState.SUGGESTED
        confirmed = inc is not None and inc.state == IncidentState.CONFIRMED
        may_update = can(self.actor, Permission.TICKET_UPDATE)
        self.buttons["confirm"].setEnabled(suggested and may_update)
        self.buttons["dismiss"].setEnabled(suggested and may_update)
        self.buttons["update"].setEnabled(confirmed and can(self.actor, Permission.TICKET_REPLY))
        self.buttons["resolve"].setEnabled(confirmed and can(self.actor, Permission.TICKET_RESOLVE))
        self.buttons["add"].setEnabled((suggested or confirmed) and may_update)
        self.buttons["remove"].setEnabled((suggested or confirmed) and may_update and bool(inc and inc.tickets))
        self.buttons["open"].setEnabled(inc is not None)

    def open_tickets(self) -> None:
        inc = self.current()
        if inc is not None:
            self.sig_open_tickets.emit([*([inc.parent_id] if inc.parent_id else []), *inc.ticket_ids])

    def _ask(self, title: str, label: str, text: str, done: Callable[[str], None], *,
             keep_open: bool = False) -> TextPrompt:
        self.prompt = TextPrompt(title, label, text, self, done, keep_open=keep_open)
        self.prompt.open()
        return self.prompt

    def _members(self, change: Callable[[UnitOfWork, Actor, int, list[str]], IncidentView], incident_id: int,
                  prompt: TextPrompt, text: str) -> None:
        """Add or take out the tickets typed (numbers apart by spaces, commas or lines): the prompt
        closes when it is done, or says why not and keeps what was typed."""
        actor, refs = self.actor, [r for r in re.split(r"[\s,;]+", text) if r]

        def refused(exc: BaseException) -> bool:
            if isinstance(exc, HelpdeskError) and shiboken6.isValid(prompt):
                prompt.refuse(exc.message)
                return True
            return False

        def done(_view: IncidentView) -> None:
            if shiboken6.isValid(prompt):
                prompt.accept()
            self.refresh()

        self.ops.run(lambda uow: change(uow, actor, incident_id, refs), done, failure=refused, parent=self)

    def _act(self, fn: Callable[[UnitOfWork], object]) -> None:
        self.ops.run(fn, lambda _r: self.refresh(), parent=self)

    def _on_confirm(self) -> None:
        inc, actor = self.current(), self.actor
        if inc is None:
            return
        self._ask(self.tr("Confirm major incident"),
                  self.tr("What the banner on the dashboard and in everyone's tray says:"),
                  self.tr("{topic}: we are working on it; no need to report it again.").format(topic=inc.topic),
                  lambda text: self._act(lambda uow: incidents.confirm(uow, actor, inc.id, banner=text)))

    def _on_dismiss(self) -> None:
        inc, actor = self.current(), self.actor
        if inc is not None:
            self._act(lambda uow: incidents.dismiss(uow, actor, inc.id))

    def _on_update(self) -> None:
        inc, actor = self.current(), self.actor
        if inc is None:
            return
        self._ask(self.tr("Send an update"),
                  self.tr("Sent by mail and to the tray of every requester of the {n} tickets:").format(
                      n=len(inc.tickets)), "",
                  lambda text: self._act(lambda uow: incidents.post_update(uow, actor, inc.id, text)))

    def _on_resolve(self) -> None:
        inc, actor = self.current(), self.actor
        if inc is None:
            return
        self._ask(self.tr("Resolve the major incident"),
                  self.tr("The solution, for the parent and all {n} tickets:").format(n=len(inc.tickets)), "",
                  lambda text: self._act(lambda uow: incidents.resolve(uow, actor, inc.id, text)))

    def _on_add(self) -> None:
        inc = self.current()
        if inc is None:
            return
        prompt = self._ask(self.tr("Add tickets to the major incident"),
                           self.tr("Numbers of the tickets to add (e.g. HD-000123, 124). Once the incident is "
                                   "confirmed they become children of its parent: updates and the solution "
                                   "reach their requesters too."), "",
                           lambda text: self._members(incidents.add_tickets, inc.id, prompt, text), keep_open=True)

    def _on_remove(self) -> None:
        inc = self.current()
        if inc is None:
            return
        prompt = self._ask(self.tr("Take tickets out of the major incident"),
                           self.tr("Numbers of the tickets that are not part of this problem ({numbers}). They "
                                   "stay open on their own, and detection does not add them again.").format(
                               numbers=", ".join(inc.tickets)), "",
                           lambda text: self._members(incidents.remove_tickets, inc.id, prompt, text), keep_open=True)
