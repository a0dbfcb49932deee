"""SOP checklists in the console: the admin editor, and ticking steps beside a ticket's timeline."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop.common.ops import Ops
from desktop.console.admin.checklists import ChecklistsPage
from desktop.console.ticket.view import TicketView
from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.errors import ValidationFailed
from shared.models.enums import Role
from shared.services import checklists, workflow
from tests import factories as f
from tests.desktop.conftest import click, wait_idle


def _button(page: ChecklistsPage, name: str) -> QPushButton:
    button = page.findChild(QPushButton, name)
    assert button is not None, name
    return button


def test_admin_writes_a_checklist_with_required_and_optional_steps(qtbot, db: Database, ops: Ops) -> None:
    page = ChecklistsPage(ops, f.user(db, Role.ADMIN))
    qtbot.addWidget(page)
    page.show()
    wait_idle(qtbot, ops)
    qtbot.keyClicks(page.name, "Printer SOP")
    page.category.setCurrentIndex(page.category.findText("Hardware / Printer"))
    for text, required in (("Print a test page", True), ("Check the toner", True), ("Clean rollers", False)):
        page.add_step(text, required)
    page.steps.setCurrentCell(1, 0)
    click(qtbot, _button(page, "adminChecklistStep_up"))
    with qtbot.waitSignal(page.sig_saved):
        click(qtbot, page.save_button)
    wait_idle(qtbot, ops)
    [saved] = checklists.list_templates(db.uow(), SYSTEM)
    assert [(s.text, s.required) for s in saved.steps] == [
        ("Check the toner", True), ("Print a test page", True), ("Clean rollers", False)]
    assert page.table.rowCount() == 1 and page.table.item(0, 3).text() == "3"
    click(qtbot, _button(page, "adminChecklistNew"))
    qtbot.keyClicks(page.name, "Second printer SOP")
    page.category.setCurrentIndex(page.category.findText("Hardware / Printer"))
    page.add_step("Anything", True)
    click(qtbot, page.save_button)
    qtbot.waitUntil(page.error.isVisible)
    assert "already" in page.error.text()


def test_ticking_steps_beside_the_ticket_lets_it_resolve(qtbot, db: Database, ops: Ops) -> None:
    checklists.seed_examples(db.uow(), SYSTEM)
    agent = f.agent(db)
    t = f.ticket(db, f.user(db), subject="Printer jam", description="Tray 2")
    view = TicketView(ops, agent)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.checklist.sig_loaded) as loaded:
        view.load(t.id)
    wait_idle(qtbot, ops)
    assert loaded.args == [3] and view.checklist.isVisible()
    assert view.checklist.progress.text() == "0 of 2 required steps done"
    try:
        workflow.resolve(db.uow(), agent, t.id, "Replaced the tray roller and printed a test page.")
        raise AssertionError("resolve should wait for the steps")
    except ValidationFailed:
        pass
    for row in (0, 2):
        item = view.checklist.list.item(row)
        with qtbot.waitSignal(view.checklist.sig_loaded):
            item.setCheckState(Qt.CheckState.Checked)
    assert view.checklist.progress.text() == "2 of 2 required steps done"
    assert agent.full_name in view.checklist.list.item(0).toolTip()
    wait_idle(qtbot, ops)
    assert "Checklist step: — → Record the printer's asset tag" in view.timeline.toPlainText()
    workflow.resolve(db.uow(), agent, t.id, "Replaced the tray roller and printed a test page.")
    wait_idle(qtbot, ops)
