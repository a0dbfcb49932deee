"""The dashboard's major incidents, trends and documentation-quality panels, clicked for real."""

from __future__ import annotations

from desktop.common.ops import Ops
from desktop.console.dashboard.view import DashboardPane
from shared.db.database import Database
from shared.models.enums import Role, Status
from shared.models.incidents import IncidentState
from shared.services import incidents, tickets, workflow
from tests import factories as f
from tests.conftest import FakeClock
from tests.desktop.conftest import click, shown_window, wait_idle


def _burst(db: Database, clock: FakeClock) -> list[int]:
    ids = []
    for i in range(5):
        ids.append(f.ticket(db, f.user(db), subject=f"VPN gateway unreachable {i}", description="").id)
        clock.advance(minutes=1)
    incidents.detect(db.uow())
    return ids


def test_an_agent_confirms_updates_and_resolves_from_the_dashboard(qtbot, db: Database, ops: Ops,
                                                                   clock: FakeClock) -> None:
    children = _burst(db, clock)
    agent = f.agent(db)  # an L1 agent: no reports, but the incidents panel is there
    pane = DashboardPane(ops, agent)
    qtbot.addWidget(pane)
    pane.show()
    wait_idle(qtbot, ops)
    panel = pane.incidents
    assert not pane.allowed and panel.isVisible() and panel.table.rowCount() == 1
    assert not panel.banner.isVisible() and panel.buttons["confirm"].isEnabled()
    click(qtbot, panel.buttons["confirm"])
    assert panel.prompt is not None and "we are working on it" in panel.prompt.edit.toPlainText()
    panel.prompt.edit.setPlainText("VPN down — we are on it")
    with qtbot.waitSignal(panel.sig_loaded):
        click(qtbot, panel.prompt.ok)
    assert panel.banner.isVisible() and "VPN down — we are on it" in panel.banner.text.text()
    assert panel.buttons["update"].isEnabled() and not panel.buttons["confirm"].isEnabled()
    click(qtbot, panel.buttons["update"])
    panel.prompt.edit.setPlainText("The provider is on site.")
    with qtbot.waitSignal(panel.sig_loaded):
        click(qtbot, panel.prompt.ok)
    assert any(e.body == "The provider is on site." for e in tickets.get(db.uow(), agent, children[0]).entries)
    click(qtbot, panel.buttons["resolve"])
    panel.prompt.edit.setPlainText("Uplink restored by the provider; VPN works again.")
    with qtbot.waitSignal(panel.sig_loaded):
        click(qtbot, panel.prompt.ok)
    assert all(tickets.get(db.uow(), agent, c).status == Status.RESOLVED for c in children)
    assert panel.table.rowCount() == 0 and not panel.banner.isVisible()
    assert incidents.list_incidents(db.uow(), agent, open_only=False)[0].state == IncidentState.RESOLVED


def test_weak_documentation_and_recurring_problems_open_in_the_queue(qtbot, db: Database, ops: Ops,
                                                                     clock: FakeClock) -> None:
    agent = f.agent(db)
    weak = f.ticket(db, f.user(db), subject="Printer jam")
    workflow.resolve(db.uow(), agent, weak.id, "Fixed")
    ana = f.user(db)
    again = [f.ticket(db, ana, subject=f"Printer jam again {i}").id for i in range(3)]
    clock.advance(minutes=5)
    window = shown_window(qtbot, ops, f.user(db, Role.SUPERVISOR))
    pane = window.dashboard
    window.tabs.setCurrentWidget(pane)
    wait_idle(qtbot, ops)
    quality = pane.doc_quality
    assert quality.table.rowCount() == 1 and quality.table.item(0, 0).text() == agent.full_name
    assert "solution too short" in quality.table.item(0, 3).text()
    with qtbot.waitSignal(window.queue.model.sig_count_changed) as counted:
        click(qtbot, quality.show_button)
    assert counted.args == [1] and window.tabs.currentIndex() == 0
    window.tabs.setCurrentIndex(window.tabs.indexOf(pane))
    wait_idle(qtbot, ops)
    trends = pane.trends
    assert trends.recurring.rowCount() == 1 and ana.full_name in trends.recurring.item(0, 0).text()
    with qtbot.waitSignal(window.queue.model.sig_count_changed) as counted:
        click(qtbot, trends.show_button)
    assert counted.args == [len(again)]


def test_an_agent_adds_and_takes_out_tickets_from_the_dashboard(qtbot, db: Database, ops: Ops,
                                                                clock: FakeClock) -> None:
    """A mistyped number is refused in the prompt, which keeps what was typed; the right one is
    added; a ticket that is not part of the problem is taken out."""
    children = _burst(db, clock)
    missed = f.ticket(db, f.user(db), subject="Intranet unreachable from home").id
    agent = f.agent(db)
    pane = DashboardPane(ops, agent)
    qtbot.addWidget(pane)
    pane.show()
    wait_idle(qtbot, ops)
    panel = pane.incidents
    assert panel.buttons["add"].isEnabled() and panel.buttons["remove"].isEnabled()
    click(qtbot, panel.buttons["add"])
    prompt = panel.prompt
    assert prompt is not None
    prompt.edit.setPlainText(f"{missed}, HD-999999")
    click(qtbot, prompt.ok)
    wait_idle(qtbot, ops)
    assert prompt.isVisible() and "HD-999999" in prompt.error.text() and prompt.error.isVisible()
    assert prompt.edit.toPlainText() == f"{missed}, HD-999999" and prompt.ok.isEnabled()
    assert missed not in incidents.get(db.uow(), agent, panel.rows[0].id).ticket_ids  # all or nothing
    prompt.edit.setPlainText(f"HD-{missed:06d}")
    with qtbot.waitSignal(panel.sig_loaded):
        click(qtbot, prompt.ok)
    assert not prompt.isVisible() and panel.table.item(0, 2).text() == "6"

    click(qtbot, panel.buttons["remove"])
    assert panel.prompt is not None and f"HD-{children[3]:06d}" in panel.prompt.caption.text()  # the members
    panel.prompt.edit.setPlainText(str(children[3]))
    with qtbot.waitSignal(panel.sig_loaded):
        click(qtbot, panel.prompt.ok)
    assert panel.rows[0].ticket_ids == (*children[:3], children[4], missed)
