"""Demo data for issue #17: SOP checklists (the built-in examples, tickets with some steps ticked),
a confirmed VPN outage with its banner and one update (one report added by hand, one taken out),
a suggested mail burst waiting for an agent, a requester whose printer keeps failing (trends), and
help-assistant conversations."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import select

from shared.auth.permissions import SYSTEM, Actor
from shared.db.database import Database
from shared.models import KbArticle, Ticket
from shared.models.enums import ArticleStatus, Status
from shared.models.incidents import TicketChecklistStep
from shared.services import assistant, checklists, incidents, tickets

# The last one shares no rare word with the others: detection misses it and an agent adds it by
# hand; "VPN login times out" turns out to be an expired password and is taken out.
VPN_REPORTS = ("VPN will not connect", "VPN tidak bisa terhubung", "Cannot reach the VPN gateway",
               "VPN drops every minute", "VPN login times out", "Cannot open the intranet from home since 8:40")
MAIL_REPORTS = ("Outlook keeps asking for my password", "Outlook will not sync", "Outlook shows disconnected",
                "Outlook cannot send mail", "Outlook error 0x800CCC0E")


def load_examples(db: Database) -> None:
    """Before the tickets: so tickets of those categories get their checklists."""
    checklists.seed_examples(db.uow(), SYSTEM)


def _tick_some(db: Database, staff: dict[str, Actor], rng: random.Random) -> None:
    """Tick the first steps of some open tickets' checklists (partly done), by their assignee."""
    with db.uow() as uow:
        rows = uow.session.execute(select(TicketChecklistStep.ticket_id, TicketChecklistStep.id, Ticket.assignee_id)
                                   .join(Ticket, Ticket.id == TicketChecklistStep.ticket_id)
                                   .where(Ticket.status.in_([Status.OPEN, Status.IN_PROGRESS]))
                                   .order_by(TicketChecklistStep.ticket_id, TicketChecklistStep.position)).all()
    by_ticket: dict[int, list[int]] = {}
    for ticket_id, step_id, _assignee in rows:
        by_ticket.setdefault(ticket_id, []).append(step_id)
    agent = staff["agent1"]
    for ticket_id, steps in sorted(by_ticket.items()):
        for step_id in steps[: rng.randint(1, max(1, len(steps) - 1))]:
            checklists.tick(db.uow(), agent, ticket_id, step_id)


def _burst(db: Database, set_clock: Callable[[datetime], None], people: Sequence[Actor], subjects: Sequence[str],
           start: datetime) -> None:
    for i, subject in enumerate(subjects):
        set_clock(start + timedelta(minutes=2 * i))
        tickets.create(db.uow(), people[i % len(people)], subject=subject, description="")


def load_incidents(db: Database, set_clock: Callable[[datetime], None], staff: dict[str, Actor],
                   requesters: Sequence[Actor], end: datetime, rng: random.Random) -> None:
    _tick_some(db, staff, rng)
    people = list(requesters)
    _burst(db, set_clock, people[:6], VPN_REPORTS, end - timedelta(minutes=40))
    set_clock(end - timedelta(minutes=28))
    incidents.detect(db.uow())
    vpn = next(i for i in incidents.list_incidents(db.uow(), SYSTEM) if i.topic.startswith("vpn"))
    set_clock(end - timedelta(minutes=25))
    incidents.confirm(db.uow(), staff["agent1"], vpn.id, banner="VPN down since 08:40 — we are on it. "
                      "No need to report it again.")
    with db.uow() as uow:
        subjects = dict(uow.session.execute(select(Ticket.subject, Ticket.id).where(
            Ticket.subject.in_([VPN_REPORTS[4], VPN_REPORTS[5]]))).tuples().all())
    set_clock(end - timedelta(minutes=20))
    incidents.add_tickets(db.uow(), staff["agent1"], vpn.id, [subjects[VPN_REPORTS[5]]])
    incidents.remove_tickets(db.uow(), staff["agent1"], vpn.id, [subjects[VPN_REPORTS[4]]])
    set_clock(end - timedelta(minutes=15))
    incidents.post_update(db.uow(), staff["eng1"], vpn.id,
                          "The VPN gateway lost its uplink; the provider is on site. Next update in 30 minutes.")
    _burst(db, set_clock, people[6:11], MAIL_REPORTS, end - timedelta(minutes=12))
    set_clock(end - timedelta(minutes=2))
    incidents.detect(db.uow())
    # Trends: one requester's printer keeps failing this week.
    for day, subject in ((5, "Printer jams again"), (3, "Printer jam on floor 3"), (1, "Printer jammed once more")):
        set_clock(end - timedelta(days=day))
        tickets.create(db.uow(), people[12], subject=subject, description="Floor 3 printer, tray 2.")
    _conversations(db, set_clock, people, end)


def _conversations(db: Database, set_clock: Callable[[datetime], None], people: Sequence[Actor],
                   end: datetime) -> None:
    with db.uow() as uow:
        titles = dict(uow.session.execute(select(KbArticle.title, KbArticle.id)
                                          .where(KbArticle.status == ArticleStatus.PUBLISHED)).tuples().all())
    set_clock(end - timedelta(hours=3))
    question = "I forgot my Windows password"
    answer = assistant.ask(db.uow(), people[13], question)
    if answer.articles:
        assistant.solved(db.uow(), people[13], question, answer.articles[0].id)
    set_clock(end - timedelta(hours=2))
    question = "The printer makes a grinding noise and nothing comes out"
    answer = assistant.ask(db.uow(), people[14], question)
    shown = [(a.id, a.title) for a in answer.articles] or [(i, t) for t, i in list(titles.items())[:1]]
    assistant.raise_ticket(db.uow(), people[14], question, shown)
