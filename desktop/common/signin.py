"""The sign-in dialog (both apps). The password is checked by the core (argon2, or the company
directory) off the GUI thread; a one-time code is asked for when the account needs one, and an
account that must have one but has none is taken through setting up an authenticator app."""

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
from shared.errors import AuthenticationFailed, HelpdeskError, SecondFactorRequired
from shared.services import signin, users
from shared.services.twofactor import Enrolment


class SignInDialog(QDialog):
    sig_signed_in = Signal(object)  # Actor
    sig_failed = Signal(str)

    def __init__(self, ops: Ops, *, title: str, parent: QWidget | None = None, username: str = "") -> None:
        super().__init__(parent)
        self.ops = ops
        self.actor: Actor | None = None
        self.enrolment_dialog: QDialog | None = None
        self.setWindowTitle(title)
        self.setMinimumWidth(360)
        heading = QLabel(title)
        heading.setObjectName("ticketTitle")
        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.code = QLineEdit()
        self.code.setObjectName("totpCode")
        self.code.setMaxLength(11)  # a recovery code: xxxxx-xxxxx
        self.code.setPlaceholderText(self.tr("6-digit code or a recovery code"))
        self.message = QLabel()
        self.message.setObjectName("signinMessage")
        self.message.setStyleSheet("color:#c62828;")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("User name:"), self.username)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow(self.tr("One-time code:"), self.code)
        self._form = form
        form.setRowVisible(self.code, False)  # shown once the account turns out to need it
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
        self._authenticate(name, password, "".join(self.code.text().split()) or None)

    def _authenticate(self, name: str, password: str, code: str | None) -> None:
        """Check the credentials off the GUI thread; `_on_ok(actor)` or `_on_failed(error)`."""
        self.ops.run(lambda uow: users.authenticate(uow, name, password, code=code), self._on_ok,
                     failure=self._on_failed, parent=self)

    def _begin_enrolment(self, name: str, password: str) -> None:
        """Start setting up an authenticator; `_on_enrolment(enrolment)` or `_on_failed(error)`."""
        self.ops.run(lambda uow: signin.begin_enrolment(uow, name, password), self._on_enrolment,
                     failure=self._on_failed, parent=self)

    def _on_enrolment(self, enrolment: Enrolment) -> None:
        from desktop.common.twofactor_dialog import EnrolmentDialog

        dialog = EnrolmentDialog(enrolment, self)
        self.enrolment_dialog = dialog  # tests reach it here
        dialog.finished.connect(lambda result: self._on_enrolled(dialog, result))
        dialog.open()

    def _on_enrolled(self, dialog: QDialog, result: int) -> None:
        from desktop.common.twofactor_dialog import EnrolmentDialog

        assert isinstance(dialog, EnrolmentDialog)
        self.enrolment_dialog = None
        self._show_code()
        if result == QDialog.DialogCode.Accepted:
            self.code.setText(dialog.code_text())
            self.sign_in()  # the first code confirms the new authenticator and signs in
        else:
            self.sign_in_button.setEnabled(True)
            self.message.setText(self.tr("Two-factor sign-in was not set up."))

    def _show_code(self) -> None:
        self._form.setRowVisible(self.code, True)

    def _on_ok(self, actor: Actor) -> None:
        self.actor = actor
        self.message.clear()
        self.sig_signed_in.emit(actor)
        self.accept()

    def _on_failed(self, exc: BaseException) -> bool:
        self.sign_in_button.setEnabled(True)
        if not isinstance(exc, HelpdeskError):
            return False
        if isinstance(exc, SecondFactorRequired):
            if exc.enrol:
                self.message.setText(exc.message)
                self.sign_in_button.setEnabled(False)
                self._begin_enrolment(self.username.text().strip(), self.password.text())
                return True
            self._show_code()
            self.message.setText(exc.message)
            self.code.setFocus()
            return True
        self.message.setText(error_text(exc))
        if isinstance(exc, AuthenticationFailed) and self._form.isRowVisible(self.code):
            self.code.clear()
            self.code.setFocus()
        elif isinstance(exc, AuthenticationFailed):
            self.password.clear()
            self.password.setFocus()
        self.sig_failed.emit(error_text(exc))
        return True
