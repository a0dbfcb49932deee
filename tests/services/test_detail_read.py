"""A ticket's detail, read in two statements (one more each for attachments and links, only when
the ticket has some), both by tickets.get and by every edit, which answers with the ticket it
changed (detail.changed). Each must be exactly what the plain read gives: the ticket by key, then
its timeline, authors, attachments, links, category, team and rating one by one (`plain`, the way
the edits read it before, kept here as the reference)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.auth.permissions import Actor, Permission, can
from shared.db.database import Database
from shared.errors import NotFound
from shared.models import Attachment, Category, CsatResponse, Team, Ticket, TicketLink, TimelineEntry, User
from shared.models.enums import EntryKind
from shared.services import csat, tickets, workflow
from shared.services._common import detail_of, load_ticket, ticket_ref
from shared.services.dto import ChangedTicket, TicketDetail
from tests import factories as f
from tests.statements import recorded


def plain_detail(session: Session, actor: Actor, ticket: Ticket) -> TicketDetail:
    """The detail read the plain way: each part by itself, the people through the ticket's relations."""
    q = select(TimelineEntry).where(TimelineEntry.ticket_id == ticket.id).order_by(TimelineEntry.id)
    if not can(actor, Permission.TICKET_VIEW_ALL):
        q = q.where((TimelineEntry.kind == EntryKind.REPLY)
                    | ((TimelineEntry.kind == EntryKind.EVENT) & (TimelineEntry.field == "status")))
    entries = list(session.scalars(q))
    ids = {e.author_id for e in entries if e.author_id is not None}
    authors = {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))}
    attachments = list(session.scalars(
        select(Attachment).where(Attachment.ticket_id == ticket.id).order_by(Attachment.id)))
    pairs = session.execute(select(TicketLink.ticket_a_id, TicketLink.ticket_b_id).where(
        (TicketLink.ticket_a_id == ticket.id) | (TicketLink.ticket_b_id == ticket.id))).all()
    others = [a if b == ticket.id else b for a, b in pairs]
    links = [ticket_ref(t) for t in session.scalars(select(Ticket).where(Ticket.id.in_(others)))]
    category = session.get(Category, ticket.category_id) if ticket.category_id else None
    team = session.get(Team, ticket.team_id) if ticket.team_id else None
    rating = session.scalar(select(CsatResponse.rating).where(CsatResponse.ticket_id == ticket.id))
    return detail_of(ticket, entries, authors, attachments, links, category, team, rating)


def plain(db: Database, actor: Actor, ticket_id: int) -> TicketDetail:
    with db.uow() as uow:
        return plain_detail(uow.session, actor, load_ticket(uow, actor, ticket_id, lock=False))


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


def test_every_kind_of_edit_answers_with_the_plain_detail(db: Database, rich: Rich) -> None:
    """Edits that change what the once-per-ticket values show (assignee, team, category, status,
    links, attachments) answer with what a plain read gives right after them, for the editor."""
    agent, alice, bob = rich.agent, rich.alice, rich.bob
    t = f.ticket(db, alice, subject="VPN drops").id
    other = f.ticket(db, bob, subject="VPN drops too").id
    edits: list[tuple[Actor, Callable[[], ChangedTicket]]] = [
        (agent, lambda: workflow.claim(db.uow(), agent, t)),
        (agent, lambda: tickets.reply(db.uow(), agent, t, "Which client version?")),
        (alice, lambda: tickets.reply(db.uow(), alice, t, "4.2", attachments=[
            tickets.NewAttachment("vpn.log", "text/plain", b"timeout\n")])),
        (agent, lambda: tickets.note(db.uow(), agent, t, "Known issue.")),
        (agent, lambda: tickets.update_fields(db.uow(), agent, t, category_id=child_category(db))),
        (agent, lambda: workflow.link(db.uow(), agent, t, other)),
        (agent, lambda: workflow.assign(db.uow(), agent, t, None)),
        (agent, lambda: workflow.resolve(db.uow(), agent, t, "Updated the client.")),
    ]
    answers = []
    for actor, edit in edits:
        answer = edit()
        assert answer.detail == plain(db, actor, t)
        assert t in answer.changes.ticket_ids
        answers.append(answer)
    # Each part the once-per-ticket values give came and went along the way.
    assert answers[0].assignee and answers[0].team and answers[6].assignee is None
    assert answers[2].attachments and answers[2].requester.full_name == "Alice"
    assert answers[4].category and " / " in answers[4].category and answers[5].links


def test_an_edit_reads_its_answer_in_two_statements(db: Database, rich: Rich) -> None:
    agent, bare = rich.agent, rich.bare
    with recorded(db) as seen:
        tickets.note(db.uow(), agent, bare, "Checked the cable.")
    reads = queries(seen)
    # The ticket (locked, as the edit loads it), then the detail's two; the plain read sent 9 here.
    assert len(reads) == 3, seen
    with recorded(db) as seen:
        tickets.note(db.uow(), agent, rich.ticket, "Still fine.")
    assert len(queries(seen)) == 5, seen  # and the attachments and links of the one that has them
