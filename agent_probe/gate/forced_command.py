"""The forced command line in authorized_keys, quoted for the shell sshd hands it to.

sshd runs ``command="…"`` through the account's shell: /bin/sh on Linux; on Windows the shell
named by HKLM\\SOFTWARE\\OpenSSH\\DefaultShell, else cmd.exe. Win32-OpenSSH (contrib/win32/
win32compat/w32-doexec.c) starts cmd.exe as ``"cmd.exe" /c "LINE"`` — it adds the outer quotes
itself — and PowerShell as ``powershell.exe -c LINE`` (LINE one argument). Each shell needs its own
quoting, and a line quoted for cmd.exe breaks in PowerShell.

cmd.exe: every word in double quotes, where ``&``, ``^``, ``|``, ``<``, ``>`` and parentheses are
literal. ``%`` is not (``%TEMP%`` expands even inside quotes and cannot be escaped on a command
line), so it becomes ``%%cd:~,%``: a ``%`` followed by an empty substring of %CD% (the trick Rust's
standard library uses for the same problem). ``cmd /c`` strips the first and the last quote of a
line holding more than two: those are the pair sshd added, so the words keep theirs.

PowerShell: ``& 'program' 'arg' …``: single quotes are literal (``$``, backtick, ``%``), a quote
inside is doubled; double quotes are never used, because powershell.exe's own command-line parsing
strips them. ``exit $LASTEXITCODE`` passes the gate's exit code on (``-c`` would report only 0/1).
"""

from __future__ import annotations

import ntpath
import os
import shlex
import sys
import sysconfig
from collections.abc import Callable, Sequence
from enum import StrEnum

PROBE_SCRIPT = "helpdesk-probe"
_POWERSHELLS = frozenset({"powershell.exe", "powershell", "pwsh.exe", "pwsh"})
_CMDS = frozenset({"cmd.exe", "cmd"})
# PowerShell treats these as single quotes too (it normalises typographic quotes): double each.
_PS_QUOTES = "'\u2018\u2019\u201a\u201b"


class Shell(StrEnum):
    POSIX = "posix"
    CMD = "cmd"
    POWERSHELL = "powershell"


class UnquotableError(ValueError):
    """A word the shell cannot be given safely (a double quote for cmd.exe, a control character)."""


def shell_for(platform: str, default_shell: str | None) -> Shell:
    """Which shell runs the forced command, from sshd's DefaultShell setting (None: not set)."""
    if platform != "win32":
        return Shell.POSIX
    if not default_shell:
        return Shell.CMD
    name = ntpath.basename(default_shell.strip().strip('"')).lower()
    if name in _POWERSHELLS:
        return Shell.POWERSHELL
    if name in _CMDS:
        return Shell.CMD
    return Shell.POSIX  # bash.exe or sh.exe from Git or Cygwin take POSIX quoting


def command_line(argv: Sequence[str], shell: Shell) -> str:
    for word in argv:
        if any(ord(char) < 32 or char == "\x7f" for char in word):
            raise UnquotableError(f"control character in {word!r}")
    if shell is Shell.CMD:
        return " ".join(_cmd_word(word) for word in argv)
    if shell is Shell.POWERSHELL:
        return "& " + " ".join(_powershell_word(word) for word in argv) + "; exit $LASTEXITCODE"
    return " ".join(shlex.quote(word) for word in argv)


def _cmd_word(word: str) -> str:
    if '"' in word:
        raise UnquotableError(f"a double quote cannot be passed through cmd.exe: {word!r}")
    # CommandLineToArgvW: backslashes before the closing quote are doubled, or they would escape it.
    trailing = len(word) - len(word.rstrip("\\"))
    return '"' + word.replace("%", "%%cd:~,%") + "\\" * trailing + '"'


def _powershell_word(word: str) -> str:
    return "'" + "".join(char * 2 if char in _PS_QUOTES else char for char in word) + "'"


def read_default_shell() -> str | None:
    """sshd's DefaultShell on Windows (HKLM\\SOFTWARE\\OpenSSH), None when unset or elsewhere."""
    if sys.platform == "win32":
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\OpenSSH") as key:
                value, _kind = winreg.QueryValueEx(key, "DefaultShell")
        except OSError:
            return None
        return str(value) if value else None
    return None


def probe_command(
    scripts_dir: str, executable: str, platform: str, *, is_file: Callable[[str], bool] = os.path.isfile
) -> list[str]:
    """How sshd should start the probe: the console script installed with it (in the
    interpreter's scripts directory, ``Scripts\\`` on Windows, which need not be next to
    python.exe), else this interpreter running the module."""
    name = PROBE_SCRIPT + (".exe" if platform == "win32" else "")
    script = (ntpath if platform == "win32" else os.path).join(scripts_dir, name)
    return [script] if is_file(script) else [executable, "-m", "agent_probe.main"]


def default_probe_command() -> list[str]:
    return probe_command(sysconfig.get_path("scripts"), sys.executable, sys.platform)


def gate_line(argv: Sequence[str], *, platform: str | None = None, default_shell: str | None = None) -> str:
    """The forced command for this machine: ``argv`` quoted for the shell sshd will use."""
    platform = platform or sys.platform
    if platform == "win32" and default_shell is None:
        default_shell = read_default_shell()
    return command_line(argv, shell_for(platform, default_shell))

