"""Remote diagnostics from the console, through a real sshd and the forced-command gate:
ticket view → dialog → typed form → SshPool → sshd → gate → output, and the DIAGNOSTIC entry on the
ticket's timeline. Refusals (form, gate) and a wrong pinned host key are shown, never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QMessageBox, QSpinBox
from sqlalchemy import select

from agent_probe.gate.catalogue import load_catalogue
from desktop.common.ops import Ops
from desktop.console.diagnostics.dialog import ROLE_ID, DiagnosticDialog
from desktop.console.diagnostics.session import DiagnosticsSession
from desktop.console.machines import MachinesPane
from desktop.console.ticket.view import TicketView
from shared.auth.permissions import SYSTEM, Actor
from shared.db.database import Database
from shared.models import TimelineEntry
from shared.models.enums import EntryKind
from shared.services import enrolment, machines
from shared.ssh.client import HostKeyMismatch, SshPool, generate_key
from tests import factories as f
from tests.desktop.conftest import click, open_dialog, wait_idle
from tests.sshd import TEST_CATALOGUE, SshServer, Technician

pytestmark = pytest.mark.ssh


@pytest.fixture
def session(ops: Ops, technician_key: Technician) -> Iterator[DiagnosticsSession]:
    s = DiagnosticsSession(ops, pool=SshPool(technician_key.key_path, connect_timeout=10),
                           catalogue=load_catalogue(TEST_CATALOGUE))
    yield s
    ops.wait()
    s.close()


def make_view(qtbot, ops: Ops, actor: Actor, ticket_id: int,  # type: ignore[no-untyped-def]
              session: DiagnosticsSession) -> TicketView:
    view = TicketView(ops, actor, diagnostics=session)
    qtbot.addWidget(view)
    view.resize(1100, 800)
    view.show()
    with qtbot.waitSignal(view.sig_loaded):
        view.load(ticket_id)
    wait_idle(qtbot, ops)
    return view


def diagnostic_entries(db: Database, ticket_id: int) -> list[TimelineEntry]:
    with db.uow() as uow:
        return list(uow.session.scalars(select(TimelineEntry).where(
            TimelineEntry.ticket_id == ticket_id, TimelineEntry.kind == EntryKind.DIAGNOSTIC)
            .order_by(TimelineEntry.id)))


def entry_ids(dialog: DiagnosticDialog) -> list[str]:
    return [dialog.entries.item(i).data(ROLE_ID) for i in range(dialog.entries.count())]


def test_l2_runs_an_approved_command_from_the_ticket_and_it_lands_on_the_timeline(
        qtbot, db: Database, ops: Ops, session: DiagnosticsSession, machine_id: int) -> None:  # type: ignore[no-untyped-def]
    budi = f.agent(db, tier=2, full_name="Budi Technician")
    ticket = f.ticket(db, f.user(db), machine_id=machine_id)
    view = make_view(qtbot, ops, budi, ticket.id, session)
    assert view.act["diagnose"].isEnabled()
    assert "pc-hr-07" in view.act["diagnose"].toolTip()

    dialog = open_dialog(qtbot, view, "diagnose", DiagnosticDialog)
    assert dialog.ticket.text() == ticket.number and dialog.ticket.isReadOnly()
    ids = entry_ids(dialog)
    assert {"echo", "pick", "count_to"} <= set(ids)
    assert "tier3_only" not in ids and "windows_only" not in ids  # tier 2; a Linux machine
    dialog.select("count_to")
    spin = dialog.form.editors["n"]
    assert isinstance(spin, QSpinBox) and (spin.minimum(), spin.maximum(), spin.value()) == (1, 1_000_000, 10)
    dialog.select("pick")
    combo = dialog.form.editors["colour"]
    assert isinstance(combo, QComboBox) and [combo.itemText(i) for i in range(combo.count())] == ["red", "green"]

    dialog.select("echo")
    qtbot.keyClicks(dialog.form.editors["text"], "hello")
    with qtbot.waitSignal(dialog.sig_finished):
        click(qtbot, dialog.run_button)
    assert dialog.output.toPlainText() == "said:hello\n"
    assert dialog.status.text().startswith("Exit code 0 · ")
    assert dialog.output.font().fixedPitch()

    qtbot.waitUntil(lambda: view.detail is not None
                    and any(e.kind == EntryKind.DIAGNOSTIC for e in view.detail.entries))
    assert "ran `echo text=hello` on pc-hr-07: exit code 0" in view.timeline.toPlainText()
    assert "said:hello" in view.timeline.toPlainText()
    [entry] = diagnostic_entries(db, ticket.id)
    assert entry.author_id == budi.id and entry.data and entry.data["outcome"] == "completed"

    # A second run reuses the session's connection.
    dialog.select("pick")
    dialog.form.editors["colour"].setCurrentIndex(1)
    with qtbot.waitSignal(dialog.sig_finished):
        click(qtbot, dialog.run_button)
    assert dialog.output.toPlainText() == "green\n"
    assert session.pool.connects == 1 and dialog.last and dialog.last.outcome.reused_connection
    assert ops.errors == []  # type: ignore[attr-defined]


def test_action_is_disabled_for_l1_and_says_why(qtbot, db: Database, ops: Ops,  # type: ignore[no-untyped-def]
                                                tmp_path: Path) -> None:
    host_key = generate_key(tmp_path / "host", "pc-host")
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM)
    mid, _t = enrolment.enrol(db.uow(), token, "pc-fin-02", "Linux 6.1.0", host_key)
    with_machine = f.ticket(db, f.user(db), machine_id=mid)
    session = DiagnosticsSession(ops)
    l1 = f.agent(db, tier=1)
    view = make_view(qtbot, ops, l1, with_machine.id, session)
    assert not view.act["diagnose"].isEnabled() and not view.buttons["diagnose"].isEnabled()
    assert "L2 technician" in view.act["diagnose"].toolTip()
    pane = MachinesPane(ops, l1, diagnostics=session)
    qtbot.addWidget(pane)
    wait_idle(qtbot, ops)
    assert pane.selected() is not None and not pane.diagnose.isEnabled()
    assert "L2 technician" in pane.diagnose.toolTip()

    l2 = f.agent(db, tier=2)
    view = make_view(qtbot, ops, l2, with_machine.id, session)
    assert not view.act["diagnose"].isEnabled()
    assert "pc-fin-02 has no SSH target yet" in view.act["diagnose"].toolTip()
    view = make_view(qtbot, ops, l2, f.ticket(db, f.user(db)).id, session)
    assert not view.act["diagnose"].isEnabled()
    assert view.act["diagnose"].toolTip() == "This ticket is not linked to a machine."
    session.close()


def test_invalid_parameter_is_refused_inline_and_nothing_is_sent(
        qtbot, db: Database, ops: Ops, session: DiagnosticsSession, machine_id: int,  # type: ignore[no-untyped-def]
        tmp_path: Path) -> None:
    ticket = f.ticket(db, f.user(db), machine_id=machine_id)
    view = make_view(qtbot, ops, f.agent(db, tier=2), ticket.id, session)
    dialog = open_dialog(qtbot, view, "diagnose", DiagnosticDialog)
    dialog.select("echo")
    click(qtbot, dialog.run_button)
    assert dialog.form.errors["text"].isVisible()
    assert dialog.form.errors["text"].text() == "text is required."
    qtbot.keyClicks(dialog.form.editors["text"], f"hi;touch {tmp_path / 'pwned'}")
    assert not dialog.form.errors["text"].isVisible()  # editing clears the old message
    click(qtbot, dialog.run_button)
    assert dialog.form.errors["text"].isVisible()
    assert "shell metacharacters" in dialog.form.errors["text"].text()
    assert ops.idle() and not dialog.running
    # The console's form refused it: nothing reached the service, so nothing is recorded either.
    assert session.pool.connects == 0
    assert diagnostic_entries(db, ticket.id) == []
    assert not (tmp_path / "pwned").exists()


def test_gate_refusal_is_shown(qtbot, db: Database, ops: Ops, session: DiagnosticsSession,  # type: ignore[no-untyped-def]
                               machine_id: int) -> None:
    ticket = f.ticket(db, f.user(db), machine_id=machine_id)
    l3 = f.agent(db, tier=3)  # the console allows tier 3; the key on the machine is tier 2
    view = make_view(qtbot, ops, l3, ticket.id, session)
    dialog = open_dialog(qtbot, view, "diagnose", DiagnosticDialog)
    dialog.select("tier3_only")
    with qtbot.waitSignal(dialog.sig_finished):
        click(qtbot, dialog.run_button)
    assert dialog.status.text().startswith("Refused by the machine's gate: ")
    box = dialog.findChild(QMessageBox, "errorBox")
    assert box is not None and box.isVisible() and "tier 3" in box.text()
    qtbot.waitUntil(lambda: len(diagnostic_entries(db, ticket.id)) == 1)
    assert diagnostic_entries(db, ticket.id)[0].data["outcome"] == "refused_by_gate"  # type: ignore[index]


def test_wrong_pinned_host_key_shows_an_error(qtbot, db: Database, ops: Ops,  # type: ignore[no-untyped-def]
                                              session: DiagnosticsSession, machine_id: int,
                                              gate_server: SshServer, tmp_path: Path) -> None:
    impostor = generate_key(tmp_path / "impostor", "impostor")
    machines.set_ssh_target(db.uow(), SYSTEM, machine_id, gate_server.host, gate_server.port, gate_server.user,
                            impostor)
    ticket = f.ticket(db, f.user(db), machine_id=machine_id)
    view = make_view(qtbot, ops, f.agent(db, tier=2), ticket.id, session)
    dialog = open_dialog(qtbot, view, "diagnose", DiagnosticDialog)
    dialog.select("echo")
    qtbot.keyClicks(dialog.form.editors["text"], "hi")
    with qtbot.waitSignal(dialog.sig_failed) as failed:
        click(qtbot, dialog.run_button)
    assert isinstance(failed.args[0], HostKeyMismatch)
    wait_idle(qtbot, ops)
    box = dialog.findChild(QMessageBox, "errorBox")
    assert box is not None and box.isVisible() and "different SSH host key" in box.text()
    assert "Traceback" not in box.text() and "different SSH host key" in dialog.status.text()
    assert dialog.run_button.isEnabled()  # the agent may try again after fixing the key
    # The service recorded the failed attempt; the open ticket shows it.
    qtbot.waitUntil(lambda: view.detail is not None
                    and any(e.kind == EntryKind.DIAGNOSTIC for e in view.detail.entries))
    assert "failed" in view.timeline.toPlainText()


def test_machines_tab_asks_for_the_ticket(qtbot, db: Database, ops: Ops,  # type: ignore[no-untyped-def]
                                          session: DiagnosticsSession, machine_id: int) -> None:
    ticket = f.ticket(db, f.user(db), machine_id=machine_id)
    other = f.ticket(db, f.user(db), subject="Printer offline")
    l2 = f.agent(db, tier=2)
    pane = MachinesPane(ops, l2, diagnostics=session, current_ticket=lambda: other)
    qtbot.addWidget(pane)
    pane.show()
    wait_idle(qtbot, ops)
    assert pane.selected() is not None and pane.selected().id == machine_id  # type: ignore[union-attr]
    assert pane.diagnose.isEnabled()
    click(qtbot, pane.diagnose)
    qtbot.waitUntil(lambda: pane.dialog is not None and pane.dialog.isVisible())
    dialog = pane.dialog
    assert dialog is not None and not dialog.ticket.isReadOnly()
    assert dialog.ticket.text() == other.number  # the open ticket is offered
    dialog.ticket.setText("printer")
    dialog.select("pick")
    click(qtbot, dialog.run_button)
    assert dialog.findChild(type(dialog.ticket_error), "ticketError").isVisible()
    assert session.pool.connects == 0
    dialog.ticket.setText(ticket.number)
    with qtbot.waitSignal(dialog.sig_finished):
        click(qtbot, dialog.run_button)
    assert dialog.output.toPlainText() == "red\n"
    assert [e.data["outcome"] for e in diagnostic_entries(db, ticket.id) if e.data] == ["completed"]
    assert diagnostic_entries(db, other.id) == []
