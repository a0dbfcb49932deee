"""The ticket's undelivered mail, above its timeline: the requester (or a colleague) was not told,
so the agent reads "A mail to X could not be delivered" with the server's reason, and can send it
again; supervisors also to another address, or not at all (shared.services.undelivered, which
checks the same roles). What an action changed names the ticket: the view reloads, and this with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.common.fmt import local_time
from desktop.common.ops import Ops
from shared.auth.permissions import Actor, Permission, can

if TYPE_CHECKING:  # the service is imported where used: a ticket's first load, not the console's start
    from shared.services.undelivered import Undelivered


def ask_other_address(parent: QWidget, current: str) -> str | None:
    """The address a supervisor types to send an undelivered mail to instead (the ticket's banner
    and the Mail tab's page ask the same); None when cancelled or left empty."""
    text, ok = QInputDialog.getText(parent, QCoreApplication.translate("UndeliveredBanner", "Send to another address"),
                                    QCoreApplication.translate("UndeliveredBanner", "Send this mail to:"),
                                    QLineEdit.EchoMode.Normal, current)
    return text.strip() if ok and text.strip() else None


class UndeliveredBanner(QFrame):
    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.actor = ops, actor
        self.ticket_id: int | None = None
        self.items: list[Undelivered] = []  # newest first; the buttons act on the first
        self.setObjectName("undeliveredBanner")
        self.setStyleSheet("#undeliveredBanner { background:#ffebee; border:1px solid #c62828; "
                           "border-radius:4px; } QLabel { color:#4e1c1c; }")
        self.text = QLabel()
        self.text.setObjectName("undeliveredText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.resend = QPushButton(self.tr("Send again"))
        self.resend.setObjectName("undeliveredResend")
        self.resend.clicked.connect(lambda: self._on_resend(other=False))
        self.resend_to = QPushButton(self.tr("Send to another address…"))
        self.resend_to.setObjectName("undeliveredResendTo")
        self.resend_to.clicked.connect(lambda: self._on_resend(other=True))
        self.dismiss = QPushButton(self.tr("Do not send"))
        self.dismiss.setObjectName("undeliveredDismiss")
        self.dismiss.setToolTip(self.tr("Dismiss the undelivered mail: it will not be sent"))
        self.dismiss.clicked.connect(self._on_dismiss)
        # Another address and dismissing are a supervisor's calls (the service checks the same).
        manage = can(actor, Permission.MAIL_MANAGE)
        self.resend_to.setVisible(manage)
        self.dismiss.setVisible(manage)
        # The server's words can be long: the text takes the banner's width, the buttons go below it.
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 4, 8, 4)
        column.addWidget(self.text)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in (self.resend, self.resend_to, self.dismiss):
            row.addWidget(button)
        column.addLayout(row)
        self.hide()

    def clear(self) -> None:
        """Another ticket is being opened: nothing of this one's mail stays on screen."""
        self.ticket_id, self.items = None, []
        self.hide()

    def load(self, ticket_id: int) -> None:
        if not can(self.actor, Permission.TICKET_REPLY):
            return  # requesters see neither the mail nor the list
        from shared.services import undelivered

        self.ticket_id = ticket_id
        actor = self.actor
        self.ops.run(lambda uow: undelivered.for_ticket(uow, actor, ticket_id),
                     lambda items: self._on_items(ticket_id, items), parent=self)

    def _on_items(self, ticket_id: int, items: list[Undelivered]) -> None:
        if ticket_id != self.ticket_id:
            return  # another ticket was opened meanwhile
        self.items = list(items)
        if not items:
            self.hide()
            return
        u = items[0]
        text = self.tr("A mail to {address} could not be delivered ({kind}, {when}): {error}").format(
            address=u.recipient_address or "—", kind=u.kind_text, when=local_time(u.given_up_at, self.actor.timezone),
            error=" ".join(u.last_error.split())[:240])
        if len(items) > 1:
            text += " " + self.tr("({n} more undelivered)").format(n=len(items) - 1)
        self.text.setText(text)
        self.show()

    def ask_address(self, current: str) -> str | None:
        """The address to send to instead (tests replace this)."""
        return ask_other_address(self, current)

    def _on_resend(self, *, other: bool) -> None:
        from shared.services import undelivered

        if not self.items:
            return
        u, actor = self.items[0], self.actor
        to = self.ask_address(u.recipient_address or "") if other else None
        if other and to is None:
            return
        self.ops.run(lambda uow: undelivered.resend(uow, actor, u.id, to=to), failure=self._on_failed, parent=self)

    def _on_dismiss(self) -> None:
        from shared.services import undelivered

        if not self.items:
            return
        u, actor = self.items[0], self.actor
        self.ops.run(lambda uow: undelivered.dismiss(uow, actor, u.id), failure=self._on_failed, parent=self)

    def _on_failed(self, _exc: BaseException) -> None:
        """Someone else sent it again (or dismissed it) first: the error is shown, the banner catches up."""
        if self.ticket_id is not None:
            self.load(self.ticket_id)
