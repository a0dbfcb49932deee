"""Acting on several tickets of the queue at once (Ctrl- or Shift-click rows): assign, resolve,
close, or add them to a major incident. Each ticket is changed by the same service as from the
ticket itself, one at a time; the bar then says how many went through and which did not, why."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.common.ops import Ops
from shared.auth.permissions import Actor, Permission, can
from shared.models.enums import label
from shared.services import bulk
from shared.services.dto import UserView
from shared.services.uow import UnitOfWork


class BulkDialog(QDialog):
    """A choice (agent, incident) and/or a text (solution, reason) for the selected tickets."""

    def __init__(self, title: str, intro: str, parent: QWidget, *, choices: list[tuple[object, str]] | None = None,
                 text_label: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("bulkDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        caption = QLabel(intro)
        caption.setWordWrap(True)
        layout.addWidget(caption)
        self.choice = QComboBox()
        self.choice.setObjectName("bulkChoice")
        for value, text in choices or []:
            self.choice.addItem(text, value)
        self.choice.setVisible(choices is not None)
        layout.addWidget(self.choice)
        self.text = QPlainTextEdit()
        self.text.setObjectName("bulkText")
        self.text.setPlaceholderText(text_label)
        self.text.setMaximumHeight(100)
        self.text.setVisible(bool(text_label))
        layout.addWidget(self.text)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(self.buttons)
        if text_label:
            self.text.textChanged.connect(lambda: self.ok.setEnabled(bool(self.text.toPlainText().strip())))
            self.ok.setEnabled(False)


class BulkBar(QWidget):
    """Shown while two or more rows are selected. `selected()` gives the selected tickets' ids."""

    sig_done = Signal(object)  # the BulkResult, after the views were told what changed

    def __init__(self, ops: Ops, actor: Actor, selected: Callable[[], list[int]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulkBar")
        self.ops, self.actor, self.selected = ops, actor, selected
        self.dialog: BulkDialog | None = None
        self.count = QLabel()
        self.count.setObjectName("bulkCount")
        self.result = QLabel()
        self.result.setObjectName("bulkResult")
        self.result.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        self.action_row = QWidget()
        row = QHBoxLayout(self.action_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.count)
        for name, text, slot, permission in (
                ("assign", self.tr("Assign…"), self._assign, Permission.TICKET_ASSIGN),
                ("resolve", self.tr("Resolve…"), self._resolve, Permission.TICKET_RESOLVE),
                ("close", self.tr("Close…"), self._close, Permission.TICKET_CLOSE),
                ("incident", self.tr("Major incident…"), self._incident, Permission.TICKET_UPDATE)):
            button = QPushButton(text)
            button.setObjectName(f"bulk_{name}")
            button.clicked.connect(slot)
            button.setVisible(can(actor, permission))
            self.buttons[name] = button
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.action_row)
        layout.addWidget(self.result)  # stays after the queue reloads (and the selection goes)
        self.result.hide()
        self.action_row.hide()

    def show_count(self, n: int) -> None:
        self.count.setText(self.tr("Selected: {n}").format(n=n))
        self.action_row.setVisible(n > 1)
        if n > 1:
            self.result.hide()  # a new selection: the last outcome is read

    def _ask(self, dialog: BulkDialog, run: Callable[[UnitOfWork, list[int], BulkDialog], bulk.BulkResult]) -> None:
        ids = self.selected()
        self.dialog = dialog

        def go() -> None:
            self.ops.run(lambda uow: run(uow, ids, dialog), self._on_done, parent=self)

        dialog.accepted.connect(go)
        dialog.open()

    def _assign(self) -> None:
        from shared.services import users

        actor, n = self.actor, len(self.selected())

        def ask(people: list[UserView]) -> None:
            choices: list[tuple[object, str]] = [(None, self.tr("Nobody (back to the team's queue)"))]
            choices += [(p.id, f"{p.full_name} ({label(p.role)})") for p in people if p.role.agent_tier is not None]
            intro = self.tr("Give the selected tickets ({n}) to:").format(n=n)
            self._ask(BulkDialog(self.tr("Assign tickets"), intro, self, choices=choices),
                      lambda uow, ids, d: bulk.assign(uow, actor, ids, d.choice.currentData()))

        self.ops.run(lambda uow: users.list_users(uow, actor, staff_only=True, active_only=True), ask, parent=self)

    def _resolve(self) -> None:
        actor, n = self.actor, len(self.selected())
        self._ask(BulkDialog(self.tr("Resolve tickets"),
                             self.tr("One solution for the selected tickets ({n}); each requester is told and "
                                     "asked for a rating.").format(n=n), self, text_label=self.tr("Solution")),
                  lambda uow, ids, d: bulk.resolve(uow, actor, ids, d.text.toPlainText()))

    def _close(self) -> None:
        actor, n = self.actor, len(self.selected())
        intro = self.tr("Close the selected tickets ({n}) for good (spam, a mail loop, a test).").format(n=n)
        self._ask(BulkDialog(self.tr("Close tickets"), intro, self, text_label=self.tr("Reason")),
                  lambda uow, ids, d: bulk.close(uow, actor, ids, d.text.toPlainText()))

    def _incident(self) -> None:
        from shared.services import incidents

        actor, n = self.actor, len(self.selected())

        def ask(found: list[incidents.IncidentView]) -> None:
            choices: list[tuple[object, str]] = [(i.id, f"#{i.id} {i.topic}" + (f" ({i.parent_number})"
                                                                             if i.parent_number else ""))
                                                 for i in found]
            dialog = BulkDialog(self.tr("Add to a major incident"),
                                self.tr("Add the selected tickets ({n}) to:").format(n=n), self, choices=choices)
            dialog.ok.setEnabled(bool(choices))
            self._ask(dialog, lambda uow, ids, d: bulk.to_incident(uow, actor, ids, int(d.choice.currentData())))

        self.ops.run(lambda uow: incidents.list_incidents(uow, actor), ask, parent=self)

    def _on_done(self, result: bulk.BulkResult) -> None:
        text = self.tr("Changed: {n}.").format(n=len(result.done))
        if result.refused:
            first = "; ".join(f"{number}: {why}" for number, why in result.refused[:3])
            text += " " + self.tr("Not changed: {n} — {reasons}").format(n=len(result.refused), reasons=first)
            self.result.setToolTip("\n".join(f"{number}: {why}" for number, why in result.refused))
        self.result.setText(text)
        self.result.show()
        self.sig_done.emit(result)
