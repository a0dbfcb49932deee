"""Running an app's event loop to the end, the same way for the console and the tray."""

from __future__ import annotations

from typing import Any, Protocol


class _Waitable(Protocol):
    def wait(self) -> None: ...


def run_until_quit(started: int | tuple[Any, _Waitable, Any]) -> int:
    """`started` is what an app's `start()` returned: an exit code, or (app, ops, window).

    Background operations are waited for after the loop ends, so none is cut off mid-save.
    """
    if isinstance(started, int):
        return started
    app, ops, _window = started
    code = app.exec()
    ops.wait()
    return int(code)
