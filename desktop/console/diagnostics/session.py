"""One diagnostics session per console window: the SSH connections kept while the agent works,
and the approved catalogue, loaded once.

`shared.ssh.SshPool` keeps one connection per machine so a second command skips the handshake;
a timer closes idle ones every minute, and everything is closed on quit. Every SSH call and the
catalogue read run off the GUI thread through the app's `Ops`. The pool (and with it paramiko,
about 100 ms of imports) is made on first use: most console sessions never run a diagnostic.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QWidget

from desktop.common.ops import Op, Ops
from shared.auth.permissions import Actor
from shared.errors import HelpdeskError

if TYPE_CHECKING:  # the catalogue and the diagnostics service: imported for the first diagnostic
    from agent_probe.gate.catalogue import Catalogue
    from shared.services.diagnostics import RunRecord
    from shared.ssh.client import SshPool

log = logging.getLogger(__name__)

IDLE_CHECK_MS = 60_000


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files _tr() under the empty context


class CatalogueUnavailable(HelpdeskError):
    """The approved catalogue cannot be read: a packaging problem, shown instead of a traceback."""


def _close_idle(pool: SshPool) -> None:
    # Runs on a worker thread: closing a paramiko transport may wait on its reader thread.
    try:
        pool.close_idle()
    except Exception:  # a timer tick must never bring the console down
        log.exception("closing idle SSH connections failed")


class DiagnosticsSession(QObject):
    def __init__(self, ops: Ops, *, pool: SshPool | None = None, catalogue: Catalogue | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self._pool = pool
        self.catalogue = catalogue
        self.timer = QTimer(self)
        self.timer.setInterval(IDLE_CHECK_MS)
        self.timer.timeout.connect(self._on_idle_check)
        self.timer.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)

    @property
    def pool(self) -> SshPool:
        if self._pool is None:
            from shared.ssh.client import SshPool

            self._pool = SshPool()  # the key is read on first use, on a worker thread
        return self._pool

    def _on_idle_check(self) -> None:
        pool = self._pool
        if pool is not None:
            self.ops.pool.start(lambda: _close_idle(pool))  # not an Op: no "Working…" flicker every minute

    def close(self) -> None:
        """Close every connection (on quit). Safe to call more than once."""
        self.timer.stop()
        if self._pool is not None:
            self._pool.close()

    def with_catalogue(self, then: Callable[[Catalogue], None], parent: QWidget | None) -> None:
        """Call `then(catalogue)` on the GUI thread, reading the catalogue file off it the first time."""
        if self.catalogue is not None:
            then(self.catalogue)
            return

        from agent_probe.gate.catalogue import CatalogueError, load_catalogue

        def load() -> Catalogue:
            try:
                return load_catalogue()
            except CatalogueError as exc:
                raise CatalogueUnavailable(_tr("The approved diagnostics catalogue cannot be read: {error}")
                                           .format(error=exc)) from None

        def loaded(catalogue: Catalogue) -> None:
            self.catalogue = catalogue
            then(catalogue)
        self.ops.call(load, loaded, parent=parent)

    def run(self, actor: Actor, ticket_id: int | None, machine_id: int, diagnostic_id: str,
            params: Mapping[str, str | int], *, success: Callable[[RunRecord], None],
            failure: Callable[[BaseException], bool | None], parent: QWidget | None) -> Op[RunRecord]:
        """`run_diagnostic` on a worker thread. The ticket is refreshed either way, through the
        runner's one broadcast: a run returns what it changed, and a refusal or failure, which the
        service records on the ticket too, carries it on the error (`committed`)."""
        from shared.ssh.run import run_diagnostic

        db, pool, catalogue = self.ops.db, self.pool, self.catalogue
        if db is None:
            raise RuntimeError("diagnostics need the console's database")
        return self.ops.call(lambda: run_diagnostic(db, actor, ticket_id, machine_id, diagnostic_id, dict(params),
                                                    pool, catalogue=catalogue),
                             success, failure=failure, parent=parent)
