"""Two agents, one ticket: the second save sees the first agent's change, and keeps its draft."""

from __future__ import annotations

from desktop.common.ops import Ops
from desktop.console.ticket.dialogs import ResolveDialog
from shared.db.database import Database
from shared.errors import Conflict
from shared.models.enums import EntryKind, Status
from shared.services import tickets, workflow
from tests import factories as f
from tests.desktop.conftest import click, open_dialog, wait_idle
from tests.desktop.test_ticket_view import make_view


def test_reply_conflict_shows_their_change_keeps_the_draft_and_reapplies(qtbot, db: Database, ops: Ops) -> None:
    requester = f.user(db)
    budi = f.agent(db, name="budi", full_name="Budi Santoso")
    dewi = f.agent(db, name="dewi", full_name="Dewi Lestari")
    t = f.ticket(db, requester, subject="Cannot print")
    view = make_view(qtbot, ops, budi, t.id)
    qtbot.keyClicks(view.reply_box, "Try the other printer for now.")

    # Dewi answers first, in her own console (her own unit of work).
    tickets.reply(db.uow(), dewi, t.id, "I am on my way to your desk.", expected_version=t.version)

    with qtbot.waitSignal(view.sig_conflict) as conflict:
        click(qtbot, view.send_button)
    exc = conflict.args[0]
    assert isinstance(exc, Conflict)
    assert [e.body for e in exc.changes if e.kind == EntryKind.REPLY] == ["I am on my way to your desk."]
    assert view.banner.isVisible()
    assert "Dewi Lestari" in view.banner_text.text() and "I am on my way to your desk." in view.banner_text.text()
    assert view.reply_box.toPlainText() == "Try the other printer for now."  # nothing lost
    qtbot.waitUntil(lambda: view.detail.version > t.version)  # reloaded behind the banner
    assert "I am on my way to your desk." in view.timeline.toPlainText()
    assert ops.errors == []  # handled in place, not as an error box

    with qtbot.waitSignal(view.sig_saved):
        click(qtbot, view.retry_button)
    wait_idle(qtbot, ops)
    bodies = [e.body for e in view.detail.entries if e.kind == EntryKind.REPLY]
    assert bodies == ["I am on my way to your desk.", "Try the other printer for now."]
    assert view.reply_box.toPlainText() == "" and not view.banner.isVisible()


def test_resolve_conflict_keeps_the_solution(qtbot, db: Database, ops: Ops) -> None:
    requester = f.user(db)
    budi = f.agent(db, name="budi")
    dewi = f.agent(db, name="dewi", full_name="Dewi Lestari")
    t = f.ticket(db, requester, subject="Outlook crashes")
    view = make_view(qtbot, ops, budi, t.id)
    dialog = open_dialog(qtbot, view, "resolve", ResolveDialog)
    qtbot.keyClicks(dialog.solution, "Repaired the Office installation.")

    workflow.change_status(db.uow(), dewi, t.id, Status.PENDING_USER, reason="Which version?",
                           expected_version=t.version)

    with qtbot.waitSignal(view.sig_conflict):
        click(qtbot, dialog.ok_button)
    assert "Pending user" in view.banner_text.text()
    assert view.solution_draft == "Repaired the Office installation."
    qtbot.waitUntil(lambda: view.detail.status == Status.PENDING_USER)

    # Opening Resolve again starts from the draft; so does "apply again".
    again = open_dialog(qtbot, view, "resolve", ResolveDialog)
    assert again.solution.toPlainText() == "Repaired the Office installation."
    again.reject()
    with qtbot.waitSignal(view.sig_saved):
        click(qtbot, view.retry_button)
    assert view.detail.status == Status.RESOLVED and view.detail.solution == "Repaired the Office installation."
    assert view.solution_draft == ""
