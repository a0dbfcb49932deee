"""The health board with 10,000 machines: pages load as the view scrolls, filters and search run
in SQL, the selected machine shows its history and tickets, and a refresh keeps the UI free."""

from __future__ import annotations

import pytest

from bench import fleet
from desktop.common.ops import Ops
from desktop.console.board.model import SPARK_ROLE
from desktop.console.machines import MachinesPane
from shared.db.database import Database
from shared.services.board import BoardQuery
from tests import factories as f
from tests.conftest import FakeClock
from tests.desktop.conftest import wait_idle

N = 10_000


@pytest.fixture
def pane(qtbot, db: Database, ops: Ops, clock: FakeClock) -> MachinesPane:  # type: ignore[no-untyped-def]
    fleet.build(db.uow(), N, clock(), with_history=50)
    p = MachinesPane(ops, f.agent(db, tier=2))
    qtbot.addWidget(p)
    p.resize(1200, 700)
    p.show()
    wait_idle(qtbot, ops)
    return p


def test_ten_thousand_machines_page_in_as_the_view_scrolls(qtbot, pane: MachinesPane, ops: Ops) -> None:  # type: ignore[no-untyped-def]
    model = pane.model
    assert model.rowCount() == N and set(model.pages) == {0}
    assert pane.selected() is not None and pane.selected().hostname == "PC-00001"  # type: ignore[union-attr]
    pane.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.row_at(N - 1, fetch=False) is not None)  # painting asked for its page
    last = model.row_at(N - 1, fetch=False)
    assert last is not None and last.hostname == f"PC-{N:05d}"
    assert len(model.pages) <= 3  # only what was shown was fetched
    first = model.row_at(0, fetch=False)
    assert first is not None and len(first.spark_cpu) == 47  # sparklines from the hourly history
    assert (model.index(0, 0).data() == "PC-00001" and model.index(0, 1).data() in ("Online", "Daring")) \
        or model.index(0, 1).data().startswith(("Offline", "Luring"))


def test_filters_and_search_run_on_the_whole_fleet(qtbot, pane: MachinesPane, ops: Ops) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(pane.model.sig_loaded):
        pane.low_disk.setChecked(True)
    low = pane.model.rowCount()
    assert 0 < low < N
    assert all(r.disk_free_pct is not None and r.disk_free_pct < 10 for r in pane.model.pages[0])
    with qtbot.waitSignal(pane.model.sig_loaded):
        pane.offline.setChecked(True)
    assert 0 < pane.model.rowCount() < low
    with qtbot.waitSignal(pane.model.sig_loaded):
        pane.low_disk.setChecked(False)
        pane.offline.setChecked(False)
    with qtbot.waitSignal(pane.model.sig_loaded, timeout=60_000):
        qtbot.keyClicks(pane.search, "PC-0999")
    assert pane.model.rowCount() == 10 and pane.summary.text().startswith("10 ")
    with qtbot.waitSignal(pane.model.sig_loaded):
        pane.with_alerts.setChecked(True)
    assert pane.model.rowCount() == 0 and pane.empty.isVisible()
    assert pane.model.query == BoardQuery(search="PC-0999", alerts=True)


def test_the_selected_machine_shows_its_history(qtbot, pane: MachinesPane, ops: Ops) -> None:  # type: ignore[no-untyped-def]
    pane.table.selectRow(2)
    wait_idle(qtbot, ops)
    machine = pane.selected()
    assert machine is not None and machine.hostname == "PC-00003"
    assert pane.chart.lines and len(pane.chart.lines[0][2]) == 47
    assert pane.disk_chart.lines and pane.tickets.count() == 1  # "No tickets for this machine."
    now, series = pane.model.index(2, 2).data(SPARK_ROLE)  # the CPU gauge: the latest figure and 47 hours
    assert now is not None and len(series) == 47
