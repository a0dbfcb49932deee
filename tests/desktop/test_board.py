"""The health board with 10,000 machines: pages load as the view scrolls, filters and search run
in SQL, the selected machine shows its history and tickets, and a refresh keeps the UI free."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bench import fleet
from desktop.common.ops import Ops
from desktop.common.theme import apply_language
from desktop.console.board.charts import axis_labels
from desktop.console.board.model import SPARK_ROLE
from desktop.console.machines import MachinesPane
from shared.db.database import Database
from shared.services.board import BoardQuery
from tests import factories as f
from tests.conftest import FakeClock
from tests.desktop.conftest import wait_idle
from tests.statements import recorded

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


@pytest.fixture
def small_pane(qtbot, db: Database, ops: Ops, clock: FakeClock, qapp):  # type: ignore[no-untyped-def]
    """Three machines with 47 hours of history, for an agent in Jakarta reading Indonesian."""
    fleet.build(db.uow(), 3, clock(), with_history=3)
    apply_language(qapp, "id")
    p = MachinesPane(ops, replace(f.agent(db, tier=2), timezone="Asia/Jakarta"))
    qtbot.addWidget(p)
    p.show()
    wait_idle(qtbot, ops)
    yield p
    apply_language(qapp, "en")


def test_the_history_charts_time_axis_is_in_the_users_zone_and_language(qtbot, small_pane: MachinesPane) -> None:  # type: ignore[no-untyped-def]
    # The samples run from 28 Feb 03:00 to 2 Mar 01:00 UTC: 10:00 and 08:00 in Jakarta (UTC+7).
    assert small_pane.chart.axis_text == ("28 Feb 2026 10.00", "2 Mar 2026 08.00")
    assert small_pane.disk_chart.axis_text == small_pane.chart.axis_text
    assert not any("2026-" in text for text in small_pane.chart.axis_text)  # no ISO dates in UTC any more


def test_alerts_are_named_in_the_readers_language(qapp, small_pane: MachinesPane) -> None:  # type: ignore[no-untyped-def]
    # The probe's keys are rule:instance; a rule this console does not know is shown as it came.
    row = replace(small_pane.model.pages[0][0],
                  alerts=("battery_low", "disk_full:C:\\", "memory_pressure", "fan_failure"))
    assert small_pane.model._display(row, "alerts") == "Baterai lemah, Disk penuh C:\\, Memori rendah, fan_failure"
    apply_language(qapp, "en")
    assert small_pane.model._display(row, "alerts") == "Battery low, Disk full C:\\, Low memory, fan_failure"


def test_a_month_of_history_is_labelled_by_local_day() -> None:
    start, end = datetime(2026, 11, 1, 20, tzinfo=UTC), datetime(2026, 11, 30, 20, tzinfo=UTC)
    assert axis_labels(start, end, "Asia/Jakarta", "id") == ("2 Nov 2026", "1 Des 2026")  # already the next day
    assert axis_labels(start, end, "America/New_York", "en") == ("Nov 1, 2026", "Nov 30, 2026")
    assert axis_labels(start, end, "No/Such_Zone", "en") == ("Nov 1, 2026", "Nov 30, 2026")  # UTC, as elsewhere
    evening, morning = datetime(2026, 11, 29, 20, tzinfo=UTC), datetime(2026, 11, 30, 1, tzinfo=UTC)  # < 2 days: hours
    assert axis_labels(evening, morning, "Asia/Jakarta", "en") == ("Nov 30, 2026, 3:00\u202fAM",
                                                                  "Nov 30, 2026, 8:00\u202fAM")


def test_a_refresh_is_one_statement_and_the_search_reads_the_index(qtbot, pane: MachinesPane,  # type: ignore[no-untyped-def]
                                                                     db: Database) -> None:
    with recorded(db) as seen, qtbot.waitSignal(pane.model.sig_loaded):
        pane.search.setText("pc-0999")
    queries = [s for s in seen if "machine_health.spark" in s or "count(" in s]  # the board's, not the detail's
    assert len(queries) == 1 and "count(" in queries[0], queries  # the count and the first page together
    assert pane.model.rowCount() == 10 and [r.hostname for r in pane.model.pages[0]] == \
        [f"PC-0999{d}" for d in range(10)]
    if db.engine.dialect.name == "sqlite":
        assert "machine_search MATCH" in queries[0]
