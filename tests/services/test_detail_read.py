"""tickets.get reads a ticket's detail in two statements (one more each for attachments and links,
only when the ticket has some) and returns exactly what the plain read gives: the ticket by key,
then its timeline, authors, attachments, links, category, team and rating one by one
(load_ticket + build_detail, which the edits still use)."""

from __future__ import annotations

from typing import NamedTuple

import pytest
from sqlalchemy import select

from shared.auth.permissions import Actor
from shared.db.database import Database
from shared.errors import NotFound
from shared.models import Category
from shared.services import csat, tickets, workflow
from shared.services._common import build_detail, load_ticket
from shared.services.dto import TicketDetail
from tests import factories as f
from tests.statements import recorded


def plain(db: Database, actor: Actor, ticket_id: int) -> TicketDetail:
    with db.uow() as uow:
        return build_detail(uow.session, actor, load_ticket(uow, actor, ticket_id, lock=False))


def queries(seen: list[str]) -> list[str]:
    """The statements a service sent (not the test session's savepoints)."""
    return [s for s in seen if s.startswith("SELECT")]


def child_category(db: Database) -> int:
    with db.uow() as uow:
        found = uow.session.scalar(select(Category.id).where(Category.parent_id.is_not(None)).order_by(Category.id))
        assert found is not None
        return int(found)


class Rich(NamedTuple):
    agent: Actor
    alice: Actor
    bob: Actor
    ticket: int
    dup: int
    bare: int


@pytest.fixture
def rich(db: Database) -> Rich:
    """A ticket with everything the detail shows: a category under a parent, a team, an
    assignee, replies, a note, events, an attachment, two links, a merged duplicate and a rating."""
    agent, alice, bob = f.agent(db, full_name="Budi Santoso"), f.user(db, full_name="Alice"), f.user(db)
    t = f.ticket(db, alice, subject="Printer jams", category_id=child_category(db),
                 attachments=[tickets.NewAttachment("log.txt", "text/plain", b"error 42\n")])
    workflow.claim(db.uow(), agent, t.id)
    tickets.reply(db.uow(), agent, t.id, "Which tray?")
    tickets.reply(db.uow(), alice, t.id, "Tray 2.", attachments=[
        tickets.NewAttachment("tray.jpg", "image/jpeg", b"\xff\xd8jpeg")])
    tickets.note(db.uow(), agent, t.id, "Known issue with the fuser.")
    other = f.ticket(db, bob, subject="Printer on floor 3 jams")
    workflow.link(db.uow(), agent, t.id, other.id)
    dup = f.ticket(db, alice, subject="Printer still jams")
    workflow.merge(db.uow(), agent, dup.id, t.id)
    workflow.resolve(db.uow(), agent, t.id, "Replaced the fuser.")
    csat.submit(db.uow(), alice, t.id, 4, "Quick")
    bare = f.ticket(db, bob, subject="Monitor flickers")
    return Rich(agent, alice, bob, t.id, dup.id, bare.id)


def test_the_detail_is_the_plain_reads_for_staff_and_requester(db: Database, rich: Rich) -> None:
    agent, alice = rich.agent, rich.alice
    for actor in (agent, alice):
        for ticket_id in (rich.ticket, rich.dup):
            assert tickets.get(db.uow(), actor, ticket_id) == plain(db, actor, ticket_id)
    full = tickets.get(db.uow(), agent, rich.ticket)
    # The fixture reached every part, so the comparison above covered them.
    assert full.category and " / " in full.category and full.team and full.assignee
    assert full.csat_rating == 4 and len(full.attachments) == 2 and len(full.links) == 2
    assert {e.author.full_name for e in full.entries if e.author} >= {"Alice", "Budi Santoso"}
    assert len(tickets.get(db.uow(), alice, rich.ticket).entries) < len(full.entries)  # no notes


def test_a_ticket_without_attachments_or_links_is_two_statements(db: Database, rich: Rich) -> None:
    agent, bare, full = rich.agent, rich.bare, rich.ticket
    with recorded(db) as seen:
        tickets.get(db.uow(), agent, bare)
    # The plain read sent 9: the ticket, entries, authors, attachments, links, category, team,
    # rating and requester (each a round trip on PostgreSQL).
    assert len(queries(seen)) == 2, seen
    with recorded(db) as seen:
        tickets.get(db.uow(), agent, full)
    assert len(queries(seen)) == 4, seen  # and the attachments and links of the one that has them


def test_nobody_learns_of_a_ticket_they_may_not_see(db: Database, rich: Rich) -> None:
    bob, ticket_id = rich.bob, rich.ticket
    with pytest.raises(NotFound) as theirs:
        tickets.get(db.uow(), bob, ticket_id)
    with pytest.raises(NotFound) as missing:
        tickets.get(db.uow(), bob, 999_999)
    assert str(theirs.value) == str(missing.value).replace("999999", f"{ticket_id:06d}")
