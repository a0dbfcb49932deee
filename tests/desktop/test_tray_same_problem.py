"""Writing a problem in the tray: the user's own open tickets that look the same are offered, and
"same problem" adds the words to that ticket instead of opening a duplicate — locally and over HTTP.
Nobody else's tickets are ever shown."""

from __future__ import annotations

from desktop.common.ops import Ops
from desktop.tray.client import LocalClient
from desktop.tray.report_dialog import ReportDialog
from shared.db.database import Database
from shared.models.enums import EntryKind
from shared.services import queue, tickets
from shared.triage import similar
from tests import factories as f
from tests.desktop.conftest import click, wait_idle


def _open_tickets(db: Database, actor) -> int:  # type: ignore[no-untyped-def]
    return queue.count(db.uow(), actor, queue.QueueQuery(view=queue.View.OWN))


def test_only_own_open_tickets_with_the_same_symptom_are_offered(db: Database) -> None:
    rina, budi = f.user(db, name="rina"), f.user(db, name="budi")
    vpn = f.ticket(db, rina, subject="VPN disconnects every hour", description="AnyConnect drops at home.")
    f.ticket(db, rina, subject="Printer on floor 2 jams", description="Paper jam again.")
    f.ticket(db, budi, subject="VPN disconnects in the afternoon", description="AnyConnect drops.")
    found = similar.own_same_problems(db.uow(), rina, subject="VPN disconnects at home", description="")
    assert [s.id for s in found] == [vpn.id]  # not her printer ticket, not Budi's VPN ticket
    assert similar.own_same_problems(db.uow(), rina, subject="the", description="") == []
    assert similar.own_same_problems(db.uow(), budi, subject="printer jams", description="") == []


def test_same_problem_adds_the_words_to_the_open_ticket(qtbot, db: Database, ops: Ops) -> None:
    rina = f.user(db, name="rina")
    vpn = f.ticket(db, rina, subject="VPN disconnects every hour", description="AnyConnect drops at home.")
    dialog = ReportDialog(ops, LocalClient(db, rina), snapshot_source=None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.same_button.isVisible()
    with qtbot.waitSignal(dialog.sig_same, check_params_cb=lambda n: n == 1):
        qtbot.keyClicks(dialog.subject, "VPN disconnects again")
    assert dialog.same_list.item(0).text() == f"{vpn.number} · VPN disconnects every hour"
    assert dialog.same_button.isVisible()
    qtbot.keyClicks(dialog.description, "Now it also drops in the office.")
    with qtbot.waitSignal(dialog.sig_added) as added:
        click(qtbot, dialog.same_button)
    assert added.args[0].id == vpn.id
    assert _open_tickets(db, rina) == 1  # no duplicate was opened
    detail = tickets.get(db.uow(), rina, vpn.id)
    assert [e.body for e in detail.entries if e.kind == EntryKind.REPLY][-1] == "Now it also drops in the office."
    wait_idle(qtbot, ops)
