"""Every screen, rendered in English and in Bahasa Indonesia at the apps' default sizes, must show
every text whole and translated.

Console (1440x860 and 1366x768): sign-in, settings, the queue with a ticket open (and a probe-alert
ticket), an empty queue view, the new-ticket dialog, dashboard, knowledge base, machines,
Administration › Shifts and › Mail settings, the diagnostics dialog and every ticket action's dialog.
Tray (its own default sizes): report a problem, help search, my tickets (open, closed and
resolved tickets: the reply box and the rating panel).

A failure lists (a) clipped texts: a label, button, tab, header section or combo box whose text is
wider (QFontMetrics.horizontalAdvance) than its widget gives it, a queue SLA or status cell cut
short, or a tray area that scrolls sideways; (b) untranslated texts: with Indonesian on, a text that
is an English source whose translation differs, or that the English rendering shows identically
and that is neither data nor a word both languages share (see screen_check.py).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from sqlalchemy import select

from agent_probe.gate.catalogue import load_catalogue
from desktop.common.ops import Ops
from desktop.common.theme import apply_language
from shared.auth.permissions import SYSTEM, Actor
from shared.db.database import Database
from shared.demo import ARTICLES, CANNED, PROBLEMS, REQUESTERS, STAFF, load_demo
from shared.demo_machines import MACHINES as DEMO_MACHINES
from shared.models.enums import ACTIVE_STATUSES, Status
from shared.services import alerts, assistant, enrolment, incidents, machines, queue, users
from shared.services.queue import QueueQuery, View
from tests.conftest import FakeClock
from tests.desktop.conftest import wait_idle
from tests.desktop.screen_check import Seen, clipped, horizontal_scroll_bars, seen, untranslated
from tests.http.reports import report
from tests.replay import built_once

CONSOLE_SIZES = ((1440, 860), (1366, 768))
SAVE_TO = os.environ.get("HELPDESK_SCREENS")
KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
QUEUE_NEVER_CUT = {"queueTable": ("SLA", "Status")}


@dataclass(frozen=True)
class Demo:
    agent: Actor
    supervisor: Actor
    technician: Actor
    requester: Actor
    busy_id: int  # in progress, assigned, with history
    resolved_id: int
    alert_id: int  # a probe-alert ticket with notes
    machine_id: int
    data: frozenset[str]  # texts that are data: names, subjects, article titles…


def _fixed(body: dict[str, Any]) -> dict[str, Any]:
    """A report whose snapshot does not depend on the machine running the tests: its processes,
    users and host name are whatever that machine has, and a process may be called "System"."""
    snapshot = body["snapshot"]
    snapshot["system"].update(hostname="pc-hr-07", os_name="Linux", os_release="Debian GNU/Linux 12",
                              os_version="6.1.0", platform="Linux-6.1.0-x86_64", machine="x86_64")
    snapshot["users"] = [{"name": "rina", "terminal": None, "host": None, "started": snapshot["collected_at"]}]
    process = {"pid": 4242, "name": "firefox", "username": "rina", "cpu_percent": 12.5,
               "memory_rss": 512 * 1024**2, "memory_percent": 3.1}
    snapshot["processes"].update(top_cpu=[process], top_memory=[process])
    snapshot["network"] = [{"name": "eth0", "is_up": True, "speed_mbps": 1000, "mtu": 1500,
                            "addresses": [{"family": "ipv4", "address": "10.0.0.7", "netmask": "255.255.255.0"}]}]
    snapshot["cpu"]["model"] = "Test CPU"
    snapshot["errors"] = []
    return body


@pytest.fixture
@built_once
def demo_data(db: Database, clock: FakeClock) -> None:
    """The demo's 60 tickets, people, machines and incidents: loaded through the services by the
    first test (~10 s), inserted as recorded rows for the other two."""
    load_demo(db, tickets=60)


def _demo(db: Database) -> Demo:
    agent = users.actor_for(db.uow(), "agent1")
    supervisor = users.actor_for(db.uow(), "sari")
    technician = users.actor_for(db.uow(), "tech1")
    rows = queue.page(db.uow(), supervisor, QueueQuery(view=View.ALL), limit=500)
    busy = next(r for r in rows if r.status == Status.IN_PROGRESS and r.tier <= 2 and r.assignee)
    # The requester with the most tickets, one of them resolved and not rated yet, another closed.
    resolved = next(r for r in rows if r.status == Status.RESOLVED)
    with db.uow() as uow:
        from shared.models import Ticket
        requester_id = uow.session.get(Ticket, resolved.id).requester_id  # type: ignore[union-attr]
        requester = users.actor_for(uow, uow.session.get(Ticket, resolved.id).requester.username)  # type: ignore[union-attr]
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM, owner_id=requester_id)
    machine_id, _token = enrolment.enrol(db.uow(), token, "pc-hr-07", "Linux 6.1.0", KEY)
    machines.set_ssh_target(db.uow(), SYSTEM, machine_id, "10.0.0.7", 22, "helpdesk", None)
    alerts.ingest_report(db.uow(), machine_id, _fixed(report(full_disk=True)))
    alert_id = queue.page(db.uow(), supervisor, QueueQuery(view=View.ALL, sort="created", descending=True),
                          limit=1)[0].id
    db.clock.advance(minutes=30)  # type: ignore[attr-defined]
    alerts.ingest_report(db.uow(), machine_id, _fixed(report()))  # cleared: a system note
    db.clock.advance(minutes=30)  # type: ignore[attr-defined]
    alerts.ingest_report(db.uow(), machine_id, _fixed(report(full_disk=True)))  # recurred: another
    data = {name for _u, name, _r, _t in STAFF} | set(REQUESTERS) | {"Probe alerts", "pc-hr-07"}
    data |= {"English", "Bahasa Indonesia"}  # each language is offered by its own name
    data |= {text for problem in PROBLEMS for text in problem if isinstance(text, str)}
    data |= {a[0] for a in ARTICLES} | {c[0] for c in CANNED} | {c[1] for c in CANNED}
    # Issue #17: the known-problem banner and the assistant's quoted steps are the site's own words.
    data |= {b.text for b in incidents.banners(db.uow(), SYSTEM)}
    data |= {step for a in ARTICLES for step in assistant.steps_of(a[3])}
    data |= {i.topic for i in incidents.list_incidents(db.uow(), SYSTEM)}
    data |= {m.hostname for m in DEMO_MACHINES}  # host names are names, in every language
    machine = machines.get_machine(db.uow(), SYSTEM, machine_id)
    data |= {machine.hostname, machine.os_name, machine.os_version, f"{machine.ssh_user}@{machine.ssh_host}"}
    # Diagnostic parameters are shown by the name a technician types (host=…, count=…).
    data |= {name for d in load_catalogue().diagnostics.values() for name in d.params}
    return Demo(agent, supervisor, technician, requester, busy.id, resolved.id, alert_id, machine_id,
                frozenset(data))


@pytest.fixture
def demo(demo_data: None, db: Database) -> Demo:
    return _demo(db)


@dataclass
class Screens:
    """What each screen showed, and what was wrong with its layout, in one language."""

    seen: dict[str, list[Seen]]
    layout: list[str]

    def take(self, name: str, widget: QWidget, *, sideways_ok: bool = False,
             never_cut: dict[str, tuple[str, ...]] | None = None) -> None:
        for _ in range(5):
            for _ in range(3):  # widgets added to a shown layout are shown by a queued event
                QApplication.processEvents()
            items = seen(widget, elide_never=never_cut)
            # A label given its text by the last of those events (the status bar's "Working…" when
            # a poll starts) is laid out by the next one: a clipped text is looked at again, and
            # only one that stays clipped is reported.
            if not clipped(items):
                break
        if SAVE_TO:  # to look at what was checked: HELPDESK_SCREENS=/tmp/screens pytest …
            Path(SAVE_TO).mkdir(parents=True, exist_ok=True)
            widget.grab().save(str(Path(SAVE_TO) / f"{QLocale().name()}-{widget.width()}-{name}.png"))
        self.seen[name] = items
        self.layout.extend(f"[{name}] {line}" for line in clipped(items))
        if not sideways_ok:
            self.layout.extend(f"[{name}] scrolls sideways: {where}" for where in horizontal_scroll_bars(widget))


def _show(qtbot, ops: Ops, widget: QWidget, size: tuple[int, int] | None = None) -> QWidget:  # type: ignore[no-untyped-def]
    qtbot.addWidget(widget)
    if size:
        widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    wait_idle(qtbot, ops)
    QApplication.processEvents()
    return widget


def _select(qtbot, ops: Ops, window: Any, ticket_id: int) -> None:  # type: ignore[no-untyped-def]
    """Find the ticket in the queue (active tickets, most urgent SLA first) and open it."""
    model = window.queue.model
    for i in range(model.rowCount()):
        if model.data(model.index(i, 0), Qt.ItemDataRole.UserRole + 2) == ticket_id:
            window.queue.table.selectRow(i)
            break
    else:
        window.ticket.load(ticket_id)
    qtbot.waitUntil(lambda: window.ticket.detail is not None and window.ticket.detail.id == ticket_id)
    wait_idle(qtbot, ops)


def _queue_window(qtbot, ops: Ops, actor: Actor, size: tuple[int, int]) -> Any:  # type: ignore[no-untyped-def]
    from desktop.console.main_window import MainWindow
    from desktop.console.queue.model import COL

    window = _show(qtbot, ops, MainWindow(ops, actor), size)
    window.queue.select_view(View.ALL)
    wait_idle(qtbot, ops)
    window.queue.table.horizontalHeader().setSortIndicator(COL["sla"], Qt.SortOrder.AscendingOrder)
    window.queue.model.set_query(replace(window.queue.model.query, statuses=ACTIVE_STATUSES))
    wait_idle(qtbot, ops)
    return window


def _dialog(qtbot, ops: Ops, view: Any, action: str) -> QDialog:  # type: ignore[no-untyped-def]
    view.dialog = None
    assert view.act[action].isEnabled(), action
    view.act[action].trigger()
    qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible())
    wait_idle(qtbot, ops)
    QApplication.processEvents()
    return view.dialog  # type: ignore[no-any-return]


ACTION_DIALOGS = ("assign", "fields", "priority", "pending_user", "pending_vendor", "escalate", "resolve", "merge",
                  "link")


def render_console(qtbot, ops: Ops, demo: Demo, size: tuple[int, int]) -> Screens:  # type: ignore[no-untyped-def]
    from desktop.common.settings_dialog import SettingsDialog
    from desktop.common.signin import SignInDialog
    from desktop.console.diagnostics.dialog import DiagnosticDialog

    shots = Screens({}, [])
    signin = _show(qtbot, ops, SignInDialog(ops, title=QApplication.translate("console", "Helpdesk console — sign in")))
    shots.take("sign-in", signin)
    signin.close()
    settings = _show(qtbot, ops, SettingsDialog())
    shots.take("settings", settings)
    settings.close()
    settings = _show(qtbot, ops, SettingsDialog(console=True, tray=True))  # with "keep in the tray"
    shots.take("settings, console", settings)
    settings.close()

    window = _queue_window(qtbot, ops, demo.agent, size)
    _select(qtbot, ops, window, demo.busy_id)
    shots.take("queue", window, never_cut=QUEUE_NEVER_CUT)
    _select(qtbot, ops, window, demo.alert_id)
    shots.take("queue, probe alert", window, never_cut=QUEUE_NEVER_CUT)
    window.queue.search.setText("no such words anywhere")  # an empty view says why
    window.queue._apply_search()
    qtbot.waitUntil(lambda: window.queue.stack.currentWidget() is window.queue.empty)
    shots.take("queue, empty", window)
    window.queue.search.clear()
    window.queue._apply_search()
    wait_idle(qtbot, ops)
    window.new_ticket()  # Ctrl+N, the requester chosen
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog))
    intake = QApplication.activeModalWidget()
    intake.choose_requester(demo.requester.id)
    wait_idle(qtbot, ops)
    shots.take("new ticket", intake)
    intake.reject()
    window.tabs.setCurrentWidget(window.kb)
    window.kb.search.setText("vpn")
    qtbot.waitUntil(lambda: window.kb.results.count() > 0)
    window.kb.results.setCurrentRow(0)
    wait_idle(qtbot, ops)
    shots.take("knowledge base", window)
    window.tabs.setCurrentWidget(window.machines)
    wait_idle(qtbot, ops)
    qtbot.waitUntil(lambda: window.machines.selected() is not None)
    qtbot.waitUntil(lambda: window.machines.inventory.toPlainText() != "")  # loaded with the selection
    wait_idle(qtbot, ops)
    qtbot.waitUntil(lambda: not window.busy.text())  # the status bar's "Working…" has gone again
    shots.take("machines", window)
    window.machines.details.setCurrentWidget(window.machines.inventory)
    wait_idle(qtbot, ops)
    shots.take("machines, inventory", window)
    window.close()

    boss = _queue_window(qtbot, ops, demo.supervisor, size)
    boss.tabs.setCurrentWidget(boss.dashboard)
    boss.dashboard.refresh()
    wait_idle(qtbot, ops)
    shots.take("dashboard", boss)
    boss.tabs.setCurrentWidget(boss.admin)
    shifts = boss.admin.page("shifts")
    wait_idle(qtbot, ops)
    shifts.table.selectRow(0)
    shots.take("administration: shifts", boss)
    boss.tabs.setCurrentIndex(0)
    with ops.db.uow() as uow:  # a ticket whose checklist is partly done (shared/demo_incidents.py)
        from shared.models import TicketChecklistStep
        with_steps = uow.session.scalars(select(TicketChecklistStep.ticket_id).where(
            TicketChecklistStep.done_at.is_not(None)).order_by(TicketChecklistStep.ticket_id)).first()
    if with_steps is not None:
        _select(qtbot, ops, boss, with_steps)
        qtbot.waitUntil(boss.ticket.checklist.isVisible)
        shots.take("ticket with checklist", boss)
    _select(qtbot, ops, boss, demo.busy_id)
    for action in ACTION_DIALOGS:
        dialog = _dialog(qtbot, ops, boss.ticket, action)
        shots.take(f"dialog {action}", dialog)
        dialog.reject()
    boss.ticket.load(demo.resolved_id)
    qtbot.waitUntil(lambda: boss.ticket.detail is not None and boss.ticket.detail.id == demo.resolved_id)
    for action in ("close", "reopen"):
        dialog = _dialog(qtbot, ops, boss.ticket, action)
        shots.take(f"dialog {action}", dialog)
        dialog.reject()
    boss.close()

    admin = _queue_window(qtbot, ops, users.actor_for(ops.db.uow(), "admin"), size)
    admin.tabs.setCurrentWidget(admin.admin)
    admin.admin.page("mail")
    wait_idle(qtbot, ops)
    shots.take("administration, mail settings", admin)
    admin.close()
    from desktop.console.admin.checklists import ChecklistsPage

    editor = _show(qtbot, ops, ChecklistsPage(ops, users.actor_for(ops.db.uow(), "admin")), size)
    editor.table.selectRow(0)
    wait_idle(qtbot, ops)
    shots.take("admin checklists", editor)
    editor.close()

    tech = _queue_window(qtbot, ops, demo.technician, size)
    machine = machines.get_machine(ops.db.uow(), demo.technician, demo.machine_id)
    diag = DiagnosticDialog(tech, tech.diagnostics, demo.technician, machine, load_catalogue(),
                            ticket_id=demo.alert_id, ticket_number=f"HD-{demo.alert_id:06d}")
    _show(qtbot, ops, diag)
    shots.take("diagnostics", diag)
    diag.close()
    tech.close()
    return shots


def render_tray(qtbot, ops: Ops, demo: Demo) -> Screens:  # type: ignore[no-untyped-def]
    from desktop.tray.app import HelpSearchDialog, TrayApp
    from desktop.tray.client import LocalClient
    from desktop.tray.machine_snapshot import MachineSnapshot
    from desktop.tray.my_tickets import MyTicketsWindow
    from desktop.tray.notices import OutboxWindow
    from desktop.tray.outbox import Outbox
    from desktop.tray.report_dialog import ReportDialog
    from shared.models.enums import Level

    shots = Screens({}, [])
    client = LocalClient(ops.db, demo.requester)
    tray = TrayApp(ops, client, use_tray=False)  # no system tray offscreen: its window instead
    assert tray.window is not None
    _show(qtbot, ops, tray.window)
    shots.take("tray window", tray.window)
    tray.window.close()
    snapshot = MachineSnapshot(_fixed(report())["snapshot"], demo.machine_id, True)
    report_dialog = ReportDialog(ops, client, snapshot_source=lambda: snapshot)
    report_dialog.subject.setText("VPN keeps disconnecting")
    report_dialog.description.setPlainText("AnyConnect drops every 10 minutes.")
    _show(qtbot, ops, report_dialog)
    report_dialog.check_articles()
    wait_idle(qtbot, ops)
    shots.take("report a problem", report_dialog)
    report_dialog.close()

    outbox = Outbox(Path(tempfile.mkdtemp(prefix="outbox-", dir=os.environ.get("TMPDIR"))))
    outbox.add_report("tray-screen-0001", "Cannot reach the helpdesk server", subject="Printer jams on floor 2",
                      description="", category_id=None, urgency=Level.MEDIUM, impact=Level.LOW, attachments=[],
                      snapshot=None, machine_id=None)
    outbox_window = _show(qtbot, ops, OutboxWindow(ops, client, outbox))
    shots.take("outbox", outbox_window)
    outbox_window.close()
    from desktop.tray.assistant import AssistantDialog
    from desktop.tray.assistant_client import LocalAssistant

    helper = _show(qtbot, ops, AssistantDialog(ops, LocalAssistant(ops.db, demo.requester)))
    helper.question.setPlainText("My VPN keeps disconnecting at home")
    helper.ask()
    wait_idle(qtbot, ops)
    shots.take("help assistant", helper)
    helper.close()

    search = _show(qtbot, ops, HelpSearchDialog(ops, client))
    search.search.setText("printer")
    search.run_search()
    wait_idle(qtbot, ops)
    shots.take("help search", search)
    search.close()

    window = _show(qtbot, ops, MyTicketsWindow(ops, client))
    rows = client.my_tickets(limit=200)
    picks = {"my tickets": next((r.id for r in rows if r.status.is_active), rows[0].id),
             "my tickets, resolved": demo.resolved_id,
             "my tickets, closed": next((r.id for r in rows if r.status == Status.CLOSED), rows[-1].id),
             "my tickets, probe alert": demo.alert_id}
    for name, ticket_id in picks.items():
        with qtbot.waitSignal(window.sig_loaded):
            window.open_ticket(ticket_id)
        wait_idle(qtbot, ops)
        shots.take(name, window)
    window.close()
    return shots


Renderer = Callable[..., Screens]


def _both_languages(qapp: QApplication, render: Callable[[], Screens]) -> Iterator[tuple[str, Screens]]:
    try:
        for language in ("en", "id"):
            apply_language(qapp, language)
            yield language, render()
    finally:
        apply_language(qapp, "en")


def _problems(rendered: dict[str, Screens], data: frozenset[str]) -> list[str]:
    problems = [f"{language}: {line}" for language, shots in rendered.items() for line in shots.layout]
    for screen, items in rendered["id"].seen.items():
        problems.extend(f"id: [{screen}] {line}"
                        for line in untranslated(items, rendered["en"].seen.get(screen, []), data))
    return problems


@pytest.mark.parametrize("size", CONSOLE_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_console_screen_fits_and_is_translated(qtbot, qapp: QApplication, ops: Ops, demo: Demo,  # type: ignore[no-untyped-def]
                                                     size: tuple[int, int]) -> None:
    rendered = dict(_both_languages(qapp, lambda: render_console(qtbot, ops, demo, size)))
    problems = _problems(rendered, demo.data)
    assert problems == [], "\n".join(problems)


def test_every_tray_screen_fits_and_is_translated(qtbot, qapp: QApplication, ops: Ops, demo: Demo) -> None:  # type: ignore[no-untyped-def]
    rendered = dict(_both_languages(qapp, lambda: render_tray(qtbot, ops, demo)))
    problems = _problems(rendered, demo.data)
    assert problems == [], "\n".join(problems)
