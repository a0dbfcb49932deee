"""IMAPS, IMAP STARTTLS and SMTP STARTTLS against the real Dovecot and aiosmtpd, with a test CA:
the certificate is checked, and a server signed by another CA is refused with a clear error."""

from __future__ import annotations

import asyncio
import shutil
import ssl
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from shared.db.database import Database
from shared.mail import imap, smtp
from shared.mail.config import MailConfigError, MailSettings
from tests import factories as f
from tests.dovecot import Dovecot, running_dovecot
from tests.mail.conftest import Sink, sample
from tests.ports import free_port
from tests.probe.tls import Authority

pytestmark = pytest.mark.imap


class Pki:
    def __init__(self, root: Path) -> None:
        self.ca = Authority(root, "Helpdesk Test CA")
        self.other = Authority(root, "Some Other CA")
        self.cert, self.key = self.ca.issue("127.0.0.1")


@pytest.fixture(scope="module")
def pki() -> Iterator[Pki]:
    root = Path(tempfile.mkdtemp(prefix="helpdesk-mail-tls-"))
    root.chmod(0o755)  # Dovecot's processes read the key as root, but the directory must be traversable
    try:
        yield Pki(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def tls_dovecot(pki: Pki) -> Iterator[Dovecot]:
    root = Path(tempfile.mkdtemp(prefix="helpdesk-dovecot-tls-"))
    try:
        with running_dovecot(root, (pki.cert, pki.key)) as server:
            yield server
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def tls_smtp(pki: Pki) -> Iterator[tuple[Controller, Sink]]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(pki.cert, pki.key)
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port(), loop=asyncio.new_event_loop(),
                            tls_context=context, require_starttls=True)
    controller.start()
    yield controller, sink
    controller.stop()
    controller.loop.close()


def _imap(server: Dovecot, pki: Pki, monkeypatch: pytest.MonkeyPatch, **kw: object) -> MailSettings:
    monkeypatch.setenv("HELPDESK_MAIL_IMAP_PASSWORD", server.password)
    values: dict[str, object] = {"imap_host": server.host, "imap_user": server.user, "imap_timeout": 10,
                                 "tls_ca_file": str(pki.ca.pem), "from_address": "helpdesk@example.test"}
    values.update(kw)
    return MailSettings.model_validate(values)


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_fetch_over_tls_with_the_test_ca(db: Database, tls_dovecot: Dovecot, pki: Pki,
                                         monkeypatch: pytest.MonkeyPatch, security: str) -> None:
    tls_dovecot.clear()
    tls_dovecot.append(sample("01_plain.eml"))
    port = tls_dovecot.tls_port if security == "ssl" else tls_dovecot.port
    mail = _imap(tls_dovecot, pki, monkeypatch, imap_security=security, imap_port=port)
    assert imap.fetch_once(db, mail)["created"] == 1


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_a_server_signed_by_another_ca_is_refused_clearly(tls_dovecot: Dovecot, pki: Pki,
                                                          monkeypatch: pytest.MonkeyPatch, security: str) -> None:
    port = tls_dovecot.tls_port if security == "ssl" else tls_dovecot.port
    mail = _imap(tls_dovecot, pki, monkeypatch, imap_security=security, imap_port=port,
                 tls_ca_file=str(pki.other.pem))
    with pytest.raises(imap.MailConnectionError) as caught:
        imap.connect(mail)
    assert caught.value.message.startswith(f"The IMAP server 127.0.0.1:{port} presented a certificate that is "
                                           "not trusted (")
    assert "mail.tls_ca_file" in caught.value.message


def test_the_system_store_does_not_trust_the_test_ca(tls_dovecot: Dovecot, pki: Pki,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    mail = _imap(tls_dovecot, pki, monkeypatch, imap_security="ssl", imap_port=tls_dovecot.tls_port,
                 tls_ca_file=None)
    with pytest.raises(imap.MailConnectionError, match="not trusted"):
        imap.connect(mail)


def test_a_missing_ca_file_is_a_configuration_error(tls_dovecot: Dovecot, pki: Pki,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    mail = _imap(tls_dovecot, pki, monkeypatch, imap_security="ssl", imap_port=tls_dovecot.tls_port,
                 tls_ca_file="/nonexistent/ca.pem")
    with pytest.raises(MailConfigError, match=r"Cannot read the CA file /nonexistent/ca\.pem"):
        imap.connect(mail)


def _smtp(controller: Controller, pki: Pki, ca: Path) -> MailSettings:
    return MailSettings(smtp_host="127.0.0.1", smtp_port=controller.port, smtp_security="starttls",
                        smtp_timeout=10, tls_ca_file=str(ca), from_address="helpdesk@example.test",
                        send_backoff_seconds=60, send_max_attempts=3)


def test_send_over_smtp_starttls_with_the_test_ca(db: Database, tls_smtp: tuple[Controller, Sink],
                                                  pki: Pki) -> None:
    controller, sink = tls_smtp
    sink.messages.clear()
    f.ticket(db, f.user(db))  # queues the acknowledgement
    summary = smtp.drain(db, _smtp(controller, pki, pki.ca.pem))
    assert (summary.sent, summary.error) == (1, None)
    assert len(sink.messages) == 1


def test_smtp_signed_by_another_ca_is_refused_clearly(db: Database, tls_smtp: tuple[Controller, Sink],
                                                      pki: Pki) -> None:
    controller, sink = tls_smtp
    sink.messages.clear()
    f.ticket(db, f.user(db))
    summary = smtp.drain(db, _smtp(controller, pki, pki.other.pem))
    assert summary.sent == 0 and sink.messages == []
    assert summary.error is not None and summary.error.startswith(
        f"The SMTP server 127.0.0.1:{controller.port} presented a certificate that is not trusted (")
