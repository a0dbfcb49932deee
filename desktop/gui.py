"""GUI entry points ([project.gui-scripts]): `helpdesk-tray` and `helpdesk-console`.

On Windows pip makes them .exe launchers of pythonw, so starting one (from the Start menu, the
Run key at logon) opens no console window; elsewhere they are `helpdesk tray` / `helpdesk console`.
They set the AppUserModelID first, so the taskbar and notifications show our name."""

from __future__ import annotations

import sys

from desktop.autostart.appid import CONSOLE_APP_ID, TRAY_APP_ID, set_app_user_model_id


def tray() -> int:
    set_app_user_model_id(TRAY_APP_ID)
    from shared.cli import main

    return main(["tray", *sys.argv[1:]])


def console() -> int:
    set_app_user_model_id(CONSOLE_APP_ID)
    from shared.cli import main

    return main(["console", *sys.argv[1:]])


if __name__ == "__main__":
    # `python -m desktop.gui tray|console [...]`
    which = sys.argv[1] if len(sys.argv) > 1 else "tray"
    del sys.argv[1:2]
    sys.exit(console() if which == "console" else tray())
