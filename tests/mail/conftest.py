"""Mail tests run against a real Dovecot (tests/dovecot.py) and a real aiosmtpd SMTP server."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from shared.config import Settings
from shared.db.database import Database
from shared.mail.config import MailSettings
from tests import factories as f
from tests.dovecot import Dovecot, dovecot_server
from tests.ports import free_port

__all__ = ["dovecot_server"]

SAMPLES = Path(__file__).parent / "samples"
ATTACHMENT_LIMIT = 64 * 1024


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def all_samples() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("*.eml"))]


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, language="en", attachment_max_bytes=ATTACHMENT_LIMIT)


@pytest.fixture(autouse=True)
def _defaults(db: Database) -> None:
    f.defaults(db)


class Sink:
    """An aiosmtpd handler keeping every message it is given."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = BytesParser(policy=policy.default).parsebytes(envelope.original_content or envelope.content)
        assert isinstance(msg, EmailMessage)
        self.messages.append(msg)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Controller, Sink]]:
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port(), loop=asyncio.new_event_loop())
    controller.start()
    yield controller, sink
    controller.stop()
    controller.loop.close()


@pytest.fixture
def sink(smtp_server: tuple[Controller, Sink]) -> Sink:
    smtp_server[1].messages.clear()
    smtp_server[1].refuse.clear()
    return smtp_server[1]


@pytest.fixture
def mailbox(dovecot_server: Dovecot) -> Dovecot:
    dovecot_server.clear()
    return dovecot_server


@pytest.fixture
def mail_settings(monkeypatch: pytest.MonkeyPatch, dovecot_server: Dovecot,
                  smtp_server: tuple[Controller, Sink]) -> MailSettings:
    monkeypatch.setenv("HELPDESK_MAIL_IMAP_PASSWORD", dovecot_server.password)
    monkeypatch.delenv("HELPDESK_MAIL_SMTP_PASSWORD", raising=False)
    return MailSettings(
        imap_host=dovecot_server.host, imap_port=dovecot_server.port, imap_security="none",
        imap_user=dovecot_server.user, imap_timeout=10, poll_interval=1,
        smtp_host="127.0.0.1", smtp_port=smtp_server[0].port, smtp_security="none", smtp_timeout=10,
        from_address="helpdesk@example.test", from_name="IT Helpdesk",
        send_backoff_seconds=60, send_backoff_cap_seconds=3600, send_max_attempts=3,
    )
