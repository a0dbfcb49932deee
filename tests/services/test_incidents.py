"""Major incidents: a burst suggests one, an agent confirms it, one update reaches everyone,
resolving the parent resolves the children."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from shared.models import OutboxMessage, TicketLink, TimelineEntry
from shared.models.enums import Status
from shared.models.incidents import IncidentState
from shared.services import incidents, tickets, workflow
from shared.services.incident_detect import Report, find_bursts
from tests import factories as f
from tests.conftest import FakeClock

VPN = ["VPN will not connect", "Cannot reach the VPN gateway", "VPN drops every minute",
       "VPN login fails with timeout", "No VPN since 9:00", "VPN client says server unreachable"]


def _burst(db: Database, clock: FakeClock, subjects: list[str]) -> list[int]:
    ids = []
    for subject in subjects:
        ids.append(f.ticket(db, f.user(db), subject=subject, description="").id)
        clock.advance(minutes=1)
    return ids


def test_rule_needs_a_rare_word_many_reporters_and_enough_reports() -> None:
    window = [Report(i, text, f"u{i}") for i, text in enumerate(VPN[:5])]
    found = find_bursts(window, {}, min_tickets=5, window_minutes=15, baseline_minutes=14 * 1440)
    assert [(b.term, b.ticket_ids) for b in found] == [("vpn", (0, 1, 2, 3, 4))]
    assert find_bursts(window[:4], {}, min_tickets=5, window_minutes=15, baseline_minutes=14 * 1440) == []
    one_person = [Report(i, text, "u1") for i, text in enumerate(VPN[:5])]
    assert find_bursts(one_person, {}, min_tickets=5, window_minutes=15, baseline_minutes=14 * 1440) == []
    # "vpn" in 5000 of the last two weeks' reports: 5 in 15 minutes is the usual rate
    usual = find_bursts(window, {"vpn": 5000}, min_tickets=5, window_minutes=15, baseline_minutes=14 * 1440)
    assert usual == []


def test_burst_is_suggested_confirmed_updated_and_resolved_together(db: Database, clock: FakeClock) -> None:
    children = _burst(db, clock, VPN[:5])
    f.ticket(db, f.user(db), subject="Printer out of toner")  # noise stays out
    assert incidents.detect(db.uow()) != []
    [inc] = incidents.list_incidents(db.uow(), SYSTEM)
    assert inc.state == IncidentState.SUGGESTED and inc.ticket_ids == tuple(children) and inc.topic.startswith("vpn")
    assert incidents.banners(db.uow(), f.user(db)) == []  # not until someone confirms it
    agent = f.agent(db)
    inc = incidents.confirm(db.uow(), agent, inc.id, banner="VPN down, we are on it")
    assert inc.state == IncidentState.CONFIRMED and inc.parent_id is not None
    [banner] = incidents.banners(db.uow(), f.user(db))
    assert banner.text == "VPN down, we are on it" and banner.parent_number == inc.parent_number
    with db.uow() as uow:
        links = uow.session.scalars(select(TicketLink).where(
            (TicketLink.ticket_a_id == inc.parent_id) | (TicketLink.ticket_b_id == inc.parent_id))).all()
    assert len(links) == 5
    late = _burst(db, clock, ["VPN broken for me too"])  # a later report joins and is linked
    incidents.detect(db.uow())
    assert incidents.get(db.uow(), agent, inc.id).ticket_ids == (*children, *late)

    incidents.post_update(db.uow(), agent, inc.id, "The provider is replacing a router.")
    with db.uow() as uow:
        mails = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "agent_reply")).all()
    assert {m.ticket_id for m in mails} >= set(children + late)

    incidents.resolve(db.uow(), agent, inc.id, "Router replaced; VPN is back.")
    for ticket_id in children + late:
        t = tickets.get(db.uow(), agent, ticket_id)
        assert t.status == Status.RESOLVED and t.solution == "Router replaced; VPN is back."
    assert incidents.get(db.uow(), agent, inc.id).state == IncidentState.RESOLVED
    assert incidents.banners(db.uow(), agent) == []


def test_resolving_the_parent_by_hand_resolves_children_and_dismissed_stay_quiet(db: Database,
                                                                                  clock: FakeClock) -> None:
    children = _burst(db, clock, VPN[:5])
    incidents.detect(db.uow())
    agent = f.agent(db)
    [inc] = incidents.list_incidents(db.uow(), agent)
    inc = incidents.confirm(db.uow(), agent, inc.id)
    assert "Known problem: vpn" in inc.banner
    assert inc.parent_id is not None
    workflow.resolve(db.uow(), agent, inc.parent_id, "Fixed upstream")
    assert all(tickets.get(db.uow(), agent, c).status == Status.RESOLVED for c in children)
    with pytest.raises(InvalidTransition):
        incidents.confirm(db.uow(), agent, inc.id)

    clock.advance(hours=2)
    _burst(db, clock, ["Outlook mailbox full", "Outlook will not open", "Outlook asks for password",
                       "Outlook crashes", "Outlook search is empty"])
    incidents.detect(db.uow())
    [mail] = incidents.list_incidents(db.uow(), agent)
    incidents.dismiss(db.uow(), agent, mail.id)
    assert incidents.detect(db.uow()) == []


def _linked(db: Database, a: int, b: int) -> bool:
    low, high = sorted((a, b))
    with db.uow() as uow:
        return uow.session.get(TicketLink, (low, high)) is not None


def _events(db: Database, ticket_id: int) -> list[tuple[str | None, str | None, int | None]]:
    with db.uow() as uow:
        return [(e.old_value, e.new_value, e.author_id) for e in uow.session.scalars(
            select(TimelineEntry).where(TimelineEntry.ticket_id == ticket_id, TimelineEntry.field == "major_incident")
            .order_by(TimelineEntry.id))]


def test_agents_add_and_take_out_tickets_by_hand(db: Database, clock: FakeClock) -> None:
    """Detection groups by shared words: an agent adds the report it missed (other words) and takes
    out the one it took in wrongly; the one taken out is not put back two minutes later."""
    children = _burst(db, clock, VPN[:5])
    missed = f.ticket(db, f.user(db), subject="Cannot open the intranet from home", description="").id
    incidents.detect(db.uow())
    [inc] = incidents.list_incidents(db.uow(), SYSTEM)
    assert missed not in inc.ticket_ids
    agent = f.agent(db)
    number = tickets.get(db.uow(), agent, missed).number
    inc = incidents.add_tickets(db.uow(), agent, inc.id, [number])  # while it is suggested
    assert inc.ticket_ids == (*children, missed)
    assert _events(db, missed) == [(None, f"#{inc.id}", agent.id)]
    inc = incidents.confirm(db.uow(), agent, inc.id)
    assert inc.parent_id is not None and _linked(db, missed, inc.parent_id)  # a child like the others

    wrong = children[2]
    inc = incidents.remove_tickets(db.uow(), agent, inc.id, [str(wrong)])
    assert wrong not in inc.ticket_ids and not _linked(db, wrong, inc.parent_id)
    assert _events(db, wrong)[-1] == (inc.parent_number, None, agent.id)  # audited, by the agent
    clock.advance(minutes=2)
    incidents.detect(db.uow())  # the scheduler's next run does not put it back
    assert wrong not in incidents.get(db.uow(), agent, inc.id).ticket_ids

    incidents.post_update(db.uow(), agent, inc.id, "The provider is replacing a router.")
    with db.uow() as uow:
        told = set(uow.session.scalars(select(OutboxMessage.ticket_id).where(OutboxMessage.kind == "agent_reply")))
    assert missed in told and wrong not in told
    incidents.resolve(db.uow(), agent, inc.id, "Router replaced.")
    assert tickets.get(db.uow(), agent, missed).status == Status.RESOLVED
    assert tickets.get(db.uow(), agent, wrong).status != Status.RESOLVED  # its own problem stays open


def test_a_ticket_taken_out_can_be_added_back(db: Database, clock: FakeClock) -> None:
    children = _burst(db, clock, VPN[:5])
    incidents.detect(db.uow())
    agent = f.agent(db)
    [inc] = incidents.list_incidents(db.uow(), agent)
    inc = incidents.confirm(db.uow(), agent, inc.id)
    assert inc.parent_id is not None
    incidents.remove_tickets(db.uow(), agent, inc.id, [children[0]])
    inc = incidents.add_tickets(db.uow(), agent, inc.id, [children[0], children[1]])  # one back, one in already
    assert inc.ticket_ids == tuple(children) and _linked(db, children[0], inc.parent_id)


def test_adding_refuses_what_cannot_join_and_changes_nothing(db: Database, clock: FakeClock) -> None:
    """All or nothing, each refusal naming the ticket."""
    children = _burst(db, clock, VPN[:5])
    incidents.detect(db.uow())
    agent = f.agent(db)
    [inc] = incidents.list_incidents(db.uow(), agent)
    inc = incidents.confirm(db.uow(), agent, inc.id)
    assert inc.parent_id is not None and inc.parent_number is not None
    clock.advance(hours=1)
    others = _burst(db, clock, ["Outlook mailbox full", "Outlook will not open", "Outlook asks for password",
                                "Outlook crashes", "Outlook search is empty"])
    incidents.detect(db.uow())
    mail = next(i for i in incidents.list_incidents(db.uow(), agent) if i.id != inc.id)
    fine = f.ticket(db, f.user(db), subject="Wi-Fi slow").id
    closed = f.ticket(db, f.user(db), subject="Old one").id
    workflow.resolve(db.uow(), agent, closed, "done")
    workflow.close(db.uow(), agent, closed)
    cases = {inc.parent_number: "is this incident's parent ticket",
             str(others[0]): f"part of major incident {mail.id} already",
             str(closed): "is closed",
             "HD-999999": "not found",
             "ABC-1": "HD"}
    for ref, words in cases.items():
        with pytest.raises((ValidationFailed, NotFound), match=words):
            incidents.add_tickets(db.uow(), agent, inc.id, [str(fine), ref])
        assert fine not in incidents.get(db.uow(), agent, inc.id).ticket_ids  # the good one was not added either
    with pytest.raises(ValidationFailed, match="is the parent of major incident"):
        incidents.add_tickets(db.uow(), agent, mail.id, [inc.parent_number])
    with pytest.raises(ValidationFailed, match="not part of major incident"):
        incidents.remove_tickets(db.uow(), agent, inc.id, [fine])
    with pytest.raises(ValidationFailed, match="at least one ticket"):
        incidents.add_tickets(db.uow(), agent, inc.id, [])
    incidents.resolve(db.uow(), agent, inc.id, "Fixed")
    with pytest.raises(InvalidTransition, match="suggested or confirmed one only"):
        incidents.add_tickets(db.uow(), agent, inc.id, [fine])
    assert len(children) == 5


def test_only_agents_who_may_update_tickets_add_or_take_out(db: Database, clock: FakeClock) -> None:
    children = _burst(db, clock, VPN[:5])
    incidents.detect(db.uow())
    [inc] = incidents.list_incidents(db.uow(), SYSTEM)
    requester = f.user(db)
    with pytest.raises(PermissionDenied):
        incidents.add_tickets(db.uow(), requester, inc.id, [children[0]])
    with pytest.raises(PermissionDenied):
        incidents.remove_tickets(db.uow(), requester, inc.id, [children[0]])


def test_a_ticket_moves_from_one_incident_to_another_from_its_own_view(db: Database, clock: FakeClock) -> None:
    vpn = _burst(db, clock, VPN[:5])
    incidents.detect(db.uow())
    clock.advance(hours=1)
    _burst(db, clock, ["Outlook mailbox full", "Outlook will not open", "Outlook asks for password",
                       "Outlook crashes", "Outlook search is empty"])
    incidents.detect(db.uow())
    agent = f.agent(db)
    mail, first = incidents.list_incidents(db.uow(), agent)  # newest first
    found = incidents.for_ticket(db.uow(), agent, vpn[0])
    assert found.current is not None and found.current.id == first.id and {i.id for i in found.open} == {
        first.id, mail.id}
    version = tickets.get(db.uow(), agent, vpn[0]).version
    moved = incidents.move_ticket(db.uow(), agent, vpn[0], mail.id, expected_version=version)
    assert vpn[0] in incidents.get(db.uow(), agent, mail.id).ticket_ids
    assert vpn[0] not in incidents.get(db.uow(), agent, first.id).ticket_ids
    with pytest.raises(Conflict):  # the version the agent saw is gone
        incidents.move_ticket(db.uow(), agent, vpn[0], None, expected_version=version)
    incidents.move_ticket(db.uow(), agent, vpn[0], None, expected_version=moved.version)
    assert incidents.for_ticket(db.uow(), agent, vpn[0]).current is None
