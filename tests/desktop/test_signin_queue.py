"""Sign-in, and the queue model paging from the service layer on a few hundred tickets."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.common.ops import Ops
from desktop.common.signin import SignInDialog
from desktop.console.queue.model import COL, ROW_ROLE, QueueModel
from desktop.console.queue.view import QueuePane
from shared.db.database import Database
from shared.errors import storage_unavailable
from shared.models.enums import Role
from shared.services import queue, tickets
from shared.services.queue import QueueQuery, View
from tests import factories as f
from tests.conftest import PATIENCE, FakeClock
from tests.desktop.conftest import click, wait_idle
from tests.replay import built_once


def test_sign_in_with_the_right_password(qtbot, db: Database, ops: Ops) -> None:
    f.agent(db, name="budi", password="demo1234", full_name="Budi Santoso")
    dialog = SignInDialog(ops, title="Sign in")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "budi")
    qtbot.keyClicks(dialog.password, "demo1234")
    with qtbot.waitSignal(dialog.sig_signed_in) as signed:
        click(qtbot, dialog.sign_in_button)
    actor = signed.args[0]
    assert actor.username == "budi" and actor.role == Role.L1_AGENT
    assert dialog.result() == SignInDialog.DialogCode.Accepted


def test_sign_in_with_a_wrong_password_says_so_and_stays_open(qtbot, db: Database, ops: Ops) -> None:
    f.agent(db, name="budi", password="demo1234")
    dialog = SignInDialog(ops, title="Sign in")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "budi")
    qtbot.keyClicks(dialog.password, "wrong-password")
    with qtbot.waitSignal(dialog.sig_failed) as failed:
        click(qtbot, dialog.sign_in_button)
    assert failed.args[0] == "Wrong user name or password."
    assert dialog.message.text() == "Wrong user name or password."
    assert dialog.isVisible() and dialog.actor is None
    assert dialog.password.text() == "" and dialog.sign_in_button.isEnabled()
    assert ops.errors == []  # shown inline, not as a box


def test_sign_in_pressed_while_the_database_is_opened_waits_for_it(qtbot, qapp: QApplication,
                                                                    committed_db: Database) -> None:
    """The console shows its dialog first and opens the database behind it (`prepare`): Sign in
    pressed before that is done says so, and signs in once the database is there, not before."""
    f.agent(committed_db, name="budi", password="demo1234")
    opened = threading.Event()
    runner = Ops()  # no database yet, as the console's start makes it

    def open_database() -> Database:
        assert opened.wait(PATIENCE)
        return committed_db

    dialog = SignInDialog(runner, title="Sign in")
    dialog.prepare(open_database, runner.use_database)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.prepare_started)  # by itself, once the dialog is on screen
    qtbot.keyClicks(dialog.username, "budi")
    qtbot.keyClicks(dialog.password, "demo1234")
    click(qtbot, dialog.sign_in_button)
    assert dialog.message.text() == "Signing in…" and not dialog.sign_in_button.isEnabled()
    qtbot.wait(50)
    assert runner.db is None and dialog.actor is None and dialog.isVisible()
    with qtbot.waitSignal(dialog.sig_signed_in) as signed:
        opened.set()
    assert signed.args[0].username == "budi" and runner.db is committed_db
    assert dialog.result() == SignInDialog.DialogCode.Accepted
    wait_idle(qtbot, runner)


def test_a_database_that_cannot_be_opened_is_said_in_the_dialog(qtbot, qapp: QApplication) -> None:
    """Its error, in words, where the person looks; signing in stays off (the button, and Enter in
    a field), Cancel still closes."""
    failure = storage_unavailable("its schema is at revision 9999, newer than this version of helpdesk knows "
                                  "(0026): update helpdesk, or open another database")
    runner = Ops()
    errors: list[BaseException] = []
    runner.sig_error.connect(errors.append)

    def open_database() -> Database:
        raise failure

    dialog = SignInDialog(runner, title="Sign in", username="budi")
    dialog.prepare(open_database, runner.use_database)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.sig_failed) as failed:
        dialog.show()
    assert failed.args[0] == failure.message == dialog.message.text()
    assert dialog.prepare_error is failure and not dialog.sign_in_button.isEnabled()
    label = dialog.message  # several lines, every one of them shown: the dialog grew to hold them
    assert label.height() >= label.heightForWidth(label.width()) > 2 * label.fontMetrics().height()
    qtbot.keyClicks(dialog.password, "demo1234")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert runner.idle() and dialog.isVisible() and dialog.message.text() == failure.message
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Cancel))
    assert dialog.result() == SignInDialog.DialogCode.Rejected and not dialog.isVisible()
    assert errors == []  # said in the dialog, not in a box over it
    runner.wait()


@pytest.fixture
@built_once
def many(db: Database, clock: FakeClock) -> dict:  # type: ignore[type-arg]
    """330 tickets from 3 requesters, ten at a time half an hour apart (in batches, as an import or
    a busy server's group commit writes them), auto-assigned to the two agents."""
    agent = f.agent(db, name="budi")
    other = f.agent(db, name="dewi")
    people = [f.user(db) for _ in range(3)]
    ids: list[int] = []
    for start in range(0, 330, 10):
        clock.advance(minutes=30)
        batch = [(people[i % 3], tickets.NewTicket(
            f"Printer jam on floor {i}" if i % 10 == 0 else f"Laptop issue number {i}", "help"))
            for i in range(start, start + 10)]
        ids += [t.id for t in tickets.create_batch(db.uow(), batch)]
    return {"agent": agent, "other": other, "ids": ids}


def test_the_model_fetches_only_the_pages_it_shows(qtbot, ops: Ops, many: dict) -> None:  # type: ignore[type-arg]
    # Fetching on demand alone: without the first page read alongside a new query's count
    # (tests/desktop/test_console_first_page.py covers that), which may land before or after it.
    model = QueueModel(ops, many["agent"], page_size=50, first_page_early=False)
    with qtbot.waitSignal(model.sig_count_changed):
        model.set_query(QueueQuery(view=View.ALL))
    assert model.rowCount() == 330 and model.cached_rows() == 0

    # Touching row 0 fetches page 0 only; the placeholder shows until it arrives.
    assert model.index(0, 0).data() == "…"
    with qtbot.waitSignal(model.sig_page_loaded):
        pass
    newest = model.index(0, 0).data(ROW_ROLE)
    assert newest.id == many["ids"][-1]  # default sort: updated, newest first
    assert (model.pages_fetched, model.rows_fetched) == (1, 50)

    # Jump deep: one more page, not everything between.
    model.index(301, COL["subject"]).data()
    qtbot.waitUntil(lambda: model.has_page_for(301))
    assert model.pages_fetched == 2 and model.rows_fetched == 50 + 30  # the last page holds 30
    assert model.index(301, 0).data(ROW_ROLE).id == many["ids"][330 - 1 - 301]
    wait_idle(qtbot, ops)


def test_sorting_and_searching_become_query_parameters(qtbot, ops: Ops, many: dict) -> None:  # type: ignore[type-arg]
    pane = QueuePane(ops, many["agent"])
    qtbot.addWidget(pane)
    pane.resize(1200, 600)
    pane.show()
    pane.select_view(View.ALL)
    qtbot.waitUntil(lambda: pane.model.rowCount() == 330 and pane.model.has_page_for(0))
    visible = pane.model.rows_fetched
    assert visible <= 2 * pane.model.page_size  # only what a 600 px table shows

    # Click the Number header: ascending by number.
    header = pane.table.horizontalHeader()
    x = header.sectionViewportPosition(COL["number"]) + 5
    with qtbot.waitSignal(pane.model.sig_reset):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 5))
    assert (pane.model.query.sort, pane.model.query.descending) in (("number", False), ("number", True))
    qtbot.waitUntil(lambda: pane.model.has_page_for(0))
    first = pane.model.index(0, 0).data(ROW_ROLE)
    expected = min(many["ids"]) if not pane.model.query.descending else max(many["ids"])
    assert first.id == expected

    # Search: the text filter runs in the database; 33 printer tickets.
    with qtbot.waitSignal(pane.model.sig_count_changed) as counted:
        qtbot.keyClicks(pane.search, "printer")
    assert counted.args[0] == 33
    assert pane.count_label.text() == "33 tickets"
    qtbot.waitUntil(lambda: pane.model.has_page_for(0))
    assert all("Printer" in pane.model.row_at(r).subject for r in range(33))

    # By number.
    pane.search.clear()
    with qtbot.waitSignal(pane.model.sig_count_changed) as counted:
        qtbot.keyClicks(pane.search, f"HD-{many['ids'][5]:06d}")
    assert counted.args[0] == 1
    wait_idle(qtbot, ops)
    assert pane.count_label.text() == "1 ticket"  # not "1 ticket(s)": English has no .qm for Qt's plurals


def test_views_and_saved_filters(qtbot, db: Database, ops: Ops, many: dict) -> None:  # type: ignore[type-arg]
    agent = many["agent"]
    mine = queue.count(db.uow(), agent, QueueQuery(view=View.MINE))
    pane = QueuePane(ops, agent)
    qtbot.addWidget(pane)
    with qtbot.waitSignal(pane.model.sig_count_changed):
        pane.select_view(View.MINE)
    assert pane.model.rowCount() == mine > 0  # auto-assignment spread the tickets over the two agents
    with qtbot.waitSignal(pane.model.sig_count_changed):
        pane.select_view(View.UNASSIGNED)
    assert pane.model.rowCount() == queue.count(db.uow(), agent, QueueQuery(view=View.UNASSIGNED))

    with qtbot.waitSignal(pane.model.sig_count_changed):
        pane.select_view(View.ALL)
    with qtbot.waitSignal(pane.model.sig_count_changed):
        qtbot.keyClicks(pane.search, "printer")
    pane.save_filter("Printers")
    qtbot.waitUntil(lambda: any(pane.views.item(i).text() == "★ Printers" for i in range(pane.views.count())))
    assert [name for _id, name, _q in queue.saved_filters(db.uow(), agent)] == ["Printers"]
    pane.search.clear()
    with qtbot.waitSignal(pane.model.sig_count_changed):
        pane.select_view(View.ALL)
    item = next(pane.views.item(i) for i in range(pane.views.count()) if pane.views.item(i).text() == "★ Printers")
    with qtbot.waitSignal(pane.model.sig_count_changed) as counted:
        pane.views.setCurrentItem(item)
    assert counted.args[0] == 33 and pane.search.text() == "printer"
    wait_idle(qtbot, ops)


def test_sla_column_counts_down_and_says_paused(qtbot, db: Database, ops: Ops, clock: FakeClock) -> None:
    agent = f.agent(db)
    t = f.ticket(db, f.user(db), subject="Email down for the whole office", impact="high", urgency="high")
    model = QueueModel(ops, agent)
    with qtbot.waitSignal(model.sig_count_changed):
        model.set_query(QueueQuery(view=View.ALL))
    model.index(0, 0).data()
    qtbot.waitUntil(lambda: model.has_page_for(0))
    index = model.index(0, COL["sla"])
    assert index.data() in ("30m", "29m")  # P1: respond within 30 minutes
    clock.advance(minutes=40)
    assert index.data().startswith("overdue")
    from desktop.common.fmt import SlaState
    from desktop.console.queue.model import SLA_STATE_ROLE
    assert index.data(SLA_STATE_ROLE) == SlaState.BREACHED
    from shared.services import workflow
    t = tickets.reply(db.uow(), agent, t.id, "Looking", expected_version=t.version)
    workflow.change_status(db.uow(), agent, t.id, "pending_user", expected_version=t.version)
    with qtbot.waitSignal(model.sig_count_changed):
        model.reload()
    model.index(0, 0).data()
    qtbot.waitUntil(lambda: model.has_page_for(0))
    assert model.index(0, COL["sla"]).data() == "paused"
    assert timedelta(0) is not None
    wait_idle(qtbot, ops)
