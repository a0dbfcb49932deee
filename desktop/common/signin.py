"""The sign-in dialog (both apps). The password is checked by the core (argon2) off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.common.errors import error_text
from desktop.common.ops import Ops
from shared.auth.permissions import Actor
from shared.errors import AuthenticationFailed, HelpdeskError
from shared.services import users


class SignInDialog(QDialog):
    sig_signed_in = Signal(object)  # Actor
    sig_failed = Signal(str)

    def __init__(self, ops: Ops, *, title: str, parent: QWidget | None = None, username: str = "") -> None:
        super().__init__(parent)
        self.ops = ops
        self.actor: Actor | None = None
        self.setWindowTitle(title)
        self.setMinimumWidth(360)
        heading = QLabel(title)
        heading.setObjectName("ticketTitle")
        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("signinMessage")
        self.message.setStyleSheet("color:#c62828;")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("User name:"), self.username)
        form.addRow(self.tr("Password:"), self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_in_button.setText(self.tr("Sign in"))
        self.sign_in_button.setObjectName("signInButton")
        self.buttons.accepted.connect(self.sign_in)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.password if username else self.username).setFocus(Qt.FocusReason.OtherFocusReason)

    def sign_in(self) -> None:
        name, password = self.username.text().strip(), self.password.text()
        if not name or not password:
            self.message.setText(self.tr("Enter your user name and password."))
            return
        self.sign_in_button.setEnabled(False)
        self.message.setText(self.tr("Signing in…"))
        self.ops.run(lambda uow: users.authenticate(uow, name, password), self._on_ok,
                     failure=self._on_failed, parent=self)

    def _on_ok(self, actor: Actor) -> None:
        self.actor = actor
        self.message.clear()
        self.sig_signed_in.emit(actor)
        self.accept()

    def _on_failed(self, exc: BaseException) -> bool:
        self.sign_in_button.setEnabled(True)
        if not isinstance(exc, HelpdeskError):
            return False
        self.message.setText(error_text(exc))
        if isinstance(exc, AuthenticationFailed):
            self.password.clear()
            self.password.setFocus()
        self.sig_failed.emit(error_text(exc))
        return True
