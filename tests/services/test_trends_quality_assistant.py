"""Trends, the documentation-quality KPI and the tray assistant's service."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.models import Category, Deflection
from shared.models.enums import Role
from shared.services import assistant, checklists, doc_quality, incidents, kb, tickets, trends, workflow
from shared.services.checklists import StepSpec
from shared.services.doc_quality import Criterion
from tests import factories as f
from tests.conftest import FakeClock


def test_rising_categories_and_recurring_problems(db: Database, clock: FakeClock) -> None:
    boss = f.user(db, Role.SUPERVISOR)
    ana, budi = f.user(db), f.user(db)
    f.ticket(db, ana, subject="Printer jam")  # last week: one printer ticket
    clock.advance(days=8)
    for _ in range(4):
        f.ticket(db, ana, subject="Printer jam again")
    f.ticket(db, budi, subject="VPN slow")
    clock.advance(minutes=1)
    found = trends.trends(db.uow(), boss)
    [printer] = found.rising
    assert (printer.category, printer.this_week, printer.last_week, printer.change) == ("Hardware / Printer", 4, 1, 3.0)
    [again] = found.recurring
    assert (again.kind, again.name, again.category, again.count) == ("requester", ana.full_name,
                                                                     "Hardware / Printer", 5)


def test_doc_quality_scores_each_criterion_and_lists_the_weak_tickets(db: Database, clock: FakeClock) -> None:
    boss = f.user(db, Role.SUPERVISOR)
    agent = f.agent(db)
    good = f.ticket(db, f.user(db), subject="Printer jam")
    workflow.resolve(db.uow(), agent, good.id, "Opened tray 2, removed the torn sheet, printed a test page.",
                     kb_draft=True)
    bad = f.ticket(db, f.user(db), subject="Something odd", description="Nothing fits")  # no rule: no category
    workflow.escalate(db.uow(), agent, bad.id, 2, "L2 pls")
    l2 = f.agent(db, tier=2)
    workflow.resolve(db.uow(), l2, bad.id, "Fixed")
    start, end = clock.now - timedelta(days=1), clock.now + timedelta(days=1)
    rows = {r.key: r for r in doc_quality.quality(db.uow(), boss, start, end, by="agent")}
    assert rows[agent.full_name].score == 1.0 and rows[agent.full_name].complete == 1
    weak = rows[l2.full_name]
    assert weak.score == 0.0 and weak.ticket_ids == (bad.id,)
    [t] = doc_quality.weak_tickets(db.uow(), boss, start, end, agent=l2.full_name)
    assert set(t.missing) == {Criterion.SOLUTION, Criterion.CATEGORY, Criterion.KB, Criterion.ESCALATION}
    csv_text = doc_quality.to_csv(list(rows.values()), "agent")
    assert csv_text.splitlines()[0] == ("agent,resolved,score,complete,missing_solution,missing_category,"
                                        "missing_checklist,missing_kb,missing_escalation")


def test_doc_quality_counts_an_incomplete_checklist(db: Database, clock: FakeClock) -> None:
    with db.uow() as uow:
        printer = uow.session.scalars(select(Category.id).where(Category.name == "Printer")).one()
    checklists.save_template(db.uow(), SYSTEM, name="P", category_id=printer,
                             steps=[StepSpec("Test page", required=False)])
    agent = f.agent(db)
    t = f.ticket(db, f.user(db), subject="Printer jam")
    workflow.resolve(db.uow(), agent, t.id, "Removed the jammed sheet and cleaned the rollers.")
    [q] = doc_quality.weak_tickets(db.uow(), SYSTEM, clock.now - timedelta(hours=1), clock.now + timedelta(hours=1))
    assert q.missing == (Criterion.KB,) and q.applicable == 4  # optional steps do not count


def _article(db: Database, title: str, body: str) -> int:
    editor = f.user(db, Role.ADMIN)
    a = kb.create_article(db.uow(), editor, title=title, body=body, tags="vpn")
    kb.set_status(db.uow(), editor, a.id, "published")
    return a.id


def test_assistant_answers_with_steps_and_counts_yes_and_no(db: Database, clock: FakeClock) -> None:
    article = _article(db, "Connect to the VPN", "Before you start:\n\n1. Open the VPN client\n2. Choose Jakarta\n"
                                                  "3. Sign in with your usual password")
    user = f.user(db)
    answer = assistant.ask(db.uow(), user, "my vpn does not connect from home")
    assert answer.articles[0].id == article
    assert answer.articles[0].steps == ("Open the VPN client", "Choose Jakarta", "Sign in with your usual password")
    assistant.solved(db.uow(), user, "my vpn does not connect from home", article)
    detail = assistant.raise_ticket(db.uow(), user, "vpn still fails\nerror 809", [(article, "Connect to the VPN")])
    assert detail.subject == "vpn still fails"
    assert "Assistant suggested: Connect to the VPN" in detail.description
    stats = assistant.stats(db.uow(), SYSTEM, clock.now - timedelta(hours=1), clock.now + timedelta(hours=1))
    assert (stats.asked, stats.solved, stats.tickets, stats.deflection_rate) == (2, 1, 1, 0.5)
    with db.uow() as uow:
        assert uow.session.scalars(select(Deflection.article_id)).all() == [article]
    assert tickets.get(db.uow(), user, detail.id).requester.id == user.id


def test_assistant_says_the_known_problem_first(db: Database, clock: FakeClock) -> None:
    for i in range(5):
        f.ticket(db, f.user(db), subject=f"VPN gateway unreachable #{i}", description="")
    incidents.detect(db.uow())
    [inc] = incidents.list_incidents(db.uow(), SYSTEM)
    incidents.confirm(db.uow(), f.agent(db), inc.id, banner="VPN down, we are on it")
    answer = assistant.ask(db.uow(), f.user(db), "VPN keeps disconnecting")
    assert [b.text for b in answer.known_problems] == ["VPN down, we are on it"]
    assert assistant.ask(db.uow(), f.user(db), "printer jam").known_problems == ()
