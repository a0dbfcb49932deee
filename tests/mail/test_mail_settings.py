"""Mail settings from the console: "test connection" against the real Dovecot and aiosmtpd says
what is wrong (unknown host, nothing listening, TLS, a refused password); saving writes [mail] in
helpdesk.toml and the passwords to the keyring, never to the file; every save is audited."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from aiosmtpd.controller import Controller
from keyring.backend import KeyringBackend
from sqlalchemy import select

from shared.db.database import Database
from shared.errors import PermissionDenied, ValidationFailed
from shared.mail import settings_admin as mail_settings
from shared.mail.check import Problem
from shared.mail.config import load_mail_settings, password
from shared.models import AuditLog
from shared.models.enums import Role
from tests import factories as f
from tests.dovecot import Dovecot
from tests.mail.conftest import Sink
from tests.ports import free_port

pytestmark = pytest.mark.imap


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def ring(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[MemoryKeyring]:
    """An empty config file and a keyring of our own; no password in the environment."""
    monkeypatch.setenv("HELPDESK_CONFIG", str(tmp_path / "helpdesk.toml"))
    for name in ("IMAP_PASSWORD", "SMTP_PASSWORD"):
        monkeypatch.delenv(f"HELPDESK_MAIL_{name}", raising=False)
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


def form(dovecot: Dovecot, smtp: Controller, **kw: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"imap_host": dovecot.host, "imap_port": dovecot.port, "imap_security": "none",
                              "imap_user": dovecot.user, "imap_folder": "INBOX", "smtp_host": "127.0.0.1",
                              "smtp_port": smtp.port, "smtp_security": "none", "smtp_user": "",
                              "from_address": "helpdesk@example.test", "from_name": "IT Helpdesk"}
    return values | kw


def test_both_servers_answer(db: Database, ring: MemoryKeyring, dovecot_server: Dovecot,
                             smtp_server: tuple[Controller, Sink]) -> None:
    admin = f.user(db, Role.ADMIN)
    imap, smtp = mail_settings.test_connection(db.uow(), admin, form(dovecot_server, smtp_server[0]),
                                               imap_password=dovecot_server.password)
    assert imap.ok and imap.message.startswith(f"Logged in to 127.0.0.1:{dovecot_server.port} as {dovecot_server.user}")
    assert smtp.ok and smtp.message.startswith(f"Connected to 127.0.0.1:{smtp_server[0].port} (no login)")


def test_each_failure_is_named(db: Database, ring: MemoryKeyring, dovecot_server: Dovecot,
                               smtp_server: tuple[Controller, Sink]) -> None:
    admin, smtp = f.user(db, Role.ADMIN), smtp_server[0]
    check = mail_settings.test_connection
    bad_password = check(db.uow(), admin, form(dovecot_server, smtp), imap_password="not-the-password")[0]
    assert bad_password.problem == Problem.LOGIN and "refused the login" in bad_password.message
    no_password = check(db.uow(), admin, form(dovecot_server, smtp))[0]  # none typed, none stored
    assert no_password.problem == Problem.SETTING and "No IMAP password" in no_password.message
    imap, smtp_result = check(db.uow(), admin, form(dovecot_server, smtp, imap_host="mail.example.invalid",
                                                    smtp_port=free_port()), imap_password="x")
    assert imap.problem == Problem.HOST and "mail.example.invalid is not known" in imap.message
    assert smtp_result.problem == Problem.HOST and "Nothing answers at 127.0.0.1" in smtp_result.message
    # TLS asked of servers that offer none: both name TLS, not the password or the host.
    imap, smtp_result = check(db.uow(), admin, form(dovecot_server, smtp, imap_security="ssl",
                                                    smtp_security="starttls"), imap_password="x")
    assert (imap.problem, smtp_result.problem) == (Problem.TLS, Problem.TLS)
    assert imap.message.startswith("TLS with the IMAP server") and "STARTTLS" in smtp_result.message
    offers_no_login = check(db.uow(), admin, form(dovecot_server, smtp, smtp_user="helpdesk"),
                            smtp_password="x")[1]
    assert offers_no_login.problem == Problem.SETTING and "offers no login" in offers_no_login.message
    with pytest.raises(ValidationFailed, match="imap_security"):
        check(db.uow(), admin, form(dovecot_server, smtp, imap_security="tls-please"))
    with pytest.raises(PermissionDenied):
        check(db.uow(), f.agent(db), form(dovecot_server, smtp))


def test_saving_writes_the_file_and_the_keyring_never_the_password_in_clear(
        db: Database, ring: MemoryKeyring, dovecot_server: Dovecot, smtp_server: tuple[Controller, Sink],
        tmp_path: Path) -> None:
    admin = f.user(db, Role.ADMIN)
    path = tmp_path / "helpdesk.toml"
    path.write_text('[helpdesk]\nlanguage = "id"\n\n[mail]\nsend_batch = 50\nimap_timeout = 12.5\n')
    view = mail_settings.save(db.uow(), admin, form(dovecot_server, smtp_server[0]),
                              imap_password=dovecot_server.password)
    assert view.imap_password and not view.smtp_password
    text = path.read_text()
    assert dovecot_server.password not in text and 'language = "id"' in text and "send_batch = 50" in text
    loaded = load_mail_settings()
    assert (loaded.imap_host, loaded.imap_port, loaded.imap_timeout) == ("127.0.0.1", dovecot_server.port, 12.5)
    assert password("imap", dovecot_server.user) == dovecot_server.password
    assert mail_settings.current(db.uow(), admin).values["smtp_port"] == smtp_server[0].port
    imap, smtp = mail_settings.test_connection(db.uow(), admin, view.values)  # the stored password now
    assert imap.ok and smtp.ok
    with db.uow() as uow:
        entry = uow.session.scalars(select(AuditLog).where(AuditLog.action == "mail.settings")).one()
    assert entry.actor_id == admin.id and entry.detail["passwords"] == ["imap"]
    assert entry.detail["after"]["imap_host"] == "127.0.0.1"
    assert dovecot_server.password not in str(entry.detail)
    with pytest.raises(ValidationFailed, match="from_address"):
        mail_settings.save(db.uow(), admin, form(dovecot_server, smtp_server[0], from_address="nobody"))
    assert "nobody" not in path.read_text()  # a bad value writes nothing
