"""Work-arounds for bugs in the Qt bindings we run on.

PySide6 6.12.0 on CPython 3.11: every call of a void C++ method (QLabel.setText, QPainter.save,
QWidget.setEnabled, …) returns `None` without taking a reference to it, so each call lowers
None's reference count by one. A busy GUI makes millions of such calls and the interpreter dies
with "Fatal Python error: none_dealloc: deallocating None". From Python 3.12 on None is immortal
(PEP 683) and the bug is harmless. Until the bindings are fixed (or the project requires 3.12 or
pins PySide6 < 6.12), give None the same practical immortality on 3.11: a reference count so high
that no run can count it down to zero. Measured in tests/desktop/test_compat.py.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_HEADROOM = 1 << 50  # ~10^15 leaked decrements before it could matter


def guard_none_refcount() -> None:
    """Idempotent; a no-op on Python 3.12+ where None is immortal."""
    if sys.version_info >= (3, 12):
        return
    import ctypes  # here: desktop.console.app imports this module to build the CLI's parser

    refcnt = ctypes.c_ssize_t.from_address(id(None))
    if refcnt.value < _HEADROOM // 2:
        refcnt.value += _HEADROOM


class MainThreadGc:
    """Python's cyclic garbage collector runs on whichever thread happens to allocate; run there,
    it can free a widget or timer on a worker thread ("QBasicTimer::stop: Failed. Possibly trying
    to stop from a different thread", then a crash). As Anki does, switch automatic collection
    off and collect on the GUI thread from a timer instead."""

    _timer = None
    _slot: Callable[..., None] | None = None  # the timer's `destroyed` slot, to disconnect on uninstall

    @classmethod
    def install(cls, parent: object) -> None:
        import gc

        from PySide6.QtCore import QObject, QTimer

        if cls._timer is not None:
            return
        assert isinstance(parent, QObject)
        gc.disable()
        timer = QTimer(QObject.parent(parent) or parent)
        timer.setInterval(500)
        timer.timeout.connect(cls.collect)
        timer.start()
        cls._timer = timer
        key = id(timer)
        cls._slot = lambda _obj=None: cls._on_destroyed(key)
        timer.destroyed.connect(cls._slot)

    @classmethod
    def _on_destroyed(cls, key: int) -> None:
        import gc

        if cls._timer is not None and id(cls._timer) == key:  # not a newer timer's business
            cls._timer = None
            gc.enable()

    @classmethod
    def collect(cls) -> None:
        import gc

        if cls._importing:
            return  # a worker is importing the start's modules (imports_set_aside): they freeze once in
        counts, limits = gc.get_count(), gc.get_threshold()
        if counts[0] > limits[0]:
            generation = 2 if counts[2] > limits[2] else 1 if counts[1] > limits[1] else 0
            gc.collect(generation)

    _frozen = False
    _imports_set_aside = False
    _importing = False

    @classmethod
    @contextmanager
    def imports_set_aside(cls) -> Iterator[None]:
        """A start's imports (SQLAlchemy, the models, Qt's wrappers, the window's code) make a few
        hundred thousand objects that live as long as the process. The collector walked them ~180
        times on the way to the console's first page, ~60 ms, and found a few hundred to free.
        Around the imports: no automatic collection, then what they made out of sight of every
        later one (gc.freeze), as `freeze` does with the rest once the first page is in. Once per
        process; the collector's state (on or off) is left as it was. The imports may run on a worker
        (the console's sign-in dialog path): meanwhile the GUI thread's timer does not collect either,
        which would walk the half-imported heap while the person types."""
        import gc

        if cls._imports_set_aside:
            yield
            return
        enabled = gc.isenabled()
        gc.disable()
        cls._importing = True
        try:
            yield
            cls._imports_set_aside = True
            gc.freeze()
        finally:
            cls._importing = False
            if enabled:
                gc.enable()

    @classmethod
    def freeze(cls) -> None:
        """Once an app has started, most of its heap is what it will keep for good: the modules
        (SQLAlchemy's, the models, Qt's wrappers) and the window. Move it out of sight of every
        later collection (gc.freeze), so that a full collection walks what was made since, not
        all of it: on the console that is the difference between a few ms and tens of ms during
        which the GUI thread does nothing else. Once per process."""
        import gc

        if not cls._frozen:
            cls._frozen = True
            gc.freeze()

    @classmethod
    def uninstall(cls) -> None:
        """Back to automatic collection (tests, and apps shutting down)."""
        import gc

        timer, cls._timer = cls._timer, None
        slot, cls._slot = cls._slot, None
        if timer is not None:
            timer.stop()
            # Its `destroyed` would otherwise call back into Python while its parent is being freed
            # (the Ops object, when its last reference goes): a segfault, some of the time, in a
            # test's teardown (test_console_first_page then test_signin_queue, or a GC threshold
            # moved by one).
            if slot is not None:
                timer.destroyed.disconnect(slot)
        gc.enable()
