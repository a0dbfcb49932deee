"""Recurring faults per requester (#16): three tickets of one category from one person in 30 days
open one preventive ticket for them, listing the tickets; a machine's own recurrence is not doubled."""

from __future__ import annotations

from sqlalchemy import select

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.i18n import said_text
from shared.models import Ticket
from shared.models.enums import Status
from shared.services import enrolment, forecast
from tests import factories as f
from tests.conftest import FakeClock


def preventive(db: Database) -> list[Ticket]:
    with db.uow() as uow:
        return list(uow.session.scalars(select(Ticket).where(Ticket.alert_key.like("recurring:%"))
                                        .order_by(Ticket.id)))


def test_three_faults_of_one_category_open_one_preventive_ticket_for_the_requester(
    db: Database, clock: FakeClock
) -> None:
    ana, budi = f.user(db), f.user(db)
    jams = [f.ticket(db, ana, subject="Printer jam") for _ in range(3)]
    clock.advance(days=1)
    f.ticket(db, budi, subject="Printer jam")  # two faults: not yet a pattern
    f.ticket(db, budi, subject="Printer jam")
    result = forecast.run(db.uow())
    [ticket] = preventive(db)
    assert result.opened == (ticket.id,)
    assert ticket.requester_id == ana.id and ticket.category_id == jams[0].category_id
    assert ticket.alert_key == forecast.requester_key(ana.id, jams[0].category_id)
    assert ticket.machine_id is None and ticket.status == Status.NEW
    assert ticket.said is not None
    text = said_text(ticket.said["description"], "en")
    assert text.startswith("Preventive: this requester raised 3 tickets of category ")
    assert all(jam.number in text for jam in jams)
    assert forecast.run(db.uow()).opened == ()  # one while it is active


def test_older_faults_and_other_categories_do_not_count(db: Database, clock: FakeClock) -> None:
    ana = f.user(db)
    f.ticket(db, ana, subject="Printer jam")
    clock.advance(days=31)
    f.ticket(db, ana, subject="Printer jam")
    f.ticket(db, ana, subject="Printer jam")
    f.ticket(db, ana, subject="VPN slow")
    assert forecast.run(db.uow()).opened == ()
    assert preventive(db) == []


def test_faults_on_one_machine_get_the_machines_ticket_only(db: Database) -> None:
    ana = f.user(db)
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM)
    machine_id = enrolment.enrol(db.uow(), token, "pc-ana", "Windows 11", None)[0]
    for _ in range(3):
        f.ticket(db, ana, subject="Printer jam", machine_id=machine_id)
    forecast.run(db.uow())
    [ticket] = preventive(db)
    assert ticket.machine_id == machine_id
    assert ticket.alert_key is not None and not ticket.alert_key.startswith("recurring:requester:")
