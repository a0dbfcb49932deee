"""What the system says on a ticket is stored as message and values and shown in the reader's
language: reasons (claimed, triaged, closed automatically, merged), probe-alert subjects,
descriptions and notes, notifications and mail; built-in team and category names too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.i18n import is_said, reading_in, said_text, say, say_n, set_language, set_zone
from shared.mail.render import render
from shared.models import OutboxMessage, Ticket, TimelineEntry
from shared.models.enums import EntryKind, Role
from shared.services import alerts, enrolment, inbox, queue, tickets, workflow
from shared.services.dto import describe_event, payload_subject
from shared.services.names import shown_name, shown_path
from shared.services.queue import QueueQuery, View
from tests import factories as f
from tests.conftest import FakeClock
from tests.http.reports import report

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"


@pytest.fixture(autouse=True)
def _defaults(db: Database) -> Iterator[None]:
    f.defaults(db)
    yield
    set_language("en")


def _in(language: str, render_it):  # type: ignore[no-untyped-def]
    set_language(language)
    try:
        return render_it()
    finally:
        set_language("en")


def test_said_renders_in_each_language_with_nested_values_and_plurals() -> None:
    said = say("Severity changed from {old} to {new}: {summary}", old=say("warning"), new=say("critical"),
               summary="Disk / is 97% full")
    assert said_text(said) == "Severity changed from warning to critical: Disk / is 97% full"
    assert said_text(said, "id") == "Tingkat keparahan berubah dari peringatan menjadi kritis: Disk / is 97% full"
    silent = say_n("Probe silent for more than {hours} hour", "Probe silent for more than {hours} hours", 1, hours=1)
    assert said_text(silent) == "Probe silent for more than 1 hour"
    assert said_text({**silent, "args": {"n": 5, "hours": 5}}) == "Probe silent for more than 5 hours"
    # A message this server does not know is shown as written, values filled in.
    assert said_text(say("Checked by {who}", who="Ani"), "id") == "Checked by Ani"


def test_reasons_the_system_gives_are_stored_as_messages_and_read_in_the_readers_language(db: Database) -> None:
    agent = f.agent(db)
    t = f.ticket(db, f.user(db))
    tickets.update_fields(db.uow(), agent, t.id, impact="high")
    workflow.assign(db.uow(), agent, t.id, None)  # auto-assignment gave it away: unassign, then claim
    workflow.claim(db.uow(), agent, t.id)
    with db.uow() as uow:
        events = list(uow.session.scalars(select(TimelineEntry).where(
            TimelineEntry.ticket_id == t.id, TimelineEntry.kind == EntryKind.EVENT).order_by(TimelineEntry.id)))
    said = [e for e in events if is_said(e.data)]
    assert {e.data["say"] for e in said} >= {"Triaged", "Claimed"}  # type: ignore[index]
    assert all(e.body == "" for e in said)
    entries = tickets.get(db.uow(), agent, t.id).entries
    claimed = next(e for e in entries if e.data and e.data.get("say") == "Claimed")
    assert describe_event(claimed) == "Claimed"
    assert _in("id", lambda: describe_event(claimed)) == "Diambil"


def test_closed_automatically_reads_in_the_requesters_language(db: Database, clock: FakeClock) -> None:
    agent, requester = f.agent(db), f.user(db, language="id")
    t = f.ticket(db, requester)
    workflow.resolve(db.uow(), agent, t.id, solution="Kabel diganti.")
    clock.advance(days=8)
    assert workflow.auto_close(db.uow(), SYSTEM) == [t.id]
    closed = next(e for e in tickets.get(db.uow(), requester, t.id).entries if e.field == "status"
                  and e.new_value == "closed")
    assert describe_event(closed) == "Closed automatically 7 days after resolution"
    assert _in("id", lambda: describe_event(closed)) == "Ditutup otomatis 7 hari setelah diselesaikan"
    with db.uow() as uow:
        mail = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "status_changed")
                                   .order_by(OutboxMessage.id.desc())).first()
        assert mail is not None
        rendered = render(mail.kind, mail.payload, language="id", timezone="Asia/Jakarta", recipient_name="Siti")
    assert "Ditutup otomatis 7 hari setelah diselesaikan" in rendered.text


def test_a_merge_note_is_said_and_the_request_kept_as_written(db: Database) -> None:
    agent, requester = f.agent(db), f.user(db, full_name="Rina Kusuma")
    a, b = f.ticket(db, requester, subject="Printer jam"), f.ticket(db, requester)
    workflow.merge(db.uow(), agent, a.id, b.id)
    def note(language: str) -> str:
        entries = _in(language, lambda: tickets.get(db.uow(), agent, b.id).entries)
        return next(e.body for e in entries if e.kind == EntryKind.NOTE)

    assert note("en") == f"{a.number} from Rina Kusuma was merged into this ticket.\n\nPrinter jam\n" \
        "It shows a black screen."
    assert note("id").startswith(f"{a.number} dari Rina Kusuma telah digabungkan ke tiket ini.\n\nPrinter jam")
    with db.uow() as uow:  # stored: the request as written, the system's words as message and values
        stored = uow.session.scalars(select(TimelineEntry).where(TimelineEntry.ticket_id == b.id,
                                                                 TimelineEntry.kind == EntryKind.NOTE)).one()
        assert stored.body.startswith("Printer jam") and is_said(stored.data)


def test_probe_alert_subject_description_and_notes_follow_the_reader(db: Database, clock: FakeClock) -> None:
    owner = f.user(db, language="id")
    staff = f.agent(db)
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM, owner_id=owner.id)
    machine_id, _token = enrolment.enrol(db.uow(), token, "pc-1", "Linux 6.1", KEY)
    alerts.ingest_report(db.uow(), machine_id, report(full_disk=True))
    clock.advance(minutes=5)
    alerts.ingest_report(db.uow(), machine_id, report())
    [row] = queue.page(db.uow(), staff, QueueQuery(view=View.ALL))
    assert row.subject == "[pc-1] Disk /srv/full is 95% full (25.0 GB free)"
    id_row = _in("id", lambda: queue.page(db.uow(), staff, QueueQuery(view=View.ALL))[0])
    assert id_row.subject == "[pc-1] Disk /srv/full terisi 95% (sisa 25.0 GB)"
    detail = _in("id", lambda: tickets.get(db.uow(), owner, row.id))
    assert detail.subject == id_row.subject
    assert detail.description.startswith("Peringatan probe disk_full:/srv/full (disk_full, peringatan).")
    notes = _in("id", lambda: [e.body for e in tickets.get(db.uow(), staff, row.id).entries
                               if e.kind == EntryKind.NOTE])
    assert notes[0].startswith("Kondisi sudah pulih: probe tidak lagi melaporkan disk_full:/srv/full.")
    with db.uow() as uow:
        stored = uow.session.get(Ticket, row.id)
        assert stored is not None and stored.subject == row.subject  # search and sorting see the text
        messages = list(uow.session.scalars(select(OutboxMessage).where(OutboxMessage.ticket_id == row.id)))
    assigned = next(m for m in messages if m.kind == "ticket_assigned")
    assert payload_subject(assigned.payload, "id") == id_row.subject
    assert _in("id", lambda: inbox.describe(assigned.kind, assigned.payload)).endswith(id_row.subject)


def test_check_unseen_subject_uses_the_plural_of_the_readers_language(db: Database, clock: FakeClock) -> None:
    staff = f.agent(db)
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM)
    enrolment.enrol(db.uow(), token, "pc-2", "Linux 6.1", KEY)
    clock.advance(hours=30)
    [ticket_id] = alerts.check_unseen(db.uow(), hours=24)
    detail = tickets.get(db.uow(), staff, ticket_id)
    assert detail.subject == "[pc-2] Probe silent for more than 24 hours"
    assert detail.description == "The probe on pc-2 has never reported."
    assert _in("id", lambda: tickets.get(db.uow(), staff, ticket_id).description) == \
        "Probe pada pc-2 belum pernah mengirim laporan."


def test_built_in_teams_and_categories_are_shown_translated_and_a_sites_own_names_as_written(db: Database) -> None:
    assert _in("id", lambda: shown_path("Hardware / Laptop / PC")) == "Perangkat keras / Laptop / PC"
    assert _in("id", lambda: shown_name("Service Desk")) == "Layanan Bantuan"
    assert _in("id", lambda: shown_path("Facilities / Keys")) == "Facilities / Keys"
    requester = f.user(db, role=Role.REQUESTER)
    t = f.ticket(db, requester, subject="Printer on floor 2 has a paper jam")
    detail = _in("id", lambda: tickets.get(db.uow(), requester, t.id))
    assert detail.category == "Perangkat keras / Printer" and detail.team == "Layanan Bantuan"
    assert tickets.get(db.uow(), requester, t.id).category == "Hardware / Printer"


def _plain(text: str) -> str:
    return text.replace("\u202f", " ")  # CLDR puts a narrow no-break space before AM/PM


def test_a_silent_probe_says_when_it_last_reported_in_the_readers_zone_and_language(db: Database,
                                                                                     clock: FakeClock) -> None:
    """Not as the stored ISO 8601 text ("2026-03-02T02:00:00+00:00"): in the reader's time zone."""
    staff = f.agent(db)
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM)
    machine_id, _token = enrolment.enrol(db.uow(), token, "pc-3", "Linux 6.1", KEY)
    alerts.ingest_report(db.uow(), machine_id, report())  # last seen Monday 2 March, 09:00 in Jakarta
    clock.advance(hours=30)
    [ticket_id] = alerts.check_unseen(db.uow(), hours=24)
    try:
        set_zone("Asia/Jakarta")
        assert _plain(tickets.get(db.uow(), staff, ticket_id).description) == \
            "The probe on pc-3 has not reported since Mar 2, 2026, 9:00:00 AM."
        assert _in("id", lambda: tickets.get(db.uow(), staff, ticket_id).description) == \
            "Probe di pc-3 belum melapor sejak 2 Mar 2026 09.00.00."
        set_language("en")
        with reading_in("en", "Europe/London"):  # a server answers each user in their own zone
            assert _plain(tickets.get(db.uow(), staff, ticket_id).description).endswith("Mar 2, 2026, 2:00:00 AM.")
        clock.advance(hours=1)
        alerts.ingest_report(db.uow(), machine_id, report())  # back: the note says when, in the zone too
        notes = [e.body for e in tickets.get(db.uow(), staff, ticket_id).entries if e.kind == EntryKind.NOTE]
        assert any("reported again at Mar 3, 2026, 4:00:00 PM" in _plain(n) for n in notes), notes
    finally:
        set_zone(None)
