"""`helpdesk mail fetch` against a real Dovecot: every sample lands where it should, once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from shared.auth.permissions import SYSTEM
from shared.config import Settings
from shared.db.database import Database
from shared.mail import imap, intake
from shared.mail.config import MailSettings
from shared.models import Attachment, MailIntake, MailMessage, Ticket, TicketLink, TimelineEntry, User
from shared.models.enums import Channel, EntryKind, Status
from shared.services import tickets, workflow
from tests import factories as f
from tests.conftest import PATIENCE
from tests.dovecot import Dovecot
from tests.mail.conftest import ATTACHMENT_LIMIT, all_samples, sample

pytestmark = pytest.mark.imap


def _count(db: Database, model: type, *where: object) -> int:
    with db.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _ticket(db: Database, ticket_id: int) -> Ticket:
    with db.uow() as uow:
        t = uow.session.get(Ticket, ticket_id)
        assert t is not None
        return t


def _entries(db: Database, ticket_id: int, kind: EntryKind) -> list[TimelineEntry]:
    with db.uow() as uow:
        return list(uow.session.scalars(select(TimelineEntry).where(
            TimelineEntry.ticket_id == ticket_id, TimelineEntry.kind == kind).order_by(TimelineEntry.id)))


def _by_subject(db: Database, subject: str) -> Ticket:
    with db.uow() as uow:
        t = uow.session.scalar(select(Ticket).where(Ticket.subject == subject))
        assert t is not None, subject
        return t


def test_every_sample_becomes_the_right_ticket_or_entry(db: Database, mailbox: Dovecot,
                                                        mail_settings: MailSettings) -> None:
    mailbox.append(*(raw for _n, raw in all_samples()))
    summary = imap.fetch_once(db, mail_settings)
    assert summary.counts == {"created": 11, "appended": 2, "event": 1, "ignored": 2, "quarantined": 0,
                              "duplicate": 0, "deferred": 0}
    assert mailbox.count("INBOX") == 0 and mailbox.count("Processed") == 16

    laptop = _by_subject(db, "Laptop will not boot")
    assert laptop.id == 1 and laptop.channel == Channel.EMAIL
    replies = _entries(db, 1, EntryKind.REPLY)
    assert [r.body for r in replies] == ['It now shows "No bootable device" as well.\n\nBudi',
                                         "I also have the serial number: 5CD1234XYZ."]
    assert all(r.via_email and r.message_id for r in replies)
    assert "Finance, 3rd floor" not in laptop.description  # signature trimmed
    with db.uow() as uow:
        budi = uow.session.scalar(select(User).where(User.email == "budi.santoso@example.test"))
        assert budi is not None and budi.role == "requester" and budi.full_name == "Budi Santoso"
        assert laptop.requester_id == budi.id

    assert _by_subject(db, "Café machine badge reader").description.endswith("Grüße, André")
    assert "“Invoice”" in _by_subject(db, "Invoice template broken").description
    siti = _by_subject(db, "Lupa kata sandi email – mohon bantuan")
    assert "Dikirim dari" not in siti.description

    pdf = _by_subject(db, "Error report attached")
    with db.uow() as uow:
        (att,) = uow.session.scalars(select(Attachment).where(Attachment.ticket_id == pdf.id))
        assert (att.filename, att.content_type, att.size) == ("error-report.pdf", "application/pdf", 1101)
        big = _by_subject(db, "Screen recording of the problem")
        assert uow.session.scalar(select(func.count()).select_from(Attachment).where(
            Attachment.ticket_id == big.id)) == 0
    (note,) = _entries(db, big.id, EntryKind.NOTE)
    assert "recording.mp4" in note.body and f"{ATTACHMENT_LIMIT:,}" in note.body

    for subject, reason in (("Strange characters in my mail", "x-bogus-charset-42"),
                            ("Scanner does not send to email", "NoBoundaryInMultipartDefect")):
        t = _by_subject(db, subject)
        with db.uow() as uow:
            names = list(uow.session.scalars(select(Attachment.filename).where(Attachment.ticket_id == t.id)))
        assert names == ["original-message.eml"]
        assert reason in _entries(db, t.id, EntryKind.NOTE)[0].body

    no_id = _by_subject(db, "Need access to the shared drive")
    with db.uow() as uow:
        row = uow.session.scalar(select(MailMessage).where(MailMessage.ticket_id == no_id.id))
        assert row is not None and row.message_id.startswith("<sha256.")
        ignored = dict(uow.session.execute(select(MailIntake.message_id, MailIntake.rule).where(
            MailIntake.outcome.in_(("ignored", "event")))).all())
        auto = uow.session.scalar(select(MailIntake).where(MailIntake.message_id == "<auto-12@vendor.example.test>"))
    assert set(ignored) == {"<auto-12@vendor.example.test>", "<ooo-13@mail.example.test>",
                            "<bounce-14@mx.example.test>"}
    assert ignored["<bounce-14@mx.example.test>"].startswith("bounce: multipart/report")
    assert ignored["<ooo-13@mail.example.test>"] == "auto-reply: X-Autoreply: yes"
    # the auto-reply answers HD-000001: an event on that ticket, never an acknowledgement
    assert auto is not None and (auto.outcome, auto.ticket_id) == ("event", 1)
    assert any("An automatic reply arrived" in n.body for n in _entries(db, 1, EntryKind.NOTE))

    # Re-running finds nothing; re-delivering the same mail creates nothing new either.
    assert imap.fetch_once(db, mail_settings).counts["created"] == 0
    mailbox.append(*(raw for _n, raw in all_samples()))
    again = imap.fetch_once(db, mail_settings)
    assert again["duplicate"] == 16 and again["created"] == again["appended"] == 0
    assert _count(db, Ticket) == 11
    assert mailbox.count("INBOX") == 0


def test_crash_between_commit_and_move_loses_and_duplicates_nothing(
        db: Database, mailbox: Dovecot, mail_settings: MailSettings) -> None:
    names = ["01_plain.eml", "02_alternative.eml", "03_html_only.eml", "04_latin1.eml", "16_no_message_id.eml"]
    mailbox.append(*(sample(n) for n in names))
    commits = 0

    def crash_after_two(uid: bytes, result: intake.IntakeResult) -> None:
        nonlocal commits
        commits += 1
        if commits == 2:
            raise KeyboardInterrupt("killed after the commit, before the IMAP move")

    with pytest.raises(KeyboardInterrupt):
        imap.fetch_once(db, mail_settings, after_commit=crash_after_two)
    assert _count(db, Ticket) == 2
    assert mailbox.count("INBOX") == 4  # the first was moved, the second committed but not moved

    summary = imap.fetch_once(db, mail_settings)
    assert summary["duplicate"] == 1 and summary["created"] == 3
    assert _count(db, Ticket) == 5 and _count(db, MailMessage) == 5
    assert mailbox.count("INBOX") == 0 and mailbox.count("Processed") == 5


@pytest.mark.usefixtures("committed_db")  # the fetcher is another process
def test_kill_the_fetcher_process_mid_batch(db: Database, mailbox: Dovecot, mail_settings: MailSettings,
                                             database_url: str, tmp_path: pytest.TempPathFactory) -> None:
    """A real process killed (os._exit) right after its third commit; the re-run completes the batch."""
    import subprocess
    import sys
    import textwrap

    mailbox.append(*(raw for n, raw in all_samples() if n[:2] in ("01", "02", "03", "04", "05", "07")))
    script = textwrap.dedent(f"""
        import os
        from shared.config import Settings
        from shared.db.database import open_database
        from shared.mail import imap
        from shared.mail.config import MailSettings
        n = 0
        def die(uid, result):
            global n
            n += 1
            if n == 3:
                os._exit(9)
        db = open_database(Settings(database_url={database_url!r}, language="en"))
        imap.fetch_once(db, MailSettings.model_validate_json({mail_settings.model_dump_json()!r}), after_commit=die)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 9, proc.stderr
    assert _count(db, Ticket) == 3
    summary = imap.fetch_once(db, mail_settings)
    assert (summary["duplicate"], summary["created"]) == (1, 3)
    assert _count(db, Ticket) == 6 and mailbox.count("INBOX") == 0


def test_reply_reopens_a_resolved_ticket(db: Database, mailbox: Dovecot, mail_settings: MailSettings) -> None:
    mailbox.append(sample("01_plain.eml"))
    imap.fetch_once(db, mail_settings)
    agent = f.agent(db)
    workflow.resolve(db.uow(), agent, 1, "Reseated the RAM.")
    mailbox.append(sample("10_outlook_reply.eml"))
    assert imap.fetch_once(db, mail_settings)["appended"] == 1
    t = _ticket(db, 1)
    assert t.status in (Status.OPEN, Status.IN_PROGRESS) and t.reopen_count == 1


def test_reply_to_a_closed_ticket_opens_a_linked_follow_up(db: Database, mailbox: Dovecot,
                                                           mail_settings: MailSettings) -> None:
    mailbox.append(sample("01_plain.eml"))
    imap.fetch_once(db, mail_settings)
    agent = f.agent(db)
    workflow.resolve(db.uow(), agent, 1, "Reseated the RAM.")
    workflow.close(db.uow(), agent, 1)
    mailbox.append(sample("11_in_reply_to.eml"))
    summary = imap.fetch_once(db, mail_settings)
    assert summary["created"] == 1
    (new_id,) = summary.ticket_ids
    follow = _ticket(db, new_id)
    assert follow.subject == "Follow-up to HD-000001: Re: Laptop will not boot"
    assert _ticket(db, 1).status == Status.CLOSED
    assert _count(db, TicketLink, TicketLink.ticket_a_id == 1, TicketLink.ticket_b_id == new_id) == 1


def test_unknown_senders_rejected_when_configured(db: Database, mailbox: Dovecot, mail_settings: MailSettings,
                                                  settings: Settings) -> None:
    db.settings = settings.model_copy(update={"unknown_senders": "reject"})
    f.user(db, name="rina", full_name="Rina", email=True)  # rina@example.test is known
    with db.uow() as uow:
        rina = uow.session.scalar(select(User).where(User.username == "rina"))
        assert rina is not None
        rina.email = "rina@example.test"
        uow.commit()
    mailbox.append(sample("01_plain.eml"), sample("02_alternative.eml"))
    summary = imap.fetch_once(db, mail_settings)
    assert (summary["quarantined"], summary["created"]) == (1, 1)
    assert _count(db, User, User.email == "budi.santoso@example.test") == 0
    assert mailbox.count("INBOX") == 0  # quarantined mail is processed too, never retried forever
    with db.uow() as uow:
        held = uow.session.scalar(select(MailIntake).where(MailIntake.outcome == "quarantined"))
        assert held is not None and held.raw == sample("01_plain.eml").replace(b"\n", b"\r\n")
        assert "unknown sender" in held.rule


def test_rate_limit_per_sender(db: Database, mailbox: Dovecot, mail_settings: MailSettings) -> None:
    limited = mail_settings.model_copy(update={"rate_limit_per_hour": 2})
    mailbox.append(*(sample("02_alternative.eml").replace(b"<alt-2@", f"<alt-{i}-x@".encode()) for i in range(4)))
    summary = imap.fetch_once(db, limited)
    assert (summary["created"], summary["quarantined"]) == (2, 2)


def test_own_address_and_colleague_in_copy(db: Database, mailbox: Dovecot, mail_settings: MailSettings) -> None:
    own = sample("02_alternative.eml").replace(b'"Rina Wijaya" <rina@example.test>', b"helpdesk@example.test")
    colleague = sample("11_in_reply_to.eml").replace(b"budi.santoso@example.test>\nTo", b"wati@example.test>\nTo")
    mailbox.append(sample("01_plain.eml"), own, colleague)
    summary = imap.fetch_once(db, mail_settings)
    assert (summary["created"], summary["ignored"], summary["appended"]) == (1, 1, 1)
    (note,) = _entries(db, 1, EntryKind.NOTE)
    assert note.body.startswith("Mail from Budi Santoso <wati@example.test>:") and "5CD1234XYZ" in note.body
    assert _entries(db, 1, EntryKind.REPLY) == []


def test_processed_folder_missing_falls_back_to_seen_flag(db: Database, mailbox: Dovecot,
                                                           mail_settings: MailSettings) -> None:
    flag_only = mail_settings.model_copy(update={"imap_processed_folder": ""})
    mailbox.append(sample("01_plain.eml"))
    assert imap.fetch_once(db, flag_only)["created"] == 1
    assert mailbox.count("INBOX") == 1 and mailbox.count("INBOX", "UNSEEN") == 0
    assert imap.fetch_once(db, flag_only)["created"] == 0


@pytest.mark.usefixtures("committed_db")  # the watcher runs on its own thread
def test_watch_picks_up_new_mail_with_idle(db: Database, mailbox: Dovecot, mail_settings: MailSettings) -> None:
    import queue
    import threading

    stop = threading.Event()
    summaries: queue.SimpleQueue[imap.FetchSummary] = queue.SimpleQueue()
    thread = threading.Thread(target=imap.watch, args=(db, mail_settings),
                              kwargs={"stop": stop, "on_summary": summaries.put}, daemon=True)
    thread.start()
    try:
        assert summaries.get(timeout=PATIENCE).ticket_ids == []  # the empty box is read, then watched
        mailbox.append(sample("01_plain.eml"))
        while not (made := summaries.get(timeout=PATIENCE).ticket_ids):
            pass  # a poll that came before the mail
        assert _count(db, Ticket) == 1 and len(made) == 1
    finally:
        stop.set()
        thread.join(PATIENCE)
    assert not thread.is_alive()


def test_internal_notes_are_not_threading_targets(db: Database) -> None:
    """Mail never turns into or out of an internal note except the colleague-in-copy case."""
    requester = f.user(db)
    t = f.ticket(db, requester)
    tickets.note(db.uow(), SYSTEM, t.id, "internal only")
    assert _count(db, TimelineEntry, TimelineEntry.message_id.is_not(None)) == 0
