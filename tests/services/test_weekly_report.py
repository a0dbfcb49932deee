"""The weekly report: last week's KPIs and each team's, mailed to supervisors once a week on Monday
morning, in each reader's language."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from shared.db.database import Database
from shared.mail.render import render
from shared.models import OutboxMessage
from shared.models.enums import Role
from shared.services import tickets, workflow
from shared.services.weekly_report import last_week, queue_weekly_report
from tests import factories as f
from tests.conftest import FakeClock


def jakarta(day: int, hour: int, minute: int = 0) -> datetime:
    """February/March 2026 in Jakarta: 2 March is a Monday."""
    return f.jakarta(2026, 3 if day <= 15 else 2, day, hour, minute)


def test_last_week_is_known_from_monday_seven_oclock() -> None:
    assert last_week(jakarta(2, 6, 59), "Asia/Jakarta") is None
    week = last_week(jakarta(2, 7, 0), "Asia/Jakarta")
    assert week is not None and week.label == "2026-W09"
    assert week.start == datetime(2026, 2, 22, 17, 0, tzinfo=UTC) and week.end == datetime(2026, 3, 1, 17, 0,
                                                                                              tzinfo=UTC)
    later = last_week(jakarta(5, 12), "Asia/Jakarta")
    assert later is not None and later.label == "2026-W09"  # all week long: the same report


def test_supervisors_get_it_once_a_week_in_their_language(db: Database, clock: FakeClock) -> None:
    f.user(db, Role.SUPERVISOR, name="sari", language="id")
    f.user(db, Role.ADMIN, name="admin")
    f.user(db, Role.SUPERVISOR, name="nomail", email=False)
    agent = f.agent(db)
    clock.set(jakarta(24, 10))  # Tuesday of last week
    t = tickets.create(db.uow(), f.user(db), subject="Printer jam")
    t = tickets.reply(db.uow(), agent, t.id, "On my way", expected_version=t.version)
    workflow.resolve(db.uow(), agent, t.id, "Cleared the jam", expected_version=t.version)
    tickets.create(db.uow(), f.user(db), subject="VPN drops")
    clock.set(jakarta(2, 6, 30))
    assert queue_weekly_report(db.uow()) == 0  # not yet
    clock.set(jakarta(2, 9))
    assert queue_weekly_report(db.uow()) == 2  # sari and admin; nomail has no address
    assert queue_weekly_report(db.uow()) == 0  # the job runs hourly: still once
    with db.uow() as uow:
        rows = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "weekly_report")).all()
    payload = rows[0].payload
    assert (payload["week"], payload["created"], payload["resolved"], payload["backlog"]) == ("2026-W09", 2, 1, 1)
    assert {t["team"]: t["resolved"] for t in payload["teams"]} == {"Service Desk": 1}
    mail = render("weekly_report", payload, language="id", timezone="Asia/Jakarta", recipient_name="Sari")
    assert mail.subject == "Laporan mingguan layanan bantuan 2026-W09"
    assert "- Tiket diselesaikan: 1" in mail.text and "- Service Desk: 1 selesai, SLA terpenuhi" in mail.text
    english = render("weekly_report", payload, language="en", timezone="Asia/Jakarta", recipient_name="Admin")
    assert "- Service Desk: 1 resolved, SLA met" in english.text and "<li>" in english.html


def test_the_report_names_rising_categories_and_recurring_problems(db: Database, clock: FakeClock) -> None:
    f.user(db, Role.SUPERVISOR, name="sari2", language="id")
    ana = f.user(db, full_name="Ana Rusli")
    clock.set(jakarta(17, 10))  # the week before last: one printer ticket
    tickets.create(db.uow(), ana, subject="Printer jam")
    clock.set(jakarta(24, 10))  # last week: three more from the same person
    for _ in range(3):
        tickets.create(db.uow(), ana, subject="Printer jam again")
    clock.set(jakarta(2, 9))
    assert queue_weekly_report(db.uow()) == 1
    with db.uow() as uow:
        payload = uow.session.scalars(select(OutboxMessage.payload).where(OutboxMessage.kind == "weekly_report")).one()
    assert payload["rising"] == [{"category": "Hardware / Printer", "last_week": 1, "this_week": 3}]
    assert payload["recurring"][0]["name"] == "Ana Rusli" and payload["recurring"][0]["count"] == 4
    mail = render("weekly_report", payload, language="id", timezone="Asia/Jakarta", recipient_name="Sari")
    assert "- Hardware / Printer: 1 → 3 tiket" in mail.text
    assert "Ana Rusli berulang kali melaporkan Hardware / Printer: 4 tiket dalam 30 hari" in mail.text
    english = render("weekly_report", payload, language="en", timezone="Asia/Jakarta", recipient_name="Sari")
    assert "Trends:" in english.text and "Ana Rusli keeps reporting Hardware / Printer" in english.text
