"""Administration › Mail settings, driven as an admin would: the form shows the settings in
effect, "Test connection" logs in to the real Dovecot and aiosmtpd off the GUI thread and says
what failed, and Save keeps the password in the keyring, not in helpdesk.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.common.ops import Ops
from desktop.console.admin.mail import MailPage
from shared.db.database import Database
from shared.mail.config import load_mail_settings, password
from shared.models.enums import Role
from tests import factories as f
from tests.desktop.conftest import click, wait_idle
from tests.dovecot import Dovecot, dovecot_server
from tests.mail.conftest import smtp_server
from tests.mail.test_mail_settings import MemoryKeyring, ring

pytestmark = pytest.mark.imap
__all__ = ["dovecot_server", "ring", "smtp_server"]


def test_test_connection_then_save(qtbot, db: Database, ops: Ops, ring: MemoryKeyring,  # type: ignore[no-untyped-def]
                                   dovecot_server: Dovecot, smtp_server, tmp_path: Path) -> None:
    admin = f.user(db, Role.ADMIN)
    window_page = MailPage(ops, admin)
    qtbot.addWidget(window_page)
    window_page.show()
    wait_idle(qtbot, ops)
    page = window_page
    assert page.passwords["imap"].placeholderText() == "not set"
    page.fields["imap_host"].setText(dovecot_server.host)
    page.fields["imap_port"].setValue(dovecot_server.port)
    page.fields["imap_security"].setCurrentIndex(page.fields["imap_security"].findData("none"))
    page.fields["imap_user"].setText(dovecot_server.user)
    page.fields["smtp_host"].setText("127.0.0.1")
    page.fields["smtp_port"].setValue(smtp_server[0].port)
    page.fields["smtp_security"].setCurrentIndex(page.fields["smtp_security"].findData("none"))
    qtbot.keyClicks(page.passwords["imap"], "wrong password")
    with qtbot.waitSignal(page.sig_tested):
        click(qtbot, page.test_button)
    assert page.results["imap"].text().startswith("✘ The IMAP server refused the login")
    assert page.results["smtp"].text().startswith("✔ Connected to 127.0.0.1")
    page.passwords["imap"].setText(dovecot_server.password)
    with qtbot.waitSignal(page.sig_tested):
        click(qtbot, page.test_button)
    assert page.results["imap"].text().startswith(f"✔ Logged in to 127.0.0.1:{dovecot_server.port}")

    with qtbot.waitSignal(page.sig_loaded):  # saved, then the form shows what is in effect
        click(qtbot, page.save_button)
    assert page.passwords["imap"].text() == "" and page.passwords["imap"].placeholderText() == "stored; type to change"
    assert "Saved." in page.notice.text()
    assert load_mail_settings().imap_host == dovecot_server.host
    assert password("imap", dovecot_server.user) == dovecot_server.password
    assert dovecot_server.password not in (tmp_path / "helpdesk.toml").read_text()
    wait_idle(qtbot, ops)
