"""A day at the desk, end to end on the real service layer and the console's widgets (issue #14's
"done when"): an admin imports a team from CSV (the service `helpdesk admin users import` calls),
puts it on a shift calendar and sets an SLA and a holiday; an agent logs a phone call with Ctrl+N;
the built-in scheduler, on an injected clock and with no cron, warns before the breach, and the
holiday holds the SLA clock; the supervisor exports the dashboard as a PDF.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.common.ops import Ops
from desktop.console.intake.dialog import NewTicketDialog
from shared.db.database import Database
from shared.mail.config import MailSettings
from shared.models.enums import Channel, Level, Priority, Role
from shared.scheduler.config import SchedulerSettings
from shared.scheduler.runner import Scheduler
from shared.services import inbox, roster, tickets, users
from shared.services.admin import calendars, sla, teams, user_import
from tests import factories as f
from tests.conftest import FakeClock
from tests.desktop.conftest import shown_window, wait_idle

pytestmark = pytest.mark.usefixtures("committed_db")

TEAM_CSV = """username,full_name,email,phone,role,teams,language,timezone
budi,Budi Santoso,budi@example.co.id,+62 811 1000 001,l1_agent,Front Desk,id,Asia/Jakarta
wati,Wati Rahayu,wati@example.co.id,+62 811 1000 002,l1_agent,Front Desk,en,Asia/Jakarta
sari,Sari Dewi,sari@example.co.id,,supervisor,Front Desk,en,
"""
CALENDAR = "Office hours (Jakarta)"  # Mon–Fri 08–12 and 13–17, seeded with every installation


def no_mail() -> MailSettings:
    return MailSettings(imap_host=None, smtp_host=None)


def sla_runs(scheduler: Scheduler) -> dict[str, int] | None:
    """What this tick's SLA check found, or None when it was not due."""
    found = next((r.report for r in scheduler.run_due() if r.name == "sla_check"), None)
    return None if found is None else {k: int(v) for k, v in found.params.items()}


def test_a_day_at_the_desk(qtbot, db: Database, ops: Ops, clock: FakeClock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # 07:30 on Monday 2 March 2026 in Jakarta (00:30 UTC): the admin sets the desk up.
    clock.set(f.jakarta(2026, 3, 2, 7, 30))
    admin = f.user(db, Role.ADMIN, name="admin")
    teams.create(db.uow(), admin, "Front Desk", tier=1, description="Walk-ins and phone calls")
    rows = user_import.read_csv(TEAM_CSV)
    dry = user_import.import_users(db.uow(), admin, rows, dry_run=True)
    assert dry.ok and dry.created == () and dry.rows == 3
    report = user_import.import_users(db.uow(), admin, rows, dry_run=False)
    assert report.created == ("budi", "wati", "sari")
    front_desk = users.team_by_name(db.uow(), "Front Desk")
    budi, wati, sari = (users.actor_for(db.uow(), name) for name in ("budi", "wati", "sari"))
    for agent in (budi, wati):
        roster.add_shifts(db.uow(), admin, team_id=front_desk, user_id=agent.id, weekdays=[0, 1, 2, 3, 4],
                          start="08:00", end="17:00", timezone="Asia/Jakarta")
    # Tuesday is a day off; a P2 call must get a first answer within 10 business hours, warned at 90%.
    calendars.add_holiday(db.uow(), admin, CALENDAR, date(2026, 3, 3), "Company day off")
    sla.set_policy(db.uow(), admin, Priority.P2, response_minutes=600, resolution_minutes=960, warn_percent=90,
                   calendar=CALENDAR)
    rina = f.user(db, full_name="Rina Kusuma", name="rina.kusuma")

    # 09:00: Rina phones. Budi logs the call from the console with Ctrl+N.
    clock.set(f.jakarta(2026, 3, 2, 9, 0))
    window = shown_window(qtbot, ops, budi)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), NewTicketDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, NewTicketDialog)
    with qtbot.waitSignal(dialog.sig_looked_up):
        qtbot.keyClicks(dialog.search, "Rina")
    rina_row = next(i for i in range(dialog.results.count()) if dialog.results.item(i).text().startswith("Rina"))
    with qtbot.waitSignal(dialog.sig_looked_up):
        dialog.results.itemClicked.emit(dialog.results.item(rina_row))
    with qtbot.waitSignal(dialog.sig_looked_up):
        qtbot.keyClicks(dialog.subject, "Printer on floor 3 jams on every page")
    assert "Hardware / Printer" in dialog.rule_hint.text()
    dialog.impact.setCurrentIndex(dialog.impact.findData(Level.HIGH.value))
    dialog.urgency.setCurrentIndex(dialog.urgency.findData(Level.MEDIUM.value))
    with qtbot.waitSignal(window.ticket.sig_loaded) as loaded:
        qtbot.keyClick(dialog.subject, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    ticket = tickets.get(db.uow(), budi, loaded.args[0].id)
    assert (ticket.requester.id, ticket.channel, ticket.priority) == (rina.id, Channel.PHONE, Priority.P2)
    assert ticket.number in window.statusBar().currentMessage()
    wait_idle(qtbot, ops)
    window.close()

    # The scheduler built into the product checks the SLA at each tick; no cron.
    scheduler = Scheduler(db, SchedulerSettings(), mail=no_mail)
    assert sla_runs(scheduler) == {"warnings": 0, "breaches": 0}
    # Tuesday 15:00: without the holiday the warning would have come at 10:00 today (9 business
    # hours after the call); the day off holds the clock.
    clock.set(f.jakarta(2026, 3, 3, 15, 0))
    assert sla_runs(scheduler) == {"warnings": 0, "breaches": 0}
    # Wednesday 10:30: 9 business hours (Monday 7, Wednesday 2) have passed; the target is 11:00.
    clock.set(f.jakarta(2026, 3, 4, 10, 30))
    assert sla_runs(scheduler) == {"warnings": 1, "breaches": 0}
    assert sla_runs(scheduler) is None  # the next tick is a minute away: nothing runs twice
    clock.advance(minutes=1)
    assert sla_runs(scheduler) == {"warnings": 0, "breaches": 0}  # warned once only
    warned = [n for n in inbox.unread(db.uow(), sari) if n.kind == "sla_warning"]
    assert [n.ticket_id for n in warned] == [ticket.id]

    # The supervisor exports the dashboard, charts included, as a PDF.
    boss = shown_window(qtbot, ops, sari)
    boss.tabs.setCurrentWidget(boss.dashboard)
    wait_idle(qtbot, ops)
    pdf = tmp_path / "report.pdf"
    pages = boss.dashboard.export(pdf, "pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert pages >= 1 and len(re.findall(rb"/Type\s*/Page\b", data)) == pages
    boss.close()
