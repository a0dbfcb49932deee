"""The background runner: plain callables, no database needed, and one broadcast of what changed."""

from __future__ import annotations

import threading
import weakref
from datetime import UTC, datetime

import pytest

from desktop.common.ops import Ops
from shared.changes import Changes
from shared.errors import PermissionDenied
from tests.desktop.conftest import wait_idle


def test_a_runner_without_a_database_runs_plain_callables(qtbot) -> None:  # type: ignore[no-untyped-def]
    ops = Ops(clock=lambda: datetime(2026, 1, 2, tzinfo=UTC))
    got: list[int] = []
    ops.call(lambda: 6 * 7, got.append)
    wait_idle(qtbot, ops)
    assert got == [42] and ops.now() == datetime(2026, 1, 2, tzinfo=UTC)
    with pytest.raises(RuntimeError):
        ops.run(lambda _uow: 1)
    ops.wait()


def test_the_changes_a_result_or_an_error_carries_are_broadcast(qtbot) -> None:  # type: ignore[no-untyped-def]
    ops = Ops()
    ops.show_errors = False
    heard: list[tuple[Changes, object]] = []
    ops.sig_changed.connect(lambda changes, initiator: heard.append((changes, initiator)))
    me = object()
    ops.call(lambda: Changes.of(tickets=[1]), initiator=me)
    wait_idle(qtbot, ops)

    def refused() -> None:
        exc = PermissionDenied("no")
        exc.committed = Changes.of(tickets=[2])  # the refusal was still recorded on ticket 2
        raise exc

    ops.call(refused, failure=lambda _exc: True)
    ops.call(Changes)  # nothing changed: nothing is said
    ops.call(lambda: "plain")
    wait_idle(qtbot, ops)
    assert heard == [(Changes.of(tickets=[1]), me), (Changes.of(tickets=[2]), None)]
    ops.wait()


def test_later_runs_on_the_gui_thread_after_what_is_posted_and_keeps_the_runner_busy(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QObject, Qt, Signal

    class Poster(QObject):
        sig = Signal(str)

    ops = Ops()
    order: list[str] = []
    poster = Poster()
    poster.sig.connect(order.append, Qt.ConnectionType.QueuedConnection)
    poster.sig.emit("posted")  # what a paint request is to the event loop: an event already waiting
    ops.later(lambda: order.append("later"))
    assert order == [] and not ops.idle()  # nothing ran yet, and the runner says it is busy
    wait_idle(qtbot, ops)
    assert order == ["posted", "later"]


def test_the_gui_thread_waits_at_most_a_millisecond_for_the_gil() -> None:
    import sys

    from desktop.common.ops import SWITCH_INTERVAL_S

    sys.setswitchinterval(0.005)  # Python's default
    ops = Ops()
    assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL_S) and SWITCH_INTERVAL_S <= 0.001
    ops.wait()


def test_the_heap_an_app_starts_with_is_frozen_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from desktop.common.compat import MainThreadGc

    frozen: list[int] = []
    monkeypatch.setattr(MainThreadGc, "_frozen", False)
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(gc.get_count()[0]))
    MainThreadGc.freeze()
    MainThreadGc.freeze()  # a second window in the same process
    assert len(frozen) == 1


def test_the_start_s_imports_run_without_collections_and_are_then_set_aside_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """No automatic collection while the start imports (the collector walked their objects ~180
    times on the way to the console's first page), then they are moved out of its sight; the
    collector is left on or off as it was, on failure too, and a second start does nothing."""
    import gc

    from desktop.common.compat import MainThreadGc

    frozen: list[bool] = []
    monkeypatch.setattr(MainThreadGc, "_imports_set_aside", False)
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(gc.isenabled()))
    was = gc.isenabled()
    try:
        gc.enable()
        with pytest.raises(ImportError), MainThreadGc.imports_set_aside():
            assert not gc.isenabled()
            raise ImportError("a module that is not there")
        assert gc.isenabled() and frozen == []  # a failed start freezes nothing
        with MainThreadGc.imports_set_aside():
            assert not gc.isenabled()
        assert gc.isenabled() and frozen == [False]  # frozen before the collector comes back
        with MainThreadGc.imports_set_aside():  # a second window in the same process
            assert gc.isenabled()
        gc.disable()  # an app whose Ops already collects on the GUI thread
        monkeypatch.setattr(MainThreadGc, "_imports_set_aside", False)
        with MainThreadGc.imports_set_aside():
            pass
        assert not gc.isenabled() and frozen == [False, False]
    finally:
        (gc.enable if was else gc.disable)()


def test_after_uninstall_the_gc_timer_calls_nothing_back_when_its_parent_goes() -> None:
    """The collection timer tells MainThreadGc when it is destroyed; once uninstalled (each desktop
    test's teardown, an app shutting down) it must not: freeing its parent from Python then ran a
    Python slot mid-destruction, which crashed the interpreter some of the time."""
    from PySide6.QtCore import QObject

    from desktop.common.compat import MainThreadGc

    MainThreadGc.uninstall()
    parent = QObject()
    MainThreadGc.install(parent)
    timer = MainThreadGc._timer
    assert timer is not None
    installed = timer.receivers("2destroyed(QObject*)")
    MainThreadGc.uninstall()
    assert timer.receivers("2destroyed(QObject*)") == installed - 1  # ours is gone, Qt's own stay
    del timer, parent  # the parent and its timer go here, with nothing to call


def test_a_runner_dropped_while_its_op_runs_is_freed_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A window closed (or a test ended) while one of its ops still runs: its runner must not be
    freed by the worker thread that finishes the op (a QObject freed there crashed Qt later, in
    another test's event processing). The worker holds the runner's mailbox, never the runner.
    (The crash needed the GUI thread to take the result before the worker let go of the runner;
    this checks where the runner ends, not that race.)"""
    started, go = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        go.wait(5)
        return "done"

    ops = Ops()
    freed_on: list[str] = []
    weakref.finalize(ops, lambda: freed_on.append(threading.current_thread().name))
    delivered: list[str] = []
    ops.call(slow, delivered.append)
    assert started.wait(5)
    threading.Timer(0.1, go.set).start()  # the op ends while the GUI thread lets the runner go
    del ops
    qtbot.waitUntil(lambda: bool(freed_on), timeout=5000)
    assert freed_on == [threading.main_thread().name]
    assert delivered == ["done"]  # the running op kept its runner until it had delivered
