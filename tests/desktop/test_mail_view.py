"""The console's Mail tab: decisions with the raw message; rescuing a wrong one, for supervisors only."""

from __future__ import annotations

from sqlalchemy import select

from desktop.common.ops import Ops
from desktop.console.mail_view import MailPane
from shared.db.database import Database
from shared.mail import intake
from shared.mail.config import MailSettings
from shared.models import AuditLog, Ticket
from shared.models.enums import Role
from tests import factories as f
from tests.desktop.conftest import click, shown_window, wait_idle
from tests.mail.conftest import sample

MAIL = MailSettings(from_address="helpdesk@example.test")


def _pane(qtbot, ops: Ops, role: Role = Role.SUPERVISOR) -> MailPane:  # type: ignore[no-untyped-def]
    pane = MailPane(ops, f.user(ops.db, role))
    qtbot.addWidget(pane)
    pane.show()
    wait_idle(qtbot, ops)
    return pane


def test_the_tab_is_there_for_supervisors_only(qtbot, ops: Ops) -> None:  # type: ignore[no-untyped-def]
    agent_window = shown_window(qtbot, ops, f.agent(ops.db))
    tabs = [agent_window.tabs.tabText(i) for i in range(agent_window.tabs.count())]
    assert "Mail" not in tabs
    boss_window = shown_window(qtbot, ops, f.user(ops.db, Role.SUPERVISOR))
    assert "Mail" in [boss_window.tabs.tabText(i) for i in range(boss_window.tabs.count())]
    assert isinstance(boss_window.mail, MailPane)


def test_decisions_with_the_raw_message_and_make_a_ticket(qtbot, ops: Ops, db: Database) -> None:  # type: ignore[no-untyped-def]
    intake.process(db, sample("01_plain.eml"), MAIL)
    intake.process(db, sample("13_out_of_office.eml"), MAIL)
    pane = _pane(qtbot, ops)
    assert pane.table.rowCount() == 2
    assert [pane.table.item(r, 1).text() for r in range(2)] == ["Ignored", "Ticket HD-000001"]
    assert pane.table.item(0, 4).text() == "auto-reply: X-Autoreply: yes"
    qtbot.waitUntil(lambda: "I am on leave until 9 March." in pane.raw.toPlainText())
    assert pane.raw.toPlainText().startswith("From: Wati <wati@example.test>")

    with qtbot.waitSignal(pane.sig_rescued, timeout=10_000) as rescued:
        click(qtbot, pane.make)
    wait_idle(qtbot, ops)
    assert rescued.args[0].ticket_id == 2
    with db.uow() as uow:
        t = uow.session.get(Ticket, 2)
        assert t is not None and t.subject == "Out of office: Your request"
        assert uow.session.scalar(select(AuditLog.action).where(AuditLog.entity == "mail")) == "mail.make_ticket"
    assert pane.table.item(0, 1).text() == "Rescued: HD-000002"
    pane.table.selectRow(0)
    assert not pane.make.isEnabled() and not pane.append.isEnabled()  # once only


def test_append_to_a_ticket(qtbot, ops: Ops, db: Database) -> None:  # type: ignore[no-untyped-def]
    intake.process(db, sample("01_plain.eml"), MAIL)
    intake.process(db, sample("13_out_of_office.eml"), MAIL)
    pane = _pane(qtbot, ops)
    pane.ask_ticket = lambda: 1  # type: ignore[method-assign]
    with qtbot.waitSignal(pane.sig_rescued, timeout=10_000):
        click(qtbot, pane.append)
    wait_idle(qtbot, ops)
    assert pane.table.item(0, 1).text() == "Rescued: HD-000001"


def test_filter_by_outcome(qtbot, ops: Ops, db: Database) -> None:  # type: ignore[no-untyped-def]
    intake.process(db, sample("01_plain.eml"), MAIL)
    intake.process(db, sample("13_out_of_office.eml"), MAIL)
    pane = _pane(qtbot, ops)
    pane.filter.setCurrentIndex(pane.filter.findData("ignored"))
    wait_idle(qtbot, ops)
    assert pane.table.rowCount() == 1 and pane.table.item(0, 3).text() == "Out of office: Your request"


def test_a_mail_reply_keeps_its_whole_text_collapsed_in_the_timeline(qtbot, ops: Ops, db: Database) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QUrl

    from tests.desktop.test_ticket_view import make_view

    intake.process(db, sample("01_plain.eml"), MAIL)
    intake.process(db, sample("10_outlook_reply.eml"), MAIL)
    view = make_view(qtbot, ops, f.agent(ops.db), 1)
    page = view.timeline.toPlainText()
    assert 'It now shows "No bootable device" as well.' in page
    assert "Show the whole mail (" in page and "We received your request" not in page
    reply = next(e for e in view.detail.entries if e.data and "quoted" in e.data)
    view._on_timeline_link(QUrl(f"quote:{reply.id}"))
    assert "Hide the whole mail" in view.timeline.toPlainText()
    assert "We received your request: Laptop will not boot" in view.timeline.toPlainText()  # the quoted history
    view._on_timeline_link(QUrl(f"quote:{reply.id}"))
    assert "We received your request" not in view.timeline.toPlainText()
