"""Major incidents: a burst suggests one, an agent confirms it, one update reaches everyone,
resolving the parent resolves the children."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.errors import InvalidTransition
from shared.models import OutboxMessage, TicketLink
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
