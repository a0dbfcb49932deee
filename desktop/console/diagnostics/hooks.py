"""Where the console offers "Run diagnostic…": the ticket view (on the ticket's machine) and the
Machines tab (on the selected machine, recorded on a ticket the agent names)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from desktop.console.diagnostics.session import DiagnosticsSession
from shared.auth.permissions import Actor, Permission, can
from shared.errors import HelpdeskError
from shared.services.dto import TicketDetail

if TYPE_CHECKING:
    from desktop.console.diagnostics.dialog import DiagnosticDialog  # imported when a dialog opens
    from desktop.console.ticket.view import TicketView
    from shared.services.machines import MachineView


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files _tr() under the empty context


def unavailable_reason(actor: Actor, machine_id: int | None, machine: MachineView | None) -> str | None:
    """Why the actor cannot run a diagnostic on this machine, or None when they can."""
    if not can(actor, Permission.DIAGNOSTIC_RUN):
        return _tr("Running diagnostics needs an L2 technician or above.")
    if machine_id is None:
        return _tr("This ticket is not linked to a machine.")
    if machine is None or machine.id != machine_id:
        return _tr("Looking up the machine…")
    if not machine.ssh_host or not machine.ssh_user:
        return _tr("{host} has no SSH target yet (helpdesk machine ssh-target).").format(host=machine.hostname)
    if not machine.ssh_host_key:
        return _tr("{host} has no pinned SSH host key.").format(host=machine.hostname)
    return None


def action_tip(machine: MachineView) -> str:
    return _tr("Run an approved diagnostic on {host} over SSH").format(host=machine.hostname)


def open_dialog(parent: QWidget, session: DiagnosticsSession, actor: Actor, machine: MachineView, *,
                ticket: TicketDetail | None, ask_ticket: bool, opened: Callable[[DiagnosticDialog], None]) -> None:
    """Load the catalogue (off the GUI thread the first time), then open the dialog window-modally."""
    from desktop.console.diagnostics.dialog import DiagnosticDialog

    def show(catalogue):  # type: ignore[no-untyped-def]
        dialog = DiagnosticDialog(parent, session, actor, machine, catalogue,
                                  ticket_id=ticket.id if ticket else None,
                                  ticket_number=ticket.number if ticket else "", ask_ticket=ask_ticket)
        opened(dialog)
        dialog.open()
    session.with_catalogue(show, parent)


class TicketDiagnostics:
    """The ticket view's side: the ticket's machine (fetched off the GUI thread on each load, as its
    SSH target may change), the action's state with a tooltip saying why, and the dialog."""

    def __init__(self, view: TicketView, session: DiagnosticsSession) -> None:
        self.view, self.session = view, session
        self.machine: MachineView | None = None
        self.problem: str | None = None

    def ticket_loaded(self, detail: TicketDetail) -> None:
        from shared.services import machines

        machine_id, actor, view = detail.machine_id, self.view.actor, self.view
        if self.machine is not None and self.machine.id != machine_id:
            self.machine = None
        self.problem = None
        if machine_id is None or not can(actor, Permission.DIAGNOSTIC_RUN):
            return
        view.ops.run(lambda uow: machines.get_machine(uow, actor, machine_id), self._on_machine,
                     failure=self._on_machine_failed, parent=view)

    def _on_machine(self, machine: MachineView) -> None:
        if self.view.detail is not None and self.view.detail.machine_id == machine.id:
            self.machine = machine
            self.view.update_actions()

    def _on_machine_failed(self, exc: BaseException) -> bool:
        if not isinstance(exc, HelpdeskError):
            return False
        self.problem = exc.message
        self.view.update_actions()
        return True

    def reason(self) -> str | None:
        d = self.view.detail
        if d is None:
            return _tr("Open a ticket first.")
        return self.problem or unavailable_reason(self.view.actor, d.machine_id, self.machine)

    def update(self, action: QAction) -> None:
        reason = self.reason()
        action.setEnabled(reason is None)
        action.setToolTip(reason or (action_tip(self.machine) if self.machine is not None else ""))

    def open(self) -> None:
        view, machine = self.view, self.machine
        if self.reason() is not None or machine is None:
            return
        def opened(dialog: DiagnosticDialog) -> None:
            view.dialog = dialog
        open_dialog(view, self.session, view.actor, machine, ticket=view.detail, ask_ticket=False, opened=opened)
