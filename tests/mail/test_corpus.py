"""The corpus: real messages from the test suites of mail libraries (tests/mail/corpus, MANIFEST.json
names the source of each) through the real Dovecot with `helpdesk mail fetch`, killed with SIGKILL
mid-batch and run again: every message has its expected outcome, none lost, none doubled."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from shared import cli
from shared.db.database import Database
from shared.mail.config import MailSettings
from shared.models import Attachment, MailIntake, Ticket, User
from tests.dovecot import Dovecot

pytestmark = pytest.mark.imap

CORPUS = Path(__file__).parent / "corpus"
MANIFEST: list[dict[str, Any]] = json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))
LICENCES = {"MIT", "Apache-2.0", "BSD-2-Clause"}
KILL_AT = 60  # the fetcher kills itself (SIGKILL) right after this many commits, before moving the mail


def test_the_manifest_names_every_file_and_its_source() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.name not in ("MANIFEST.json", "README.md", ".gitattributes")}
    assert files == {e["file"] for e in MANIFEST} and len(MANIFEST) >= 150
    for e in MANIFEST:
        assert re.fullmatch(r"[0-9a-f]{40}", e["commit"]) and e["licence"] in LICENCES, e
        assert e["repository"].count("/") == 1 and e["path"] and e["expected"]["outcome"], e
    classes = {e["class"] for e in MANIFEST}
    assert {"bounce", "auto-reply", "read-receipt", "duplicate", "no-usable-sender", "defect-raw-kept",
            "reply-trimming", "threaded-reply"} <= classes


def _env(mail_settings: MailSettings, database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "HELPDESK_CONFIG": str(CORPUS / "no-such-config.toml"), "HELPDESK_DATABASE_URL": database_url,
        "HELPDESK_LANGUAGE": "en", "HELPDESK_ATTACHMENT_MAX_BYTES": str(10 * 1024 * 1024),
        "HELPDESK_AUTO_ASSIGN": "false",  # not what this test is about, and it costs a query per ticket
        "HELPDESK_MAIL_IMAP_HOST": str(mail_settings.imap_host),
        "HELPDESK_MAIL_IMAP_PORT": str(mail_settings.imap_port),
        "HELPDESK_MAIL_IMAP_SECURITY": "none", "HELPDESK_MAIL_IMAP_USER": str(mail_settings.imap_user),
        "HELPDESK_MAIL_FROM_ADDRESS": "helpdesk@example.test",
    })
    return env


def test_the_corpus_through_dovecot_with_a_kill_mid_batch(
        committed_db: Database, mailbox: Dovecot, mail_settings: MailSettings, database_url: str,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    db = committed_db
    raws = [(CORPUS / e["file"]).read_bytes() for e in MANIFEST]
    mailbox.append(*raws)
    env = _env(mail_settings, database_url)
    killer = textwrap.dedent(f"""
        import os, signal
        from shared.cli_support import CliContext
        from shared.config import load_settings
        from shared.mail import imap
        from shared.mail.config import load_mail_settings
        n = 0
        def die(uid, result):
            global n
            n += 1
            if n == {KILL_AT}:
                os.kill(os.getpid(), signal.SIGKILL)
        imap.fetch_once(CliContext(load_settings()).database(), load_mail_settings(), after_commit=die)
    """)
    killed = subprocess.run([sys.executable, "-c", killer], env=env, capture_output=True, text=True, timeout=120,
                            check=False)
    assert killed.returncode == -9, killed.stderr
    for name, value in env.items():  # the rerun: `helpdesk mail fetch`, in this process (one start-up less)
        if name.startswith("HELPDESK_"):
            monkeypatch.setenv(name, value)
    assert cli.main(["mail", "fetch"]) == 0
    after = [e["expected"]["outcome"] for e in MANIFEST[KILL_AT:]]
    counts = {o: after.count(o) for o in ("created", "appended", "ignored")}
    assert capsys.readouterr().out == (
        "{created} created, {appended} appended, 0 events on tickets, {ignored} ignored, 0 quarantined, "
        "{dup} already processed\n").format(**counts, dup=after.count("duplicate") + 1)
    assert mailbox.count("INBOX") == 0 and mailbox.count("Processed") == len(MANIFEST)  # nothing lost

    with db.uow() as uow:
        s = uow.session
        decisions = list(s.scalars(select(MailIntake).order_by(MailIntake.id)))
        # one decision per mail, plus one for the mail that was committed but not moved when killed
        assert len(decisions) == len(MANIFEST) + 1
        extra = decisions.pop(KILL_AT)
        assert extra.outcome == "duplicate" and extra.duplicate_of_id == decisions[KILL_AT - 1].id
        wrong = []
        for entry, d in zip(MANIFEST, decisions, strict=True):
            got = _observed(s, d, entry["expected"])
            if got != entry["expected"]:
                wrong.append((entry["file"], entry["expected"], got))
        assert wrong == []
        created = sum(e["expected"]["outcome"] == "created" for e in MANIFEST)
        assert len(list(s.scalars(select(Ticket.id)))) == created  # nothing doubled


def _observed(s: Any, d: MailIntake, expected: dict[str, Any]) -> dict[str, Any]:
    got: dict[str, Any] = {"outcome": d.outcome}
    if d.outcome == "ignored":
        got["rule"] = d.rule.split(":")[0]
    if d.outcome == "created":
        t = s.get(Ticket, d.ticket_id)
        requester = s.get(User, t.requester_id)
        names = list(s.scalars(select(Attachment.filename).where(Attachment.ticket_id == t.id)))
        got["requester"] = requester.email or requester.username
        got["raw_attached"] = "original-message.eml" in names
        if "description" in expected:
            got["description"] = t.description
    return got
