"""The SMTP adapter of the notifications outbox (`shared.services.outbox`).

For each due e-mail row: read it (a short transaction), render and send it with no transaction
open, then record the outcome in a new short transaction. A slow or hanging mail server therefore
never holds a database connection or a row lock. Delivery semantics are the outbox's: at least
once, the same Message-ID on every attempt, retries with growing delays, FAILED rows kept.
Internal notes never reach the outbox (shared.services.notify), so they cannot be mailed.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from shared.db.database import Database
from shared.i18n import _
from shared.mail.config import MailConfigError, MailSettings, password, tls_context, untrusted
from shared.mail.render import AUTOMATIC, Rendered, TemplateMissing, pick_language, render
from shared.services import outbox
from shared.services.outbox import Backoff, DueMail

log = logging.getLogger(__name__)
SmtpFactory = Callable[[MailSettings], smtplib.SMTP]


@dataclass
class SendSummary:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    error: str | None = None  # why the server could not be reached, if it could not


def connect(mail: MailSettings, *, secret: str | None = None) -> smtplib.SMTP:
    """A connected (and logged-in, when smtp_user is set) SMTP client. `secret`: a password to try
    instead of the stored one. Raises OSError/SMTPException."""
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
        secret = secret or password("smtp", mail.smtp_user)
        if secret is None:
            client.close()
            raise MailConfigError(_("No SMTP password: set HELPDESK_MAIL_SMTP_PASSWORD or store it with "
                                    "`keyring set helpdesk-mail smtp:{user}`.").format(user=mail.smtp_user))
        try:
            client.login(mail.smtp_user, secret)
        except BaseException:  # a refused login (or no AUTH at all) must not leave the socket open
            with contextlib.suppress(OSError):
                client.close()
            raise
    return client


def build(row: DueMail, rendered: Rendered, mail: MailSettings, now_header: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = formataddr((mail.from_name, mail.from_address))
    msg["Reply-To"] = mail.from_address
    msg["To"] = row.recipient_address
    msg["Subject"] = rendered.subject
    msg["Date"] = now_header
    msg["Message-ID"] = row.message_id
    if row.thread:
        msg["In-Reply-To"] = row.thread[0]
        msg["References"] = " ".join(row.thread)
    if row.kind in AUTOMATIC:
        msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: auto-responders must not answer it
        msg["X-Auto-Response-Suppress"] = "All"  # Exchange's equivalent
    number = row.payload.get("number")
    if number:
        msg["X-Helpdesk-Ticket"] = str(number)
    msg.set_content(rendered.text)
    msg.add_alternative(rendered.html, subtype="html")
    msg["Content-Language"] = rendered.language  # after set_content, which clears Content-* headers
    return msg


def backoff(mail: MailSettings) -> Backoff:
    return Backoff(mail.send_max_attempts, mail.send_backoff_seconds, mail.send_backoff_cap_seconds)


def _render(db: Database, row: DueMail, mail: MailSettings) -> Rendered:
    language = pick_language(row.recipient_language, db.settings.language)
    return render(row.kind, row.payload, language=language, timezone=row.recipient_timezone or db.settings.timezone,
                  recipient_name=row.recipient_name or row.recipient_address or "", support_name=mail.from_name)


class _Connection:
    """One SMTP connection for a drain, opened on the first mail and again after a send broke it;
    a failed connect is not retried within the same drain."""

    def __init__(self, mail: MailSettings, factory: SmtpFactory) -> None:
        self.mail, self.factory = mail, factory
        self.client: smtplib.SMTP | None = None
        self.error: str | None = None

    def send(self, msg: EmailMessage) -> tuple[str | None, bool]:
        """(error or None, whether the error is permanent)."""
        if self.client is None and self.error is None:
            try:
                self.client = self.factory(self.mail)
            except ssl.SSLCertVerificationError as exc:
                self.error = untrusted("SMTP", self.mail.smtp_host or "", self.mail.smtp_port, exc)
            except (OSError, smtplib.SMTPException) as exc:
                self.error = _("Cannot connect to the SMTP server {host}:{port}: {error}").format(
                    host=self.mail.smtp_host, port=self.mail.smtp_port, error=exc or type(exc).__name__)
        if self.client is None:
            return self.error, False
        try:
            self.client.send_message(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _m in exc.recipients.values()]
            return refused_text(exc.recipients), all(500 <= c < 600 for c in codes)
        except (OSError, smtplib.SMTPException) as exc:
            _close(self.client)
            self.client = None  # reconnect for the next row
            return f"{type(exc).__name__}: {exc}", False
        return None, False

    def close(self) -> None:
        if self.client is not None:
            _close(self.client, quit_=True)


def refused_text(recipients: dict[str, tuple[int, bytes]]) -> str:
    """The server's refusal as a person reads it (it is shown as the mail's reason in the console):
    "recipient refused: 550 5.1.1 <x@example.com>: Recipient address rejected: User unknown"."""
    parts = []
    for address, (code, reply) in recipients.items():
        text = reply.decode("utf-8", errors="replace") if isinstance(reply, bytes) else str(reply)
        parts.append(f"{code} {text}" if address.lower() in text.lower() else f"{code} {text} ({address})")
    return "recipient refused: " + "; ".join(parts)


def drain(db: Database, mail: MailSettings, *, factory: SmtpFactory = connect) -> SendSummary:
    """Send every due e-mail notification once; no transaction is open during a send."""
    summary = SendSummary()
    policy = backoff(mail)
    domain = mail.from_address.rsplit("@", 1)[-1]
    connection = _Connection(mail, factory)
    try:
        for row_id in outbox.due_ids(db.uow(), limit=mail.send_batch):
            row = outbox.load(db.uow(), row_id, domain=domain)
            if row is None:
                continue
            if not row.recipient_address:
                outbox.mark_failed(db.uow(), row.id, "no recipient address", policy, permanent=True)
                summary.failed += 1
                continue
            try:
                rendered = _render(db, row, mail)
            except (TemplateMissing, KeyError, ValueError) as exc:
                outbox.mark_failed(db.uow(), row.id, f"cannot render: {exc}", policy, permanent=True)
                summary.failed += 1
                continue
            error, permanent = connection.send(build(row, rendered, mail, format_datetime(db.clock())))
            if error is None:
                outbox.mark_sent(db.uow(), row.id, row.message_id)
                summary.sent += 1
            elif outbox.mark_failed(db.uow(), row.id, error, policy, permanent=permanent,
                                    message_id=row.message_id):
                summary.failed += 1
                log.warning("outbox %s failed for good: %s", row.id, error)
            else:
                summary.retried += 1
    finally:
        connection.close()
    if connection.error:
        log.warning("%s", connection.error)
    summary.error = connection.error
    return summary


def _close(client: smtplib.SMTP, *, quit_: bool = False) -> None:
    try:
        if quit_:
            client.quit()
        else:
            client.close()
    except (OSError, smtplib.SMTPException):
        client.close()
