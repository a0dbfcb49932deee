"""SOP checklists: attached with the category, ticked on the timeline, holding back resolve."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.errors import PermissionDenied, ValidationFailed
from shared.models import Category
from shared.models.enums import Role
from shared.services import checklists, tickets, workflow
from shared.services.checklists import StepSpec
from tests import factories as f


def _category(db: Database, name: str) -> int:
    with db.uow() as uow:
        return uow.session.scalars(select(Category.id).where(Category.name == name)).one()


def _template(db: Database, name: str = "Printer", ticket_type: str = "") -> int:
    return checklists.save_template(db.uow(), SYSTEM, name="Printer SOP", category_id=_category(db, name),
                                    ticket_type=ticket_type,
                                    steps=[StepSpec("Check the toner"), StepSpec("Print a test page"),
                                           StepSpec("Clean the rollers", required=False)]).id


def test_new_ticket_of_the_category_gets_the_steps_and_resolve_waits_for_them(db: Database) -> None:
    _template(db)
    agent = f.agent(db)
    t = f.ticket(db, f.user(db), subject="Printer shows paper jam")  # a keyword rule sets Printer
    steps = checklists.steps(db.uow(), agent, t.id)
    assert [(s.text, s.required, s.done) for s in steps] == [
        ("Check the toner", True, False), ("Print a test page", True, False), ("Clean the rollers", False, False)]
    with pytest.raises(ValidationFailed, match="Check the toner; Print a test page"):
        workflow.resolve(db.uow(), agent, t.id, "Replaced the toner")
    for step in steps[:2]:
        checklists.tick(db.uow(), agent, t.id, step.id)
    done = checklists.steps(db.uow(), agent, t.id)
    assert done[0].done_by == agent.full_name and done[0].done_at is not None and not done[2].done
    detail = workflow.resolve(db.uow(), agent, t.id, "Replaced the toner")
    ticked = [e for e in tickets.get(db.uow(), agent, detail.id).entries if e.field == "checklist_step"]
    assert len(ticked) == 2 and ticked[0].author is not None and ticked[0].author.id == agent.id


def test_setting_off_lets_resolve_through(db: Database) -> None:
    _template(db)
    agent = f.agent(db)
    t = f.ticket(db, f.user(db), subject="Printer offline")
    db.settings.checklist_blocks_resolve = False
    try:
        workflow.resolve(db.uow(), agent, t.id, "Power-cycled it")
    finally:
        db.settings.checklist_blocks_resolve = True


def test_category_change_swaps_untouched_steps_and_keeps_ticked_ones(db: Database) -> None:
    _template(db)
    checklists.save_template(db.uow(), SYSTEM, name="VPN SOP", category_id=_category(db, "VPN"),
                             steps=[StepSpec("Check the gateway")])
    agent = f.agent(db)
    t = f.ticket(db, f.user(db), subject="Printer offline")
    first = checklists.steps(db.uow(), agent, t.id)[0]
    checklists.tick(db.uow(), agent, t.id, first.id)
    tickets.update_fields(db.uow(), agent, t.id, category_id=_category(db, "VPN"))
    assert [s.text for s in checklists.steps(db.uow(), agent, t.id)] == ["Check the toner", "Check the gateway"]


def test_ticket_type_template_wins_and_examples_translate(db: Database) -> None:
    assert checklists.seed_examples(db.uow(), SYSTEM) == 3
    assert checklists.seed_examples(db.uow(), SYSTEM) == 0
    agent = f.agent(db)
    t = f.ticket(db, f.user(db), subject="New account for the intern", ticket_type="service_request")
    names = [s.text for s in checklists.steps(db.uow(), agent, t.id)]
    assert names[0] == "Confirm the request with the user's manager"
    from shared.i18n import reading_in

    with reading_in("id"):
        shown = checklists.steps(db.uow(), agent, t.id)[0].text
    assert shown != names[0] and "manajer" in shown


def test_only_admins_edit_templates_and_bad_input_is_refused(db: Database) -> None:
    with pytest.raises(PermissionDenied):
        checklists.save_template(db.uow(), f.agent(db), name="x", category_id=_category(db, "VPN"),
                                 steps=[StepSpec("a")])
    admin = f.user(db, Role.ADMIN)
    with pytest.raises(ValidationFailed):
        checklists.save_template(db.uow(), admin, name="x", category_id=_category(db, "VPN"), steps=[])
    with pytest.raises(ValidationFailed):
        checklists.save_template(db.uow(), admin, name="x", category_id=_category(db, "VPN"),
                                 steps=[StepSpec("a")], ticket_type="bogus")
    tid = _template(db)
    with pytest.raises(ValidationFailed):
        _template(db)
    checklists.delete_template(db.uow(), admin, tid)
    assert checklists.list_templates(db.uow(), admin) == []
