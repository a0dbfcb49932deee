"""The sign-in dialog (both apps). The password is checked by the core (argon2, or the company
directory) off the GUI thread; a one-time code is asked for when the account needs one, and an
account that must have one but has none is taken through setting up an authenticator app.

The dialog imports none of the data layer: the console shows it first and opens its database
(and imports the code that needs) while the person types (`prepare`), so the core's sign-in
services are imported inside the ops that call them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
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

if TYPE_CHECKING:
    from shared.services.twofactor import Enrolment
    from shared.services.uow import UnitOfWork

# A dialog that paints nothing (no screen to paint on) still starts its preparation this long after
# it is shown; one that paints starts it right after its first paint.
PREPARE_FALLBACK_MS = 100


class SignInDialog(QDialog):
    sig_signed_in = Signal(object)  # Actor
    sig_failed = Signal(str)

    def __init__(self, ops: Ops, *, title: str, parent: QWidget | None = None, username: str = "") -> None:
        super().__init__(parent)
        self.ops = ops
        self.actor: Actor | None = None
        self.enrolment_dialog: QDialog | None = None
        self.prepare_error: BaseException | None = None  # what `prepare`'s work failed with
        self._preparation: tuple[Callable[[], Any], Callable[[Any], None]] | None = None  # not started yet
        self._ready: Callable[[Any], None] | None = None  # started, not finished: called with its result
        self._waiting: tuple[str, str, str | None] | None = None  # Sign in pressed before it finished
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

    def _say(self, text: str) -> None:
        """Show `text` under the fields, the dialog grown to show it whole: a directory that cannot be
        reached or an account locked out is explained in a sentence or two, which the dialog's first
        size cut off in mid-word. It never shrinks, so a shorter message does not make it jump."""
        self.message.setText(text)
        layout = self.layout()
        if layout is None or not self.isVisible():
            return  # sized when shown
        layout.activate()
        width = self.width()
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else self.sizeHint().height()
        if height > self.height():
            self.resize(width, height)

    def prepare(self, work: Callable[[], Any], ready: Callable[[Any], None]) -> None:
        """Run `work()` off the GUI thread once the dialog is on screen (the console imports its data
        layer and opens its database while the person types); `ready(result)` runs on the GUI thread
        before any sign-in. Sign in pressed before then waits for it, "Signing in…". If it fails, the
        error is shown here and signing in stays off (`prepare_error`); Cancel still closes."""
        self._preparation = (work, ready)

    def prepare_started(self) -> bool:
        return self._preparation is None

    def preparing(self) -> bool:
        """Whether `prepare`'s work is still to start or to finish (a sign-in would wait for it)."""
        return self._preparation is not None or self._ready is not None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._preparation is not None:
            QTimer.singleShot(PREPARE_FALLBACK_MS, self, self._start_preparing)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and self._preparation is not None:
            # After this paint: the dialog is on screen before the work competes for the GIL.
            QTimer.singleShot(0, self, self._start_preparing)
        return handled

    def _start_preparing(self) -> None:
        if self._preparation is None:  # started already
            return
        work, self._ready = self._preparation
        self._preparation = None
        self.ops.call(work, self._on_prepared, failure=self._on_prepare_failed, parent=self)

    def _on_prepared(self, result: object) -> None:
        ready, self._ready = self._ready, None
        assert ready is not None
        ready(result)
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self._authenticate(*waiting)

    def _on_prepare_failed(self, exc: BaseException) -> bool:
        self._ready = self._waiting = None
        self.prepare_error = exc
        self.sign_in_button.setEnabled(False)  # for good: there is nothing to sign in to
        self._say(error_text(exc))
        self.sig_failed.emit(error_text(exc))
        return isinstance(exc, HelpdeskError)  # a bug also gets the box that logs it

    def sign_in(self) -> None:
        if self.prepare_error is not None:  # Enter in a field, with the button disabled
            return
        name, password = self.username.text().strip(), self.password.text()
        if not name or not password:
            self._say(self.tr("Enter your user name and password."))
            return
        self.sign_in_button.setEnabled(False)
        self._say(self.tr("Signing in…"))
        code = "".join(self.code.text().split()) or None
        if self._preparation is not None or self._ready is not None:
            self._waiting = (name, password, code)  # signed in once the preparation is done
            self._start_preparing()  # if nothing has started it yet
            return
        self._authenticate(name, password, code)

    def _authenticate(self, name: str, password: str, code: str | None) -> None:
        """Check the credentials off the GUI thread; `_on_ok(actor)` or `_on_failed(error)`."""
        def op(uow: UnitOfWork) -> Actor:
            from shared.services import users

            return users.authenticate(uow, name, password, code=code)

        self.ops.run(op, self._on_ok, failure=self._on_failed, parent=self)

    def _begin_enrolment(self, name: str, password: str) -> None:
        """Start setting up an authenticator; `_on_enrolment(enrolment)` or `_on_failed(error)`."""
        def op(uow: UnitOfWork) -> Enrolment:
            from shared.services import signin

            return signin.begin_enrolment(uow, name, password)

        self.ops.run(op, self._on_enrolment, failure=self._on_failed, parent=self)

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
            self._say(self.tr("Two-factor sign-in was not set up."))

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
                self._say(exc.message)
                self.sign_in_button.setEnabled(False)
                self._begin_enrolment(self.username.text().strip(), self.password.text())
                return True
            self._show_code()
            self._say(exc.message)
            self.code.setFocus()
            return True
        self._say(error_text(exc))
        if isinstance(exc, AuthenticationFailed) and self._form.isRowVisible(self.code):
            self.code.clear()
            self.code.setFocus()
        elif isinstance(exc, AuthenticationFailed):
            self.password.clear()
            self.password.setFocus()
        self.sig_failed.emit(error_text(exc))
        return True
