"""The console's Administration tab: who sees which pages, and each page driven like an admin
would — add a user, import a CSV after its dry run, test a rule, add a holiday, import the .ics,
filter the audit log and export it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton

from desktop.common.ops import Ops
from desktop.console.admin.audit import AuditPage
from desktop.console.admin.calendars import CalendarsPage
from desktop.console.admin.canned import CannedPage
from desktop.console.admin.diagnostics import DiagnosticsPage
from desktop.console.admin.pane import AdminPane
from desktop.console.admin.rules import RulesPage
from desktop.console.admin.shifts import ShiftsPage
from desktop.console.admin.sla import SlaPage
from desktop.console.admin.teams import TeamsPage
from desktop.console.admin.users import UsersPage
from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.errors import AuthenticationFailed
from shared.models.enums import Role
from shared.services import roster
from shared.services import users as accounts
from shared.services.admin import audit, calendars, sla, teams
from shared.services.admin import users as admin_users
from tests import factories as f
from tests.desktop.conftest import click, shown_window, wait_idle

ROOT = Path(__file__).resolve().parents[2]


def _page(qtbot, ops: Ops, cls, actor):  # type: ignore[no-untyped-def]
    page = cls(ops, actor)
    qtbot.addWidget(page)
    page.show()
    wait_idle(qtbot, ops)
    return page


def _button(page, name: str) -> QPushButton:  # type: ignore[no-untyped-def]
    button = page.findChild(QPushButton, name)
    assert button is not None, name
    return button


def test_the_tab_and_its_pages_follow_the_role(qtbot, db: Database, ops: Ops) -> None:
    agent = f.agent(db)
    window = shown_window(qtbot, ops, agent)
    assert "Administration" not in [window.tabs.tabText(i) for i in range(window.tabs.count())]
    window.close()

    supervisor = f.user(db, Role.SUPERVISOR)
    window = shown_window(qtbot, ops, supervisor)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "Administration" in titles
    assert window._lazy.get("admin") is not None  # built only when first opened
    window.tabs.setCurrentIndex(titles.index("Administration"))
    pane = window.admin
    assert isinstance(pane, AdminPane)
    assert [pane.nav.item(i).text() for i in range(pane.nav.count())] == [
        "Shifts", "Canned responses", "Diagnostics catalogue", "Audit log"]
    wait_idle(qtbot, ops)
    window.close()

    admin = f.user(db, Role.ADMIN)
    pane = AdminPane(ops, admin)
    qtbot.addWidget(pane)
    assert pane.nav.count() == 11 and isinstance(pane.stack.currentWidget(), UsersPage)
    assert isinstance(pane.page("audit"), AuditPage)
    wait_idle(qtbot, ops)


def test_add_a_user_see_a_refusal_inline_then_deactivate_and_reset(qtbot, db: Database, ops: Ops) -> None:
    admin = f.user(db, Role.ADMIN)
    page = _page(qtbot, ops, UsersPage, admin)
    qtbot.keyClicks(page.username, "budi")
    qtbot.keyClicks(page.full_name, "Budi Santoso")
    qtbot.keyClicks(page.email, "budi-at-nowhere")
    page.role.setCurrentIndex(page.role.findData("l1_agent"))
    desk = next(i for i in range(page.teams.count()) if page.teams.item(i).text().startswith("Service Desk"))
    page.teams.item(desk).setCheckState(Qt.CheckState.Checked)
    click(qtbot, page.save_button)
    wait_idle(qtbot, ops)
    assert page.error.isVisible() and "not an email address" in page.error.text()
    assert ops.errors == []  # type: ignore[attr-defined]  (shown inline, no dialog)

    page.email.setText("budi@example.id")
    with qtbot.waitSignal(page.sig_saved):
        click(qtbot, page.save_button)
    wait_idle(qtbot, ops)
    assert not page.error.isVisible() and "budi" in page.table.column_texts(0)
    row = admin_users.get(db.uow(), admin, "budi")
    assert row.teams == ("Service Desk",) and row.role == Role.L1_AGENT

    click(qtbot, page.reset_button)
    wait_idle(qtbot, ops)
    password = page.notice.text().rsplit(": ", 1)[1]
    assert accounts.authenticate(db.uow(), "budi", password).username == "budi"
    click(qtbot, page.active_button)
    wait_idle(qtbot, ops)
    assert "deactivated" in page.notice.text() and page.active_button.text() == "Reactivate"
    try:
        accounts.authenticate(db.uow(), "budi", password)
        raise AssertionError("a deactivated user signed in")
    except AuthenticationFailed:
        pass


def test_import_a_csv_after_its_dry_run(qtbot, db: Database, ops: Ops, tmp_path: Path) -> None:
    admin = f.user(db, Role.ADMIN)
    page = _page(qtbot, ops, UsersPage, admin)
    people = tmp_path / "people.csv"
    people.write_text("username,full_name,email,role,teams\n"
                      "dewi,Dewi Lestari,dewi@example.id,l1_agent,Service Desk\n"
                      "eko,Eko,eko@example.id,wizard,\n", encoding="utf-8")
    page.import_csv(str(people), dry_run=True)
    wait_idle(qtbot, ops)
    assert "line 3: Unknown role 'wizard'" in page.import_report.toPlainText()
    assert not page.import_run.isEnabled()

    people.write_text(people.read_text().replace("wizard", "l2_technician"), encoding="utf-8")
    page.import_csv(str(people), dry_run=True)
    wait_idle(qtbot, ops)
    assert "All 2 rows are fine" in page.import_report.toPlainText()
    assert "dewi" not in page.table.column_texts(0)  # nothing written by the dry run
    click(qtbot, page.import_run)
    wait_idle(qtbot, ops)
    assert "Imported 2 accounts: dewi, eko" in page.import_report.toPlainText()
    qtbot.waitUntil(lambda: {"dewi", "eko"} <= set(page.table.column_texts(0)))


def test_teams_and_sla_policies_are_saved_from_their_forms(qtbot, db: Database, ops: Ops) -> None:
    admin = f.user(db, Role.ADMIN)
    agent = f.agent(db, name="ani")
    page = _page(qtbot, ops, TeamsPage, admin)
    click(qtbot, _button(page, "adminTeamNew"))
    qtbot.keyClicks(page.name, "Night Desk")
    page.tier.setValue(2)
    qtbot.keyClicks(page.members, agent.username)
    with qtbot.waitSignal(page.sig_saved):
        page.save()
    wait_idle(qtbot, ops)
    night = next(t for t in teams.list_teams(db.uow(), admin) if t.name == "Night Desk")
    assert (night.tier, night.members) == (2, ("ani",))

    page = _page(qtbot, ops, SlaPage, admin)
    assert page.table.column_texts(0) == ["P1", "P2", "P3", "P4"]
    page.table.selectRow(1)
    assert page.priority.currentData() == "P2"
    page.response.setValue(45)
    page.resolution.setValue(30)
    page.save()
    wait_idle(qtbot, ops)
    assert "no shorter than response" in page.error.text()
    page.resolution.setValue(360)
    page.calendar.setCurrentIndex(0)  # around the clock
    page.save()
    wait_idle(qtbot, ops)
    p2 = next(p for p in sla.list_policies(db.uow(), admin) if p.priority == "P2")
    assert (p2.response_minutes, p2.resolution_minutes, p2.calendar) == (45, 360, None)
    assert page.table.item(1, 5).text() == "Around the clock (24x7)"

    # A category's own P2 policy: a row of its own, removable; the general P2 stays.
    assert not page.remove.isEnabled()
    page.category.setCurrentIndex(page.category.findText("Network / VPN"))
    assert page.remove.isEnabled()
    page.response.setValue(15)
    page.save()
    wait_idle(qtbot, ops)
    assert "Network / VPN" in page.notice.text()
    assert page.table.column_texts(1)[-1] == "Network / VPN" and page.table.column_texts(0)[-1] == "P2"
    vpn = next(p for p in sla.list_policies(db.uow(), admin) if p.category == "Network / VPN")
    assert (vpn.priority, vpn.response_minutes, vpn.resolution_minutes) == ("P2", 15, 360)
    page.table.selectRow(0)
    assert page.category.currentIndex() == 0 and not page.remove.isEnabled()
    page.table.selectRow(page.table.rowCount() - 1)
    assert page.category.currentText() == "Network / VPN"
    page.remove.click()
    wait_idle(qtbot, ops)
    assert page.table.column_texts(1) == ["All categories"] * 4


def test_add_a_rule_and_test_a_text(qtbot, db: Database, ops: Ops) -> None:
    admin = f.user(db, Role.ADMIN)
    page = _page(qtbot, ops, RulesPage, admin)
    assert "Network / VPN" in page.categories.column_texts(0)
    qtbot.keyClicks(page.test_text, "VPN drops every hour")
    click(qtbot, _button(page, "adminRuleTest"))
    wait_idle(qtbot, ops)
    assert "'vpn' in the subject: category Network / VPN" in page.test_result.text()

    click(qtbot, _button(page, "adminRuleNew"))
    qtbot.keyClicks(page.keywords, "payroll, sap")
    page.category.setCurrentIndex(page.category.findText("Software / Applications"))
    page.team.setCurrentIndex(page.team.findText("Desktop Support"))
    with qtbot.waitSignal(page.sig_saved):
        page.save()
    wait_idle(qtbot, ops)
    assert page.table.column_texts(1)[-1] == "payroll,sap"
    page.test_text.setText("Payroll run failed")
    page.test()
    wait_idle(qtbot, ops)
    assert "'payroll' in the subject" in page.test_result.text()
    assert page.table.currentRow() == page.table.rowCount() - 1  # the matching rule is selected
    page.move_rule(-1)
    wait_idle(qtbot, ops)
    assert page.table.column_texts(1)[-2] == "payroll,sap"

    # Disabling the category takes its rules out of play.
    page.categories.select_id(next(c.id for c in page.category_rows.values() if c.path == "Software"))
    assert page.category_toggle.text() == "Disable category"
    click(qtbot, page.category_toggle)
    wait_idle(qtbot, ops)
    assert page.categories.item(page.categories.currentRow(), 3).text() == "disabled"
    page.test()
    wait_idle(qtbot, ops)
    assert "No active rule" in page.test_result.text()


def test_add_a_holiday_and_import_the_ics(qtbot, db: Database, ops: Ops) -> None:
    admin = f.user(db, Role.ADMIN)
    page = _page(qtbot, ops, CalendarsPage, admin)
    assert page.current is not None and page.current.name == "Office hours (Jakarta)"
    page.holiday_day.setDate(QDate(2027, 12, 31))
    qtbot.keyClicks(page.holiday_name, "Tutup buku")
    click(qtbot, _button(page, "adminHolidayAdd"))
    wait_idle(qtbot, ops)
    assert page.holidays.column_texts(0) == ["2027-12-31"]
    qtbot.keyClicks(page.holiday_name, "Again")
    click(qtbot, _button(page, "adminHolidayAdd"))  # the same day again
    wait_idle(qtbot, ops)
    assert "already" in page.error.text()

    page.import_ics(str(ROOT / "resources" / "calendars" / "id-holidays-2027.ics"))
    wait_idle(qtbot, ops)
    assert "17 holidays added" in page.notice.text()
    assert len(page.holidays.column_texts(0)) == 18 and "2027-08-17" in page.holidays.column_texts(0)
    assert len(calendars.get(db.uow(), admin, page.current.id).holidays) == 18

    page.hours.setText("mon-fri 9-5")
    page.save()
    wait_idle(qtbot, ops)
    assert "time span" in page.error.text()


def test_canned_responses_and_the_catalogue_for_a_supervisor(qtbot, db: Database, ops: Ops) -> None:
    supervisor = f.user(db, Role.SUPERVISOR)
    page = _page(qtbot, ops, CannedPage, supervisor)
    qtbot.keyClicks(page.title, "Restart first")
    page.body.setPlainText("Hello {requester_name}, please restart and tell us.")
    page.team.setCurrentIndex(page.team.findText("Service Desk"))
    with qtbot.waitSignal(page.sig_saved):
        page.save()
    wait_idle(qtbot, ops)
    assert page.table.column_texts(0) == ["Restart first"] and page.table.column_texts(1) == ["Service Desk"]
    page.table.selectRow(0)
    click(qtbot, page.delete_button)
    wait_idle(qtbot, ops)
    assert page.table.rowCount() == 0

    page = _page(qtbot, ops, DiagnosticsPage, supervisor)
    ids = page.table.column_texts(0)
    assert "ping" in ids and "disk_usage" in ids
    page.table.selectRow(ids.index("ping"))
    assert "host" in page.detail.toPlainText()


def test_filter_the_audit_log_and_export_csv(qtbot, db: Database, ops: Ops, tmp_path: Path) -> None:
    admin = f.user(db, Role.ADMIN, name="root")
    teams.create(db.uow(), admin, "Night Desk")
    calendars.add_holiday(db.uow(), SYSTEM, "Office hours (Jakarta)", QDate(2027, 8, 17).toPython(), "Merdeka")  # type: ignore[arg-type]
    page = _page(qtbot, ops, AuditPage, admin)
    assert {"team.create", "holiday.add"} <= set(page.table.column_texts(2))
    qtbot.keyClicks(page.who, "root")
    click(qtbot, _button(page, "adminAuditFilter"))
    wait_idle(qtbot, ops)
    assert page.table.column_texts(2) == ["team.create"] and page.table.column_texts(1) == ["root"]
    page.who.clear()
    qtbot.keyClicks(page.action, "holiday.")
    page.refresh()
    wait_idle(qtbot, ops)
    assert page.table.column_texts(2) == ["holiday.add"] and page.table.column_texts(1) == ["system"]
    page.ticket.setText("not a ticket")
    page.refresh()
    assert "not a ticket number" in page.error.text()
    page.ticket.clear()
    page.use_dates.setChecked(True)
    page.since.setDate(QDate(2030, 1, 1))
    page.until.setDate(QDate(2030, 1, 2))
    page.refresh()
    wait_idle(qtbot, ops)
    assert page.table.rowCount() == 0  # the fake clock is in 2026
    page.use_dates.setChecked(False)

    out = tmp_path / "audit.csv"
    page.export_csv(str(out))
    wait_idle(qtbot, ops)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["action"] for r in rows] == ["holiday.add"]
    assert "Wrote 1 entries" in page.notice.text()
    assert audit.to_csv(audit.list_entries(db.uow(), admin, audit.AuditQuery(action="holiday."))) == \
        out.read_text(encoding="utf-8")


def test_a_supervisor_keeps_the_roster_from_the_shifts_page(qtbot, db: Database, ops: Ops) -> None:
    boss = f.user(db, Role.SUPERVISOR, teams=("Service Desk",))
    agent = f.agent(db, name="dewi", full_name="Dewi Lestari")
    page = _page(qtbot, ops, ShiftsPage, boss)
    page.team.setCurrentIndex(page.team.findText("Service Desk"))
    page.agent.setCurrentIndex(page.agent.findText("Dewi Lestari"))
    page.days.setText("someday")
    click(qtbot, _button(page, "adminShiftAdd"))
    wait_idle(qtbot, ops)
    assert "weekdays" in page.error.text()
    page.days.setText("mon-fri")
    page.start.setTime(page.start.time().fromString("07:00", "HH:mm"))
    page.end.setTime(page.end.time().fromString("15:00", "HH:mm"))
    click(qtbot, _button(page, "adminShiftAdd"))
    wait_idle(qtbot, ops)
    assert "5 shifts added" in page.notice.text()
    assert [page.table.item(0, c).text() for c in range(3)] == ["Dewi Lestari", "mon-fri", "07:00–15:00"]

    page.capacity.setValue(6)
    click(qtbot, _button(page, "adminShiftCapacitySet"))
    wait_idle(qtbot, ops)
    desk = next(t for t in roster.teams_for_roster(db.uow(), boss) if t.name == "Service Desk")
    assert next(a.capacity for a in desk.agents if a.id == agent.id) == 6

    page.kind.setCurrentIndex(page.kind.findData("leave"))
    page.note.setText("Cuti tahunan")
    click(qtbot, _button(page, "adminShiftExceptionAdd"))
    wait_idle(qtbot, ops)
    assert page.upcoming.column_texts(4) == ["Cuti tahunan"] and page.upcoming.column_texts(1) == ["Dewi Lestari"]
    page.kind.setCurrentIndex(page.kind.findData("holiday"))
    page.note.setText("Idul Fitri")
    click(qtbot, _button(page, "adminShiftExceptionAdd"))
    wait_idle(qtbot, ops)
    assert sorted(page.upcoming.column_texts(1)) == ["Dewi Lestari", "Service Desk"]
    page.upcoming.selectRow(page.upcoming.column_texts(4).index("Cuti tahunan"))
    click(qtbot, _button(page, "adminShiftExceptionWithdraw"))
    wait_idle(qtbot, ops)
    assert page.upcoming.column_texts(4) == ["Idul Fitri"]

    page.table.selectRow(0)
    click(qtbot, _button(page, "adminShiftRemove"))
    wait_idle(qtbot, ops)
    assert page.table.rowCount() == 0 and "5 shifts removed" in page.notice.text()
    assert roster.roster(db.uow(), boss) == []


def test_hand_over_a_leaving_agents_open_tickets(qtbot, db: Database, ops: Ops) -> None:
    """Deactivating says how many tickets are left; "Hand over tickets…" asks where to and moves
    them: to the agent chosen, each with the reason on its timeline."""
    from shared.services import tickets, workflow

    admin = f.user(db, Role.ADMIN)
    leaver = f.agent(db, name="leaver", full_name="Rizky Pratama")
    colleague = f.agent(db, name="dewi", full_name="Dewi Lestari")
    ids = [f.ticket(db, f.user(db), subject=f"Printer {i}").id for i in range(3)]
    for ticket_id in ids:
        workflow.assign(db.uow(), SYSTEM, ticket_id, leaver.id)
    page = _page(qtbot, ops, UsersPage, admin)
    assert page.table.select_id(leaver.id)
    wait_idle(qtbot, ops)
    click(qtbot, page.active_button)
    wait_idle(qtbot, ops)
    assert "3 open tickets are still assigned" in page.notice.text()
    assert page.table.select_id(leaver.id)
    click(qtbot, page.hand_over_button)
    wait_idle(qtbot, ops)
    dialog = page.hand_over_dialog
    assert dialog is not None and dialog.isVisible()
    names = [dialog.target.itemText(i) for i in range(dialog.target.count())]
    assert names[0].startswith("Their teams") and "Dewi Lestari (L1 agent)" in names
    assert not any("Rizky" in n for n in names)  # not back to the leaver
    dialog.target.setCurrentIndex(names.index("Dewi Lestari (L1 agent)"))
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))
    wait_idle(qtbot, ops)
    assert page.notice.text() == "Handed over 3 open tickets of leaver (Dewi Lestari: 3)."
    detail = tickets.get(db.uow(), admin, ids[0])
    assert detail.assignee is not None and detail.assignee.id == colleague.id
    click(qtbot, page.hand_over_button)  # nothing left
    wait_idle(qtbot, ops)
    assert page.notice.text() == "leaver has no open tickets."
