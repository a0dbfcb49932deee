"""The [mail] settings from the console: read them, change them, and test them against the real
servers before the desk relies on them.

The settings live in the `[mail]` table of helpdesk.toml on the computer that runs the desk's mail
jobs (`helpdesk serve` or `helpdesk scheduler`), read with shared.config.table_values like every
other table; the console edits the file of the computer it runs on. Passwords never go into the
file or the database: they are stored in the OS keyring (service "helpdesk-mail", the same entries
`keyring set helpdesk-mail imap:LOGIN` writes), or come from HELPDESK_MAIL_*_PASSWORD.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from typing import Any, Literal

from shared.auth.permissions import Actor, Permission, require
from shared.config import config_path, save_table, table_values
from shared.errors import ValidationFailed
from shared.i18n import _
from shared.mail.check import CheckResult, check_imap, check_smtp
from shared.mail.config import KEYRING_SERVICE, MailConfigError, MailSettings, load_mail_settings, password
from shared.services.admin.audit import diff, record
from shared.services.uow import UnitOfWork

# What the console shows and edits; the other [mail] keys (timeouts, back-off, rates) are kept.
EDITABLE = ("imap_host", "imap_port", "imap_security", "imap_user", "imap_folder", "smtp_host", "smtp_port",
            "smtp_security", "smtp_user", "from_address", "from_name", "tls_ca_file")


@dataclass(frozen=True)
class MailSettingsView:
    values: dict[str, Any]  # EDITABLE names -> the value in effect (file, then environment)
    imap_password: bool  # a password is available (keyring or environment); never the password
    smtp_password: bool
    from_environment: tuple[str, ...]  # names a HELPDESK_MAIL_* variable overrides: the file's value is not used
    path: str


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Blank fields are "not set"; ports are whole numbers."""
    out: dict[str, Any] = {}
    for name in EDITABLE:
        value = values.get(name)
        if isinstance(value, str):
            value = value.strip()
        if value in ("", None):
            continue
        out[name] = int(value) if name.endswith("_port") else value
    return out


def _settings(values: dict[str, Any]) -> MailSettings:
    try:
        return load_mail_settings(**_clean(values))
    except MailConfigError as exc:
        raise ValidationFailed(exc.message) from exc


def _view() -> MailSettingsView:
    mail = load_mail_settings()
    env = tuple(n for n in EDITABLE if f"HELPDESK_MAIL_{n.upper()}" in os.environ)
    return MailSettingsView({n: getattr(mail, n) for n in EDITABLE}, password("imap", mail.imap_user) is not None,
                            password("smtp", mail.smtp_user) is not None, env, str(config_path()))


def current(uow: UnitOfWork, actor: Actor) -> MailSettingsView:
    """The mail settings in effect. Permission: config:manage. Raises ValidationFailed for a
    config file that does not load."""
    require(actor, Permission.CONFIG_MANAGE)
    try:
        return _view()
    except MailConfigError as exc:
        raise ValidationFailed(exc.message) from exc


def _store_password(kind: Literal["imap", "smtp"], login: str | None, secret: str) -> None:
    if not login:
        raise ValidationFailed(_("Set the {kind} user before its password.").format(kind=kind.upper()),
                               field=f"{kind}_user")
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, f"{kind}:{login}", secret)
    except Exception as exc:  # no usable keyring backend (a headless server)
        raise ValidationFailed(_(
            "This computer has no keyring to keep the {kind} password in ({error}); set "
            "HELPDESK_MAIL_{upper}_PASSWORD in the environment of `helpdesk serve` instead.").format(
            kind=kind.upper(), error=exc, upper=kind.upper()), field=f"{kind}_password") from exc


def save(uow: UnitOfWork, actor: Actor, values: dict[str, Any], *, imap_password: str | None = None,
         smtp_password: str | None = None) -> MailSettingsView:
    """Write the editable [mail] settings to helpdesk.toml (other keys kept) and the passwords given
    to the keyring. Permission: config:manage. Raises ValidationFailed (a bad value, no keyring).
    Audited as mail.settings with what changed; a password only as "changed"."""
    require(actor, Permission.CONFIG_MANAGE)
    new = _settings(values)  # refuses a file that would not load, before anything is written
    try:
        kept = {k: v for k, v in table_values("mail").items() if k not in EDITABLE}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValidationFailed(_("Cannot read the config file: {error}").format(error=exc)) from exc
    before = _view().values
    if imap_password:
        _store_password("imap", new.imap_user, imap_password)
    if smtp_password:
        _store_password("smtp", new.smtp_user, smtp_password)
    save_table("mail", kept | _clean(values))
    view = _view()
    old, changed = diff(before, view.values)
    with uow:
        record(uow.session, actor, uow.now(), "mail.settings", "config", None, before=old, after=changed,
               passwords=[k for k, v in (("imap", imap_password), ("smtp", smtp_password)) if v])
        uow.commit()
    return view


def test_connection(uow: UnitOfWork, actor: Actor, values: dict[str, Any], *, imap_password: str | None = None,
                    smtp_password: str | None = None) -> tuple[CheckResult, CheckResult]:
    """Log in to the IMAP and SMTP servers with these settings (the stored passwords unless others
    are given); nothing is saved or sent. Blocking, up to the timeouts. Permission: config:manage.
    Raises ValidationFailed for a value that is not valid."""
    require(actor, Permission.CONFIG_MANAGE)
    mail = _settings(values)
    return check_imap(mail, secret=imap_password or None), check_smtp(mail, secret=smtp_password or None)
