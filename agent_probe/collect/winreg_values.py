"""Reading the Windows registry into plain dicts, so every rule that reads the values is a pure
function tested on any OS against recorded data. Empty on other systems."""

from __future__ import annotations

import sys


def key_values(path: str, *, user: bool = False) -> dict[str, object]:
    """The values of HKLM\\`path` (HKCU with `user`); {} when the key is missing."""
    if sys.platform != "win32":
        return {}
    import winreg

    hive = winreg.HKEY_CURRENT_USER if user else winreg.HKEY_LOCAL_MACHINE
    values: dict[str, object] = {}
    try:
        with winreg.OpenKey(hive, path) as key:
            for index in range(winreg.QueryInfoKey(key)[1]):
                name, data, _kind = winreg.EnumValue(key, index)
                values[name] = data
    except OSError:
        return {}
    return values


def subkey_values(path: str, *, user: bool = False) -> list[dict[str, object]]:
    """The values of every subkey of HKLM\\`path` (HKCU with `user`)."""
    if sys.platform != "win32":
        return []
    import winreg

    hive = winreg.HKEY_CURRENT_USER if user else winreg.HKEY_LOCAL_MACHINE
    try:
        with winreg.OpenKey(hive, path) as root:
            names = [winreg.EnumKey(root, i) for i in range(winreg.QueryInfoKey(root)[0])]
    except OSError:
        return []
    return [key_values(f"{path}\\{name}", user=user) for name in names]
