"""The console's two-factor dialogs: enrolling at the first sign-in (QR code, secret shown once),
then signing in with a code; enrolling from the menu."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from desktop.common.ops import Ops
from desktop.common.signin import SignInDialog
from desktop.common.twofactor_dialog import EnrolmentDialog
from shared.config import Settings
from shared.db.database import Database
from shared.directory import totp
from shared.models.enums import Role
from shared.services import twofactor, users
from tests import factories as f
from tests.conftest import FakeClock
from tests.desktop.conftest import click, wait_idle

PW = "tech-password-1"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, language="en", secret_key="d" * 40)


def _secret(dialog: EnrolmentDialog) -> str:
    return dialog.secret.text().replace(" ", "")


def test_first_sign_in_enrols_then_the_code_is_asked(qtbot, db: Database, ops: Ops, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    f.user(db, Role.L2_TECHNICIAN, name="tech", password=PW)
    dialog = SignInDialog(ops, title="Sign in")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.code.isVisible()
    qtbot.keyClicks(dialog.username, "tech")
    qtbot.keyClicks(dialog.password, PW)
    click(qtbot, dialog.sign_in_button)
    qtbot.waitUntil(lambda: dialog.enrolment_dialog is not None, timeout=20_000)
    enrolment = dialog.enrolment_dialog
    assert isinstance(enrolment, EnrolmentDialog)
    assert not enrolment.qr.pixmap().isNull()
    assert len(enrolment.codes.toPlainText().splitlines()) == 10
    qtbot.keyClicks(enrolment.code, totp.code_at(_secret(enrolment), db.clock()))
    with qtbot.waitSignal(dialog.sig_signed_in, timeout=20_000) as signed:
        click(qtbot, enrolment.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert signed.args[0].username == "tech"
    secret = _secret(enrolment)

    again = SignInDialog(ops, title="Sign in", username="tech")
    qtbot.addWidget(again)
    again.show()
    qtbot.keyClicks(again.password, PW)
    click(qtbot, again.sign_in_button)
    qtbot.waitUntil(again.code.isVisible, timeout=20_000)  # the password was right: now the code
    assert "6-digit code" in again.message.text()
    wait_idle(qtbot, ops)
    clock.advance(seconds=30)  # the enrolment's code signed in once already: the app's next one
    qtbot.keyClicks(again.code, totp.code_at(secret, db.clock()))
    with qtbot.waitSignal(again.sig_signed_in, timeout=20_000):
        click(qtbot, again.sign_in_button)


def test_enrolment_dialog_refuses_a_malformed_code(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    from shared.services.twofactor import Enrolment

    secret = totp.new_secret()
    dialog = EnrolmentDialog(Enrolment("tech", secret, totp.provisioning_uri(secret, "tech", "Helpdesk"),
                                       ("aaaaa-bbbbb",)))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.code, "12a")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert dialog.result() == 0 and "6-digit" in dialog.message.text()
    assert dialog.secret.text().replace(" ", "") == secret


def test_enrolling_from_the_console_menu(qtbot, db: Database, ops: Ops) -> None:  # type: ignore[no-untyped-def]
    from desktop.console.main_window import MainWindow

    agent = f.user(db, Role.L1_AGENT, name="agent", password=PW)
    window = MainWindow(ops, agent)
    qtbot.addWidget(window)
    window.set_up_two_factor()
    qtbot.waitUntil(lambda: getattr(window, "enrolment_dialog", None) is not None, timeout=20_000)
    dialog = window.enrolment_dialog
    qtbot.keyClicks(dialog.code, totp.code_at(_secret(dialog), db.clock()))
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    wait_idle(qtbot, ops)
    with pytest.raises(Exception, match="6-digit code"):
        users.authenticate(db.uow(), "agent", PW)  # from now on a code is needed


def test_a_refusal_in_several_lines_is_shown_whole(qtbot, db: Database, ops: Ops) -> None:  # type: ignore[no-untyped-def]
    """A wrong one-time code is explained in two sentences: the dialog grows to show them, where its
    first size cut them off in mid-word."""
    f.user(db, Role.L2_TECHNICIAN, name="tech", password=PW)
    actor = users.actor_for(db.uow(), "tech")
    secret = twofactor.begin(db.uow(), actor).secret
    twofactor.confirm(db.uow(), actor, totp.code_at(secret, db.clock()))
    dialog = SignInDialog(ops, title="Sign in", username="tech")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, PW)
    click(qtbot, dialog.sign_in_button)
    qtbot.waitUntil(dialog.code.isVisible, timeout=20_000)
    wait_idle(qtbot, ops)
    qtbot.keyClicks(dialog.code, "000000" if totp.code_at(secret, db.clock()) != "000000" else "111111")
    with qtbot.waitSignal(dialog.sig_failed, timeout=20_000) as failed:
        click(qtbot, dialog.sign_in_button)
    assert failed.args[0].startswith("The code is wrong or has expired.")
    label = dialog.message
    assert label.heightForWidth(label.width()) > label.fontMetrics().height()  # it does take several lines
    assert label.height() >= label.heightForWidth(label.width())  # all of them shown
    assert label.geometry().bottom() < dialog.buttons.geometry().top()
