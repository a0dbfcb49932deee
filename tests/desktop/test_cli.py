"""`helpdesk console` and `helpdesk tray`: the subcommands the desktop registers.

`start()` is the handler up to the event loop; the tests stop there (a finished
QApplication.exec() would stop every later event loop in this process)."""

from __future__ import annotations

import argparse
import sqlite3
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.common import launch
from desktop.common import ops as ops_module
from desktop.common.signin import SignInDialog
from desktop.console import app as console_app
from desktop.console.main_window import MainWindow
from desktop.tray import app as tray_app
from desktop.tray.app import TrayApp
from shared.cli_guard import run_guarded
from shared.cli_support import CliContext
from shared.config import Settings
from shared.db.database import Database
from tests import factories as f
from tests.desktop.conftest import click

# The commands open the database themselves: `db` is `committed_db`.
pytestmark = pytest.mark.usefixtures("committed_db")


def parse(register, argv: list[str]) -> argparse.Namespace:  # type: ignore[no-untyped-def]
    parser = argparse.ArgumentParser(prog="helpdesk")
    register(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_console_signs_in_from_the_command_line_and_opens(qtbot, db: Database, settings: Settings) -> None:
    f.agent(db, name="budi", password="demo1234", full_name="Budi Santoso")
    args = parse(console_app.register_cli, ["console", "--user", "budi", "--password", "demo1234"])
    assert args.handler is console_app.handler
    ctx = CliContext(settings)
    try:
        _app, ops, window = console_app.start(args, ctx)
        qtbot.addWidget(window)
        assert isinstance(window, MainWindow) and window.isVisible()
        assert window.actor.full_name == "Budi Santoso"
        qtbot.waitUntil(ops.idle)
        window.close()
    finally:
        ctx.close()  # as shared.cli.main does: an engine left to the garbage collector warns on PostgreSQL


def when_the_dialog_is_up(qtbot, act: Callable[[SignInDialog], None]) -> None:  # type: ignore[no-untyped-def]
    """`act(dialog)` once the console's sign-in dialog is on screen (its exec() runs the loop)."""
    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, SignInDialog) and dialog.isVisible():
            act(dialog)
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


def test_console_without_a_password_asks_for_it_and_opens(qtbot, db: Database, settings: Settings) -> None:
    """The dialog is shown before the database is open (its start opens it behind the dialog); the
    window opens on the database the command opened, signed in as the person who typed."""
    f.agent(db, name="budi", password="demo1234", full_name="Budi Santoso")
    args = parse(console_app.register_cli, ["console", "--user", "budi"])
    ctx = CliContext(settings)
    seen: list[object] = []

    def sign_in(dialog: SignInDialog) -> None:
        seen.append(ctx._db)
        assert dialog.username.text() == "budi"
        qtbot.keyClicks(dialog.password, "demo1234")
        click(qtbot, dialog.sign_in_button)

    when_the_dialog_is_up(qtbot, sign_in)
    try:
        _app, ops, window = console_app.start(args, ctx)
        qtbot.addWidget(window)
        assert seen == [None]  # the dialog was up before the database was opened
        assert isinstance(window, MainWindow) and window.isVisible()
        assert window.actor.full_name == "Budi Santoso" and ops.db is ctx._db is not None
        qtbot.waitUntil(lambda: window.queue.model.pages_fetched > 0)
        qtbot.waitUntil(ops.idle)
        window.close()
    finally:
        ctx.close()


@pytest.mark.parametrize("started", [False, True])
def test_closing_the_console_dialog_ends_the_command_with_1(qtbot, db: Database, settings: Settings,  # type: ignore[no-untyped-def]
                                                           started: bool) -> None:
    """Closed (the window's X) before or after the work behind it started: exit code 1, as before,
    once that work is done (nothing is cut off mid-migration), and no window."""
    args = parse(console_app.register_cli, ["console"])
    ctx = CliContext(settings)

    def close(dialog: SignInDialog) -> None:
        if started:
            qtbot.waitUntil(dialog.prepare_started)
        assert dialog.prepare_started() is started
        dialog.close()

    when_the_dialog_is_up(qtbot, close)
    try:
        assert console_app.start(args, ctx) == 1
        assert ctx._db is not None  # opened all the same: a database that could not be would have said so
    finally:
        ctx.close()


def _missing(tmp: Path) -> str:
    return f"sqlite:///{(tmp / 'nowhere.sqlite3').as_posix()}"


def _newer(tmp: Path) -> str:
    path = tmp / "newer.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.execute("INSERT INTO alembic_version VALUES ('9999')")
    conn.close()
    return f"sqlite:///{path.as_posix()}"


def _not_a_database(tmp: Path) -> str:
    path = tmp / "notes.sqlite3"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    return f"sqlite:///{path.as_posix()}"


@pytest.mark.parametrize("make_url", [_missing, _newer, _not_a_database])
def test_a_database_the_console_cannot_open_is_said_in_its_dialog_and_ends_it_as_before(  # type: ignore[no-untyped-def]
        qtbot, settings: Settings, tmp_path: Path, capsys, monkeypatch, make_url: Callable[[Path], str]) -> None:
    """Without --password the database is opened behind the dialog: its error is shown there, signing
    in stays off, and Cancel ends the command with the words and the exit code it ended with when
    the database was opened before any dialog (as --user and --password still do)."""
    bad = settings.model_copy(update={"database_url": make_url(tmp_path)})
    signed_in = parse(console_app.register_cli, ["console", "--user", "budi", "--password", "demo1234"])
    ctx = CliContext(bad)
    try:
        before = run_guarded(lambda: console_app.handler(signed_in, ctx))
    finally:
        ctx.close()
    said_before = capsys.readouterr().err
    assert before != 0 and said_before.startswith("error: ") and "Traceback" not in said_before
    shown: list[tuple[str, bool]] = []

    def cancel_once_it_says_so(dialog: SignInDialog) -> None:
        qtbot.waitUntil(lambda: dialog.prepare_error is not None)
        shown.append((dialog.message.text(), dialog.sign_in_button.isEnabled()))
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Cancel))

    runners: list[weakref.ref[ops_module.Ops]] = []

    class Runner(ops_module.Ops):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            runners.append(weakref.ref(self))

    monkeypatch.setattr(ops_module, "Ops", Runner)
    when_the_dialog_is_up(qtbot, cancel_once_it_says_so)
    asking = parse(console_app.register_cli, ["console"])
    ctx = CliContext(bad)
    try:
        assert run_guarded(lambda: console_app.handler(asking, ctx)) == before
    finally:
        ctx.close()
    assert capsys.readouterr().err == said_before
    assert shown == [(said_before.strip().removeprefix("error: "), False)]
    # The dialog and the runner are gone with the error, without the garbage collector (off from
    # the runner's start until its end: MainThreadGc): in a cycle with the error's traceback, the
    # collector could free them on a worker thread, and crash.
    assert len(runners) == 1 and runners[0]() is None
    assert [w for w in QApplication.topLevelWidgets() if isinstance(w, SignInDialog)] == []


def test_console_refuses_a_wrong_password(qapp, db: Database, settings: Settings, capsys) -> None:  # type: ignore[no-untyped-def]
    f.agent(db, name="budi", password="demo1234")
    args = parse(console_app.register_cli, ["console", "--user", "budi", "--password", "nope-nope"])
    ctx = CliContext(settings)
    try:
        assert args.handler(args, ctx) == 8
    finally:
        ctx.close()  # as shared.cli.main does: no connection left open
    assert "Wrong user name or password." in capsys.readouterr().err


def test_leaving_the_tray_ends_its_news_watcher_before_the_interpreter_does(  # type: ignore[no-untyped-def]
        qtbot, db: Database, settings: Settings, monkeypatch) -> None:
    # The bundle's smoke test leaves through the event loop, not the tray's Quit: a watcher still
    # running into the interpreter's shutdown once hung it there.
    f.user(db, name="rina", password="demo1234")
    args = parse(tray_app.register_cli, ["tray", "--user", "rina", "--password", "demo1234"])
    started: list[tuple[Any, Any, TrayApp]] = []
    real_start = tray_app.start

    def spy(a: argparse.Namespace, c: CliContext) -> Any:
        started.append(real_start(a, c))
        return started[-1]

    def loop_ends(s: Any) -> int:  # the event loop is not run here (see the module's docstring)
        assert s[2].watcher is not None and s[2].watcher._thread.is_alive()
        qtbot.waitUntil(s[1].idle)  # the start's own ops end, as in the real loop: none holds a connection
        return 0

    monkeypatch.setattr(tray_app, "start", spy)
    monkeypatch.setattr(launch, "run_until_quit", loop_ends)
    ctx = CliContext(settings)
    try:
        assert args.handler(args, ctx) == 0
        tray = started[0][2]
        qtbot.addWidget(tray.window)
        assert tray.watcher is not None and tray.watcher._thread is not None
        assert not tray.watcher._thread.is_alive()
    finally:
        ctx.close()


def test_tray_opens_its_window_where_there_is_no_tray(qtbot, db: Database, settings: Settings) -> None:
    f.user(db, name="rina", password="demo1234")
    args = parse(tray_app.register_cli, ["tray", "--user", "rina", "--password", "demo1234"])
    assert args.handler is tray_app.handler
    ctx = CliContext(settings)
    try:
        app, ops, tray = tray_app.start(args, ctx)
        assert tray.tray is None and tray.window is not None and tray.window.isVisible()
        qtbot.addWidget(tray.window)
        app.setQuitOnLastWindowClosed(False)
        qtbot.waitUntil(ops.idle)
        tray.stop_push(timeout=10)  # ended, not only asked: a read in flight would outlive the engine closed below
    finally:
        ctx.close()
