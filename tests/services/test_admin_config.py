"""Administration of the desk's set-up: rules (with the preview), SLA policies, calendars and
holidays (with the iCalendar import), canned responses, and the audit log's filters and CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from shared.db.database import Database
from shared.errors import NotFound, PermissionDenied, ValidationFailed
from shared.models import AuditLog
from shared.models.enums import Level, Role
from shared.services import catalog, classify, kb, tickets
from shared.services.admin import audit, calendars, canned, rules, sla
from shared.services.admin.users import UserFields
from shared.services.admin.users import add as add_user
from tests import factories as f
from tests.conftest import FakeClock
from tests.factories import jakarta

ROOT = Path(__file__).resolve().parents[2]
ICS = ROOT / "resources" / "calendars" / "id-holidays-2027.ics"


def test_rules_are_added_disabled_reordered_and_previewed(db: Database) -> None:
    admin = f.user(db, Role.ADMIN)
    rule = rules.add_rule(db.uow(), admin, keywords="SAP, payroll ", category="Software / Applications",
                          team="Desktop Support", impact="high")
    assert (rule.keywords, rule.team, rule.impact) == ("sap,payroll", "Desktop Support", Level.HIGH)
    ordered = rules.list_rules(db.uow(), admin)
    assert ordered[-1].id == rule.id  # a new rule is tried last

    result = rules.preview(db.uow(), admin, "Payroll export fails", "the printer is fine")
    assert result.winner is not None and result.winner.rule.id == rule.id
    assert (result.winner.keyword, result.winner.field) == ("payroll", "subject")
    assert [h.rule.category for h in result.others] == ["Hardware / Printer"]
    assert "payroll" in result.explain() and "Desktop Support" in result.explain()

    # Subject first: a description keyword never beats a subject keyword, whatever the order.
    moved = rules.move_rule(db.uow(), admin, rule.id, 0)
    assert moved[0].id == rule.id and [r.position for r in moved] == [10 * n for n in range(1, len(moved) + 1)]
    assert rules.preview(db.uow(), admin, "printer jam", "payroll").winner.rule.category == "Hardware / Printer"  # type: ignore[union-attr]

    rules.edit_rule(db.uow(), admin, rule.id, active=False)
    assert rules.preview(db.uow(), admin, "Payroll export fails").winner is None
    assert "No active rule" in rules.preview(db.uow(), admin, "Payroll export fails").explain()
    with db.uow() as uow:  # what the ticket intake uses agrees
        assert classify.first_match_in(classify.active_rules(uow.session), "Payroll export fails", "") is None
        entries = list(uow.session.scalars(select(AuditLog).where(AuditLog.entity == "rule")
                                           .order_by(AuditLog.id)))
    assert [e.action for e in entries] == ["rule.create", "rule.move", "rule.edit"]
    assert entries[-1].detail["before"] == {"active": True} and entries[-1].detail["after"] == {"active": False}


def test_categories_are_added_renamed_and_routed(db: Database) -> None:
    admin = f.user(db, Role.ADMIN)
    category_id = rules.add_category(db.uow(), admin, "SAP", parent="Software", team="Desktop Support")
    row = rules.edit_category(db.uow(), admin, category_id, name="SAP ERP", team="")
    assert (row.path, row.team) == ("Software / SAP ERP", None)
    with pytest.raises(ValidationFailed):
        rules.add_category(db.uow(), admin, "SAP ERP", parent="Software")
    with pytest.raises(NotFound):
        rules.add_rule(db.uow(), admin, keywords="x", category="Nowhere")
    with pytest.raises(ValidationFailed):
        rules.add_rule(db.uow(), admin, keywords=" , ", category="Software / SAP ERP")
    with pytest.raises(PermissionDenied):
        rules.preview(db.uow(), f.user(db, Role.SUPERVISOR), "x")


def test_an_sla_change_applies_to_new_tickets_and_is_audited(db: Database) -> None:
    admin = f.user(db, Role.ADMIN)
    requester = f.user(db)
    before = f.ticket(db, requester, subject="Nothing matches here", urgency="high", impact="high")
    sla.set_policy(db.uow(), admin, before.priority, response_minutes=10, resolution_minutes=60, calendar="")
    after = f.ticket(db, requester, subject="Nothing matches here either", urgency="high", impact="high")
    assert after.response_due_at is not None
    assert (after.response_due_at - after.created_at).total_seconds() == 600
    assert before.response_due_at != after.response_due_at
    row = next(p for p in sla.list_policies(db.uow(), admin) if p.priority == after.priority)
    assert (row.response_minutes, row.resolution_minutes, row.calendar) == (10, 60, None)
    with db.uow() as uow:
        entry = uow.session.scalars(select(AuditLog).where(AuditLog.action == "sla.edit")).one()
    assert entry.detail["after"]["response_minutes"] == 10 and entry.detail["priority"] == str(after.priority)
    with pytest.raises(ValidationFailed):
        sla.set_policy(db.uow(), admin, "P3", response_minutes=100, resolution_minutes=50)
    with pytest.raises(ValidationFailed):
        sla.set_policy(db.uow(), admin, "P9", response_minutes=1)
    with pytest.raises(NotFound):
        sla.set_policy(db.uow(), admin, "P3", calendar="Mars office")


def test_a_category_policy_governs_its_tickets_and_subcategories(db: Database, clock: FakeClock) -> None:
    admin, requester, agent = f.user(db, Role.ADMIN), f.user(db), f.agent(db)
    clock.set(jakarta(2026, 3, 2, 9, 0))  # Monday 09:00, office hours
    general = f.ticket(db, requester, subject="Nothing matches here", impact="high", urgency="high")
    network = next(c.id for c in rules.list_categories(db.uow(), admin) if c.path == "Network")
    row = sla.set_policy(db.uow(), admin, general.priority, category="Network", response_minutes=5,
                         resolution_minutes=30, calendar="")
    assert (row.category, row.key, row.warn_percent) == ("Network", f"{general.priority}@{row.category_id}", 80)
    vpn = f.ticket(db, requester, subject="VPN drops every hour", impact="high", urgency="high")
    assert vpn.category == "Network / VPN"  # a subcategory: the parent's policy governs it
    assert (vpn.response_due_at - vpn.created_at).total_seconds() == 300
    other = f.ticket(db, requester, subject="Nothing matches here either", impact="high", urgency="high")
    assert other.response_due_at == general.response_due_at  # other categories: the general policy

    # Moving a ticket into the category gives it the category's targets; out of it, the general ones.
    moved = tickets.update_fields(db.uow(), agent, other.id, category_id=vpn.category_id)
    assert (moved.response_due_at - moved.created_at).total_seconds() == 300
    back = tickets.update_fields(db.uow(), agent, other.id, category_id=None)
    assert back.response_due_at == general.response_due_at

    rows = sla.list_policies(db.uow(), admin)
    assert [r.category for r in rows][-1] == "Network" and [r.priority for r in rows][:4] == ["P1", "P2", "P3", "P4"]
    sla.remove_policy(db.uow(), admin, general.priority, category=network)
    later = f.ticket(db, requester, subject="VPN drops again", impact="high", urgency="high")
    assert later.response_due_at == general.response_due_at
    with db.uow() as uow:
        actions = list(uow.session.scalars(select(AuditLog.action).where(AuditLog.entity == "sla_policy")))
    assert actions.count("sla.edit") == 1 and actions.count("sla.remove") == 1
    with pytest.raises(NotFound):
        sla.remove_policy(db.uow(), admin, general.priority, category="Network")
    with pytest.raises(ValidationFailed):
        sla.remove_policy(db.uow(), admin, general.priority, category="")
    with pytest.raises(PermissionDenied):
        sla.set_policy(db.uow(), agent, "P2", category="Network", response_minutes=1, resolution_minutes=2)


def test_hours_are_written_and_read_back(db: Database) -> None:
    text = "mon-fri 08:00-12:00 13:00-17:00; sat 08:00-12:00"
    assert calendars.format_hours(calendars.parse_hours(text)) == text
    for bad in ("someday 08:00-17:00", "mon-fri 8-17", "mon 10:00-09:00", "fri-mon 08:00-17:00", ""):
        with pytest.raises(ValidationFailed):
            calendars.parse_hours(bad)


def test_calendars_and_holidays_with_an_ics_import(db: Database) -> None:
    admin = f.user(db, Role.ADMIN)
    cal = calendars.create(db.uow(), admin, "Surabaya office", timezone="Asia/Jakarta",
                           hours="mon-fri 08:00-16:00")
    calendars.add_holiday(db.uow(), admin, cal.id, date(2027, 8, 17), "Hari Kemerdekaan")
    with pytest.raises(ValidationFailed):
        calendars.add_holiday(db.uow(), admin, cal.id, date(2027, 8, 17), "Again")

    dry = calendars.import_ics(db.uow(), admin, "Surabaya office", ICS.read_bytes(), dry_run=True)
    assert len(dry.added) == 16 and dry.already == 1  # Eid al-Fitr spans two days
    assert len(calendars.get(db.uow(), admin, cal.id).holidays) == 1
    done = calendars.import_ics(db.uow(), admin, "Surabaya office", ICS.read_bytes())
    row = calendars.get(db.uow(), admin, cal.id)
    days = {h.day: h.name for h in row.holidays}
    assert len(days) == 17 and len(done.added) == 16
    assert days[date(2027, 8, 17)] == "Hari Kemerdekaan"  # kept as it was
    assert date(2027, 3, 10) in days and date(2027, 3, 11) in days
    assert calendars.import_ics(db.uow(), admin, cal.id, ICS.read_bytes()).added == ()

    row = calendars.remove_holiday(db.uow(), admin, cal.id, date(2027, 1, 1))
    assert date(2027, 1, 1) not in {h.day for h in row.holidays}
    row = calendars.edit(db.uow(), admin, cal.id, name="Surabaya", hours="mon-sat 08:00-16:00")
    assert row.hours == "mon-sat 08:00-16:00"
    with db.uow() as uow:
        actions = [a.action for a in uow.session.scalars(
            select(AuditLog).where(AuditLog.entity == "calendar").order_by(AuditLog.id))]
    assert actions == ["calendar.create", "holiday.add", "holiday.import", "holiday.remove", "calendar.edit"]


def test_ics_details_timed_events_and_junk() -> None:
    timed = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Late\r\n"
             b"DTSTART:20270101T200000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    # 20:00 UTC on 1 January is already 2 January in Jakarta.
    assert calendars.parse_ics(timed, "Asia/Jakarta") == [calendars.HolidayRow(date(2027, 1, 2), "Late")]
    with pytest.raises(ValidationFailed):
        calendars.parse_ics(b"this is no calendar")


def test_canned_responses_are_added_edited_and_deleted(db: Database) -> None:
    supervisor = f.user(db, Role.SUPERVISOR)
    row = canned.add(db.uow(), supervisor, title="Restart first", body="Hello {requester_name}", team="Service Desk")
    assert row.team == "Service Desk" and row.id > 0
    row = canned.edit(db.uow(), supervisor, row.id, title="Please restart", team="")
    assert (row.title, row.team) == ("Please restart", None)
    assert [c.title for c in kb.list_canned(db.uow(), f.agent(db))] == ["Please restart"]
    canned.delete(db.uow(), supervisor, row.id)
    assert canned.list_all(db.uow(), supervisor) == []
    with db.uow() as uow:
        entries = list(uow.session.scalars(select(AuditLog).where(AuditLog.entity == "canned").order_by(AuditLog.id)))
    assert [e.action for e in entries] == ["canned.create", "canned.edit", "canned.delete"]
    assert entries[-1].detail["before"]["body"] == "Hello {requester_name}"
    with pytest.raises(PermissionDenied):
        canned.add(db.uow(), f.agent(db), title="x", body="y")
    with pytest.raises(NotFound):
        canned.delete(db.uow(), supervisor, row.id)


def test_the_audit_log_filters_and_exports(db: Database, clock: FakeClock) -> None:
    admin = f.user(db, Role.ADMIN, name="root")
    start = clock.now
    add_user(db.uow(), admin, "wati", UserFields(full_name="Wati", role="requester"))
    clock.advance(hours=2)
    calendars.add_holiday(db.uow(), admin, "Office hours (Jakarta)", date(2027, 8, 17), "Merdeka")
    with db.uow() as uow:  # a diagnostic run on a machine, about a ticket, as the diagnostics service writes it
        uow.session.add(AuditLog(actor_id=None, action="diagnostic.run", entity="machine", entity_id=7,
                                 detail={"ticket": "HD-000042"}, created_at=clock.now))
        uow.commit()
    supervisor = f.user(db, Role.SUPERVISOR)

    def actions(**kw: object) -> list[str]:
        return [r.action for r in audit.list_entries(db.uow(), supervisor, audit.AuditQuery(**kw))]  # type: ignore[arg-type]

    assert actions(who="root") == ["holiday.add", "user.create"]
    assert actions(who="system", action="diagnostic.") == ["diagnostic.run"]
    assert actions(action="holiday.add") == ["holiday.add"]
    assert actions(ticket_id=42) == ["diagnostic.run"] and actions(ticket_id=43) == []
    assert actions(machine=7) == ["diagnostic.run"] and actions(machine="8") == []
    assert "user.create" in actions(until=start.replace(minute=1))
    assert "user.create" not in actions(since=start.replace(minute=1), who="root")
    with pytest.raises(NotFound):
        actions(who="nobody")
    with pytest.raises(NotFound):
        actions(machine="no-such-host")
    with pytest.raises(ValidationFailed):
        actions(since=clock.now, until=start)
    with pytest.raises(PermissionDenied):
        audit.list_entries(db.uow(), f.agent(db), audit.AuditQuery())

    rows = audit.list_entries(db.uow(), supervisor, audit.AuditQuery(who="root"))
    parsed = list(csv.DictReader(io.StringIO(audit.to_csv(rows))))
    assert [r["action"] for r in parsed] == ["holiday.add", "user.create"]
    assert parsed[1]["who"] == "root" and json.loads(parsed[1]["detail"])["after"]["full_name"] == "Wati"


def test_a_disabled_category_is_not_offered_and_its_rules_stop(db: Database) -> None:
    admin = f.user(db, Role.ADMIN)
    assert rules.preview(db.uow(), admin, "VPN drops").winner is not None
    row = rules.edit_category(db.uow(), admin, "Network", active=False)
    assert row.active is False
    offered = {c.path for c in catalog.list_categories(db.uow(), active_only=True)}
    assert "Network" not in offered and "Network / VPN" not in offered and "Hardware / Printer" in offered
    assert {c.path: c.active for c in catalog.list_categories(db.uow())}["Network / VPN"] is False
    assert rules.preview(db.uow(), admin, "VPN drops").winner is None  # the subcategory's rule too
    requester = f.user(db)
    assert f.ticket(db, requester, subject="VPN drops", description="").category is None
    rules.edit_category(db.uow(), admin, "Network", active=True)
    assert f.ticket(db, requester, subject="VPN drops again", description="").category == "Network / VPN"
    with db.uow() as uow:
        entries = list(uow.session.scalars(select(AuditLog).where(AuditLog.action == "category.edit")
                                           .order_by(AuditLog.id)))
    assert [e.detail["after"] for e in entries] == [{"active": False}, {"active": True}]


def _ics(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\n{body}" \
           "END:VCALENDAR\r\n".replace("\n    ", "\r\n").encode()


def test_recurring_holidays_are_expanded_with_their_exceptions() -> None:
    """A company's holidays exported from Outlook recur (RRULE) instead of listing each year: the
    import gives every date from a year back to the end of the year after next, less EXDATEs and
    occurrences a RECURRENCE-ID moved or cancelled; a cancelled event gives none."""
    data = _ics(
        # Every 17 August since 2015 (the first year alone was imported before).
        "UID:merdeka\r\nSUMMARY:Hari Kemerdekaan\r\nDTSTART;VALUE=DATE:20150817\r\nDTEND;VALUE=DATE:20150818\r\n"
        "RRULE:FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=17",
        # Company anniversary: two days each year, ending in 2027 (UNTIL in UTC), not in 2026.
        "UID:anniv\r\nSUMMARY:Company anniversary\r\nDTSTART;VALUE=DATE:20200302\r\nDTEND;VALUE=DATE:20200304\r\n"
        "RRULE:FREQ=YEARLY;UNTIL=20270302T000000Z\r\nEXDATE;VALUE=DATE:20260302",
        # Year-end closing on the last working day, moved in 2027 by its own VEVENT.
        "UID:closing\r\nSUMMARY:Tutup buku\r\nDTSTART;VALUE=DATE:20251231\r\nRRULE:FREQ=YEARLY;COUNT=5",
        "UID:closing\r\nSUMMARY:Tutup buku (moved)\r\nRECURRENCE-ID;VALUE=DATE:20271231\r\n"
        "DTSTART;VALUE=DATE:20271230",
        # A cancelled one-off and a cancelled occurrence of a series.
        "UID:gone\r\nSUMMARY:Cancelled outing\r\nSTATUS:CANCELLED\r\nDTSTART;VALUE=DATE:20261105",
        "UID:closing\r\nSUMMARY:Tutup buku\r\nRECURRENCE-ID;VALUE=DATE:20281231\r\nSTATUS:CANCELLED\r\n"
        "DTSTART;VALUE=DATE:20281231",
        # An extra date by RDATE.
        "UID:cuti\r\nSUMMARY:Cuti bersama\r\nDTSTART;VALUE=DATE:20260320\r\nRDATE;VALUE=DATE:20270409,20280328",
    )
    found = {h.day: h.name for h in calendars.parse_ics(data, "Asia/Jakarta", today=date(2026, 12, 7))}
    assert [d for d, n in found.items() if n == "Hari Kemerdekaan"] == [date(2026, 8, 17), date(2027, 8, 17),
                                                                         date(2028, 8, 17)]
    assert sorted(d for d, n in found.items() if n == "Company anniversary") == [
        date(2027, 3, 2), date(2027, 3, 3)]  # 2026 excluded; 2028 is past UNTIL
    assert found[date(2025, 12, 31)] == "Tutup buku" and found[date(2026, 12, 31)] == "Tutup buku"
    assert found[date(2027, 12, 30)] == "Tutup buku (moved)" and date(2027, 12, 31) not in found
    assert date(2028, 12, 31) not in found and date(2026, 11, 5) not in found
    assert {d for d, n in found.items() if n == "Cuti bersama"} == {date(2026, 3, 20), date(2027, 4, 9),
                                                                    date(2028, 3, 28)}
    assert max(found) <= date(2028, 12, 31)  # the horizon: the end of the year after next


def test_an_unreadable_recurrence_rule_is_refused_by_name() -> None:
    data = _ics("UID:x\r\nSUMMARY:Odd day\r\nDTSTART;VALUE=DATE:20260101\r\nRRULE:FREQ=SOMETIMES")
    with pytest.raises(ValidationFailed, match="Odd day"):
        calendars.parse_ics(data, "Asia/Jakarta", today=date(2026, 12, 7))
