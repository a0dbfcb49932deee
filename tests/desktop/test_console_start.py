"""What the console builds at start-up: the queue and the ticket. The knowledge base, dashboard
and machines tabs are built when first opened, and SSH (paramiko) waits for the first diagnostic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

import shared.ssh.client
from desktop.common.ops import Ops
from desktop.console.main_window import MainWindow
from shared.db.database import Database
from shared.models.enums import Role
from shared.services import kb
from tests import factories as f
from tests.desktop.conftest import shown_window, wait_idle

ROOT = Path(__file__).resolve().parents[2]


def panes(window: MainWindow) -> set[str]:
    return {type(w).__name__ for w in window.findChildren(QWidget)} & {"KbPane", "DashboardPane", "MachinesPane"}


def test_side_tabs_are_built_when_first_opened(qtbot, db: Database, ops: Ops) -> None:
    budi = f.agent(db, name="budi")
    kb.create_article(db.uow(), budi, title="Map a network drive", body="Explorer, This PC, Map network drive.")
    window = shown_window(qtbot, ops, budi)
    assert panes(window) == set()
    names = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert names == ["Queue", "Knowledge base", "Dashboard", "Machines"]

    window.tabs.setCurrentIndex(1)  # what a click on the tab does
    assert panes(window) == {"KbPane"}
    pane = window.tabs.currentWidget()
    assert type(pane).__name__ == "KbPane" and window.kb is pane and window.tabs.currentIndex() == 1
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == names
    qtbot.waitUntil(lambda: window.kb.results.count() == 1)  # and it loaded its articles
    assert "Map a network drive" in window.kb.results.item(0).text()

    window.tabs.setCurrentIndex(0)
    window.tabs.setCurrentIndex(3)
    assert panes(window) == {"KbPane", "MachinesPane"} and window.tabs.currentWidget() is window.machines
    wait_idle(qtbot, ops)


def test_asking_for_a_tab_builds_it_where_it_belongs(qtbot, db: Database, ops: Ops) -> None:
    sari = f.user(db, Role.SUPERVISOR, name="sari", teams=("Service Desk",))
    window = shown_window(qtbot, ops, sari)
    dashboard = window.dashboard  # built, in its tab, and loading; the queue stays in front
    assert window.tabs.currentIndex() == 0 and window.tabs.widget(2) is dashboard
    with qtbot.waitSignal(dashboard.sig_loaded):
        pass
    window.tabs.setCurrentWidget(window.dashboard)  # as tools/screenshots.py does
    assert window.tabs.currentIndex() == 2 and window.tabs.tabText(2) == "Dashboard"
    assert window.dashboard is dashboard and panes(window) == {"DashboardPane"}
    wait_idle(qtbot, ops)


class _FakePool:
    made: list[_FakePool] = []

    def __init__(self, *_args: Any, **_kwargs: Any) -> None:
        self.connects = 0
        _FakePool.made.append(self)

    def close(self) -> None:
        pass

    def close_idle(self) -> None:
        pass


def test_no_ssh_pool_until_a_diagnostic_needs_one(qtbot, db: Database, ops: Ops,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _FakePool.made = []
    monkeypatch.setattr(shared.ssh.client, "SshPool", _FakePool)
    window = shown_window(qtbot, ops, f.agent(db, tier=2, name="tech"))
    assert _FakePool.made == []
    assert window.diagnostics.pool is _FakePool.made[0]  # made on first use
    assert window.diagnostics.pool is _FakePool.made[0] and len(_FakePool.made) == 1
    window.close()


def test_the_console_window_needs_neither_qtcharts_nor_paramiko_to_start() -> None:
    code = ("import sys\n"
            "import desktop.console.app, desktop.console.main_window\n"
            "late = ('PySide6.QtCharts', 'paramiko', 'desktop.console.dashboard.view', 'desktop.console.kb.view',\n"
            "        'desktop.console.machines',\n"
            # the ticket dialogs' categories: read by an action, or by the ticket view's reference
            # data once the first page is in (test_console_first_page), not by the window's start
            "        'shared.services.catalog',\n"
            # the ticket actions' dialogs (opened by an action), the SLA engine (only the SLA view's
            # condition), the requester's timeline entries (the tray's) and the report aggregates'
            # code (loaded by the first flush of a ticket, shared.services.uow.keep_aggregates)
            "        'desktop.console.ticket.dialogs', 'shared.services.sla', 'shared.rules.business_hours',\n"
            "        'shared.services.requester', 'shared.services.report_aggregates', 'shared.models.reports',\n"
            # the inbox's queries: the bell holds its page (shared.services.dto); the first poll
            # imports them, once the first page is in (test_console_first_page)
            "        'shared.services.inbox')\n"
            "print(sorted(m for m in late if m in sys.modules))\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip() == "[]"


def test_a_machines_ticket_opens_from_the_machines_tab(qtbot, db: Database, ops: Ops) -> None:  # type: ignore[no-untyped-def]
    from shared.auth.permissions import SYSTEM
    from shared.services import enrolment

    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM)
    machine_id, _token = enrolment.enrol(db.uow(), token, "pc-fin-02", "Linux 6.1.0")
    raised = f.ticket(db, f.user(db), subject="Laptop fan loud", machine_id=machine_id)
    f.ticket(db, f.user(db), subject="Another machine's ticket")
    window = shown_window(qtbot, ops, f.agent(db, name="tech", tier=2))
    window.tabs.setCurrentWidget(window.machines)
    pane = window.machines
    qtbot.waitUntil(lambda: pane.selected() is not None and pane.tickets.count() == 1)
    item = pane.tickets.item(0)
    assert "Laptop fan loud" in item.text()
    pane.tickets.itemActivated.emit(item)  # a double-click or Enter on the item
    assert window.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: window.ticket.detail is not None and window.ticket.detail.id == raised.id)
