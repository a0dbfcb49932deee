"""Desktop fixtures: real widgets offscreen, a real database, and the app's background runner."""

from __future__ import annotations

import os
from collections.abc import Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.common.compat import MainThreadGc
from desktop.common.ops import Ops
from desktop.common.theme import apply_language, apply_theme
from shared.auth.permissions import Actor
from shared.db.database import Database
from tests import factories as f
from tests.conftest import PATIENCE

PATIENCE_MS = int(PATIENCE * 1000)


class PatientQtBot(QtBot):
    """pytest-qt's bot, giving up after PATIENCE instead of 5 s: its waits guard against hangs, and a
    busy machine must not fail a correct test."""

    def waitSignal(self, signal: Any, *, timeout: int = PATIENCE_MS, **kw: Any) -> Any:
        return super().waitSignal(signal, timeout=timeout, **kw)

    def waitSignals(self, signals: Any, *, timeout: int = PATIENCE_MS, **kw: Any) -> Any:
        return super().waitSignals(signals, timeout=timeout, **kw)

    def waitUntil(self, callback: Any, *, timeout: int = PATIENCE_MS) -> None:
        super().waitUntil(callback, timeout=timeout)

    def waitCallback(self, *, timeout: int = PATIENCE_MS, **kw: Any) -> Any:
        return super().waitCallback(timeout=timeout, **kw)

    def waitExposed(self, widget: QWidget, *, timeout: int = PATIENCE_MS) -> Any:
        return super().waitExposed(widget, timeout=timeout)

    def waitActive(self, widget: QWidget, *, timeout: int = PATIENCE_MS) -> Any:
        return super().waitActive(widget, timeout=timeout)


@pytest.fixture
def qtbot(qapp: QApplication, request: pytest.FixtureRequest) -> QtBot:
    return PatientQtBot(request)


def delete_closed_widgets() -> None:
    """Delete now what the tests before asked Qt to delete later.

    pytest-qt closes a test's widgets with `deleteLater`, which only an event loop carries out, and
    the next test's first wait runs one: until then hundreds of dead widgets (3,000 after the
    screens test) were restyled by the next test's `apply_theme` and told of its language change,
    ~0.15-1.4 s of CPU each time, 8.8 s over tests/desktop. Deleting them is what the console's own
    event loop would have done long before."""
    if QApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def _defaults(db: Database) -> Iterator[None]:
    delete_closed_widgets()
    f.defaults(db)
    yield
    MainThreadGc.uninstall()  # later test packages get Python's usual garbage collection back


@pytest.fixture
def ops(committed_db: Database, qapp: QApplication) -> Iterator[Ops]:
    """The console's background runner: its ops run on worker threads, each on its own connection,
    so they see only committed data (`db` is `committed_db` wherever `ops` is used)."""
    apply_language(qapp, "en")
    apply_theme(qapp, "light")
    runner = Ops(committed_db)
    runner.errors = []  # type: ignore[attr-defined]
    runner.sig_error.connect(runner.errors.append)  # type: ignore[attr-defined]
    yield runner
    runner.wait()  # no worker may still touch the database when it is wiped
    qapp.processEvents()


def wait_idle(qtbot, ops: Ops, timeout: int = PATIENCE_MS) -> None:  # type: ignore[no-untyped-def]
    """Until every background op has delivered its result on the GUI thread."""
    qtbot.waitUntil(ops.idle, timeout=timeout)


def shown_window(qtbot, ops: Ops, actor: Actor):  # type: ignore[no-untyped-def]
    """The console's main window for `actor`, on screen, with its start-up loads delivered."""
    from desktop.console.main_window import MainWindow

    window = MainWindow(ops, actor)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_idle(qtbot, ops)
    return window


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    assert widget.isEnabled(), f"{widget.objectName() or widget} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def open_dialog(qtbot, view, name: str, kind: type):  # type: ignore[no-untyped-def]
    """Click a ticket action's button and return the dialog it opens (some fetch data first)."""
    view.dialog = None
    click(qtbot, view.buttons[name])
    qtbot.waitUntil(lambda: isinstance(getattr(view, "dialog", None), kind) and view.dialog.isVisible())
    return view.dialog
