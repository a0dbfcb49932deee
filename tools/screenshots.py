"""Render the desktop apps' main screens to docs/screenshots/*.png (offscreen, real widgets).

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py [--out docs/screenshots] [--tickets 300]

Builds a throwaway SQLite database with the demo data (shared.demo.load_demo), signs in as a
demo agent and grabs each screen with QWidget.grab().
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop, Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop.common.compat import guard_none_refcount
from desktop.common.ops import Ops
from desktop.common.theme import apply_language, apply_theme
from desktop.console.queue.model import COL
from shared.config import Settings
from shared.db.database import Database, open_database
from shared.models.enums import ACTIVE_STATUSES, Level
from shared.services import machines, queue, tickets, users
from shared.services.queue import QueueQuery, View
from shared.services.tickets import NewAttachment


def settle(ops: Ops, ms: int = 400) -> None:
    """Let background ops finish and their results paint."""
    app = QCoreApplication.instance()
    assert app is not None
    for _ in range(3):
        deadline = QDeadlineTimer(20_000)
        while not ops.idle() and not deadline.hasExpired():
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        end = QDeadlineTimer(ms // 3)
        while not end.hasExpired():
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def save(widget: QWidget, path: Path) -> None:
    widget.grab().save(str(path))
    print("wrote", path)


def build_database(folder: Path, tickets: int) -> Database:
    settings = Settings(database_url=f"sqlite:///{(folder / 'demo.sqlite3').as_posix()}", language="en")
    db = open_database(settings, migrate=True)
    from shared.demo import load_demo
    load_demo(db, tickets=tickets)
    return db


def shoot_console(app: QApplication, ops: Ops, out: Path, suffix: str, theme: str,
                  only_queue: bool = False) -> None:
    from desktop.console.main_window import MainWindow

    apply_theme(app, theme)
    actor = users.actor_for(ops.db.uow(), "agent1")
    window = MainWindow(ops, actor)
    window.resize(1440, 860)  # the default size: what a new user sees
    window.show()
    # The team's open work, most urgent SLA first: what an agent looks at in the morning.
    window.queue.select_view(View.ALL)
    settle(ops)
    window.queue.table.horizontalHeader().setSortIndicator(COL["sla"], Qt.SortOrder.AscendingOrder)
    window.queue.model.set_query(replace(window.queue.model.query, statuses=ACTIVE_STATUSES))
    settle(ops)
    # Open a ticket with some history so the timeline shows replies, notes and events.
    rows = queue.page(ops.db.uow(), actor, window.queue.model.query, limit=60)
    busy = next((r for r in rows if r.status.is_active and r.assignee), rows[0])
    window.queue.table.selectRow(next(i for i, r in enumerate(rows) if r.id == busy.id))
    settle(ops)
    save(window, out / f"console-queue{suffix}.png")
    if only_queue:
        window.close()
        return
    window.ticket.resize(900, 860)
    save(window.ticket, out / f"console-ticket{suffix}.png")
    shoot_triage(ops, actor, out, suffix)
    # The dashboard needs report:view: a supervisor's window.
    supervisor = users.actor_for(ops.db.uow(), "sari")
    boss = MainWindow(ops, supervisor)
    boss.resize(1440, 860)
    boss.show()
    boss.tabs.setCurrentWidget(boss.dashboard)
    boss.dashboard.refresh()
    settle(ops, 800)
    save(boss, out / f"console-dashboard{suffix}.png")
    boss.close()
    window.tabs.setCurrentWidget(window.kb)
    window.kb.search.setText("vpn")
    settle(ops, 700)
    if window.kb.results.count():
        window.kb.results.setCurrentRow(0)
    settle(ops)
    save(window, out / f"console-kb{suffix}.png")
    window.close()


def shoot_board(ops: Ops, out: Path, suffix: str) -> None:
    """The health board as a technician sees it, on the PC whose disk is forecast to fill."""
    from desktop.console.main_window import MainWindow

    window = MainWindow(ops, users.actor_for(ops.db.uow(), "tech1"))
    window.resize(1440, 860)
    window.show()
    window.tabs.setCurrentWidget(window.machines)
    settle(ops, 500)
    board = window.machines
    rows = [board.model.row_at(r, fetch=False) for r in range(board.model.rowCount())]
    board.table.selectRow(next((i for i, r in enumerate(rows) if r and r.hostname == "PC-AGUS-FIN"), 0))
    settle(ops, 500)
    save(window, out / f"console-machines{suffix}.png")
    board.detail.setCurrentIndex(1)  # its tickets
    settle(ops)
    save(board, out / f"console-machine-tickets{suffix}.png")
    board.detail.setCurrentWidget(board.inventory)
    settle(ops)
    save(board, out / f"console-machines-inventory{suffix}.png")
    window.close()


def shoot_triage(ops: Ops, actor: Any, out: Path, suffix: str) -> None:
    """The ticket view's Triage panel on a ticket the rules left without a category: the learned
    suggestion with its confidence and words, similar open tickets, and the suggested reply."""
    from desktop.console.ticket.view import TicketView

    found = tickets.create(ops.db.uow(), actor, subject="Cannot connect to VPN from home, AnyConnect error 412",
                           description="Since this morning the client says the login failed.",
                           requester_id=_busiest_requester(ops).id)
    if found.category is not None:  # the model applied it: show a ticket with no category instead
        tickets.update_fields(ops.db.uow(), actor, found.id, category_id=None)
    view = TicketView(ops, actor)
    view.resize(1100, 860)
    view.show()
    view.load(found.id)
    settle(ops, 900)
    view.triage.reply_button.click()
    settle(ops, 700)
    save(view, out / f"console-triage{suffix}.png")
    view.close()


def shoot_intake(ops: Ops, out: Path, suffix: str) -> None:
    """New ticket (Ctrl+N): a phone call from a requester with open tickets and a machine."""
    from desktop.console.intake.dialog import NewTicketDialog

    agent = users.actor_for(ops.db.uow(), "agent1")
    requester = _busiest_requester(ops)
    dialog = NewTicketDialog(ops, agent)
    dialog.resize(1100, 700)
    dialog.show()
    settle(ops)
    dialog.search.setText(requester.full_name.split()[0])
    settle(ops, 700)
    dialog.choose_requester(requester.id)
    settle(ops)
    dialog.subject.setText("VPN sering terputus saat kerja dari rumah" if suffix.endswith("-id")
                           else "VPN keeps dropping when working from home")
    settle(ops, 700)
    save(dialog, out / f"console-new-ticket{suffix}.png")
    dialog.close()


def shoot_admin(ops: Ops, out: Path, suffix: str) -> None:
    """Administration (an admin): users, a rule tested, holidays imported, the shift roster, the audit log."""
    from desktop.console.main_window import MainWindow
    from shared.services.admin import calendars

    admin = users.actor_for(ops.db.uow(), "admin")
    ics = Path(__file__).resolve().parents[1] / "resources" / "calendars" / "id-holidays-2027.ics"
    calendars.import_ics(ops.db.uow(), admin, "Office hours (Jakarta)", ics.read_bytes())
    window = MainWindow(ops, admin)
    window.resize(1600, 900)
    window.show()
    window.tabs.setCurrentWidget(window.admin)
    settle(ops)
    users_page = window.admin.page("users")
    users_page.table.selectRow(0)  # type: ignore[attr-defined]
    settle(ops)
    save(window, out / f"console-admin-users{suffix}.png")
    rules_page = window.admin.page("rules")
    settle(ops)
    rules_page.test_text.setText("Gaji bulan ini belum masuk, SAP error" if suffix.endswith("-id")  # type: ignore[attr-defined]
                                 else "VPN keeps dropping, and the printer too")
    rules_page.test()  # type: ignore[attr-defined]
    settle(ops)
    save(window, out / f"console-admin-rules{suffix}.png")
    window.admin.page("calendars")
    settle(ops)
    save(window, out / f"console-admin-calendars{suffix}.png")
    shifts_page = window.admin.page("shifts")
    settle(ops)
    shifts_page.table.selectRow(0)  # type: ignore[attr-defined]
    save(window, out / f"console-admin-shifts{suffix}.png")
    window.admin.page("audit")
    settle(ops)
    save(window, out / f"console-admin-audit{suffix}.png")
    window.close()


def shoot_empty_view(ops: Ops, out: Path, suffix: str) -> None:
    """An empty queue view says why it is empty and offers the way out."""
    from desktop.console.main_window import MainWindow

    window = MainWindow(ops, users.actor_for(ops.db.uow(), "agent1"))
    window.resize(1440, 860)
    window.show()
    window.queue.select_view(View.ALL)
    settle(ops)
    window.queue.search.setText("toner magenta")
    window.queue._apply_search()
    settle(ops)
    save(window, out / f"console-queue-empty{suffix}.png")
    window.close()


def shoot_mail_settings(ops: Ops, out: Path, suffix: str, folder: Path) -> None:
    """Administration › Mail settings after "Test connection": each server's result in one line
    (here an unknown IMAP host and an SMTP port where nothing listens: no network is needed)."""
    import socket

    from desktop.console.main_window import MainWindow

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = folder / "helpdesk.toml"
    config.write_text('[mail]\nimap_host = "mail.example.invalid"\nimap_security = "ssl"\n'
                      'imap_user = "helpdesk@example.co.id"\nsmtp_host = "127.0.0.1"\n'
                      f'smtp_port = {port}\nsmtp_security = "starttls"\n'
                      'from_address = "helpdesk@example.co.id"\nfrom_name = "IT Helpdesk"\n', encoding="utf-8")
    os.environ["HELPDESK_CONFIG"] = str(config)
    window = MainWindow(ops, users.actor_for(ops.db.uow(), "admin"))
    window.resize(1440, 860)
    window.show()
    window.tabs.setCurrentWidget(window.admin)
    page = window.admin.page("mail")
    settle(ops)
    page.passwords["imap"].setText("secret")  # type: ignore[attr-defined]
    page.test_connection()  # type: ignore[attr-defined]
    settle(ops, 700)
    save(window, out / f"console-admin-mail{suffix}.png")
    window.close()


def shoot_undelivered(ops: Ops, out: Path, suffix: str) -> None:
    """The demo's refused reply: on its ticket (a banner with Send again, and the timeline's event)
    and on the Mail tab's Undelivered page, as the supervisor sees them."""
    from desktop.console.main_window import MainWindow
    from shared.services import undelivered

    sari = users.actor_for(ops.db.uow(), "sari")
    (item, *_rest) = undelivered.recent(ops.db.uow(), sari)
    assert item.ticket_id is not None
    window = MainWindow(ops, sari)
    window.resize(1440, 860)
    window.show()
    settle(ops)
    window.ticket.load(item.ticket_id)
    settle(ops)
    save(window, out / f"console-undelivered-ticket{suffix}.png")
    window.tabs.setCurrentWidget(window.mail)
    window.mail.pages.setCurrentIndex(1)
    settle(ops)
    save(window, out / f"console-mail-undelivered{suffix}.png")
    window.close()


def shoot_tray(app: QApplication, ops: Ops, out: Path, suffix: str, theme: str) -> None:
    from desktop.tray.client import LocalClient
    from desktop.tray.machine_snapshot import MachineSnapshot
    from desktop.tray.my_tickets import MyTicketsWindow
    from desktop.tray.report_dialog import ReportDialog

    apply_theme(app, theme)
    requester = _busiest_requester(ops)
    client = LocalClient(ops.db, requester)
    # The preview shows a demo laptop's snapshot, not that of the machine making the screenshots.
    laptop = machines.find_machine(ops.db.uow(), users.actor_for(ops.db.uow(), "admin"), "LAPTOP-RINA")
    assert laptop.snapshot is not None
    shown = MachineSnapshot(laptop.snapshot, laptop.id, True)
    dialog = ReportDialog(ops, client, snapshot_source=lambda: shown)
    if suffix.endswith("-id"):
        dialog.subject.setText("VPN sering terputus")
        dialog.description.setPlainText("Sejak pagi VPN putus setiap beberapa menit saat saya kerja dari rumah.")
    else:
        dialog.subject.setText("VPN keeps disconnecting")
        dialog.description.setPlainText("Since this morning AnyConnect drops every few minutes when I work from home.")
    dialog.show()
    dialog.check_articles()
    settle(ops, 700)
    save(dialog, out / f"tray-report{suffix}.png")
    dialog.close()
    window = MyTicketsWindow(ops, client)
    window.resize(980, 640)
    window.show()
    settle(ops)
    window.list.setCurrentRow(0)
    settle(ops)
    save(window, out / f"tray-my-tickets{suffix}.png")
    window.close()
    shoot_outbox(ops, client, out, suffix)


def shoot_outbox(ops: Ops, client, out: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    """The outbox with one report waiting, one sent, a reply the server refused and a report it
    refused (a dump over the attachment limit), chosen, with what can be done about it."""
    from desktop.tray.notices import OutboxWindow
    from desktop.tray.outbox import Outbox, State

    indonesian = suffix.endswith("-id")
    with tempfile.TemporaryDirectory() as tmp:
        outbox = Outbox(Path(tmp))
        from desktop.tray.http_client import _unreachable  # the tray's own words, in its language

        offline = _unreachable("https://helpdesk.example.org").message
        queued = outbox.add_report("tray-shot-0001", offline, subject="Printer on floor 2 jams", description="",
                                   category_id=None, urgency=Level.MEDIUM, impact=Level.LOW, attachments=[],
                                   snapshot=None, machine_id=None)
        sent = outbox.add_report("tray-shot-0002", "", subject="Outlook asks for my password again",
                                 description="", category_id=None, urgency=Level.MEDIUM, impact=Level.LOW,
                                 attachments=[], snapshot=None, machine_id=None)
        failed = outbox.add_reply("tray-shot-0003", "", ticket_id=1, number="HD-000012", body="Thanks!")
        outbox._write(replace(sent, state=State.SENT, number="HD-000311", payload=None,
                              created_at=queued.created_at))
        closed = ("HD-000012 sudah ditutup; silakan buat tiket baru." if indonesian  # the server's words
                  else "HD-000012 is closed; please open a new ticket.")
        outbox._write(replace(failed, state=State.FAILED, reason=closed))
        dump = NewAttachment("excel-crash.dmp", "application/octet-stream", b"")
        refused = outbox.add_report("tray-shot-0004", "", subject="Excel closes when I save the budget",
                                    description="Since this morning, every time.", category_id=None,
                                    urgency=Level.HIGH, impact=Level.LOW, attachments=[dump], snapshot=None,
                                    machine_id=None)
        too_big = ("Ukuran excel-crash.dmp adalah 14.680.064 byte; ukuran lampiran maksimal 10.485.760 byte."
                   if indonesian else
                   "excel-crash.dmp is 14,680,064 bytes; attachments may be at most 10,485,760 bytes.")
        outbox._write(replace(refused, state=State.FAILED, reason=too_big))
        window = OutboxWindow(ops, client, outbox)
        window.resize(660, 470)
        window.show()
        settle(ops)
        rows = [window.list.item(i) for i in range(window.list.count())]
        # The refused report: "Edit and send again" is for it.
        window.list.setCurrentItem(next(r for r in rows if r.data(Qt.ItemDataRole.UserRole) == refused.key))
        settle(ops)
        save(window, out / f"tray-outbox{suffix}.png")
        window.close()


def shoot_incidents(app: QApplication, ops: Ops, out: Path, suffix: str) -> None:
    """Issue #17: the known-problem banner (dashboard and tray), a ticket's checklist, the checklist
    editor and the tray's help assistant."""
    from sqlalchemy import select

    from desktop.console.main_window import MainWindow
    from desktop.tray.app import TrayApp
    from desktop.tray.assistant import AssistantDialog
    from desktop.tray.assistant_client import LocalAssistant
    from desktop.tray.client import LocalClient
    from shared.models import TicketChecklistStep
    from shared.services.queue import View

    apply_theme(app, "light")
    boss = users.actor_for(ops.db.uow(), "sari")
    window = MainWindow(ops, boss)
    window.resize(1440, 860)
    window.show()
    window.tabs.setCurrentWidget(window.dashboard)
    settle(ops, 700)
    save(window, out / f"console-incident-banner{suffix}.png")
    window.tabs.setCurrentIndex(0)
    window.queue.select_view(View.ALL)
    with ops.db.uow() as uow:  # an open ticket whose checklist is partly done
        done = select(TicketChecklistStep.ticket_id).where(TicketChecklistStep.done_at.is_not(None))
        ticket_id = uow.session.scalars(select(TicketChecklistStep.ticket_id).where(
            TicketChecklistStep.done_at.is_(None), TicketChecklistStep.required.is_(True),
            TicketChecklistStep.ticket_id.in_(done)).order_by(TicketChecklistStep.ticket_id.desc())).first()
    if ticket_id is not None:
        window.ticket.load(ticket_id)
        settle(ops, 700)
        save(window, out / f"console-checklist{suffix}.png")
    window.close()
    admin = users.actor_for(ops.db.uow(), "admin")
    window = MainWindow(ops, admin)
    window.resize(1440, 860)
    window.show()
    window.tabs.setCurrentWidget(window.admin)
    page = window.admin.page("checklists")
    settle(ops)
    page.table.selectRow(0)  # type: ignore[attr-defined]
    settle(ops)
    save(window, out / f"console-admin-checklists{suffix}.png")
    window.close()

    requester = _busiest_requester(ops)
    tray = TrayApp(ops, LocalClient(ops.db, requester), use_tray=False)
    assert tray.window is not None
    tray.show()
    settle(ops)
    save(tray.window, out / f"tray-known-problem{suffix}.png")
    tray.window.close()
    dialog = AssistantDialog(ops, LocalAssistant(ops.db, requester))
    dialog.resize(700, 600)
    dialog.show()
    settle(ops)
    dialog.question.setPlainText("VPN saya terus terputus saat kerja dari rumah" if suffix.endswith("-id")
                                 else "My VPN keeps disconnecting when I work from home")
    dialog.ask()
    settle(ops, 700)
    save(dialog, out / f"tray-assistant{suffix}.png")
    dialog.close()


def shoot_enrolment(app: QApplication, out: Path, suffix: str = "") -> None:
    """The two-factor enrolment dialog. A freshly generated example secret: it belongs to nobody."""
    from desktop.common.twofactor_dialog import EnrolmentDialog
    from shared.directory import totp
    from shared.services.twofactor import Enrolment

    apply_theme(app, "light")
    secret = totp.new_secret()
    enrolment = Enrolment("tech1", secret, totp.provisioning_uri(secret, "tech1", "Helpdesk"),
                          tuple(totp.new_recovery_codes()))
    dialog = EnrolmentDialog(enrolment)
    dialog.resize(520, dialog.sizeHint().height())
    dialog.show()
    app.processEvents()
    save(dialog, out / f"totp-enrolment{suffix}.png")
    dialog.close()


def shoot_signin(app: QApplication, ops: Ops, out: Path, suffix: str, wrong_password: bool = False) -> None:
    """The console's first screen: its sign-in dialog (what `python3 run.py` opens), and, with
    `wrong_password`, what a mistyped password gets."""
    from desktop.common.signin import SignInDialog

    apply_theme(app, "light")
    dialog = SignInDialog(ops, title=app.translate("console", "Helpdesk console — sign in"), username="agent1")
    dialog.show()
    if wrong_password:
        dialog.password.setText("demo12345")
        dialog.sign_in()
        settle(ops, 300)
    app.processEvents()
    save(dialog, out / f"console-signin{suffix}.png")
    dialog.close()


def _busiest_requester(ops: Ops):  # type: ignore[no-untyped-def]
    admin = users.actor_for(ops.db.uow(), "admin")
    people = [u for u in users.list_users(ops.db.uow(), admin) if u.role.value == "requester"]
    best, best_n = people[0], -1
    for u in people[:12]:
        actor = users.actor_for(ops.db.uow(), u.username)
        n = queue.count(ops.db.uow(), actor, QueueQuery(view=View.OWN))
        if n > best_n:
            best, best_n = u, n
    return users.actor_for(ops.db.uow(), best.username)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "docs" / "screenshots"))
    parser.add_argument("--tickets", type=int, default=300)
    parser.add_argument("--only", choices=["enrolment", "incidents", "undelivered"],
                        help="render just these screens (enrolment: no demo database)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    guard_none_refcount()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    if args.only == "enrolment":
        apply_language(app, "en")
        shoot_enrolment(app, out)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        db = build_database(Path(tmp), args.tickets)
        ops = Ops(db)
        incident_steps: list[Callable[[], None]] = [
            lambda: (apply_language(app, "en"), shoot_incidents(app, ops, out, "")),
            lambda: (apply_language(app, "id"), shoot_incidents(app, ops, out, "-id")),
        ]
        undelivered_steps: list[Callable[[], None]] = [
            lambda: (apply_language(app, "en"), shoot_undelivered(ops, out, "")),
            lambda: (apply_language(app, "id"), shoot_undelivered(ops, out, "-id")),
        ]
        steps: list[Callable[[], None]] = incident_steps if args.only == "incidents" else undelivered_steps \
            if args.only == "undelivered" else [
            lambda: (apply_language(app, "en"), shoot_signin(app, ops, out, ""),
                     shoot_console(app, ops, out, "", "light"),
                     shoot_intake(ops, out, ""), shoot_admin(ops, out, ""), shoot_empty_view(ops, out, ""),
                     shoot_mail_settings(ops, out, "", Path(tmp)), shoot_board(ops, out, "")),
            lambda: shoot_console(app, ops, out, "-dark", "dark", only_queue=True),
            lambda: shoot_tray(app, ops, out, "", "light"),
            lambda: shoot_enrolment(app, out),
            lambda: (apply_language(app, "id"), shoot_signin(app, ops, out, "-id", wrong_password=True),
                     shoot_console(app, ops, out, "-id", "light", only_queue=True),
                     shoot_intake(ops, out, "-id"), shoot_tray(app, ops, out, "-id", "light"),
                     shoot_empty_view(ops, out, "-id"), shoot_mail_settings(ops, out, "-id", Path(tmp)),
                     shoot_board(ops, out, "-id")),
            *incident_steps,
            *undelivered_steps,
        ]
        for step in steps:
            step()
        apply_language(app, "en")
        ops.wait()
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
