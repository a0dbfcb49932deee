""""Test connection": log in to the IMAP and the SMTP server as the desk would, and say in one
line what went wrong — an unknown host, nothing listening, a TLS failure, a refused password —
so an administrator can fix the setting before any mail is lost. Blocking: run it off the GUI
thread."""

from __future__ import annotations

import contextlib
import imaplib
import smtplib
import socket
import ssl
from dataclasses import dataclass
from enum import StrEnum

from shared.errors import HelpdeskError
from shared.i18n import _
from shared.mail import imap, smtp
from shared.mail.config import MailConfigError, MailSettings, untrusted


class Problem(StrEnum):
    NONE = "none"  # connected and logged in
    NOT_SET = "not_set"  # no server configured: nothing to test
    SETTING = "setting"  # a setting is missing or wrong (no user, no password, unreadable CA file)
    HOST = "host"  # the name does not resolve, nothing listens, or no answer in time
    TLS = "tls"  # the TLS handshake failed or the certificate is not trusted
    LOGIN = "login"  # the server refused the user name or password


@dataclass(frozen=True)
class CheckResult:
    server: str  # "IMAP" or "SMTP"
    problem: Problem
    message: str

    @property
    def ok(self) -> bool:
        return self.problem == Problem.NONE


def _network(server: str, host: str, port: int, exc: BaseException) -> CheckResult:
    """A failure below the mail protocol, named by its cause."""
    cause = exc.__cause__ if isinstance(exc, HelpdeskError) and exc.__cause__ is not None else exc
    if isinstance(cause, ssl.SSLCertVerificationError):
        return CheckResult(server, Problem.TLS, untrusted(server, host, port, cause))
    if isinstance(cause, ssl.SSLError | smtplib.SMTPNotSupportedError) or "TLS" in str(cause).upper():
        return CheckResult(server, Problem.TLS, _(
            "TLS with the {server} server {host}:{port} failed: {error}. Check the security setting "
            "(SSL/TLS, STARTTLS or none) and the port.").format(server=server, host=host, port=port, error=cause))
    if isinstance(cause, socket.gaierror):
        return CheckResult(server, Problem.HOST, _("The {server} server name {host} is not known (DNS): check the "
                                                   "host name.").format(server=server, host=host))
    if isinstance(cause, ConnectionRefusedError):
        return CheckResult(server, Problem.HOST, _("Nothing answers at {host}:{port}: check the host and the "
                                                   "port.").format(host=host, port=port))
    if isinstance(cause, TimeoutError | socket.timeout):
        return CheckResult(server, Problem.HOST, _("The {server} server {host}:{port} did not answer in time.").format(
            server=server, host=host, port=port))
    return CheckResult(server, Problem.HOST, _("Cannot talk to the {server} server {host}:{port}: {error}").format(
        server=server, host=host, port=port, error=cause))


def check_imap(mail: MailSettings, *, secret: str | None = None) -> CheckResult:
    """Connect, log in and select the intake folder."""
    if not mail.imap_host:
        return CheckResult("IMAP", Problem.NOT_SET, _("No IMAP server is set: mail is not fetched."))
    host, port = mail.imap_host, mail.imap_port or 143
    try:
        conn = imap.connect(mail, secret=secret)
    except MailConfigError as exc:
        return CheckResult("IMAP", Problem.SETTING, exc.message)
    except imap.MailLoginError as exc:
        return CheckResult("IMAP", Problem.LOGIN, exc.message)
    except imap.MailConnectionError as exc:
        return _network("IMAP", host, port, exc)
    try:
        typ, data = conn.select(imap.quote(mail.imap_folder), readonly=True)
        if typ != "OK":
            return CheckResult("IMAP", Problem.SETTING, _("Logged in, but the folder {folder} cannot be opened: "
                                                          "{error}").format(folder=mail.imap_folder, error=data))
        first = data[0] if data else None
        count = int(first.decode()) if isinstance(first, bytes) and first.isdigit() else 0
        return CheckResult("IMAP", Problem.NONE, _("Logged in to {host}:{port} as {user}; {folder} holds {n} "
                                                   "message(s).").format(host=host, port=port, user=mail.imap_user,
                                                                         folder=mail.imap_folder, n=count))
    except (OSError, imaplib.IMAP4.error) as exc:
        return _network("IMAP", host, port, exc)
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            conn.logout()


def check_smtp(mail: MailSettings, *, secret: str | None = None) -> CheckResult:
    """Connect, start TLS and log in as configured; nothing is sent."""
    if not mail.smtp_host:
        return CheckResult("SMTP", Problem.NOT_SET, _("No SMTP server is set: no mail is sent."))
    host, port = mail.smtp_host, mail.smtp_port or 25
    try:
        client = smtp.connect(mail, secret=secret)
    except MailConfigError as exc:
        return CheckResult("SMTP", Problem.SETTING, exc.message)
    except smtplib.SMTPAuthenticationError as exc:
        return CheckResult("SMTP", Problem.LOGIN, _("The SMTP server refused the login for {user}: {error}").format(
            user=mail.smtp_user, error=exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes)
            else exc.smtp_error))
    except smtplib.SMTPNotSupportedError as exc:
        if "AUTH" not in str(exc).upper():
            return _network("SMTP", host, port, exc)  # no STARTTLS
        return CheckResult("SMTP", Problem.SETTING, _(
            "The SMTP server {host}:{port} offers no login: leave the SMTP user empty, or use STARTTLS or "
            "SSL/TLS if it offers a login only over TLS.").format(host=host, port=port))
    except (OSError, smtplib.SMTPException) as exc:
        return _network("SMTP", host, port, exc)
    try:
        code, _reply = client.noop()
        text = _("Connected to {host}:{port} and logged in as {user}; the server answers {code}.") if mail.smtp_user \
            else _("Connected to {host}:{port} (no login); the server answers {code}.")
        return CheckResult("SMTP", Problem.NONE, text.format(host=host, port=port, user=mail.smtp_user, code=code))
    except (OSError, smtplib.SMTPException) as exc:
        return _network("SMTP", host, port, exc)
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            client.quit()
