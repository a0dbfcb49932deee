"""Background operations, in the style of Anki's QueryOp / CollectionOp.

An op is a function `(uow) -> result` that runs on a worker thread with a fresh UnitOfWork
(UnitOfWork objects are not thread-safe, so each op makes its own). Its result comes back on the
GUI thread through a queued signal. Errors go to `show_error` unless the caller handles them.
When the op says what it changed (`changes=`), the `Changes` value is broadcast on the one
app-wide `Ops.sig_changed` signal, and every view decides for itself whether to reload.

The op never touches widgets: it only gets the unit of work.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

from desktop.common.compat import MainThreadGc, guard_none_refcount
from desktop.common.errors import show_error
from shared.services.dto import Changes
from shared.services.uow import UnitOfWork

if TYPE_CHECKING:
    from shared.db.database import Database  # a type only: widgets never open databases

T = TypeVar("T")

ChangesFor = Changes | Callable[[Any], Changes] | None


class _Task(QRunnable):
    """Runs on a worker thread. It holds no Qt object besides itself: only the op, the database
    and the runner's `_deliver`, so nothing Qt-owned is ever released on the worker thread."""

    def __init__(self, db: Database, op: Callable[[UnitOfWork], Any], op_id: int,
                 deliver: Callable[[int, bool, object], None]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._db, self._op, self._id, self._deliver = db, op, op_id, deliver

    def run(self) -> None:
        try:
            result = self._op(self._db.uow())
        except BaseException as exc:  # delivered to the GUI thread, never lost in the worker
            self._deliver(self._id, False, exc)
        else:
            self._deliver(self._id, True, result)
        finally:
            self._op = None  # type: ignore[assignment]


class Op(Generic[T]):
    """One running operation; kept alive by the runner until its result is delivered."""

    def __init__(self, ops: Ops, op: Callable[[UnitOfWork], T], *, success: Callable[[T], None] | None,
                 failure: Callable[[BaseException], bool | None] | None, parent: QWidget | None,
                 changes: ChangesFor) -> None:
        self._ops, self._op = ops, op
        self._success, self._failure, self._parent, self._changes = success, failure, parent, changes
        self.done = False

    def start(self) -> Op[T]:
        op_id = self._ops._started(self)
        self._ops.pool.start(_Task(self._ops.db, self._op, op_id, self._ops._deliver))
        return self

    def _parent_alive(self) -> bool:
        return self._parent is None or shiboken6.isValid(self._parent)

    def _finish(self, ok: bool, value: object) -> None:
        self.done = True
        try:
            if ok:
                changes = self._changes(value) if callable(self._changes) else self._changes
                if self._success is not None and self._parent_alive():
                    self._success(value)  # type: ignore[arg-type]
                if changes is not None:
                    self._ops.sig_changed.emit(changes)
            else:
                assert isinstance(value, BaseException)
                handled = self._failure(value) if self._failure is not None and self._parent_alive() else None
                if not handled:
                    self._ops.sig_error.emit(value)
                    if self._ops.show_errors:
                        show_error(self._parent if self._parent_alive() else None, value)
        finally:
            self._parent = None


class Ops(QObject):
    """The app's runner: one thread pool, one database, one `sig_changed`.

    Workers hand results back through `_deliver`: the value goes into a locked dict and only the
    op's id crosses threads, on a queued signal to this object, which lives on the GUI thread.
    """

    sig_changed = Signal(object)  # Changes
    sig_busy = Signal(bool)
    sig_error = Signal(object)  # every unhandled error, after it is shown (tests listen here)
    _sig_ready = Signal(int)

    def __init__(self, db: Database, parent: QObject | None = None, *, max_threads: int = 4) -> None:
        super().__init__(parent)
        guard_none_refcount()  # every Qt app here makes one runner; see compat.py for why
        MainThreadGc.install(self)
        self.db = db
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self.show_errors = True
        self._running: dict[int, Op[Any]] = {}
        self._results: dict[int, tuple[bool, object]] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._sig_ready.connect(self._on_ready, Qt.ConnectionType.QueuedConnection)

    def now(self) -> datetime:
        """The database's clock (tests use a fake one), so countdowns agree with the services."""
        return self.db.clock()

    def run(self, op: Callable[[UnitOfWork], T], success: Callable[[T], None] | None = None, *,
            failure: Callable[[BaseException], bool | None] | None = None, parent: QWidget | None = None,
            changes: ChangesFor = None) -> Op[T]:
        """Run `op(uow)` off the GUI thread; `success(result)` runs on the GUI thread.

        `failure(exc)` may return True to say it handled the error; otherwise it is shown.
        `changes` (a Changes, or a function of the result) is broadcast on `sig_changed`.
        """
        return Op(self, op, success=success, failure=failure, parent=parent, changes=changes).start()

    def call(self, fn: Callable[[], T], success: Callable[[T], None] | None = None, *,
             failure: Callable[[BaseException], bool | None] | None = None, parent: QWidget | None = None,
             changes: ChangesFor = None) -> Op[T]:
        """Like `run` for work that brings its own data access (the tray's client)."""
        return self.run(lambda _uow: fn(), success, failure=failure, parent=parent, changes=changes)

    def idle(self) -> bool:
        return not self._running

    def wait(self, msecs: int = 10_000) -> None:
        """Block until every worker is finished (used at shutdown and in test teardown)."""
        self.pool.waitForDone(msecs)

    def _started(self, op: Op[Any]) -> int:
        op_id = next(self._ids)
        self._running[op_id] = op
        if len(self._running) == 1:
            self.sig_busy.emit(True)
        return op_id

    def _deliver(self, op_id: int, ok: bool, value: object) -> None:
        """Called on a worker thread."""
        with self._lock:
            self._results[op_id] = (ok, value)
        self._sig_ready.emit(op_id)

    @Slot(int)
    def _on_ready(self, op_id: int) -> None:
        with self._lock:
            ok, value = self._results.pop(op_id)
        op = self._running.pop(op_id)
        try:
            op._finish(ok, value)
        finally:
            if not self._running:
                self.sig_busy.emit(False)


def ticket_changes(ticket_id: int, *, kb: bool = False) -> Changes:
    return Changes(ticket_ids=frozenset({ticket_id}), queue=True, kb=kb)
