"""KPIs per agent, team, category and type: the groups add up to the desk's report, and each group's
figures are its own tickets'."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.db.database import Database
from shared.errors import PermissionDenied, ValidationFailed
from shared.models.enums import Role
from shared.services import csat, metrics, tickets, workflow
from shared.services.breakdown import GroupBy, breakdown, to_csv
from tests import factories as f
from tests.conftest import FakeClock


def test_groups_add_up_to_the_report_and_are_their_own(db: Database, clock: FakeClock) -> None:
    boss = f.user(db, Role.SUPERVISOR)
    budi = f.agent(db, name="budi", full_name="Budi Santoso")
    people = [f.user(db) for _ in range(3)]
    start = clock.now
    made = []
    for i in range(9):
        clock.advance(hours=2)
        t = tickets.create(db.uow(), people[i % 3], subject=f"VPN drops {i}" if i % 2 else f"Printer jam {i}",
                           ticket_type="question" if i == 4 else "incident")
        made.append(t)
    dewi = f.agent(db, name="dewi", full_name="Dewi Lestari")  # after the creates: all went to budi
    for opened in made[:6]:
        clock.advance(minutes=30)
        answered = tickets.reply(db.uow(), budi, opened.id, "Looking", expected_version=opened.version)
        workflow.resolve(db.uow(), budi, answered.id, "Fixed it", expected_version=answered.version)
    workflow.assign(db.uow(), budi, made[6].id, dewi.id)
    csat.submit(db.uow(), people[0], made[0].id, 5)
    csat.submit(db.uow(), people[1], made[1].id, 3)
    end = clock.advance(hours=1)

    by_agent = {r.key: r for r in breakdown(db.uow(), boss, start, end, GroupBy.AGENT)}
    report = metrics.report(db.uow(), boss, start, end)
    assert sum(r.resolved for r in by_agent.values()) == report.resolved == 6
    assert sum(r.created for r in by_agent.values()) == report.created == 9
    budi_row = by_agent["Budi Santoso"]
    assert (budi_row.resolved, budi_row.backlog, budi_row.csat_average, budi_row.csat_responses) == (6, 2, 4.0, 2)
    assert budi_row.fcr_rate == 1.0 and budi_row.first_response_median_s is not None
    assert by_agent["Dewi Lestari"].backlog == 1 and by_agent["Dewi Lestari"].resolved == 0
    by_category = {r.key: r.created for r in breakdown(db.uow(), boss, start, end, "category")}
    assert by_category == {"Network / VPN": 4, "Hardware / Printer": 5}
    by_type = {r.key: r.created for r in breakdown(db.uow(), boss, start, end, "type")}
    assert by_type == {"Incident": 8, "Question": 1}
    by_team = breakdown(db.uow(), boss, start, end, "team")
    assert sum(r.backlog for r in by_team) == report.open_backlog == 3

    lines = to_csv(list(by_agent.values()), "agent").splitlines()
    assert lines[0].startswith("agent,created,resolved,fcr_rate")
    # Created in the period and assigned to budi now (one went to dewi); durations in business seconds.
    assert lines[1] == "Budi Santoso,8,6,1,45900,45900,1,4,2,2"
    assert lines[2] == "Dewi Lestari,1,0,,,,,,0,1"


def test_breakdown_refuses_what_it_cannot_do(db: Database, clock: FakeClock) -> None:
    boss = f.user(db, Role.SUPERVISOR)
    with pytest.raises(ValidationFailed, match="grouping"):
        breakdown(db.uow(), boss, clock.now, clock.now + timedelta(days=1), "weather")
    with pytest.raises(ValidationFailed, match="after its start"):
        breakdown(db.uow(), boss, clock.now, clock.now, "agent")
    with pytest.raises(PermissionDenied):
        breakdown(db.uow(), f.agent(db), clock.now, clock.now + timedelta(days=1), "agent")
