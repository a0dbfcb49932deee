"""Undelivered mail in the console, clicked: the ticket says a mail to X could not be delivered and
sends it again; the Mail tab's "Undelivered" page lists it for supervisors with Send again, Send to
another address and Dismiss. The mail is refused (550) by a real aiosmtpd server through the real
sender, and sent again to it."""

from __future__ import annotations

import pytest
from aiosmtpd.controller import Controller

from desktop.common.ops import Ops
from desktop.console.mail_view import MailPane
from desktop.console.ticket.view import TicketView
from shared.db.database import Database
from shared.mail import smtp
from shared.mail.config import MailSettings
from shared.models.enums import OutboxStatus, Role
from shared.services.dto import TicketDetail
from tests import factories as f
from tests.desktop.conftest import click, wait_idle
from tests.mail.conftest import Sink, sink, smtp_server

__all__ = ["sink", "smtp_server"]


@pytest.fixture
def mail(smtp_server: tuple[Controller, Sink]) -> MailSettings:
    return MailSettings(smtp_host="127.0.0.1", smtp_port=smtp_server[0].port, smtp_security="none", smtp_timeout=10,
                        from_address="helpdesk@example.test", from_name="IT Helpdesk")


def _refused(db: Database, sink: Sink, mail: MailSettings) -> TicketDetail:
    sink.refuse.add("gone@example.test")
    t = f.ticket(db, f.user(db, name="gone", full_name="Gone Away"), subject="Printer jams")
    assert smtp.drain(db, mail).failed == 1
    return t


def _view(qtbot, ops: Ops, actor, ticket_id: int) -> TicketView:  # type: ignore[no-untyped-def]
    view = TicketView(ops, actor)
    qtbot.addWidget(view)
    view.resize(1100, 800)
    view.show()
    with qtbot.waitSignal(view.sig_loaded):
        view.load(ticket_id)
    wait_idle(qtbot, ops)
    return view


def test_the_ticket_shows_it_and_an_agent_sends_it_again(qtbot, ops: Ops, db: Database, sink: Sink,  # type: ignore[no-untyped-def]
                                                         mail: MailSettings) -> None:
    t = _refused(db, sink, mail)
    agent = f.agent(db, full_name="Ani Agent")
    view = _view(qtbot, ops, agent, t.id)
    assert view.mail_banner.isVisible()
    text = view.mail_banner.text.text()
    assert "A mail to gone@example.test could not be delivered (acknowledgement" in text and "550" in text
    banner = view.mail_banner
    assert banner.resend.isVisible() and not banner.resend_to.isVisible() and not banner.dismiss.isVisible()
    assert "could not be delivered" in view.timeline.toPlainText()  # the timeline's event, staff only

    sink.refuse.clear()  # the requester's mailbox is back
    with qtbot.waitSignal(view.sig_loaded, timeout=10_000):  # the change names the ticket: it reloads
        click(qtbot, view.mail_banner.resend)
    wait_idle(qtbot, ops)
    assert not view.mail_banner.isVisible()
    assert "Mail to gone@example.test sent again (acknowledgement)." in view.timeline.toPlainText()
    assert "Ani Agent" in view.timeline.toPlainText()
    assert smtp.drain(db, mail).sent == 1
    assert len(sink.to("gone@example.test")) == 1


def test_a_supervisor_sends_it_to_a_corrected_address_from_the_ticket(  # type: ignore[no-untyped-def]
        qtbot, ops: Ops, db: Database, sink: Sink, mail: MailSettings) -> None:
    t = _refused(db, sink, mail)
    view = _view(qtbot, ops, f.user(db, Role.SUPERVISOR), t.id)
    assert view.mail_banner.resend_to.isVisible() and view.mail_banner.dismiss.isVisible()
    view.mail_banner.ask_address = lambda current: "gone.away@example.test"  # type: ignore[method-assign]
    with qtbot.waitSignal(view.sig_loaded, timeout=10_000):
        click(qtbot, view.mail_banner.resend_to)
    wait_idle(qtbot, ops)
    assert not view.mail_banner.isVisible()
    assert smtp.drain(db, mail).sent == 1
    assert len(sink.to("gone.away@example.test")) == 1 and sink.to("gone@example.test") == []


def test_the_mail_tab_lists_it_for_supervisors(qtbot, ops: Ops, db: Database, sink: Sink,  # type: ignore[no-untyped-def]
                                               mail: MailSettings) -> None:
    t = _refused(db, sink, mail)
    sink.refuse.add("lost@example.test")
    f.ticket(db, f.user(db, name="lost"), subject="Screen flickers")
    assert smtp.drain(db, mail).failed == 1
    pane = MailPane(ops, f.user(db, Role.SUPERVISOR, full_name="Sari Supervisor"))
    qtbot.addWidget(pane)
    pane.show()
    wait_idle(qtbot, ops)
    page = pane.undelivered
    assert pane.pages.tabText(1) == "Undelivered (2)"
    pane.pages.setCurrentIndex(1)
    assert page.table.rowCount() == 2
    assert [page.table.item(r, 2).text() for r in range(2)] == ["Lost <lost@example.test>",
                                                                "Gone Away <gone@example.test>"]
    assert page.table.item(1, 1).text() == t.number and page.table.item(1, 3).text() == "acknowledgement"
    assert "550" in page.table.item(1, 5).text()

    page.table.selectRow(0)  # lost@: dismissed, kept, shown again on request
    with qtbot.waitSignal(page.sig_done, timeout=10_000) as done:
        click(qtbot, page.dismiss)
    wait_idle(qtbot, ops)
    assert done.args[0].status == OutboxStatus.DISMISSED
    assert page.table.rowCount() == 1 and pane.pages.tabText(1) == "Undelivered (1)"
    page.show_dismissed.setChecked(True)
    wait_idle(qtbot, ops)
    assert page.table.rowCount() == 2
    assert page.table.item(0, 5).text().startswith("Dismissed by Sari Supervisor")
    page.table.selectRow(0)
    assert not page.dismiss.isEnabled() and page.resend.isEnabled()

    page.table.selectRow(1)  # gone@: to the address the requester gave on the phone
    page.ask_address = lambda current: "gone.away@example.test"  # type: ignore[method-assign]
    with qtbot.waitSignal(page.sig_done, timeout=10_000):
        click(qtbot, page.resend_to)
    wait_idle(qtbot, ops)
    assert [page.table.item(r, 2).text() for r in range(page.table.rowCount())] == ["Lost <lost@example.test>"]
    assert smtp.drain(db, mail).sent == 1
    assert len(sink.to("gone.away@example.test")) == 1


def test_someone_else_was_quicker(qtbot, ops: Ops, db: Database, sink: Sink,  # type: ignore[no-untyped-def]
                                  mail: MailSettings) -> None:
    t = _refused(db, sink, mail)
    view = _view(qtbot, ops, f.agent(db), t.id)
    assert view.mail_banner.isVisible()
    from shared.services import undelivered

    (item,) = undelivered.recent(db.uow(), f.user(db, Role.ADMIN))
    undelivered.resend(db.uow(), f.user(db, Role.SUPERVISOR), item.id)  # a colleague, a moment before
    click(qtbot, view.mail_banner.resend)
    wait_idle(qtbot, ops)
    assert "someone sent it again already" in ops.errors[-1].message  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not view.mail_banner.isVisible())  # the banner caught up
    assert smtp.drain(db, mail).sent == 0  # refused again, by the same server: nothing sent twice


def test_agents_have_no_undelivered_page(qtbot, ops: Ops, db: Database) -> None:  # type: ignore[no-untyped-def]
    from desktop.console.undelivered_view import UndeliveredPane

    page = UndeliveredPane(ops, f.agent(db))
    qtbot.addWidget(page)
    page.show()
    wait_idle(qtbot, ops)
    assert page.empty.isVisible() and "Only supervisors and admins" in page.empty.text()
    assert not page.resend.isEnabled() and not page.dismiss.isEnabled()
