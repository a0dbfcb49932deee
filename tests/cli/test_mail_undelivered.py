"""`helpdesk mail undelivered|resend|dismiss` against a real aiosmtpd server that refuses a recipient."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from aiosmtpd.controller import Controller

from shared.db.database import Database
from shared.models.enums import Role
from tests import factories as f
from tests.mail.conftest import Sink, sink, smtp_server

__all__ = ["sink", "smtp_server"]

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def mail_env(monkeypatch: pytest.MonkeyPatch, smtp_server: tuple[Controller, Sink]) -> None:
    for key, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_server[0].port), "SMTP_SECURITY": "none",
                       "FROM_ADDRESS": "helpdesk@example.test"}.items():
        monkeypatch.setenv(f"HELPDESK_MAIL_{key}", value)
    monkeypatch.delenv("HELPDESK_MAIL_SMTP_USER", raising=False)


def test_list_resend_to_a_corrected_address_and_dismiss(cli: Cli, committed_db: Database, sink: Sink,
                                                        mail_env: None) -> None:
    db = committed_db
    f.defaults(db)
    sink.refuse.add("gone@example.test")
    f.user(db, Role.SUPERVISOR, name="sari", full_name="Sari Supervisor")
    f.agent(db, name="budi")
    t = f.ticket(db, f.user(db, name="gone"), subject="Printer jams")
    f.ticket(db, f.user(db, name="lost"), subject="Screen flickers")
    sink.refuse.add("lost@example.test")
    code, out, _err = cli("mail", "send")
    assert code == 0 and "2 failed" in out

    code, out, err = cli("mail", "undelivered")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["ID", "Given", "up"]
    assert len(lines) == 3 and "lost@example.test" in lines[1] and "gone@example.test" in lines[2]
    assert t.number in lines[2] and "acknowledgement" in lines[2] and "550" in lines[2]
    lost, gone = (line.split()[0] for line in lines[1:])

    # Mistakes are one line and an exit code, never a traceback.
    code, _out, err = cli("mail", "resend", gone, "--to", "gone at example")
    assert code == 6 and err.strip() == "error: 'gone at example' is not an email address."
    code, _out, err = cli("mail", "resend", "999")
    assert code == 3 and "Undelivered mail #999 does not exist." in err and "Traceback" not in err
    with pytest.raises(SystemExit) as bad:  # argparse's refusal: one usage line, exit 2
        cli("mail", "resend", "x1")
    assert bad.value.code == 2
    code, _out, err = cli("mail", "undelivered", "--as", "budi")  # an agent: not the whole list
    assert code == 4 and "may not do this" in err

    code, out, _err = cli("mail", "resend", gone, "--to", "gone.away@example.test", "--as", "sari")
    assert code == 0 and f"Mail #{gone} to gone.away@example.test will be sent again now" in out
    code, out, _err = cli("mail", "send")
    assert code == 0 and out.startswith("1 sent")
    (msg,) = sink.to("gone.away@example.test")
    assert msg["Subject"].startswith(f"[{t.number}]")

    code, out, _err = cli("mail", "dismiss", lost, "--as", "sari")
    assert code == 0 and f"Mail #{lost} to lost@example.test dismissed" in out
    code, _out, err = cli("mail", "dismiss", lost, "--as", "sari")
    assert code == 5 and "Traceback" not in err
    assert cli("mail", "undelivered")[1] == "No undelivered mail.\n"
    code, out, _err = cli("mail", "undelivered", "--all")
    assert "dismissed by Sari Supervisor" in out and "lost@example.test" in out
    code, out, _err = cli("ticket", "show", t.number, "--as", "sari")
    assert "Mail sent again to gone.away@example.test instead of gone@example.test (acknowledgement)." in out
