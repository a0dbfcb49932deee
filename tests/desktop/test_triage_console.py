"""The learned suggestion, similar open tickets and the suggested reply in the console: the ticket
view's triage panel (take the suggestion, merge into the same problem, insert the draft reply)
and the new-ticket dialog (suggestion and same-problem list while the agent types)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.common.ops import Ops
from shared.db.database import Database
from shared.models import AuditLog
from shared.models.enums import Status
from shared.services import tickets, workflow
from tests import factories as f
from tests.desktop.conftest import click, shown_window, wait_idle
from tests.desktop.test_intake import open_intake, type_and_wait
from tests.desktop.test_ticket_view import make_view
from tests.triage.test_store import _trained


def test_ticket_view_shows_the_suggestion_takes_it_and_merges_the_duplicate(
        qtbot, db: Database, ops: Ops, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _apps, account = _trained(db)
    monkeypatch.setattr(db.settings, "triage_auto_apply", 1.0)  # suggested, not applied
    agent = f.agent(db)
    first = f.ticket(db, f.user(db), subject="Badge reader at the door rejects my card", description="")
    ticket = f.ticket(db, f.user(db), subject="Door badge rejected by the reader", description="")
    assert ticket.category is None
    view = make_view(qtbot, ops, agent, ticket.id)
    panel = view.triage
    qtbot.waitUntil(lambda: "Account request" in panel.hint.text(), timeout=10_000)
    assert "% sure" in panel.hint.text() and "badge" in panel.hint.text()
    assert panel.apply_button.isVisible()
    assert first.number in panel.similar.item(0).text() and "same symptom" in panel.similar.item(0).text()

    with qtbot.waitSignal(view.sig_saved, timeout=10_000):
        click(qtbot, panel.apply_button)
    assert tickets.get(db.uow(), agent, ticket.id).category == "Access / Account request"
    with db.uow() as uow:
        audit = uow.session.scalars(select(AuditLog).where(AuditLog.action == "triage.correction")).one()
        assert audit.detail["chosen"] == account
    wait_idle(qtbot, ops)

    qtbot.waitUntil(lambda: panel.similar.count() > 0 and panel.similar.item(0).data(256) == first.id,
                    timeout=10_000)
    panel.similar.setCurrentRow(0)
    with qtbot.waitSignal(view.sig_saved, timeout=10_000):
        click(qtbot, panel.merge_button)
    merged = tickets.get(db.uow(), agent, ticket.id)
    assert merged.status == Status.CLOSED and merged.merged_into == first.number
    wait_idle(qtbot, ops)


def test_suggested_reply_goes_into_the_reply_box(qtbot, db: Database, ops: Ops) -> None:  # type: ignore[no-untyped-def]
    agent = f.agent(db)
    old = f.ticket(db, f.user(db), subject="Outlook password prompt loops", description="")
    workflow.resolve(db.uow(), agent, old.id, "Removed the stored credentials in Credential Manager.")
    new = f.ticket(db, f.user(db), subject="Outlook password prompt again", description="")
    view = make_view(qtbot, ops, agent, new.id)
    with qtbot.waitSignal(view.triage.sig_looked_up, timeout=10_000):
        click(qtbot, view.triage.reply_button)
    assert "> Removed the stored credentials" in view.reply_box.toPlainText()
    assert old.number in view.triage.reply_note.text()
    wait_idle(qtbot, ops)


def test_intake_dialog_shows_the_learned_suggestion_and_the_same_problem(
        qtbot, db: Database, ops: Ops, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _trained(db)
    monkeypatch.setattr(db.settings, "triage_auto_apply", 1.0)
    same = f.ticket(db, f.user(db), subject="Badge reader rejects visitor cards", description="")
    window = shown_window(qtbot, ops, f.agent(db))
    dialog = open_intake(qtbot, window)
    type_and_wait(qtbot, dialog, dialog.subject, "badge reader broken")
    assert "Access / Account request" in dialog.learned_hint.text() and "badge" in dialog.learned_hint.text()
    assert dialog.use_learned.isVisible()
    click(qtbot, dialog.use_learned)
    assert dialog.category.currentText() == "Access / Account request"
    assert dialog.similar.isVisible() and same.number in dialog.similar.item(0).text()
    dialog.reject()
    wait_idle(qtbot, ops)
