"""`helpdesk mail ...` handlers: summaries, clear errors, exit codes, no tracebacks."""

from __future__ import annotations

import argparse
import io

import pytest

from shared.cli_support import CliContext
from shared.db.database import Database
from shared.mail import cli
from shared.mail.config import MailSettings, load_mail_settings
from tests import factories as f
from tests.dovecot import Dovecot
from tests.mail.conftest import Sink, sample
from tests.ports import free_port


def _ctx(db: Database) -> CliContext:
    return CliContext(db.settings, out=io.StringIO(), _db=db)


def test_register_adds_fetch_watch_send() -> None:
    parser = argparse.ArgumentParser()
    cli.register_cli(parser.add_subparsers(dest="command"))
    for name, handler in (("fetch", cli.cmd_fetch), ("watch", cli.cmd_watch), ("send", cli.cmd_send)):
        assert parser.parse_args(["mail", name]).handler is handler


def test_fetch_prints_a_summary(db: Database, mailbox: Dovecot, mail_settings: MailSettings) -> None:
    mailbox.append(sample("01_plain.eml"), sample("12_auto_replied.eml"), sample("11_in_reply_to.eml"))
    ctx = _ctx(db)
    assert cli.cmd_fetch(argparse.Namespace(), ctx, mail_settings) == 0
    assert ctx.out.getvalue() == (  # type: ignore[attr-defined]
        "1 created, 1 appended, 1 events on tickets, 0 ignored, 0 quarantined, 0 already processed\n")


def test_send_prints_a_summary(db: Database, sink: Sink, mail_settings: MailSettings) -> None:
    f.ticket(db, f.user(db))
    ctx = _ctx(db)
    assert cli.cmd_send(argparse.Namespace(), ctx, mail_settings) == 0
    assert ctx.out.getvalue() == "1 sent, 0 to retry later, 0 failed\n"  # type: ignore[attr-defined]


def test_cannot_connect(db: Database, mail_settings: MailSettings, capsys: pytest.CaptureFixture[str]) -> None:
    bad = mail_settings.model_copy(update={"imap_port": free_port()})
    assert cli.cmd_fetch(argparse.Namespace(), _ctx(db), bad) == 10
    err = capsys.readouterr().err
    assert err.startswith("error: Cannot connect to the IMAP server 127.0.0.1:") and "Traceback" not in err


def test_login_failed(db: Database, mail_settings: MailSettings, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HELPDESK_MAIL_IMAP_PASSWORD", "wrong")
    assert cli.cmd_fetch(argparse.Namespace(), _ctx(db), mail_settings) == 11
    assert "refused the login for helpdesk@example.test" in capsys.readouterr().err


def test_missing_configuration(db: Database, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("HELPDESK_MAIL_IMAP_HOST", raising=False)
    assert cli.cmd_fetch(argparse.Namespace(), _ctx(db), MailSettings()) == 2
    assert "No IMAP server is set" in capsys.readouterr().err


def test_smtp_down_is_a_non_zero_exit(db: Database, mail_settings: MailSettings,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    f.ticket(db, f.user(db))
    down = mail_settings.model_copy(update={"smtp_port": free_port()})
    assert cli.cmd_send(argparse.Namespace(), _ctx(db), down) == 10
    assert "Cannot connect to the SMTP server" in capsys.readouterr().err


def test_settings_from_file_and_environment(tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "helpdesk.toml"  # type: ignore[operator]
    path.write_text('[helpdesk]\nlanguage = "id"\n\n[mail]\nimap_host = "imap.example.org"\n'
                    'imap_security = "starttls"\nsmtp_host = "smtp.example.org"\nrate_limit_per_hour = 5\n')
    monkeypatch.setenv("HELPDESK_CONFIG", str(path))
    monkeypatch.setenv("HELPDESK_MAIL_SMTP_HOST", "relay.example.org")
    mail = load_mail_settings()
    assert (mail.imap_host, mail.imap_port, mail.smtp_host, mail.smtp_port) == (
        "imap.example.org", 143, "relay.example.org", 587)
    assert mail.rate_limit_per_hour == 5
    path.write_text('[mail]\nimap_security = "tls-please"\n')
    with pytest.raises(cli.HelpdeskError, match="imap_security"):
        load_mail_settings()
