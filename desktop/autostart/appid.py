"""Windows: the process's AppUserModelID, so the taskbar groups our windows under our name and
notifications (QSystemTrayIcon.showMessage, shown as toasts) carry it instead of "Python"."""

from __future__ import annotations

import sys
from typing import Any

TRAY_APP_ID = "Helpdesk.Tray"
CONSOLE_APP_ID = "Helpdesk.Console"


def set_app_user_model_id(app_id: str, shell32: Any = None) -> bool:
    """True when set; elsewhere than Windows there is nothing to set."""
    if shell32 is None:
        if sys.platform != "win32":
            return False
        import ctypes

        shell32 = ctypes.windll.shell32
    # SetCurrentProcessExplicitAppUserModelID returns an HRESULT: 0 is S_OK. It must run before
    # the first window is shown.
    return bool(shell32.SetCurrentProcessExplicitAppUserModelID(app_id) == 0)
