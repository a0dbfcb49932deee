"""Mail settings: the `[mail]` table of the config file, overridden by HELPDESK_MAIL_* variables.

Passwords are never stored in the config file or the database. They come from the environment
(HELPDESK_MAIL_IMAP_PASSWORD, HELPDESK_MAIL_SMTP_PASSWORD) or the OS keyring, service
"helpdesk-mail", user name "imap:LOGIN" / "smtp:LOGIN":

    keyring set helpdesk-mail imap:helpdesk@example.org
"""

from __future__ import annotations

import os
import ssl
import tomllib
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.config import table_values
from shared.errors import HelpdeskError
from shared.i18n import _

KEYRING_SERVICE = "helpdesk-mail"
Security = Literal["none", "starttls", "ssl"]


class MailConfigError(HelpdeskError):
    exit_code = 2


class MailSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HELPDESK_MAIL_", extra="ignore")

    imap_host: str | None = None
    imap_port: int | None = Field(default=None, ge=1, le=65535)  # None: 993 for ssl, else 143
    imap_security: Security = "ssl"
    imap_user: str | None = None
    imap_folder: str = "INBOX"
    imap_processed_folder: str = "Processed"  # "" : only flag \Seen
    imap_timeout: float = Field(default=30.0, gt=0, le=600)
    imap_all_messages: bool = False  # process every message in the folder, not only unseen ones

    smtp_host: str | None = None
    smtp_port: int | None = Field(default=None, ge=1, le=65535)  # None: 465 ssl, 587 starttls, 25
    smtp_security: Security = "starttls"
    smtp_user: str | None = None  # None: no SMTP AUTH
    smtp_timeout: float = Field(default=30.0, gt=0, le=600)
    # A PEM file with the CA certificate(s) to trust for IMAP and SMTP instead of the system's
    # (a company CA); the server's certificate and name are checked either way.
    tls_ca_file: str | None = None

    from_address: str = Field(default="helpdesk@localhost", pattern=r"^[^@\s<>]+@[^@\s<>]+$")
    from_name: str = "IT Helpdesk"

    poll_interval: float = Field(default=60.0, ge=1, le=3600)  # seconds; also the IDLE re-issue time
    rate_limit_per_hour: int = Field(default=30, ge=1, le=10_000)  # tickets+replies per sender
    send_max_attempts: int = Field(default=8, ge=1, le=100)
    send_backoff_seconds: float = Field(default=60.0, ge=0, le=86400)  # doubled each attempt
    send_backoff_cap_seconds: float = Field(default=6 * 3600.0, ge=0, le=7 * 86400)
    send_batch: int = Field(default=200, ge=1, le=10_000)

    @model_validator(mode="after")
    def _ports(self) -> MailSettings:
        if self.imap_port is None:
            self.imap_port = 993 if self.imap_security == "ssl" else 143
        if self.smtp_port is None:
            self.smtp_port = {"ssl": 465, "starttls": 587, "none": 25}[self.smtp_security]
        return self

    @property
    def own_addresses(self) -> frozenset[str]:
        own = {self.from_address.lower()}
        if self.imap_user and "@" in self.imap_user:
            own.add(self.imap_user.lower())
        return frozenset(own)


def tls_context(mail: MailSettings) -> ssl.SSLContext:
    """The TLS context for IMAP and SMTP: certificate and host name checked, against `tls_ca_file`
    when set, else the system's trusted CAs. Raises MailConfigError for an unreadable CA file."""
    try:
        return ssl.create_default_context(cafile=mail.tls_ca_file) if mail.tls_ca_file \
            else ssl.create_default_context()
    except (OSError, ssl.SSLError) as exc:
        raise MailConfigError(_("Cannot read the CA file {path} (mail.tls_ca_file): {error}").format(
            path=mail.tls_ca_file, error=exc)) from exc


def untrusted(kind: str, host: str, port: int | None, exc: ssl.SSLCertVerificationError) -> str:
    """One clear line for a certificate the client refused."""
    return _("The {kind} server {host}:{port} presented a certificate that is not trusted ({reason}). If it "
             "is signed by your own CA, set mail.tls_ca_file to that CA's certificate.").format(
        kind=kind, host=host, port=port, reason=exc.verify_message or exc.reason or exc)


def load_mail_settings(**overrides: Any) -> MailSettings:
    """File values first, then environment variables, then explicit overrides.

    Raises MailConfigError (one readable line) for a bad value.
    """
    try:
        values = table_values("mail")
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise MailConfigError(_("Cannot read the config file: {error}").format(error=exc)) from exc
    for name in MailSettings.model_fields:
        if f"HELPDESK_MAIL_{name.upper()}" in os.environ:
            values.pop(name, None)
    values.update(overrides)
    try:
        return MailSettings(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise MailConfigError(_("Bad mail setting {name}: {msg}").format(
            name=".".join(str(p) for p in first["loc"]), msg=first["msg"])) from exc


def password(kind: Literal["imap", "smtp"], login: str | None) -> str | None:
    """The password for `kind`: the environment first, then the keyring; None if neither has one."""
    env = os.environ.get(f"HELPDESK_MAIL_{kind.upper()}_PASSWORD")
    if env:
        return env
    if not login:
        return None
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, f"{kind}:{login}")
    except Exception:  # no usable keyring backend (a headless server): behave as "no password"
        return None
