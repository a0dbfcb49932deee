"""Delivering the notifications outbox by SMTP.

Rows with channel "email", status pending and next_attempt_at <= now are sent oldest first. A sent
row gets status SENT, its Message-ID, and a `mail_messages` row (direction "out") so a reply to it
threads back to the ticket. A failure counts an attempt and waits `backoff * 2**(attempts-1)`
(capped) before the next; after `send_max_attempts` the row is FAILED, and kept for an admin.

The Message-ID is derived from the row, so a retry after a crash between sending and committing
re-sends the same Message-ID (receivers de-duplicate it) rather than a different mail.
Internal notes never reach the outbox (shared.services.notify), so they cannot be mailed.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from sqlalchemy import select

from shared.db.database import Database
from shared.i18n import _
from shared.mail.config import MailConfigError, MailSettings, password, tls_context, untrusted
from shared.mail.render import AUTOMATIC, Rendered, TemplateMissing, pick_language, render
from shared.models import MailMessage, OutboxMessage, User
from shared.models.enums import OutboxStatus
from shared.services.notify import EMAIL
from shared.services.uow import UnitOfWork

log = logging.getLogger(__name__)
SmtpFactory = Callable[[MailSettings], smtplib.SMTP]


@dataclass
class SendSummary:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    error: str | None = None  # why the server could not be reached, if it could not


def connect(mail: MailSettings) -> smtplib.SMTP:
    """A connected (and logged-in, when smtp_user is set) SMTP client. Raises OSError/SMTPException."""
    if not mail.smtp_host:
        raise MailConfigError(_("No SMTP server is set (mail.smtp_host or HELPDESK_MAIL_SMTP_HOST)."))
    port = mail.smtp_port or 25
    context = tls_context(mail) if mail.smtp_security != "none" else None
    if mail.smtp_security == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(mail.smtp_host, port, timeout=mail.smtp_timeout, context=context)
    else:
        client = smtplib.SMTP(mail.smtp_host, port, timeout=mail.smtp_timeout)
        if mail.smtp_security == "starttls":
            try:
                client.starttls(context=context)
            except BaseException:
                with contextlib.suppress(OSError):
                    client.close()
                raise
    if mail.smtp_user:
        secret = password("smtp", mail.smtp_user)
        if secret is None:
            client.close()
            raise MailConfigError(_("No SMTP password: set HELPDESK_MAIL_SMTP_PASSWORD or store it with "
                                    "`keyring set helpdesk-mail smtp:{user}`.").format(user=mail.smtp_user))
        client.login(mail.smtp_user, secret)
    return client


def message_id_for(row: OutboxMessage, mail: MailSettings) -> str:
    domain = mail.from_address.rsplit("@", 1)[-1]
    seed = f"{row.id}|{row.created_at.isoformat()}|{row.kind}|{row.recipient_address}|{row.dedup_key}"
    return f"<hd.{row.id}.{hashlib.sha256(seed.encode()).hexdigest()[:16]}@{domain}>"


def build(row: OutboxMessage, rendered: Rendered, mail: MailSettings, message_id: str,
          thread: list[str], now_header: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = formataddr((mail.from_name, mail.from_address))
    msg["Reply-To"] = mail.from_address
    msg["To"] = row.recipient_address
    msg["Subject"] = rendered.subject
    msg["Date"] = now_header
    msg["Message-ID"] = message_id
    if thread:
        msg["In-Reply-To"] = thread[0]
        msg["References"] = " ".join(thread)
    if row.kind in AUTOMATIC:
        msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: auto-responders must not answer it
        msg["X-Auto-Response-Suppress"] = "All"  # Exchange's equivalent
    number = row.payload.get("number") if isinstance(row.payload, dict) else None
    if number:
        msg["X-Helpdesk-Ticket"] = str(number)
    msg.set_content(rendered.text)
    msg.add_alternative(rendered.html, subtype="html")
    msg["Content-Language"] = rendered.language  # after set_content, which clears Content-* headers
    return msg


def _thread(uow: UnitOfWork, row: OutboxMessage, own_id: str) -> list[str]:
    """In-Reply-To and References for this recipient's view of the ticket: the mail they opened it
    with (or the first we sent them about it), then the latest we sent them."""
    if row.ticket_id is None or not row.recipient_address:
        return []
    s = uow.session
    opened = s.scalar(select(MailMessage.message_id).where(
        MailMessage.ticket_id == row.ticket_id, MailMessage.direction == "in",
        MailMessage.sender == row.recipient_address.lower(),
    ).order_by(MailMessage.id).limit(1))
    sent = select(OutboxMessage.message_id).where(
        OutboxMessage.ticket_id == row.ticket_id, OutboxMessage.channel == EMAIL,
        OutboxMessage.status == OutboxStatus.SENT, OutboxMessage.recipient_address == row.recipient_address,
        OutboxMessage.message_id.is_not(None), OutboxMessage.message_id != own_id)
    first = opened or s.scalar(sent.order_by(OutboxMessage.sent_at, OutboxMessage.id).limit(1))
    last = s.scalar(sent.order_by(OutboxMessage.sent_at.desc(), OutboxMessage.id.desc()).limit(1))
    return [m for m in dict.fromkeys((first, last)) if m]


def _fail(uow: UnitOfWork, row: OutboxMessage, mail: MailSettings, error: str, *, permanent: bool = False) -> bool:
    """Count a failed attempt. Returns True when the row is given up (FAILED)."""
    row.attempts = (row.attempts or 0) + 1
    row.last_error = error[:2000]
    if permanent or row.attempts >= mail.send_max_attempts:
        row.status = OutboxStatus.FAILED
        return True
    delay = min(mail.send_backoff_cap_seconds, mail.send_backoff_seconds * 2 ** (row.attempts - 1))
    row.next_attempt_at = uow.now() + timedelta(seconds=delay)
    return False


def drain(db: Database, mail: MailSettings, *, factory: SmtpFactory = connect) -> SendSummary:
    """Send every due e-mail notification once. Each row is its own transaction."""
    summary = SendSummary()
    uow = db.uow()
    with uow:
        ids = list(uow.session.scalars(
            select(OutboxMessage.id).where(OutboxMessage.channel == EMAIL,
                                           OutboxMessage.status == OutboxStatus.PENDING,
                                           OutboxMessage.next_attempt_at <= uow.now())
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(mail.send_batch)))
    client: smtplib.SMTP | None = None
    connect_error: str | None = None
    try:
        for row_id in ids:
            with uow:
                row = uow.session.get(OutboxMessage, row_id)
                if row is None or row.status != OutboxStatus.PENDING:
                    continue
                if not row.recipient_address:
                    _fail(uow, row, mail, "no recipient address", permanent=True)
                    summary.failed += 1
                    uow.commit()
                    continue
                recipient = uow.session.get(User, row.recipient_id) if row.recipient_id else None
                language = pick_language(recipient.language if recipient else None, uow.settings.language)
                try:
                    rendered = render(row.kind, dict(row.payload or {}), language=language,
                                      timezone=recipient.timezone if recipient else uow.settings.timezone,
                                      recipient_name=recipient.full_name if recipient else row.recipient_address,
                                      support_name=mail.from_name)
                except (TemplateMissing, KeyError, ValueError) as exc:
                    _fail(uow, row, mail, f"cannot render: {exc}", permanent=True)
                    summary.failed += 1
                    uow.commit()
                    continue
                mid = row.message_id or message_id_for(row, mail)
                msg = build(row, rendered, mail, mid, _thread(uow, row, mid),
                            format_datetime(uow.now()))
                error: str | None = None
                permanent = False
                if client is None and connect_error is None:
                    try:
                        client = factory(mail)
                    except ssl.SSLCertVerificationError as exc:
                        connect_error = untrusted("SMTP", mail.smtp_host or "", mail.smtp_port, exc)
                    except (OSError, smtplib.SMTPException) as exc:
                        connect_error = _("Cannot connect to the SMTP server {host}:{port}: {error}").format(
                            host=mail.smtp_host, port=mail.smtp_port, error=exc or type(exc).__name__)
                if client is None:
                    error = connect_error
                else:
                    try:
                        client.send_message(msg)
                    except smtplib.SMTPRecipientsRefused as exc:
                        codes = [code for code, _m in exc.recipients.values()]
                        permanent = all(500 <= c < 600 for c in codes)
                        error = f"recipient refused: {exc.recipients}"
                    except (OSError, smtplib.SMTPException) as exc:
                        error = f"{type(exc).__name__}: {exc}"
                        _close(client)
                        client = None  # reconnect for the next row
                row.message_id = mid
                if error is None:
                    row.status = OutboxStatus.SENT
                    row.sent_at = uow.now()
                    row.attempts = (row.attempts or 0) + 1
                    row.last_error = None
                    if uow.session.scalar(select(MailMessage.id).where(MailMessage.message_id == mid)) is None:
                        uow.session.add(MailMessage(message_id=mid, direction="out", ticket_id=row.ticket_id,
                                                    outcome="sent", detail=row.kind, created_at=uow.now()))
                    summary.sent += 1
                elif _fail(uow, row, mail, error, permanent=permanent):
                    summary.failed += 1
                    log.warning("outbox %s failed for good: %s", row.id, error)
                else:
                    summary.retried += 1
                uow.commit()
    finally:
        if client is not None:
            _close(client, quit_=True)
    if connect_error:
        log.warning("%s", connect_error)
    summary.error = connect_error
    return summary


def _close(client: smtplib.SMTP, *, quit_: bool = False) -> None:
    try:
        if quit_:
            client.quit()
        else:
            client.close()
    except (OSError, smtplib.SMTPException):
        client.close()
