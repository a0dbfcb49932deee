"""Running an app's event loop to the end, the same way for the console and the tray."""

from __future__ import annotations

import os
from typing import Any, Protocol

# Smoke test of a packaged build (tools/bundle.py): the app starts, shows its window, then leaves.
QUIT_WHEN_SHOWN_ENV = "HELPDESK_QUIT_WHEN_SHOWN"


class _Waitable(Protocol):
    def wait(self) -> None: ...


def run_until_quit(started: int | tuple[Any, _Waitable, Any]) -> int:
    """`started` is what an app's `start()` returned: an exit code, or (app, ops, window).

    Background operations are waited for after the loop ends, so none is cut off mid-save.
    """
    if isinstance(started, int):
        return started
    app, ops, _window = started
    if os.environ.get(QUIT_WHEN_SHOWN_ENV) == "1":
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, app.quit)  # after the first turn of the loop: the window is up
    code = app.exec()
    ops.wait()
    return int(code)
