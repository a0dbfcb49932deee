"""Windows: a value under HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run.

Explorer starts each value's command line at the user's logon; no administrator rights needed,
and users see (and can switch off) the entry under Settings > Apps > Startup. The winreg module is
passed in, so the calls are checked with a recorded one on any system.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from types import ModuleType
from typing import Any

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
VALUE_NAME = "Helpdesk"


def command_line(command: Sequence[str]) -> str:
    # The Run key's value is a command line parsed the Windows way (CommandLineToArgvW).
    return subprocess.list2cmdline(list(command))


class RunKey:
    def __init__(self, winreg: ModuleType | Any) -> None:
        self._reg = winreg

    @classmethod
    def load(cls) -> RunKey:
        import winreg

        return cls(winreg)

    def enable(self, command: Sequence[str]) -> None:
        reg = self._reg
        with reg.CreateKeyEx(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
            reg.SetValueEx(key, VALUE_NAME, 0, reg.REG_SZ, command_line(command))

    def disable(self) -> bool:
        reg = self._reg
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
                reg.DeleteValue(key, VALUE_NAME)
        except FileNotFoundError:  # no Run key, or no value of ours
            return False
        return True

    def current(self) -> str | None:
        reg = self._reg
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_QUERY_VALUE) as key:
                value, _kind = reg.QueryValueEx(key, VALUE_NAME)
        except FileNotFoundError:
            return None
        return str(value)
