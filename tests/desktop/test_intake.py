"""New ticket (Ctrl+N): an L1 agent logs a phone call for a requester found as they type, sees the
duplicate hint and the rules' category, picks the machine (its snapshot attached), and lands on the
new ticket; a requester unknown to the desk is added on the spot."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.common.ops import Ops
from desktop.console.intake.dialog import NewTicketDialog
from desktop.console.intake.requester_form import NewRequesterForm
from desktop.console.main_window import MainWindow
from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.models.enums import Channel, TicketType
from shared.services import kb, tickets
from tests import factories as f
from tests.desktop.conftest import click, shown_window, wait_idle
from tests.services.test_requesters import machine


def open_intake(qtbot, window: MainWindow) -> NewTicketDialog:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), NewTicketDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, NewTicketDialog)
    return dialog


def type_and_wait(qtbot, dialog: NewTicketDialog, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.sig_looked_up, timeout=10_000):
        qtbot.keyClicks(edit, text)


def test_log_a_phone_call_with_ctrl_n(qtbot, db: Database, ops: Ops) -> None:
    agent = f.agent(db, name="budi", full_name="Budi Santoso")
    rina = f.user(db, name="rina.kusuma", full_name="Rina Kusuma")
    earlier = f.ticket(db, rina, subject="Printer on floor 3 jams")
    laptop = machine(db, rina.id, "LAPTOP-RINA", snapshot={"cpu": {"percent": 97.0}})
    article = kb.create_article(db.uow(), SYSTEM, title="VPN keeps disconnecting",
                                body="Reinstall the VPN profile from the portal.")
    kb.set_status(db.uow(), SYSTEM, article.id, "published")
    window = shown_window(qtbot, ops, agent)
    dialog = open_intake(qtbot, window)
    assert not dialog.create_button.isEnabled()

    type_and_wait(qtbot, dialog, dialog.search, "kusu")
    assert dialog.results.item(0).text().startswith("Rina Kusuma — rina.kusuma@example.test")
    with qtbot.waitSignal(dialog.sig_looked_up):
        dialog.results.itemClicked.emit(dialog.results.item(0))
    assert "Rina Kusuma" in dialog.chosen.text()
    assert dialog.open_tickets.count() == 1 and earlier.number in dialog.open_tickets.item(0).text()
    assert dialog.machine.currentData() == laptop  # her only machine is picked
    assert dialog.attach_snapshot.isChecked()

    type_and_wait(qtbot, dialog, dialog.subject, "VPN drops every few minutes")
    assert "Network / VPN" in dialog.rule_hint.text() and "vpn" in dialog.rule_hint.text()
    assert dialog.articles.item(0).text() == "VPN keeps disconnecting"
    dialog.ticket_type.setCurrentIndex(dialog.ticket_type.findData(TicketType.SERVICE_REQUEST.value))
    with qtbot.waitSignal(window.ticket.sig_loaded, timeout=10_000) as loaded:
        qtbot.keyClick(dialog.subject, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    shown = loaded.args[0]
    assert not dialog.isVisible()
    detail = tickets.get(db.uow(), agent, shown.id)
    assert (detail.requester.id, detail.channel, detail.ticket_type) == (rina.id, Channel.PHONE,
                                                                          TicketType.SERVICE_REQUEST)
    assert detail.category == "Network / VPN" and detail.machine_id == laptop
    assert [a.filename for a in detail.attachments] == ["snapshot-LAPTOP-RINA-20260302-0200.json"]
    assert detail.number in window.statusBar().currentMessage()
    wait_idle(qtbot, ops)


def test_a_new_requester_is_added_on_the_spot(qtbot, db: Database, ops: Ops) -> None:
    window = shown_window(qtbot, ops, f.agent(db))
    dialog = open_intake(qtbot, window)
    type_and_wait(qtbot, dialog, dialog.search, "Dewi Lestari")
    assert dialog.results.item(0).text().startswith("Nobody found")
    click(qtbot, dialog.new_requester)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), NewRequesterForm))
    form = QApplication.activeModalWidget()
    assert form.full_name.text() == "Dewi Lestari"
    qtbot.keyClicks(form.email, "dewi@example.co.id")
    qtbot.keyClicks(form.phone, "+62 811 2222 333")
    qtbot.keyClicks(form.department, "Finance")
    with qtbot.waitSignal(dialog.sig_looked_up, timeout=10_000):
        form.accept()
    assert dialog.requester is not None and dialog.requester.username == "dewi"
    assert "Finance" in dialog.chosen.text() and not dialog.open_tickets.isVisible()
    assert dialog.machine.count() == 1 and not dialog.attach_snapshot.isEnabled()  # no machine: no snapshot
    dialog.reject()
    wait_idle(qtbot, ops)


def test_the_duplicate_hint_opens_the_existing_ticket(qtbot, db: Database, ops: Ops) -> None:
    rina = f.user(db, full_name="Rina Kusuma")
    earlier = f.ticket(db, rina, subject="Outlook asks for the password again and again")
    window = shown_window(qtbot, ops, f.agent(db))
    dialog = open_intake(qtbot, window)
    with qtbot.waitSignal(dialog.sig_looked_up):
        dialog.choose_requester(rina.id)
    with qtbot.waitSignal(window.ticket.sig_loaded) as loaded:
        dialog.open_tickets.itemActivated.emit(dialog.open_tickets.item(0))
    assert loaded.args[0].id == earlier.id and not dialog.isVisible()
    wait_idle(qtbot, ops)


def test_a_mistake_is_shown_in_the_dialog_and_nothing_is_lost(qtbot, db: Database, ops: Ops) -> None:
    rina = f.user(db, full_name="Rina Kusuma")
    window = shown_window(qtbot, ops, f.agent(db))
    dialog = open_intake(qtbot, window)
    with qtbot.waitSignal(dialog.sig_looked_up):
        dialog.choose_requester(rina.id)
    qtbot.keyClicks(dialog.subject, "x" * 300)  # over the subject's length limit
    click(qtbot, dialog.create_button)
    qtbot.waitUntil(lambda: dialog.error.text() != "")
    assert "too long" in dialog.error.text() and dialog.isVisible()
    assert dialog.subject.text() == "x" * 300 and dialog.create_button.isEnabled()
    assert ops.errors == []  # type: ignore[attr-defined]
    dialog.reject()
    wait_idle(qtbot, ops)


def test_in_indonesian_the_dialog_shows_system_subjects_and_categories_in_indonesian(  # type: ignore[no-untyped-def]
        qtbot, qapp, db: Database, ops: Ops) -> None:
    from desktop.common.theme import apply_language
    from shared.i18n import say

    rina = f.user(db, full_name="Rina Kusuma")
    disk = say("Disk {mount} is {percent}% full ({free} free)", mount="C:", percent=97, free="1.2 GB")
    f.ticket(db, rina, subject="Disk C: is 97% full (1.2 GB free)", said={"subject": disk})
    try:
        apply_language(qapp, "id")
        window = shown_window(qtbot, ops, f.agent(db))
        dialog = open_intake(qtbot, window)
        with qtbot.waitSignal(dialog.sig_looked_up):
            dialog.choose_requester(rina.id)
        assert "Disk C: terisi 97% (sisa 1.2 GB)" in dialog.open_tickets.item(0).text()
        type_and_wait(qtbot, dialog, dialog.subject, "Printer kertas macet")
        assert "Perangkat keras / Printer" in dialog.rule_hint.text()
        qtbot.waitUntil(lambda: dialog.category.count() > 1)
        shown = [dialog.category.itemText(i) for i in range(dialog.category.count())]
        assert "Jaringan / VPN" in shown and "Network / VPN" not in shown
        dialog.reject()
        wait_idle(qtbot, ops)
    finally:
        apply_language(qapp, "en")
