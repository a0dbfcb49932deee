"""Background operations, in the style of Anki's QueryOp / CollectionOp.

An op is a plain callable `() -> result` that runs on a worker thread; its result comes back on
the GUI thread through a queued signal. Errors go to `show_error` unless the caller handles them.
`run` is the console's shorthand for an op that wants a fresh UnitOfWork (they are not
thread-safe, so each op makes its own); the tray's HTTP client brings its own data access and
needs no database at all.

What an op changed comes from the service itself: a result that is a `Changes`, or carries one
on `.changes` (ChangedTicket, ChangedArticle, RunRecord), is broadcast on the one app-wide
`Ops.sig_changed` signal, and so is what a failed op still saved (`HelpdeskError.committed`: a
refused diagnostic is recorded on its ticket). Every view decides for itself whether to reload;
the `initiator` travels along, so the view that made the change can skip its own broadcast.

The op never touches widgets.
"""

from __future__ import annotations

import itertools
import sys
import threading
import weakref
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from desktop.common.compat import MainThreadGc, guard_none_refcount
from desktop.common.errors import show_error
from shared.changes import Changes
from shared.errors import HelpdeskError

if TYPE_CHECKING:
    from shared.db.database import Database  # a type only: widgets never open databases
    from shared.services.uow import UnitOfWork

T = TypeVar("T")

SWITCH_INTERVAL_S = 0.001


def changes_of(value: object) -> Changes | None:
    """What a result or an error says it changed, if anything."""
    if isinstance(value, Changes):
        return value or None
    found = getattr(value, "committed" if isinstance(value, HelpdeskError) else "changes", None)
    return found if isinstance(found, Changes) and found else None


class _Mailbox:
    """Where a runner's workers leave their results: a plain object, no Qt. A worker holds this and
    never the runner itself, so whatever a worker thread lets go of last frees nothing Qt-owned: a
    runner dropped (a window closed, a test ended) while one of its ops runs is freed on the GUI
    thread, where it lives (freed on a worker thread, its QObject crashed Qt later)."""

    def __init__(self, owner: Ops) -> None:
        self.owner = weakref.ref(owner)
        self.lock = threading.Lock()
        self.results: dict[int, tuple[bool, object]] = {}

    def put(self, op_id: int, ok: bool, value: object) -> None:
        """Called on a worker thread."""
        with self.lock:
            self.results[op_id] = (ok, value)
        _relay().ready.emit(self, op_id)

    def take(self, op_id: int) -> tuple[bool, object]:
        with self.lock:
            return self.results.pop(op_id)


class _Relay(QObject):
    """Carries "op N of this mailbox is done" to the GUI thread. One per process, made on the GUI
    thread by the first runner and never freed."""

    ready = Signal(object, int)  # the _Mailbox, the op's id


_RELAY: list[_Relay] = []


def _relay() -> _Relay:
    if not _RELAY:
        relay = _Relay()
        relay.ready.connect(_on_ready, Qt.ConnectionType.QueuedConnection)
        _RELAY.append(relay)
    return _RELAY[0]


def _on_ready(mailbox: _Mailbox, op_id: int) -> None:
    ops = mailbox.owner()
    if ops is not None:  # else the runner is gone, and its ops with it
        ops._on_ready(op_id)


class _Task(QRunnable):
    """Runs on a worker thread. It holds no Qt object besides itself: the callable and the
    runner's mailbox, so nothing Qt-owned is ever released on the worker thread."""

    def __init__(self, fn: Callable[[], Any], op_id: int, mailbox: _Mailbox) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn, self._id, self._mailbox = fn, op_id, mailbox

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to the GUI thread, never lost in the worker
            self._mailbox.put(self._id, False, exc)
        else:
            self._mailbox.put(self._id, True, result)
        finally:
            # An error's traceback keeps this frame, hence the task: it keeps nothing of the runner.
            self._fn = None  # type: ignore[assignment]


class Op(Generic[T]):
    """One running operation; kept alive by the runner until its result is delivered."""

    def __init__(self, ops: Ops, fn: Callable[[], T], *, success: Callable[[T], None] | None,
                 failure: Callable[[BaseException], bool | None] | None, parent: QObject | None,
                 initiator: object) -> None:
        self._ops, self._fn = ops, fn
        self._success, self._failure, self._parent, self._initiator = success, failure, parent, initiator
        self.done = False

    def start(self) -> Op[T]:
        op_id = self._ops._started(self)
        self._ops.pool.start(_Task(self._fn, op_id, self._ops._mailbox))
        return self

    def _parent_alive(self) -> bool:
        return self._parent is None or shiboken6.isValid(self._parent)

    def _finish(self, ok: bool, value: object) -> None:
        self.done = True
        try:
            changes = changes_of(value)
            if ok:
                if self._success is not None and self._parent_alive():
                    self._success(value)  # type: ignore[arg-type]
            else:
                assert isinstance(value, BaseException)
                handled = self._failure(value) if self._failure is not None and self._parent_alive() else None
                if not handled:
                    self._ops.sig_error.emit(value)
                    if self._ops.show_errors:
                        owner = self._parent if self._parent_alive() else None
                        show_error(owner if isinstance(owner, QWidget) else None, value)
            if changes is not None:
                self._ops.sig_changed.emit(changes, self._initiator)
        finally:
            self._parent = self._initiator = None


class Ops(QObject):
    """The app's runner: one thread pool, one database, one `sig_changed`.

    Workers hand results back through its `_Mailbox`: the value goes into a locked dict and only
    the op's id crosses threads, on a queued signal of the process's one `_Relay`, which lives on
    the GUI thread and finds this runner by a weak reference.
    """

    sig_changed = Signal(object, object)  # Changes, and the object that started the op (or None)
    sig_busy = Signal(bool)
    sig_error = Signal(object)  # every unhandled error, after it is shown (tests listen here)

    def __init__(self, db: Database | None = None, parent: QObject | None = None, *, max_threads: int = 4,
                 clock: Callable[[], datetime] | None = None) -> None:
        super().__init__(parent)
        guard_none_refcount()  # every Qt app here makes one runner; see compat.py for why
        MainThreadGc.install(self)
        # A worker that holds the GIL (an ORM query turning rows into objects) gives it up to the
        # GUI thread after at most this long; Python's default, 5 ms, is a visible stutter when
        # several workers take turns before the GUI thread gets it.
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self.db = db
        self._clock_given = clock is not None
        self._clock = clock or (db.clock if db is not None else (lambda: datetime.now(UTC)))
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self.show_errors = True
        self._running: dict[int, Op[Any]] = {}
        self._mailbox = _Mailbox(self)
        _relay()  # made here, on the GUI thread, before any worker needs it
        self._ids = itertools.count(1)

    def use_database(self, db: Database) -> None:
        """The database of a runner made before it was open: the console shows its sign-in dialog
        first and opens the database on a worker while the person types."""
        self.db = db
        if not self._clock_given:
            self._clock = db.clock

    def now(self) -> datetime:
        """The database's clock when there is one (tests use a fake one), so countdowns agree with the services."""
        return self._clock()

    def call(self, fn: Callable[[], T], success: Callable[[T], None] | None = None, *,
             failure: Callable[[BaseException], bool | None] | None = None, parent: QObject | None = None,
             initiator: object = None) -> Op[T]:
        """Run `fn()` off the GUI thread; `success(result)` runs on the GUI thread.

        `failure(exc)` may return True to say it handled the error; otherwise it is shown. What
        the result (or the error) says it changed is broadcast on `sig_changed` with `initiator`.
        """
        return Op(self, fn, success=success, failure=failure, parent=parent, initiator=initiator).start()

    def run(self, op: Callable[[UnitOfWork], T], success: Callable[[T], None] | None = None, *,
            failure: Callable[[BaseException], bool | None] | None = None, parent: QObject | None = None,
            initiator: object = None) -> Op[T]:
        """`call` for an op that takes a fresh unit of work of the runner's database."""
        db = self.db
        if db is None:
            raise RuntimeError("this runner has no database; use call()")
        return self.call(lambda: op(db.uow()), success, failure=failure, parent=parent, initiator=initiator)

    def later(self, fn: Callable[[], None]) -> Op[None]:
        """Run `fn` on the GUI thread after the events posted so far (the paint of rows that just
        arrived, say). Until it has run the runner is busy, as for any op: `idle()` never sees a
        gap between the op that asked for it and the work `fn` starts."""
        op: Op[None] = Op(self, lambda: None, success=lambda _none: fn(), failure=None, parent=None, initiator=None)
        self._mailbox.put(self._started(op), True, None)  # a queued signal, from this thread: posted behind the paint
        return op

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

    def _on_ready(self, op_id: int) -> None:
        ok, value = self._mailbox.take(op_id)
        op = self._running.pop(op_id)
        try:
            op._finish(ok, value)
        finally:
            if not self._running:
                self.sig_busy.emit(False)

