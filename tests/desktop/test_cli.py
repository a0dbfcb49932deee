"""`helpdesk console` and `helpdesk tray`: the subcommands the desktop registers.

`start()` is the handler up to the event loop; the tests stop there (a finished
QApplication.exec() would stop every later event loop in this process)."""

from __future__ import annotations

import argparse
from typing import Any

import pytest

from desktop.common import launch
from desktop.console import app as console_app
from desktop.console.main_window import MainWindow
from desktop.tray import app as tray_app
from desktop.tray.app import TrayApp
from shared.cli_support import CliContext
from shared.config import Settings
from shared.db.database import Database
from tests import factories as f

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
