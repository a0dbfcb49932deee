"""The bundle's `helpdesk` executable: the CLI, console and tray (PyInstaller's entry script)."""

import sys

from desktop.autostart.appid import CONSOLE_APP_ID, TRAY_APP_ID, set_app_user_model_id
from shared.entry import main

if sys.argv[1:2] == ["tray"]:
    set_app_user_model_id(TRAY_APP_ID)
elif sys.argv[1:2] == ["console"]:
    set_app_user_model_id(CONSOLE_APP_ID)
sys.exit(main())
