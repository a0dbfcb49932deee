"""`helpdesk console` up to its first queue page: what it imports on the way (a fresh interpreter
running the real start path), and what waits until the page is on screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from desktop.common.ops import Ops
from desktop.console.ticket import view as ticket_view
from desktop.console.ticket.view import TicketView
from shared.db.database import Database
from shared.models.enums import Role
from shared.services import workflow
from tests import factories as f
from tests.desktop.conftest import shown_window, wait_idle

ROOT = Path(__file__).resolve().parents[2]

# What `helpdesk console` must not import before its first page is on screen: Alembic (the schema
# is checked with one query), the other commands' code, and what only other screens, dialogs or
# ticket actions use (ticket creation and triage, reports, the directory client, the learned model,
# two-factor codes, localised dates of error messages, the settings dialog, the Administration tab's
# widgets, the TOML parser when there is no settings file, and the sign-in dialog, which --user and
# --password make unneeded). Of the models (shared.models imports a module when one of its classes is
# first named, with the modules of the tables its foreign keys name), only the tables the sign-in
# and the queue read, and the machines' (tickets.machine_id names them): not the machines' health,
# incidents, inventory, mail intake, the scheduler's runs, shifts, tray submissions, the triage model,
# the reference stamp, nor the report tables, whose aggregates' code loads at the first flush of a
# ticket (shared.services.uow.keep_aggregates). Nor pydantic-settings, nor pydantic: the settings
# read their environment variables and check their usual values themselves (shared.config).
NOT_AT_START = ("pydantic_settings", "pydantic", "pydantic_core", "annotated_types", "shared.config_schema",
                "alembic", "mako", "sklearn", "numpy", "scipy", "joblib", "reportlab", "ldap3", "paramiko", "babel",
                "cryptography", "pyotp", "segno", "tomllib", "desktop.common.settings_dialog", "desktop.common.signin",
                "desktop.console.admin.pane", "desktop.console.admin.base",
                "fastapi", "uvicorn", "PySide6.QtCharts", "shared.cli_commands", "shared.cli_report",
                "shared.http", "shared.mail", "shared.triage", "shared.directory.ldap", "shared.services.directory",
                "shared.ssh",
                "shared.services.creation", "shared.services.tickets", "shared.services.workflow",
                "shared.services.metrics", "shared.services.diagnostics", "desktop.console.intake",
                "desktop.console.diagnostics.dialog", "desktop.console.dashboard", "desktop.console.kb",
                "desktop.console.machines",
                "shared.models.health", "shared.models.incidents", "shared.models.inventory",
                "shared.models.mail", "shared.models.reference", "shared.models.scheduler", "shared.models.shifts",
                "shared.models.tray", "shared.models.triage", "shared.models.reports",
                "shared.services.report_aggregates", "shared.services.report_sql")
# On SQLite (the desktop's own database), nothing of PostgreSQL: its SQLAlchemy dialect (which the
# models' partial indexes used to load, see shared.db.base.partial_index) and its driver.
NOT_AT_START_ON_SQLITE = ("sqlalchemy.dialects.postgresql", "psycopg", "psycopg_binary", "psycopg_c")

# Imported before Qt: PySide6 replaces builtins.__import__ with its own, and every import after it
# costs more (desktop.console.app.import_first_screen). What the start path imports after PySide6 is
# the window's own code, and what signing in with a password loads on the way.
BEFORE_QT = ("sqlalchemy", "shared.config", "shared.db", "shared.services.uow", "shared.services.queue",
             "shared.services.users", "shared.services.seed", "shared.models.tickets", "shared.models.users")

# In both scripts: the garbage collections that ran while the start's first screen was imported.
_COLLECTIONS_DURING_IMPORT = """
importing, collections = [], []
gc.callbacks.append(lambda phase, info: phase == "start" and importing and collections.append(info["generation"]))
real_import_first_screen = console_app.import_first_screen

def import_first_screen(ctx):
    importing.append(True)
    try:
        real_import_first_screen(ctx)
    finally:
        importing.pop()

console_app.import_first_screen = import_first_screen
"""

# In both scripts: the event loop turned until the console's queue has fetched its first page.
_WAIT_FOR_FIRST_PAGE = """
def wait_for_first_page(started):
    from PySide6.QtCore import QEventLoop

    app, ops, window = started
    model = window.queue.model
    deadline = time.monotonic() + 90
    # The first page and its count come back apart: wait for both (the row on screen), not the page alone.
    while (model.pages_fetched == 0 or model.row_at(0, fetch=False) is None) and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    return ops, window, model
"""

_FIRST_PAGE = """
import gc, json, sys, time
first_imports = []  # the order in which modules are first imported

class Recorder:
    def find_spec(self, name, path=None, target=None):
        first_imports.append(name)
        return None

sys.meta_path.insert(0, Recorder())
import desktop.common.launch as launch
import desktop.console.app as console_app

""" + _COLLECTIONS_DURING_IMPORT + """
""" + _WAIT_FOR_FIRST_PAGE + """
def until_first_page(started):
    ops, window, model = wait_for_first_page(started)
    print("MODULES " + json.dumps({"rows": model.rows_fetched, "modules": sorted(sys.modules),
                                   "order": first_imports, "collections": collections}), flush=True)
    window.quit()
    ops.wait()
    return 0

launch.run_until_quit = until_first_page
from shared.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_the_console_starts_without_what_its_first_page_does_not_need(committed_db: Database,
                                                                        database_url: str, tmp_path: Path) -> None:
    """The real start path, `helpdesk console --user --password`, in a fresh interpreter up to the
    first queue page, and then what it has imported, and in which order (the data layer before Qt)."""
    budi = f.agent(committed_db, name="budi", password="correct horse 1")
    ticket = f.ticket(committed_db, f.user(committed_db), subject="VPN drops every hour")
    workflow.claim(committed_db.uow(), budi, ticket.id)  # "My tickets", the first view, lists it
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HELPDESK_CONFIG=str(tmp_path / "none.toml"),
               XDG_CONFIG_HOME=str(tmp_path), HELPDESK_LANGUAGE="en")
    done = subprocess.run([sys.executable, "-c", _FIRST_PAGE, "--database-url", database_url, "console",
                           "--user", "budi", "--password", "correct horse 1", "--theme", "light"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("MODULES ")]
    assert done.returncode == 0 and lines, done.stdout[-2000:] + done.stderr[-4000:]
    result = json.loads(lines[-1].removeprefix("MODULES "))
    assert result["rows"] == 1  # the page was read: the whole start path ran
    modules = set(result["modules"])
    assert {"desktop.console.main_window", "shared.services.queue", "sqlalchemy.orm"} <= modules
    unwanted = NOT_AT_START + (NOT_AT_START_ON_SQLITE if database_url.startswith("sqlite") else ())
    early = sorted(m for m in modules if any(m == name or m.startswith(name + ".") for name in unwanted))
    assert early == []
    after_qt = result["order"][result["order"].index("PySide6"):]
    assert [m for m in after_qt if any(m == name or m.startswith(name + ".") for name in BEFORE_QT)] == []
    assert result["collections"] == []  # the garbage collector sat the imports out (MainThreadGc.imports_set_aside)


# What the sign-in dialog is shown without, when the console asks for a password: the data layer and
# the window's code, imported (and the database opened) on a worker while the person types. Of
# shared.db, every module but shared.db.faults (the words for a database's failures, stdlib only),
# which the CLI's guard imports for every command.
NOT_AT_THE_DIALOG = ("sqlalchemy", "shared.db.base", "shared.db.database", "shared.db.engine", "shared.db.fts",
                     "shared.db.json_text", "shared.db.migrate", "shared.db.prepared", "shared.db.url",
                     "shared.services.uow", "shared.services.users",
                     "shared.services.signin", "shared.services.queue", "shared.services.seed",
                     "shared.models.tickets", "shared.models.users", "desktop.console.main_window",
                     "desktop.console.queue", "desktop.console.ticket", "argon2")

_DIALOG_FIRST = """
import gc, json, sys, time
import desktop.common.launch as launch
import desktop.console.app as console_app
from desktop.common.signin import SignInDialog  # PySide6 and the dialog: nothing of the data layer
from PySide6.QtCore import QEvent, QTimer, Qt
from PySide6.QtTest import QTest

at_dialog = {}
""" + _COLLECTIONS_DURING_IMPORT + """
real_event = SignInDialog.event

def event(self, e):
    handled = real_event(self, e)
    if e.type() == QEvent.Type.Paint and not at_dialog:  # its first paint: the person sees it
        at_dialog["modules"] = sorted(sys.modules)
        QTimer.singleShot(0, lambda: sign_in(self))
    return handled

def sign_in(dialog):
    QTest.keyClicks(dialog.username, "budi")
    QTest.keyClicks(dialog.password, "correct horse 1")
    QTest.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    at_dialog["message"] = dialog.message.text()

SignInDialog.event = event
""" + _WAIT_FOR_FIRST_PAGE + """
def until_first_page(started):
    ops, window, model = wait_for_first_page(started)
    print("MODULES " + json.dumps({"rows": model.rows_fetched, "subject": model.row_at(0).subject,
                                   "actor": window.actor.username, "at_dialog": at_dialog,
                                   "modules": sorted(sys.modules), "collections": collections}), flush=True)
    window.quit()
    ops.wait()
    return 0

launch.run_until_quit = until_first_page
from shared.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _within(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == name or m.startswith(name + ".") for name in names))


def test_the_console_shows_its_sign_in_dialog_before_it_imports_the_data_layer(
        committed_db: Database, database_url: str, tmp_path: Path) -> None:
    """`helpdesk console` asking for the password, in a fresh interpreter: the dialog is painted before
    SQLAlchemy, the database code, the services and the window's code are imported; typed into and
    signed in (clicked at once: the sign-in waits for the database), the first page lists the rows."""
    budi = f.agent(committed_db, name="budi", password="correct horse 1")
    ticket = f.ticket(committed_db, f.user(committed_db), subject="VPN drops every hour")
    workflow.claim(committed_db.uow(), budi, ticket.id)  # "My tickets", the first view, lists it
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HELPDESK_CONFIG=str(tmp_path / "none.toml"),
               XDG_CONFIG_HOME=str(tmp_path), HELPDESK_LANGUAGE="en")
    done = subprocess.run([sys.executable, "-c", _DIALOG_FIRST, "--database-url", database_url, "console",
                           "--theme", "light"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("MODULES ")]
    assert done.returncode == 0 and lines, done.stdout[-2000:] + done.stderr[-4000:]
    result = json.loads(lines[-1].removeprefix("MODULES "))
    at_dialog = set(result["at_dialog"]["modules"])
    assert {"PySide6.QtWidgets", "desktop.common.signin", "desktop.common.ops"} <= at_dialog
    assert _within(at_dialog, NOT_AT_THE_DIALOG) == []
    assert {m for m in at_dialog if m.startswith("shared.db")} <= {"shared.db", "shared.db.faults"}
    assert result["at_dialog"]["message"] == "Signing in…"  # pressed before the database was open
    assert (result["actor"], result["rows"], result["subject"]) == ("budi", 1, "VPN drops every hour")
    modules = set(result["modules"])
    assert {"desktop.console.main_window", "shared.services.queue", "sqlalchemy.orm"} <= modules
    unwanted = tuple(m for m in NOT_AT_START if m != "desktop.common.signin")  # the dialog was asked for
    assert _within(modules, unwanted + (NOT_AT_START_ON_SQLITE if database_url.startswith("sqlite") else ())) == []
    assert result["collections"] == []  # nor the GUI thread's collector while the worker imported


def test_what_the_first_page_does_not_need_starts_once_it_is_in(qtbot, db: Database, ops: Ops,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The saved filters, the ticket view's staff and names, the notifications and the heap freeze
    wait for the first queue page, so nothing competes with it for the workers and the GIL."""
    from desktop.common.compat import MainThreadGc
    from desktop.console import main_window
    from shared.services import inbox, queue, users

    sari = f.user(db, Role.SUPERVISOR, name="sari", teams=("Service Desk",))
    ticket = f.ticket(db, f.user(db), subject="Printer on floor 3 jams")
    workflow.claim(db.uow(), sari, ticket.id)  # "My tickets", the first view, has a page to read
    order: list[str] = []
    lock = threading.Lock()

    def spy(name: str, real: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            result = real(*args, **kwargs)
            with lock:
                order.append(name)
            return result
        return call

    for module, name in ((queue, "page"), (queue, "saved_filters"), (users, "list_users"), (inbox, "page")):
        monkeypatch.setattr(module, name, spy(f"{module.__name__.rpartition('.')[2]}.{name}", getattr(module, name)))
    monkeypatch.setattr(TicketView, "build_body", spy("ticket.build_body", TicketView.build_body))
    monkeypatch.setattr(MainThreadGc, "freeze", lambda: order.append("freeze"))
    monkeypatch.setattr(main_window, "FIRST_PAGE_PATIENCE_MS", 10**9)  # the page starts them, not the fallback
    shown_window(qtbot, ops, sari)
    qtbot.waitUntil(lambda: "freeze" in order)
    wait_idle(qtbot, ops)
    assert order[0] == "queue.page"
    assert {"queue.saved_filters", "ticket.build_body", "users.list_users", "inbox.page", "freeze"} <= set(order)


def test_a_ticket_view_builds_its_hidden_widgets_once_when_one_is_first_used(qtbot, db: Database, ops: Ops) -> None:
    """The main window's ticket view shows "select a ticket" until one is opened; the rest waits for
    the first queue page, or for the first use of one of its widgets. Its actions (in the menus)
    are there from the start, in the same state as a view built whole."""
    from PySide6.QtWidgets import QPlainTextEdit

    budi = f.agent(db, name="budi")
    lazy = TicketView(ops, budi, load_reference=False, build_body=False)
    whole = TicketView(ops, budi, load_reference=False)
    qtbot.addWidget(lazy)
    qtbot.addWidget(whole)
    assert lazy.findChild(QPlainTextEdit, "replyBox") is None
    assert [(a.isEnabled(), a.toolTip()) for a in lazy.act.values()] == [
        (a.isEnabled(), a.toolTip()) for a in whole.act.values()]
    before = set(vars(lazy))
    assert lazy.reply_box is lazy.findChild(QPlainTextEdit, "replyBox")  # built at its first use
    # What the first use builds is what it may be asked for by (view._BODY): every widget of the body.
    assert {name for name in set(vars(lazy)) - before if not name.startswith("_")} == ticket_view._BODY
    assert lazy.body.isHidden() and not lazy.empty.isHidden()
    assert not lazy.send_button.isEnabled() and not whole.send_button.isEnabled()
    lazy.build_body()  # once
    assert len(lazy.findChildren(QPlainTextEdit, "replyBox")) == 1
    with pytest.raises(AttributeError):
        lazy.no_such_widget  # noqa: B018


def test_opening_a_seeded_database_loads_no_service_that_fills_it(committed_db: Database, database_url: str) -> None:
    """`ctx.database()` (the console's start, every command's) checks the schema and the defaults
    with a few counts; the services that would fill empty tables (categories and their rules, SLA
    policies and calendars) are imported only on a fresh database, and nothing is flushed."""
    code = ("import sys\n"
            "from shared.cli_support import CliContext\n"
            "from shared.config import Settings\n"
            f"CliContext(Settings(database_url={database_url!r}, language='en')).database()\n"
            "late = ('shared.services.catalog', 'shared.rules.business_hours', 'shared.services.report_aggregates',\n"
            "        'alembic')\n"
            "print(sorted(m for m in late if m in sys.modules))\n")
    env = dict(os.environ, HELPDESK_LANGUAGE="en")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "[]"
