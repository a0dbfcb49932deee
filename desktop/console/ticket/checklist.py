"""The ticket's SOP checklist beside its timeline: tick a step and the timeline records who and
when; required steps left open hold back resolving (the service says which)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from desktop.common.fmt import local_time
from desktop.common.ops import Ops
from shared.auth.permissions import Actor, Permission, can

if TYPE_CHECKING:
    from shared.services.checklists import StepView

STEP_ROLE = Qt.ItemDataRole.UserRole


class ChecklistWidget(QGroupBox):
    sig_loaded = Signal(int)  # how many steps

    def __init__(self, ops: Ops, actor: Actor) -> None:
        super().__init__(self.tr("Checklist"))
        self.setObjectName("ticketChecklist")
        self.ops, self.actor = ops, actor
        self.ticket_id: int | None = None
        self.steps: list[StepView] = []
        self.progress = QLabel()
        self.progress.setObjectName("kpiLabel")
        self.list = QListWidget()
        self.list.setObjectName("checklistSteps")
        self.list.setWordWrap(True)
        self.list.itemChanged.connect(self._on_item_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.list, 1)
        self.hide()

    def load(self, ticket_id: int) -> None:
        from shared.services import checklists

        self.ticket_id = ticket_id
        actor = self.actor
        self.ops.run(lambda uow: checklists.steps(uow, actor, ticket_id),
                     lambda steps: self.show_steps(ticket_id, steps), parent=self)

    def show_steps(self, ticket_id: int, steps: list[StepView]) -> None:
        if ticket_id != self.ticket_id:
            return  # another ticket was opened meanwhile
        self.steps = list(steps)
        editable = can(self.actor, Permission.TICKET_UPDATE)
        self.list.blockSignals(True)
        self.list.clear()
        for step in steps:
            text = step.text if step.required else self.tr("{step} (optional)").format(step=step.text)
            item = QListWidgetItem(text)
            item.setData(STEP_ROLE, step.id)
            checkable = Qt.ItemFlag.ItemIsUserCheckable if editable else Qt.ItemFlag.NoItemFlags
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | checkable)
            item.setCheckState(Qt.CheckState.Checked if step.done else Qt.CheckState.Unchecked)
            if step.done and step.done_at is not None:
                item.setToolTip(self.tr("Done by {name}, {when}").format(
                    name=step.done_by or "?", when=local_time(step.done_at, self.actor.timezone)))
            self.list.addItem(item)
        self.list.blockSignals(False)
        required = [s for s in steps if s.required]
        self.progress.setText(self.tr("{done} of {total} required steps done").format(
            done=sum(s.done for s in required), total=len(required)))
        self.setVisible(bool(steps))
        self.sig_loaded.emit(len(steps))

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        from shared.services import checklists

        if self.ticket_id is None:
            return
        ticket_id, step_id, actor = self.ticket_id, int(item.data(STEP_ROLE)), self.actor
        done = item.checkState() == Qt.CheckState.Checked
        # The answer names the ticket as changed: the view reloads it, and this list with it.
        self.ops.run(lambda uow: checklists.tick(uow, actor, ticket_id, step_id, done), parent=self,
                     failure=self._on_tick_failed)

    def _on_tick_failed(self, _exc: BaseException) -> bool:
        """Show the steps as saved again; the error itself is shown as usual."""
        if self.ticket_id is not None:
            self.load(self.ticket_id)
        return False
