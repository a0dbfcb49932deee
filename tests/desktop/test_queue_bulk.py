"""The queue's bulk bar: Ctrl/Shift-selected rows closed, assigned or resolved together, the
tickets that could not change named with the reason, the rest changed."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel

from desktop.common.ops import Ops
from desktop.console.queue.view import QueuePane
from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.models.enums import Role, Status
from shared.services import tickets, workflow
from shared.services.queue import View
from tests import factories as f
from tests.desktop.conftest import click, wait_idle


def _pane(qtbot, ops: Ops, actor) -> QueuePane:  # type: ignore[no-untyped-def]
    pane = QueuePane(ops, actor, load_filters=False)
    qtbot.addWidget(pane)
    pane.resize(1200, 600)
    pane.show()
    with qtbot.waitSignal(pane.model.sig_count_changed):
        pane.select_view(View.ALL)
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0 and pane.model.row_at(0, fetch=False) is not None)
    wait_idle(qtbot, ops)
    return pane


def _select(pane: QueuePane, rows: list[int]) -> None:
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        pane.table.selectionModel().select(pane.model.index(row, 0), flags)


def test_close_several_at_once_and_say_which_could_not(qtbot, db: Database, ops: Ops) -> None:
    lead = f.user(db, Role.SUPERVISOR)
    rina = f.user(db)
    ids = [f.ticket(db, rina, subject=f"You won a prize {i}").id for i in range(4)]
    pane = _pane(qtbot, ops, lead)
    assert not pane.bulk.action_row.isVisible()
    shown = [pane.model.row_at(r, fetch=False).id for r in range(pane.model.rowCount())]  # type: ignore[union-attr]
    _select(pane, [0, 1, 2])
    assert pane.bulk.action_row.isVisible() and pane.bulk.count.text() == "Selected: 3"
    chosen = pane.selected_ids()
    assert chosen == shown[:3]
    workflow.resolve(db.uow(), SYSTEM, chosen[1], "done")  # meanwhile someone else closes one
    workflow.close(db.uow(), SYSTEM, chosen[1])
    click(qtbot, pane.bulk.buttons["close"])
    dialog = pane.bulk.dialog
    assert dialog is not None and not dialog.ok.isEnabled()  # a reason is needed
    qtbot.keyClicks(dialog.text, "Spam")
    with qtbot.waitSignal(pane.bulk.sig_done) as done:
        click(qtbot, dialog.ok)
    result = done.args[0]
    assert set(result.done) == {chosen[0], chosen[2]}
    assert [n for n, _why in result.refused] == [f"HD-{chosen[1]:06d}"]
    wait_idle(qtbot, ops)
    assert pane.bulk.result.isVisible()
    assert pane.bulk.result.text().startswith("Changed: 2. Not changed: 1 — HD-")
    assert all(tickets.get(db.uow(), lead, t).status == Status.CLOSED for t in chosen)
    assert tickets.get(db.uow(), lead, shown[3]).status != Status.CLOSED  # not selected: untouched
    assert sorted(shown) == ids


def test_assign_several_to_one_agent(qtbot, db: Database, ops: Ops) -> None:
    lead = f.user(db, Role.SUPERVISOR)
    rina = f.user(db)
    for i in range(3):
        f.ticket(db, rina, subject=f"Printer {i}")
    dewi = f.agent(db, name="dewi", full_name="Dewi Lestari")
    pane = _pane(qtbot, ops, lead)
    _select(pane, [0, 1])
    chosen = pane.selected_ids()
    click(qtbot, pane.bulk.buttons["assign"])
    qtbot.waitUntil(lambda: pane.bulk.dialog is not None and pane.bulk.dialog.isVisible())
    dialog = pane.bulk.dialog
    assert dialog is not None
    dialog.choice.setCurrentIndex(dialog.choice.findData(dewi.id))
    with qtbot.waitSignal(pane.bulk.sig_done):
        click(qtbot, dialog.ok)
    for ticket_id in chosen:
        d = tickets.get(db.uow(), lead, ticket_id)
        assert d.assignee is not None and d.assignee.id == dewi.id
