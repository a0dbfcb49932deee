"""Linux (and other XDG desktops): ~/.config/autostart/helpdesk-tray.desktop.

Desktop environments start every entry of $XDG_CONFIG_HOME/autostart at logon (XDG Autostart
specification); removing the file turns it off.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

FILE_NAME = "helpdesk-tray.desktop"
# Desktop Entry spec: inside a quoted argument, these are escaped with a backslash.
_ESCAPED_IN_QUOTES = '"`$\\'
_RESERVED = set(' \t\n"\'\\><~|&;$*?#()`')


def autostart_file(env: Mapping[str, str]) -> Path:
    config = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME", "~")).expanduser() / ".config")
    return Path(config) / "autostart" / FILE_NAME


def exec_quote(arg: str) -> str:
    """One argument of Exec= (Desktop Entry spec, "The Exec key")."""
    arg = arg.replace("%", "%%")
    if any(c in _RESERVED for c in arg):
        arg = '"' + "".join("\\" + c if c in _ESCAPED_IN_QUOTES else c for c in arg) + '"'
    # The value is a string too, whose own escape is the backslash: each one doubles.
    return arg.replace("\\", "\\\\")


def entry_text(command: Sequence[str], *, name: str, comment: str, icon: str) -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={name}\n"
        f"Comment={comment}\n"
        f"Exec={' '.join(exec_quote(a) for a in command)}\n"
        f"Icon={icon}\n"
        "Terminal=false\n"
        "Categories=Utility;\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def enable(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def disable(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def enabled(path: Path) -> bool:
    return path.is_file()


def default_env() -> Mapping[str, str]:
    return os.environ
